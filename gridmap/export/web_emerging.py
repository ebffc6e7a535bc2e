"""The web map's emerging hot spot layer: cells coloured by category (docs/emerging_hotspots.md),
with the category, hot and cold steps and the trend in each cell's tooltip."""
from __future__ import annotations

import numpy as np

from layers.codes import label

from ..analysis.emerging import CATEGORIES, CATEGORY_LABELS
from ..analysis.space_time import HotspotQuery, emerging
from ..render import palette
from ..render.palette import hex_colour


def add_emerging_layer(m, project, cells, mask, start, end, zh: bool, geojson) -> list[str]:
    """Add the layer to folium map ``m`` for the incidents of ``mask`` between ``start`` and
    ``end`` by month; returns the categories drawn (for the legend), none when the window has
    fewer than 3 months. ``cells`` is the public cells frame in EPSG:4326, ``geojson`` the page's
    GeoJSON writer."""
    import folium
    try:
        result = emerging(project, HotspotQuery(start=start, end=end, step="month"), mask=mask)
    except ValueError:
        return []
    lang = "zh" if zh else "en"
    frame = cells.copy()
    frame["category"] = [str(c) for c in result.category]
    frame["category_label"] = [label(CATEGORY_LABELS, c, lang) for c in frame["category"]]
    hot, cold = result.hot.sum(axis=0), result.cold.sum(axis=0)
    steps = len(result.steps)
    frame["story"] = [(f"{steps} 个月中热点 {h} 个月、冷点 {c} 个月；趋势 τ={t:+.2f}，p={p:.3f}" if zh else
                       f"hot {h} and cold {c} of {steps} months; trend τ={t:+.2f}, p={p:.3f}")
                      for h, c, t, p in zip(hot, cold, result.trend_tau, np.nan_to_num(result.trend_p, nan=1.0))]
    fills = {c: (hex_colour(v), v[3] / 255) for c, v in palette.EMERGING_FILL.items()}
    columns = [c for c in ("grid_code", "name") if c in frame.columns]
    name = (f"新兴热点（{result.labels[0]} 至 {result.labels[-1]}，按月）" if zh else
            f"Emerging hot spots ({result.labels[0]} to {result.labels[-1]}, by month)")
    folium.GeoJson(geojson(frame, columns + ["category", "category_label", "story"]), name=name, show=False,
                   style_function=lambda f: {"color": "#666", "weight": 0.8,
                                             "fillColor": fills[f["properties"]["category"]][0],
                                             "fillOpacity": fills[f["properties"]["category"]][1]},
                   tooltip=folium.GeoJsonTooltip(columns[:1] + ["category_label", "story"], labels=False)).add_to(m)
    return [c for c in CATEGORIES if c in set(frame["category"]) and c != "no_pattern"]
