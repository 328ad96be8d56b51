#!/usr/bin/env bash
# Dragoman in the real VS Code workbench: code-server 4.100.3 driven in Debian's Chromium by
# playwright-core. Builds and packages editors/vscode, installs the .vsix into a throwaway
# code-server profile and checks diagnostics, hover, the status bar and fix-on-save.
# Installs nothing: run .ci/editors-setup.sh first. Server: $DRAGOMAN_BIN.
# Prints one line per scenario, then "N passed, N failed"; exits 0 only if all pass.
# On failure, screenshots and logs go to tests/editors/artifacts/.
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
cleanup() {
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    kill -- "-$CS_PID" 2>/dev/null || kill "$CS_PID" 2>/dev/null
    wait_gone "$CS_PID" 5 || kill -9 -- "-$CS_PID" 2>/dev/null
  fi
  if [ "$FAILED" -gt 0 ] && [ -n "${KEEP_TMP:-}" ]; then echo "# kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

save_logs() {
  mkdir -p "$ARTIFACTS"
  cp "$TMP/code-server.log" "$ARTIFACTS/code-server.log" 2>/dev/null
  # The extension's output channels (Dragoman, Dragoman Trace) and the extension host log.
  find "$TMP/user" -path '*logs*' \( -name '*Dragoman*' -o -name 'exthost.log' -o -name 'remoteexthost.log' \) \
    -exec cp {} "$ARTIFACTS/" \; 2>/dev/null
  echo "# logs and screenshots in $ARTIFACTS"
}

# 1. Build and package the extension.
t=$SECONDS
if (cd "$EXT" && timeout 300 npm run --silent package) >"$TMP/package.log" 2>&1 && [ -f "$EXT/dragoman.vsix" ]; then
  pass "[vscode] extension builds and packages ($((SECONDS - t))s)"
else
  fail "[vscode] extension builds and packages" "$(grep -v nodedir "$TMP/package.log" | tail -5 | tr '\n' ' ')"
  finish
fi

# 2. A throwaway profile: user settings, extension installed from the .vsix.
mkdir -p "$TMP/user/User" "$TMP/extensions"
make_workspace "$TMP/ws"
printf 'A note that cites resolution 1540(2004) too.\n' > "$TMP/ws/other.txt"
cat > "$TMP/user/User/settings.json" <<JSON
{
  "dragoman.server.path": "$DRAGOMAN_BIN",
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
: > "$TMP/config.yaml"
CS_ARGS=(--config "$TMP/config.yaml" --user-data-dir "$TMP/user" --extensions-dir "$TMP/extensions")
t=$SECONDS
if timeout 120 "$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$EXT/dragoman.vsix" --force >"$TMP/install.log" 2>&1 \
  && timeout 60 "$CODE_SERVER" "${CS_ARGS[@]}" --list-extensions 2>/dev/null | grep -qx "dragoman.dragoman"; then
  pass "[vscode] .vsix installs with --install-extension ($((SECONDS - t))s)"
else
  fail "[vscode] .vsix installs with --install-extension" "$(tail -5 "$TMP/install.log" | tr '\n' ' ')"
  finish
fi

# 3. Start code-server on a free loopback port, in its own process group.
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
setsid "$CODE_SERVER" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override "$TMP/ws" \
  >"$TMP/code-server.log" 2>&1 </dev/null &
CS_PID=$!
up=""
for _ in $(seq 1 120); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null; then
    up=1; break
  fi
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$up" ]; then
  fail "[vscode] code-server starts" "$(tail -5 "$TMP/code-server.log" | tr '\n' ' ')"
  save_logs
  finish
fi

# 4. The workbench, driven in Chromium.
t=$SECONDS
rm -f "$ARTIFACTS"/vscode-*.png
CS_URL="http://127.0.0.1:$PORT/?folder=$TMP/ws" DRAGOMAN_WS="$TMP/ws" ARTIFACTS="$ARTIFACTS" \
  PLAYWRIGHT_CORE="$PLAYWRIGHT_CORE" CHROMIUM="$CHROMIUM" \
  timeout -k 10 300 node "$HERE/vscode_test.js" >"$TMP/driver.log" 2>"$TMP/driver.err"
rc=$?
grep '^# ' "$TMP/driver.log"
while read -r line; do
  case "$line" in
    "RESULT PASS "*) pass "[vscode] ${line#RESULT PASS }" ;;
    "RESULT FAIL "*) rest="${line#RESULT FAIL }"; fail "[vscode] ${rest%% :: *}" "${rest#* :: }" ;;
  esac
done < <(grep '^RESULT ' "$TMP/driver.log")
if [ "$rc" -ne 0 ] && ! grep -q '^RESULT FAIL' "$TMP/driver.log"; then
  fail "[vscode] driver" "exit $rc: $(tail -c 400 "$TMP/driver.err" | tr '\n' ' ')"
fi
printf '# workbench scenarios: %ss\n' "$((SECONDS - t))"
[ "$FAILED" -gt 0 ] && save_logs
printf '# vscode suite: %ss\n' "$((SECONDS - T0))"
finish
