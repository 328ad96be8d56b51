#!/usr/bin/env bash
# The GitHub Action's step (action.yml), runnable locally (tests/ci_integrations.sh does):
# installs `dragoman` from the action's own checkout with `cargo install --locked` (skipped
# when DRAGOMAN_BIN names a binary), then runs `dragoman check` on INPUT_PATHS in
# INPUT_FORMAT, and, with INPUT_SARIF_FILE, writes a SARIF log there too. Exits with
# `dragoman check`'s code: 0 clean, 1 warnings or errors, 2 usage or I/O error.
set -uo pipefail
ACTION_PATH="${DRAGOMAN_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
FORMAT="${INPUT_FORMAT:-github}"
read -r -a PATHS <<<"${INPUT_PATHS:-.}"
read -r -a ARGS <<<"${INPUT_ARGS:-}"
BIN="${DRAGOMAN_BIN:-}"
if [ -z "$BIN" ]; then
  ROOT="${DRAGOMAN_INSTALL_ROOT:-${RUNNER_TEMP:-/tmp}/dragoman-action}"
  if ! command -v cargo >/dev/null; then
    echo "::error title=dragoman::cargo is not installed: add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before this action"
    exit 2
  fi
  echo "::group::cargo install dragoman"
  cargo install --locked --quiet --root "$ROOT" --path "$ACTION_PATH" || { echo "::endgroup::"; exit 2; }
  echo "::endgroup::"
  BIN="$ROOT/bin/dragoman"
fi
"$BIN" --version
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  "$BIN" check --format sarif "${ARGS[@]}" "${PATHS[@]}" >"$INPUT_SARIF_FILE"
  [ "$?" -le 1 ] || exit 2
fi
"$BIN" check --format "$FORMAT" "${ARGS[@]}" "${PATHS[@]}"
