"""Default QGIS styles for a project's layers, so that QGIS opens it looking like GridMap.

QGIS reads a GeoPackage's ``layer_styles`` table and applies the row marked ``useAsDefault`` when it
loads a layer. GridMap writes one QML per layer it styles (cells by community with labels,
buildings by use, incidents by category, facilities by kind, roads, boundary, communities) from the
same palette the canvas, prints and web map use. A layer that already has a style in the file (the
user's own, saved from QGIS) is never touched."""
from __future__ import annotations

import os
import sqlite3
from xml.sax.saxutils import quoteattr

from layers.codes import BUILDING_USE, FACILITY_KIND, INCIDENT_CATEGORY, label

from ..render import palette

STYLE_NAME = "GridMap"
_FONT = "Noto Sans CJK SC"


def _rgba(colour) -> str:
    return ",".join(str(int(c)) for c in colour)


def _opt(name: str, value) -> str:
    return f'<Option type="QString" name="{name}" value={quoteattr(str(value))}/>'


def _fill(k: int, fill, outline, width=0.26, style="solid") -> str:
    return (f'<symbol type="fill" name="{k}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">'
            f'{_opt("color", _rgba(fill))}{_opt("outline_color", _rgba(outline))}{_opt("outline_width", width)}'
            f'{_opt("outline_width_unit", "MM")}{_opt("style", style)}{_opt("outline_style", "solid")}'
            f'</Option></layer></symbol>')


def _line(k: int, colour, width) -> str:
    return (f'<symbol type="line" name="{k}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="SimpleLine" enabled="1" locked="0" pass="0"><Option type="Map">'
            f'{_opt("line_color", _rgba(colour))}{_opt("line_width", width)}{_opt("line_width_unit", "MM")}'
            f'{_opt("capstyle", "round")}{_opt("joinstyle", "round")}</Option></layer></symbol>')


def _marker(k: int, colour, shape="circle", size=2.4, angle=0) -> str:
    return (f'<symbol type="marker" name="{k}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="SimpleMarker" enabled="1" locked="0" pass="0"><Option type="Map">'
            f'{_opt("color", _rgba(colour))}{_opt("name", shape)}{_opt("size", size)}{_opt("size_unit", "MM")}'
            f'{_opt("angle", angle)}'
            f'{_opt("outline_color", "35,35,35,255")}{_opt("outline_width", 0.2)}</Option></layer></symbol>')


def _single(symbol: str) -> str:
    return f'<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>{symbol}' \
           f'</symbols></renderer-v2>'


def _categorized(attr: str, items: list[tuple[str, str, str]]) -> str:
    """``items``: (value, label, symbol xml with name = its index)."""
    cats = "".join(f'<category render="true" symbol="{k}" value={quoteattr(v)} label={quoteattr(text)}/>'
                   for k, (v, text, _s) in enumerate(items))
    symbols = "".join(s for _v, _t, s in items)
    return (f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(attr)} symbollevels="0" enableorderby="0" '
            f'forceraster="0"><categories>{cats}</categories><symbols>{symbols}</symbols></renderer-v2>')


def _labels(field: str, colour, size: float = 9.0) -> str:
    return (f'<labeling type="simple"><settings calloutType="simple">'
            f'<text-style fieldName={quoteattr(field)} isExpression="0" fontFamily="{_FONT}" fontSize="{size}" '
            f'fontSizeUnit="Point" textColor="{_rgba(colour)}" textOpacity="1" fontWeight="50">'
            f'<text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,220" '
            f'bufferOpacity="1"/></text-style>'
            f'<placement placement="1" priority="5" dist="0" offsetType="0"/>'
            f'<rendering obstacle="1" scaleVisibility="0" drawLabels="1" displayAll="0"/>'
            f'</settings></labeling>')


