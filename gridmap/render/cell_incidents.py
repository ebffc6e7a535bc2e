"""Grid-cell colours from the incidents shown: counts, rates per 100 households, Gi* hot spots."""
from __future__ import annotations

import numpy as np

from ..analysis.hotspots import (contiguity_pairs, counts_per_cell, distance_pairs, gi_star, hotspot_classes,
                                 rates_per_100_households)
from ..analysis.spatial_index import cell_of_features
from ..analysis.stats import households_by_cell
from . import palette

INCIDENT_STYLES = ("incident_count", "incident_rate", "hotspot", "emerging")


def emerging_of(project, cells_layer):
    """The emerging hot spots of the incidents shown, with the cells layer's step and neighbours."""
    from ..analysis.space_time import emerging_shown
    weights = "distance" if cells_layer.option("hotspot_weights", "contiguity") == "distance" else "queen"
    try:
        return emerging_shown(project, cells_layer.option("emerging_unit", "month"), weights)
    except ValueError:                  # fewer than 3 steps shown, fewer than 3 cells: no pattern
        return None


def fill_kind(cells_layer) -> str:
    """How the values of the cells' style are coloured: an emerging map stepped to one time step
    is that step's Gi* map."""
    style = cells_layer.style
    if style == "emerging" and cells_layer.option("emerging_step") is not None:
        return "hotspot"
    return style


def cell_values(project, cells_layer, style: str) -> np.ndarray:
    """Per cell: count or rate of the shown incidents, or the Gi* class (−3…3)."""
    n = len(cells_layer)
    if "incidents" not in project or n == 0:
        return np.zeros(n)
    if style == "emerging":
        from ..analysis.emerging import CATEGORIES
        result = emerging_of(project, cells_layer)
        if result is None:
            return np.full(n, float(CATEGORIES.index("no_pattern")))
        step = cells_layer.option("emerging_step")
        if step is not None:            # the Gi* map of one step, classed as the hot spot map
            k = min(max(int(step), 0), len(result.steps) - 1)
            return hotspot_classes(result.z[k], result.p[k], fdr=True).astype(float)
        index = {c: k for k, c in enumerate(CATEGORIES)}
        return np.array([index[c] for c in result.category], dtype=float)
    incidents = project["incidents"]
    counts = counts_per_cell(cell_of_features(project, "incidents"), incidents.filter_mask, n)
    value = cells_layer.option("hotspot_value", "count")
    if style == "incident_rate" or (style == "hotspot" and value == "rate"):
        values = rates_per_100_households(counts, households_by_cell(project))
    else:
        values = counts.astype(float)
    if style != "hotspot":
        return values
    geoms = np.asarray(project.to_metric("grid_cells").geometry.values)
    if cells_layer.option("hotspot_weights", "contiguity") == "distance":
        i, j, _d = distance_pairs(geoms)
    else:
        i, j = contiguity_pairs(geoms)
    z, p = gi_star(np.nan_to_num(values, nan=0.0), i, j)
    return hotspot_classes(z, p, fdr=bool(cells_layer.option("hotspot_fdr", True))).astype(float)


def choropleth_breaks(values: np.ndarray, classes: int = 5) -> np.ndarray:
    """Upper bounds of ``classes`` quantile classes (unique, ascending)."""
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return np.array([0.0])
    bounds = np.unique(np.quantile(finite, np.linspace(0, 1, classes + 1)[1:]))
    return bounds


def cell_fill_groups(values: np.ndarray, style: str):
    """(colour, mask, label_zh, label_en) groups for drawing and the legend."""
    groups = []
    if style == "emerging":
        from ..analysis.emerging import CATEGORIES, CATEGORY_LABELS
        for k, code in enumerate(CATEGORIES):
            zh, en = CATEGORY_LABELS[code]
            groups.append((palette.EMERGING_FILL[code], values == k, zh, en))
        return groups
    if style == "hotspot":
        for cls, (colour, zh, en) in palette.HOTSPOT_CLASSES.items():
            groups.append((colour, values == cls, zh, en))
        return groups
    bounds = choropleth_breaks(values)
    low = -np.inf
    unit = "" if style == "incident_count" else "/百户"
    unit_en = "" if style == "incident_count" else " per 100 households"
    for k, high in enumerate(bounds):
        mask = (values > low) & (values <= high) if k else (values <= high)
        colour = palette.CHOROPLETH[min(k, len(palette.CHOROPLETH) - 1) if len(bounds) >= 5
                                    else int(round(k * 4 / max(len(bounds) - 1, 1)))]
        lo_text = "0" if k == 0 else f"{low:.3g}"
        groups.append((colour, mask, f"{lo_text}–{high:.3g}{unit}", f"{lo_text}–{high:.3g}{unit_en}"))
        low = high
    groups.append((palette.NEIGHBOUR_FILL, ~np.isfinite(values), "无住户", "no households"))
    return groups
