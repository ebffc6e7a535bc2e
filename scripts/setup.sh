#!/usr/bin/env bash
# Set up GridMap on a fresh Debian/Ubuntu machine: system packages (when we may install them),
# a virtual environment in .venv and the package with its test extra. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

# Qt needs these to run (even offscreen); the CJK font draws Chinese labels; xvfb shows a real
# window in tests; poppler-utils turns printed PDFs into PNGs for checking; chromium renders the
# exported web map in a test; xdotool drives the real window in scripts/soak.py; python3-gdal brings
# GDAL's validate_gpkg.py, which checks the GeoPackages GridMap writes (Debian's python, not the venv);
# imagemagick's import takes the screenshots of the walkthroughs and scripts/soak.py;
# postgresql and postgis: the tests start a throwaway cluster for the database projects (gridmap db …);
# postgresql-postgis is the extension itself (only recommended by postgis, and recommends are not installed).
APT_PACKAGES=(
  fonts-noto-cjk xvfb xauth xdotool imagemagick poppler-utils chromium python3-gdal postgresql postgis postgresql-postgis
  libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libxcb-cursor0
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=("python3-venv")
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  fi
  if [ "$SUDO" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install these system packages (no permission to do it here): ${missing[*]}" >&2
  else
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q >/dev/null || echo "setup: apt-get update failed; trying the install anyway" >&2
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi

stamp="$VENV/.installed"
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing GridMap and its dependencies into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import gridmap, layers, PySide6, geopandas, pyqtgraph, folium" 
  echo "$want" > "$stamp"
fi

# The Chinese interface: build the .qm the app loads from the committed .ts sources.
VENV="$VENV" ./scripts/translations.sh

# The applications menu entry and .gpkg files opening with GridMap (per user; never fatal).
./scripts/desktop_entry.sh || echo "setup: the desktop entry was not installed" >&2