def qml(layer: str, data=None, language: str = "zh") -> str | None:
    """The QML of ``layer`` (None: GridMap has no style for it). ``data`` lets categorised styles
    list only the values present."""
    present = (lambda col: set(data[col].dropna().astype(str))) if data is not None else (lambda col: None)
    body, labels = None, ""
    if layer == "grid_cells":
        codes = sorted(present("community_code") or [])
        items = [(c, c, _fill(k, palette.COMMUNITY_FILLS[k % len(palette.COMMUNITY_FILLS)], palette.GRID_OUTLINE, 0.5))
                 for k, c in enumerate(codes)]
        body = _categorized("community_code", items) if items else _single(_fill(0, palette.GRID_FILL,
                                                                                  palette.GRID_OUTLINE, 0.5))
        labels = _labels("name", palette.GRID_LABEL, 8.5)
    elif layer == "buildings":
        seen = present("use")
        body = _categorized("use", [(u, label(BUILDING_USE, u, language), _fill(k, palette.BUILDING_FILL[u],
                                                                                palette.BUILDING_OUTLINE, 0.15))
                                    for k, u in enumerate(u for u in BUILDING_USE if seen is None or u in seen)])
    elif layer == "incidents":
        seen = present("category")
        body = _categorized("category", [(c, label(INCIDENT_CATEGORY, c, language),
                                          _marker(k, palette.INCIDENT_COLOUR.get(c, (120, 120, 120, 255)), "circle", 1.6))
                                         for k, c in enumerate(c for c in INCIDENT_CATEGORY if seen is None or c in seen)])
    elif layer == "facilities":
        seen = present("kind")
        shapes = {"square": ("square", 0), "triangle": ("triangle", 0), "triangle_down": ("triangle", 180),
                  "diamond": ("diamond", 0), "star": ("star", 0), "cross": ("cross_fill", 0)}
        items = []
        for kind in FACILITY_KIND:
            if seen is not None and kind not in seen:
                continue
            shape, colour = palette.FACILITY_SYMBOL.get(kind, palette.FACILITY_SYMBOL["other"])
            items.append((kind, label(FACILITY_KIND, kind, language),
                          _marker(len(items), colour, *shapes.get(shape, ("circle", 0))[:1], 3.2,
                                  shapes.get(shape, ("circle", 0))[1])))
        body = _categorized("kind", items)
    elif layer == "roads":
        body = _single(_line(0, palette.ROAD_CASING, 0.8))
        labels = _labels("name", (90, 90, 90, 255), 7.5)
    elif layer == "boundary":
        body = _single(_fill(0, (0, 0, 0, 0), palette.BOUNDARY_OUTLINE, 0.9, style="no"))
    elif layer == "communities":
        body = _single(_fill(0, (0, 0, 0, 0), palette.COMMUNITY_OUTLINE, 0.45, style="no"))
        labels = _labels("name", palette.COMMUNITY_LABEL, 11)
    elif layer == "patrols":
        body = _single(_marker(0, palette.PATROL_COLOUR, "circle", 1.2))
    if body is None:
        return None
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            f'<qgis version="3.22.16" styleCategories="AllStyleCategories">{body}{labels}</qgis>')


_CREATE = ("CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), "
           "f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), "
           "styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
           "update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))")


def write_default_styles(path: str | os.PathLike, project, language: str = "zh") -> list[str]:
    """Add GridMap's style for each of ``project``'s layers that has none in the GeoPackage at
    ``path`` (one transaction; a layer that has any style is left alone). Returns the layers styled."""
    from ..io.gpkg import current_stamp
    from ..io.gpkg_store import open_connection
    con = open_connection(path)
    styled = []
    try:
        con.execute("BEGIN IMMEDIATE")
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='layer_styles'").fetchone():
            con.execute(_CREATE)
            stamp = current_stamp()
            con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change) "
                        "VALUES ('layer_styles', 'attributes', 'layer_styles', ?)", (stamp,))
        for name, layer in project.layers.items():
            if getattr(layer, "transient", False) or not layer.is_spatial:
                continue
            if con.execute("SELECT 1 FROM layer_styles WHERE f_table_name=?", (name,)).fetchone():
                continue
            geom = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name=?", (name,)).fetchone()
            text = qml(name, layer.data, language)
            if geom is None or text is None:
                continue
            con.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                        "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                        "VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', '', ?)",
                        (name, geom[0], STYLE_NAME, text, "GridMap default style", current_stamp()))
            styled.append(name)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return styled
