#!/usr/bin/env bash
# Installs the Python tools the CI-integration tests use (idempotent, about 20 s cold):
#   - jsonschema: validates `dragoman check --format sarif` against the SARIF 2.1.0 schema
#   - pre-commit: runs the repository's .pre-commit-hooks.yaml against a scratch git repo
# into a venv at $DRAGOMAN_CI_TOOLS (default: $HOME/.cache/dragoman-ci). The tests find it
# there (or through DRAGOMAN_PYTHON / DRAGOMAN_PRE_COMMIT) and skip with a message without it.
set -euo pipefail
TOOLS="${DRAGOMAN_CI_TOOLS:-$HOME/.cache/dragoman-ci}"
JSONSCHEMA_VERSION=4.23.0
PRE_COMMIT_VERSION=4.0.1
VENV="$TOOLS/venv"
log() { printf '[tools-setup] %s\n' "$*" >&2; }
if [ -x "$VENV/bin/pre-commit" ] && "$VENV/bin/python" -c "import jsonschema" 2>/dev/null \
  && [ "$("$VENV/bin/pre-commit" --version)" = "pre-commit $PRE_COMMIT_VERSION" ]; then
  log "venv $VENV: present"
  exit 0
fi
mkdir -p "$TOOLS"
log "venv $VENV: installing jsonschema $JSONSCHEMA_VERSION and pre-commit $PRE_COMMIT_VERSION"
python3 -m venv "$VENV"
timeout 600 "$VENV/bin/pip" install -q "jsonschema==$JSONSCHEMA_VERSION" "pre-commit==$PRE_COMMIT_VERSION"
"$VENV/bin/pre-commit" --version
