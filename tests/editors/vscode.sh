#!/usr/bin/env bash
# Dragoman in the real VS Code workbench: code-server 4.100.3 driven in Debian's Chromium by
# playwright-core. Builds and packages editors/vscode, installs the .vsix into a throwaway
# code-server profile and checks diagnostics, the Problems panel, hover, the status bar, the
# commands, settings and fix-on-save; then installs the platform .vsix that bundles the server
# into a second profile (no dragoman.server.path, no dragoman on PATH) and checks it is used.
# Installs nothing: run .ci/editors-setup.sh first. Server: $DRAGOMAN_BIN.
# Prints one line per scenario, then "N passed, N failed"; exits 0 only if all pass.
# Screenshots (on failure, and a few of the passing state) and logs go to tests/editors/artifacts/.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HERE="$EDITORS_ROOT/tests/editors"
EXT="$EDITORS_ROOT/editors/vscode"
ARTIFACTS="$HERE/artifacts"
CODE_SERVER="${CODE_SERVER:-$EDITORS_TOOLS/code-server/node_modules/.bin/code-server}"
PLAYWRIGHT_CORE="${PLAYWRIGHT_CORE:-$EDITORS_TOOLS/playwright/node_modules/playwright-core}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
T0=$SECONDS

require_server

missing=""
[ -x "$CODE_SERVER" ] || missing="$missing code-server($CODE_SERVER)"
[ -f "$PLAYWRIGHT_CORE/package.json" ] || missing="$missing playwright-core($PLAYWRIGHT_CORE)"
[ -x "$CHROMIUM" ] || missing="$missing chromium($CHROMIUM)"
[ -d "$EXT/node_modules/vscode-languageclient" ] || missing="$missing extension-npm-deps($EXT/node_modules)"
if [ -n "$missing" ]; then
  fail "tools" "missing:$missing (run .ci/editors-setup.sh)"
  finish
fi

