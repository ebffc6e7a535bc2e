#!/usr/bin/env bash
# Qt translations: `scripts/translations.sh update` refreshes resources/i18n/*.ts from the sources
# (new strings appear unfinished, for a translator); with no argument it only builds the .qm files
# the app loads. The .ts files are the committed sources; .qm files are built, not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
SOURCES=$(ls gridmap/ui/*.py gridmap/canvas/*.py)
if [ "${1:-}" = "update" ]; then
  "$BIN/pyside6-lupdate" $SOURCES -ts resources/i18n/gridmap_zh_CN.ts -no-obsolete
fi
"$BIN/pyside6-lrelease" -silent resources/i18n/gridmap_zh_CN.ts -qm resources/i18n/gridmap_zh_CN.qm
