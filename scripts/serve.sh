#!/usr/bin/env bash
# Builds chatd (release) and runs it on the embedded defaults:
# ws://127.0.0.1:8080/chat with the rooms plugin. Extra arguments go to chatd,
# e.g. `scripts/serve.sh --config config/chatd.toml`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target chatd rooms
exec build/release/host/chatd "$@"
