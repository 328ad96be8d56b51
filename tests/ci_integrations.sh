#!/usr/bin/env bash
# The CI integrations as a user runs them: the GitHub Action's script (scripts/action.sh, run
# locally) and the pre-commit hooks (.pre-commit-hooks.yaml, with pre-commit from PyPI against a
# scratch git repository). Needs the release binary's build (target/) and, for pre-commit, the
# venv of .ci/tools-setup.sh; without pre-commit those checks say SKIP and why.
# Prints one line per check, then "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DRAGOMAN_CI_TOOLS:-$HOME/.cache/dragoman-ci}"
PRE_COMMIT="${DRAGOMAN_PRE_COMMIT:-$TOOLS/venv/bin/pre-commit}"
PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s%s\n' "$1" "${2:+: $2}"; }
check() { # check NAME CONDITION-EXIT-CODE DETAIL
  if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}
TMP="$(mktemp -d /tmp/dragoman-ci.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
# The release build in target/ is reused (cargo install finds it fresh).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

drafts() { # drafts DIR: a draft with a missing space (a safe fix) and a clean one
  mkdir -p "$1"
  printf 'We recall resolution 1540(2004).\n' >"$1/draft.md"
  printf 'We recall resolution 2325 (2016).\n' >"$1/clean.txt"
}

# --- the GitHub Action's script -------------------------------------------------------------
drafts "$TMP/ws"
out="$(cd "$TMP/ws" && DRAGOMAN_INSTALL_ROOT="$TMP/install" INPUT_PATHS="." INPUT_FORMAT=github INPUT_SARIF_FILE="$TMP/ws.sarif" \
  timeout 900 bash "$ROOT/scripts/action.sh" 2>&1)"
rc=$?
check "action: exit 1 on a warning" "$([ "$rc" = 1 ]; echo $?)" "exit $rc: $(tail -c 400 <<<"$out")"
grep -q '^::warning file=draft.md,line=1,endLine=1,col=26,endColumn=32,title=dragoman/missing-space::' <<<"$out"
check "action: a GitHub annotation for the finding" $? "$(tail -c 400 <<<"$out")"
grep -q '"version": "2.1.0"' "$TMP/ws.sarif" 2>/dev/null && grep -q 'dragoman/missing-space' "$TMP/ws.sarif"
check "action: the SARIF log written" $? "$(head -c 200 "$TMP/ws.sarif" 2>/dev/null)"
[ -x "$TMP/install/bin/dragoman" ]
check "action: dragoman installed by cargo install" $? "no $TMP/install/bin/dragoman"
out="$(cd "$TMP/ws" && DRAGOMAN_BIN="$TMP/install/bin/dragoman" INPUT_PATHS="clean.txt" bash "$ROOT/scripts/action.sh" 2>&1)"
check "action: exit 0 on a clean draft" $? "$(tail -c 400 <<<"$out")"

# --- pre-commit -----------------------------------------------------------------------------
if [ ! -x "$PRE_COMMIT" ]; then
  echo "SKIP pre-commit: $PRE_COMMIT not installed (run .ci/tools-setup.sh)"
elif ! git -C "$ROOT" rev-parse HEAD >/dev/null 2>&1; then
  echo "SKIP pre-commit: $ROOT is not a git repository (pre-commit needs a rev)"
else
  # The hooks as committed at HEAD (uncommitted changes are not part of what pre-commit sees).
  rev="$(git -C "$ROOT" rev-parse HEAD)"
  if ! git -C "$ROOT" cat-file -e "$rev:.pre-commit-hooks.yaml" 2>/dev/null; then
    fail "pre-commit" ".pre-commit-hooks.yaml is not committed at HEAD"
  else
    drafts "$TMP/repo"
    cd "$TMP/repo"
    git init -q . && git config user.email ci@example.org && git config user.name ci
    cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $ROOT
    rev: $rev
    hooks:
      - id: dragoman
      - id: dragoman-fix
        stages: [manual]
YAML
    git add -A && git commit -qm drafts
    export PRE_COMMIT_HOME="$TMP/pre-commit-home"
    out="$(timeout 1500 "$PRE_COMMIT" run --all-files 2>&1)"
    rc=$?
    check "pre-commit: the dragoman hook fails on a warning" "$([ "$rc" = 1 ]; echo $?)" "exit $rc: $(tail -c 600 <<<"$out")"
    grep -q 'draft.md:1:26' <<<"$out" && grep -q 'dragoman/missing-space' <<<"$out" && ! grep -q 'clean.txt:' <<<"$out"
    check "pre-commit: the finding shown, the clean file quiet" $? "$(tail -c 600 <<<"$out")"
    out="$(timeout 600 "$PRE_COMMIT" run --hook-stage manual dragoman-fix --all-files 2>&1)"
    grep -q 'resolution 1540 (2004)' draft.md && grep -q 'files were modified by this hook' <<<"$out"
    check "pre-commit: the dragoman-fix hook writes the safe fix" $? "$(cat draft.md) / $(tail -c 400 <<<"$out")"
    out="$(timeout 600 "$PRE_COMMIT" run dragoman --all-files 2>&1)"
    check "pre-commit: the dragoman hook passes once fixed" $? "$(tail -c 400 <<<"$out")"
    cd "$ROOT"
  fi
fi
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
