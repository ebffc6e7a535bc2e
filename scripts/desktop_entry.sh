#!/usr/bin/env bash
# Install a desktop entry for GridMap: it appears in the applications menu with its icon, and
# .gpkg files open with it. Per user (~/.local/share), no root needed; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$DATA/applications" "$DATA/icons/hicolor/scalable/apps" "$DATA/mime/packages"
cp resources/icons/gridmap.svg "$DATA/icons/hicolor/scalable/apps/gridmap.svg"
cat > "$DATA/mime/packages/gridmap-geopackage.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/geopackage+sqlite3">
    <comment>GeoPackage</comment>
    <comment xml:lang="zh_CN">GeoPackage 地理数据包</comment>
    <sub-class-of type="application/vnd.sqlite3"/>
    <glob pattern="*.gpkg"/>
  </mime-type>
</mime-info>
XML
cat > "$DATA/applications/gridmap.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=GridMap
Name[zh_CN]=网格地图
GenericName=Grid governance GIS
GenericName[zh_CN]=网格化管理地图
Comment=Grid cells, buildings, incidents and patrol maps of a street office
Comment[zh_CN]=网格、楼栋、事件与巡查图册
Exec="$ROOT/.venv/bin/gridmap" %f
Icon=gridmap
Terminal=false
Categories=Office;Science;Geography;
MimeType=application/geopackage+sqlite3;
StartupWMClass=GridMap
DESKTOP
command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
command -v xdg-mime >/dev/null && xdg-mime default gridmap.desktop application/geopackage+sqlite3 >/dev/null 2>&1 || true
echo "desktop entry: $DATA/applications/gridmap.desktop"
