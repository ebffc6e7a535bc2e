"""Spatial coverage checks: gaps, overlaps, cells outside, invalid geometry, buildings vs cells."""
from __future__ import annotations

import numpy as np
import shapely

from ..assignment import BuildingCells
from .model import CoverageOptions, Finding


def _thick(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """True where a polygon is thicker than ``tolerance`` (it survives an inward buffer)."""
    if tolerance <= 0:
        return shapely.area(geoms) > 0
    return ~shapely.is_empty(shapely.buffer(geoms, -tolerance / 2.0, quad_segs=2))


def valid_for_overlay(geoms: np.ndarray) -> np.ndarray:
    """Make invalid geometries usable for overlay (the invalid ones are reported separately)."""
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    return geoms


def _polygon_parts(geom) -> np.ndarray:
    parts = shapely.get_parts(np.asarray([geom]))
    return parts[np.isin(shapely.get_type_id(parts), (3, 6))]


def gaps(boundary: np.ndarray, cells: np.ndarray, holes: np.ndarray, opts: CoverageOptions) -> list[Finding]:
    """Each piece of the boundary that no cell (and no intentional hole) covers."""
    if len(boundary) == 0:
        return []
    area = shapely.union_all(valid_for_overlay(boundary))
    covered = shapely.union_all(np.concatenate([valid_for_overlay(cells), valid_for_overlay(holes)]))
    parts = _polygon_parts(shapely.difference(area, covered))
    if len(parts) == 0:
        return []
    keep = _thick(parts, opts.tolerance_m) & (shapely.area(parts) >= opts.min_gap_m2)
    out = []
    for geom in parts[keep]:
        out.append(Finding("gap", None, [], [], geometry=geom, area_m2=float(shapely.area(geom)),
                           detail={"width_m": round(float(_width(geom)), 3)}))
    return out


def _width(geom) -> float:
    """Rough width of a polygon: twice its area over its perimeter (exact for a long thin strip)."""
    perimeter = shapely.length(geom)
    return 2.0 * shapely.area(geom) / perimeter if perimeter > 0 else 0.0


def overlaps(cells: np.ndarray, codes: np.ndarray, opts: CoverageOptions) -> list[Finding]:
    """Each pair of cells whose intersection is more than noise."""
    cells = valid_for_overlay(cells)
    tree = shapely.STRtree(cells)
    a, b = tree.query(cells, predicate="intersects")
    pair = a < b
    a, b = a[pair], b[pair]
    if len(a) == 0:
        return []
    inter = shapely.intersection(cells[a], cells[b])
    real = np.flatnonzero(shapely.area(inter) > 0)   # neighbours touch along lines: area 0
    out = []
    for k in real:
        parts = _polygon_parts(inter[k])
        parts = parts[_thick(parts, opts.tolerance_m)] if len(parts) else parts
        if len(parts):
            g = shapely.union_all(parts)
            i, j = a[k], b[k]
            out.append(Finding("overlap", "grid_cells", [int(i), int(j)], [str(codes[i]), str(codes[j])],
                               geometry=g, area_m2=float(shapely.area(g))))
    return out


def cells_outside(boundary: np.ndarray, cells: np.ndarray, codes: np.ndarray, opts: CoverageOptions) -> list[Finding]:
    """Cell area lying outside the boundary."""
    if len(boundary) == 0:
        return []
    area = shapely.union_all(valid_for_overlay(boundary))
    cells = valid_for_overlay(cells)
    shapely.prepare(area)
    out = []
    for row in np.flatnonzero(~shapely.covered_by(cells, area)):
        parts = _polygon_parts(shapely.difference(cells[row], area))
        parts = parts[_thick(parts, opts.tolerance_m)] if len(parts) else parts
        if len(parts):
            geom = shapely.union_all(parts)
            out.append(Finding("cell_outside", "grid_cells", [int(row)], [str(codes[row])], geometry=geom,
                               area_m2=float(shapely.area(geom))))
    return out


def invalid_geometries(layer: str, geoms: np.ndarray, ids: np.ndarray, valid: np.ndarray | None = None) -> list[Finding]:
    """Invalid polygons with the reason GEOS gives (e.g. "Self-intersection[x y]"); ``valid`` may
    give shapely.is_valid(geoms) when it is known already."""
    bad = np.flatnonzero(~(shapely.is_valid(geoms) if valid is None else valid))
    reasons = shapely.is_valid_reason(geoms[bad]) if len(bad) else []
    return [Finding("invalid_geometry", layer, [int(r)], [str(ids[r])], geometry=geoms[r],
                    detail={"reason": str(reason)}) for r, reason in zip(bad, reasons)]


def building_findings(buildings: np.ndarray, building_ids: np.ndarray, building_codes: np.ndarray,
                      cell_codes: np.ndarray, assigned: BuildingCells, opts: CoverageOptions) -> list[Finding]:
    """building_unassigned, building_split and building_code_mismatch."""
    out = []
    for row in np.flatnonzero(assigned.primary < 0):
        out.append(Finding("building_unassigned", "buildings", [int(row)], [str(building_ids[row])],
                           geometry=buildings[row], area_m2=float(shapely.area(buildings[row]))))
    split = np.flatnonzero(assigned.second_share > opts.split_share)
    for row in split:
        p, s = assigned.primary[row], assigned.second[row]
        out.append(Finding("building_split", "buildings", [int(row)], [str(building_ids[row])],
                           geometry=buildings[row], area_m2=float(shapely.area(buildings[row])),
                           detail={"cells": [str(cell_codes[p]), str(cell_codes[s])],
                                   "shares": [round(float(assigned.primary_share[row]), 3),
                                              round(float(assigned.second_share[row]), 3)]}))
    has_cell = assigned.primary >= 0
    if not has_cell.any():
        return out                  # no cell holds any building (there may be no cells at all)
    expected = np.where(has_cell, cell_codes[np.maximum(assigned.primary, 0)], None)
    given = np.array([None if v in (None, "", "nan") or v != v else str(v) for v in building_codes], dtype=object)
    mismatch = np.flatnonzero(has_cell & (given != expected))
    for row in mismatch:
        out.append(Finding("building_code_mismatch", "buildings", [int(row)], [str(building_ids[row])],
                           geometry=buildings[row],
                           detail={"grid_code": given[row], "lies_in": str(expected[row])}))
    return out
