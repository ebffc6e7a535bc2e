#!/usr/bin/env bash
# Run the whole test suite headless (offscreen Qt; the Xvfb test starts its own X server).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