TMP="$(mktemp -d /tmp/dragoman-vscode.XXXXXX)"
CS_PID=""
stop_code_server() {
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    kill -- "-$CS_PID" 2>/dev/null || kill "$CS_PID" 2>/dev/null
    wait_gone "$CS_PID" 5 || kill -9 -- "-$CS_PID" 2>/dev/null
  fi
  CS_PID=""
}
cleanup() {
  stop_code_server
  if [ "$FAILED" -gt 0 ] && [ -n "${KEEP_TMP:-}" ]; then echo "# kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/vscode-*.png "$ARTIFACTS"/*.log

save_logs() { # save_logs PROFILE_DIR NAME
  local dir="$1" name="$2"
  cp "$dir/code-server.log" "$ARTIFACTS/$name-code-server.log" 2>/dev/null
  # The extension's output channels (Dragoman, Dragoman Trace) and the extension host log.
  find "$dir/user" -path '*logs*' \( -name '*Dragoman*' -o -name 'exthost.log' -o -name 'remoteexthost.log' \) \
    -print0 2>/dev/null | while IFS= read -r -d '' f; do cp "$f" "$ARTIFACTS/$name-$(basename "$f")"; done
  echo "# logs and screenshots in $ARTIFACTS"
}

# 1. Build and package the extension: the universal .vsix (server from the setting or PATH)
#    and the linux-x64 one with the server inside.
t=$SECONDS
if (cd "$EXT" && timeout 300 npm run --silent package) >"$TMP/package.log" 2>&1 && [ -f "$EXT/dragoman.vsix" ]; then
  pass "[vscode] extension builds and packages ($((SECONDS - t))s)"
else
  fail "[vscode] extension builds and packages" "$(grep -v nodedir "$TMP/package.log" | tail -5 | tr '\n' ' ')"
  finish
fi
t=$SECONDS
if (cd "$EXT" && DRAGOMAN_BIN="$DRAGOMAN_BIN" timeout 300 npm run --silent package:bundled) >"$TMP/package-bundled.log" 2>&1 \
  && unzip -l "$EXT/dragoman-linux-x64.vsix" 2>/dev/null | grep 'extension/server/dragoman$' >/dev/null; then
  pass "[vscode] platform .vsix bundles the server ($((SECONDS - t))s)"
  BUNDLED_OK=1
else
  fail "[vscode] platform .vsix bundles the server" "$(grep -v nodedir "$TMP/package-bundled.log" | tail -5 | tr '\n' ' ')"
  BUNDLED_OK=""
fi

# run_profile NAME VSIX LABEL SERVER_PATH_SETTING [ONLY]: a throwaway code-server profile with the
# .vsix installed and a fresh workspace, the workbench driven in Chromium.
run_profile() {
  local name="$1" vsix="$2" label="$3" server_setting="$4" only="${5:-}"
  local dir="$TMP/$name"
  mkdir -p "$dir/user/User" "$dir/extensions"
  make_workspace "$dir/ws"
  printf 'A note that cites resolution 1540(2004) too.\n' > "$dir/ws/other.txt"
  local server_line=""
  [ -n "$server_setting" ] && server_line="\"dragoman.server.path\": \"$server_setting\","
  cat > "$dir/user/User/settings.json" <<JSON
{
  $server_line
  "dragoman.trace.server": "messages",
  "editor.hover.delay": 100,
  "editor.codeActionsOnSave": { "source.fixAll.dragoman": "explicit" },
  "editor.wordWrap": "off",
  "files.autoSave": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none"
}
JSON
  : > "$dir/config.yaml"
  local args=(--config "$dir/config.yaml" --user-data-dir "$dir/user" --extensions-dir "$dir/extensions")
  local t=$SECONDS
  if timeout 120 "$CODE_SERVER" "${args[@]}" --install-extension "$vsix" --force >"$dir/install.log" 2>&1 \
    && timeout 60 "$CODE_SERVER" "${args[@]}" --list-extensions 2>/dev/null | grep -x "dragoman.dragoman" >/dev/null; then
    pass "[$label] .vsix installs with --install-extension ($((SECONDS - t))s)"
  else
    fail "[$label] .vsix installs with --install-extension" "$(tail -5 "$dir/install.log" | tr '\n' ' ')"
    return
  fi

  # code-server on a free loopback port, in its own process group. PATH without any dragoman.
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  local path_no_dragoman
  path_no_dragoman="$(printf '%s' "$PATH" | tr ':' '\n' | while read -r d; do [ -x "$d/dragoman" ] || printf '%s:' "$d"; done)"
  PATH="${path_no_dragoman%:}" setsid "$CODE_SERVER" "${args[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry \
    --disable-update-check --disable-workspace-trust --disable-getting-started-override "$dir/ws" \
    >"$dir/code-server.log" 2>&1 </dev/null &
  CS_PID=$!
  local up=""
  for _ in $(seq 1 120); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=2)" 2>/dev/null; then
      up=1; break
    fi
    kill -0 "$CS_PID" 2>/dev/null || break
    sleep 0.5
  done
  if [ -z "$up" ]; then
    fail "[$label] code-server starts" "$(tail -5 "$dir/code-server.log" | tr '\n' ' ')"
    save_logs "$dir" "$name"
    stop_code_server
    return
  fi

  t=$SECONDS
  local failed_before=$FAILED
  CS_URL="http://127.0.0.1:$port/?folder=$dir/ws" DRAGOMAN_WS="$dir/ws" ARTIFACTS="$ARTIFACTS" \
    PLAYWRIGHT_CORE="$PLAYWRIGHT_CORE" CHROMIUM="$CHROMIUM" DRAGOMAN_ONLY="$only" SHOT_PREFIX="vscode-$name-" \
    timeout -k 10 300 node "$HERE/vscode_test.js" >"$dir/driver.log" 2>"$dir/driver.err"
  local rc=$?
  grep '^# ' "$dir/driver.log"
  local line rest
  while read -r line; do
    case "$line" in
      "RESULT PASS "*) pass "[$label] ${line#RESULT PASS }" ;;
      "RESULT FAIL "*) rest="${line#RESULT FAIL }"; fail "[$label] ${rest%% :: *}" "${rest#* :: }" ;;
    esac
  done < <(grep '^RESULT ' "$dir/driver.log")
  if [ "$rc" -ne 0 ] && ! grep -q '^RESULT FAIL' "$dir/driver.log"; then
    fail "[$label] driver" "exit $rc: $(tail -c 400 "$dir/driver.err" | tr '\n' ' ')"
  fi
  stop_code_server
  # Which binary the extension started, from its output channel.
  local started
  started="$(find "$dir/user" -path '*logs*' -name '*Dragoman.log' -exec grep -h -m1 '^Starting ' {} + 2>/dev/null | head -1)"
  printf '# [%s] %s\n' "$label" "${started:-no "Starting" line in the Dragoman output}"
  PROFILE_STARTED="$started"
  printf '# [%s] workbench scenarios: %ss\n' "$label" "$((SECONDS - t))"
  [ "$FAILED" -gt "$failed_before" ] && save_logs "$dir" "$name"
  return 0
}

# 2. The universal .vsix, server from dragoman.server.path: every scenario.
PROFILE_STARTED=""
run_profile main "$EXT/dragoman.vsix" vscode "$DRAGOMAN_BIN"
case "$PROFILE_STARTED" in
  "Starting $DRAGOMAN_BIN lsp (found via setting)") pass "[vscode] server found via dragoman.server.path" ;;
  *) fail "[vscode] server found via dragoman.server.path" "Dragoman output says: ${PROFILE_STARTED:-nothing}" ;;
esac

# 3. The linux-x64 .vsix with the server inside, no setting, no dragoman on PATH.
if [ -n "$BUNDLED_OK" ]; then
  PROFILE_STARTED=""
  run_profile bundled "$EXT/dragoman-linux-x64.vsix" "vscode bundled" "" "diagnostics,hover"
  case "$PROFILE_STARTED" in
    *"/extensions/dragoman.dragoman-"*"/server/dragoman lsp (found via bundled)") pass "[vscode bundled] server found inside the extension" ;;
    *) fail "[vscode bundled] server found inside the extension" "Dragoman output says: ${PROFILE_STARTED:-nothing}" ;;
  esac
fi

printf '# vscode suite: %ss\n' "$((SECONDS - T0))"
finish
