# Shared by tests/editors/{nvim,vscode}.sh (sourced).
EDITORS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EDITORS_TOOLS="${DRAGOMAN_EDITORS_TOOLS:-$HOME/.cache/dragoman-editors}"
DRAGOMAN_BIN="${DRAGOMAN_BIN:-$EDITORS_ROOT/target/release/dragoman}"
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); printf 'PASS %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s%s\n' "$1" "${2:+: $2}"; }
finish() {
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
  exit $?
}

# The binary must exist and answer --version; otherwise one clear failure and out.
require_server() {
  case "$DRAGOMAN_BIN" in /*) ;; *) DRAGOMAN_BIN="$PWD/$DRAGOMAN_BIN" ;; esac
  if [ ! -x "$DRAGOMAN_BIN" ]; then
    fail "server binary" "$DRAGOMAN_BIN is missing or not executable (build it with 'cargo build --release' or set DRAGOMAN_BIN)"
    finish
  fi
  local v
  if ! v="$(timeout 10 "$DRAGOMAN_BIN" --version </dev/null 2>&1)" || [ -z "$v" ]; then
    fail "server binary" "'$DRAGOMAN_BIN --version' failed or printed nothing: $v"
    finish
  fi
  printf '# server: %s (%s)\n' "$DRAGOMAN_BIN" "$(printf '%s' "$v" | head -1)"
}

# make_workspace DIR: seeds/ copied from the repository and a draft with a malformed citation.
make_workspace() {
  local ws="$1"
  mkdir -p "$ws"
  cp -r "$EDITORS_ROOT/seeds" "$ws/seeds"
  cat > "$ws/draft.md" <<'DRAFT'
# Statement on non-proliferation

Mr. President, my delegation welcomes the full implementation of resolution 1540(2004) by all Member States.

We remain committed to the work of the 1540 Committee.
DRAFT
}

# wait_gone PID SECONDS: 0 once the process is gone (or a zombie), 1 if still alive at the end.
wait_gone() {
  local pid="$1" end=$((SECONDS + $2))
  while [ "$SECONDS" -le "$end" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then return 0; fi
    if [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ]; then return 0; fi
    sleep 0.1
  done
  return 1
}
