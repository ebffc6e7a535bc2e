"""The offline web map (folium + vendored Leaflet, inlined): one self-contained HTML file with
the boundary, streets, cells, buildings, facilities, clustered incidents, a heatmap, Gi* hot
spots and rates per 100 households. No personal data; no request leaves the file."""
from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.codes import BUILDING_USE, FACILITY_KIND, INCIDENT_CATEGORY, INCIDENT_STATUS, label

from ..analysis.facilities import shared_facilities
from ..analysis.hotspots import contiguity_pairs, gi_star, hotspot_classes, rates_per_100_households
from ..analysis.incidents import OVERDUE, incident_state
from ..analysis.spatial_index import cell_of_features
from ..analysis.stats import households_by_cell
from ..analysis.timeref import reference_time
from ..render import palette
from ..render.palette import hex_colour
from .web_assets import inline_head
from .web_heat import fit_zoom, heat_max

HEAT_RADIUS, HEAT_MAX_ZOOM = 18, 17
ALL_LAYERS = ("boundary", "roads", "communities", "grid_cells", "buildings", "facilities", "incidents", "heatmap",
              "hotspots", "emerging", "rates")
#: Layers made from the incidents (drawn on the cells).
_FROM_INCIDENTS = ("heatmap", "hotspots", "emerging", "rates")
#: Above this many incidents in the window, the page carries per-cell counts and the heatmap,
#: not every point (each point costs ~50 bytes of JSON).
MAX_POINTS = 20_000


@dataclass
class WebOptions:
    date_from: str | None = None
    date_to: str | None = None
    layers: set = field(default_factory=lambda: set(ALL_LAYERS))
    tiles: str | None = None            # an intranet tile server URL, e.g. http://tiles.local/{z}/{x}/{y}.png
    mask: np.ndarray | None = None      # the app's incident filter, if any
    max_points: int = MAX_POINTS
    language: str = "zh"


@dataclass
class WebResult:
    path: Path
    bytes: int
    incidents_in_window: int
    points_written: int
    mode: str                            # "points" or "aggregated"


def _geojson(frame: gpd.GeoDataFrame, columns: list[str], precision: int = 6) -> dict:
    """GeoJSON of ``frame`` (EPSG:4326) with only ``columns``, coordinates rounded (~10 cm)."""
    geoms = shapely.set_precision(np.asarray(frame.geometry.values), 10 ** -precision)
    columns = [c for c in columns if c in frame.columns]     # a column marked sensitive is not there
    out = gpd.GeoDataFrame(frame[columns].reset_index(drop=True), geometry=geoms, crs=frame.crs)
    for c in columns:
        values = out[c].astype(object).where(out[c].notna(), None)
        # Leaflet puts tooltip and popup values into the page as HTML: project text is data, so
        # it is escaped here (an address "<img onerror=…>" shows as text and runs nothing).
        out[c] = values.map(lambda v: html.escape(v) if isinstance(v, str) else v)
    return json.loads(out.to_json(drop_id=True))


def _present(frame, columns: list[str]) -> list[str]:
    return [c for c in columns if c in frame.columns]


def _window(project, options: WebOptions):
    incidents = project["incidents"].data
    mask = np.ones(len(incidents), dtype=bool) if options.mask is None else np.asarray(options.mask, dtype=bool)
    tz = incidents["reported_at"].dt.tz
    start = pd.Timestamp(options.date_from, tz=tz) if options.date_from else incidents["reported_at"].min()
    end = (pd.Timestamp(options.date_to, tz=tz) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)) if options.date_to \
        else incidents["reported_at"].max()
    mask &= ((incidents["reported_at"] >= start) & (incidents["reported_at"] <= end)).to_numpy()
    return mask, start, end


def export_web(project, out: str | os.PathLike, options: WebOptions | None = None) -> WebResult:
    """Write the offline HTML page; returns what went into it.

    Raises ValueError for a layer name that does not exist or dates that cannot be read.
    """
    import folium
    from branca.element import Element
    from folium.plugins import FastMarkerCluster, HeatMap

    opts = options or WebOptions()
    unknown = set(opts.layers) - set(ALL_LAYERS)
    if unknown:
        raise ValueError(f"unknown web layers: {', '.join(sorted(unknown))}; known: {', '.join(ALL_LAYERS)}")
    zh = opts.language == "zh"
    lang = "zh" if zh else "en"
    x0, y0, x1, y1 = gpd.GeoSeries([shapely.box(*project.extent())], crs=project.storage_crs).to_crs(4326).total_bounds
    m = folium.Map(location=[(y0 + y1) / 2, (x0 + x1) / 2], tiles=None, zoom_start=15, control_scale=True,
                   prefer_canvas=True)
    m.options["maxZoom"] = 20   # MarkerCluster needs it when there is no tile layer
    m.default_js, m.default_css = [], []
    if opts.tiles:
        folium.TileLayer(tiles=opts.tiles, attr=html.escape(project.meta.get("credit", "") or "tiles"),
                         name="底图" if zh else "Base map", max_zoom=20).add_to(m)
    m.fit_bounds([[y0, x0], [y1, x1]])

    def want(name):
        return name in opts.layers and (name not in _FROM_INCIDENTS or "incidents" in project) \
            and (name in _FROM_INCIDENTS or name in project)

    wgs = {name: project[name].public_data().to_crs(4326) for name in project.layer_names()
           if project[name].is_spatial and not getattr(project[name], "transient", False)}
    households = households_by_cell(project) if "grid_cells" in project else np.zeros(0)
    mask = start = end = None
    state = None
    emerging_drawn: list[str] = []
    if "incidents" in project:
        try:
            mask, start, end = _window(project, opts)
        except ValueError as exc:
            raise ValueError(f"dates must look like 2025-01-01: {exc}") from None
        state = incident_state(project["incidents"].data, reference_time(project))

    if want("boundary"):
        folium.GeoJson(_geojson(wgs["boundary"], ["name"]), name="街道边界" if zh else "Boundary",
                       style_function=lambda f: {"color": hex_colour(palette.BOUNDARY_OUTLINE), "weight": 3,
                                                 "fill": False}).add_to(m)
    if want("roads"):
        cols = [c for c in ("name",) if c in wgs["roads"].columns]
        folium.GeoJson(_geojson(wgs["roads"], cols), name="道路" if zh else "Streets",
                       style_function=lambda f: {"color": "#b8b8b8", "weight": 3},
                       tooltip=folium.GeoJsonTooltip(cols, labels=False) if cols else None).add_to(m)
    if want("communities"):
        folium.GeoJson(_geojson(wgs["communities"], ["name", "community_code"]), name="社区" if zh else "Communities",
                       style_function=lambda f: {"color": "#555", "weight": 1.5, "dashArray": "6 4", "fill": False},
                       tooltip=folium.GeoJsonTooltip(["name"], labels=False)).add_to(m)
    counts = np.zeros(len(households), dtype=int)
    if "grid_cells" in project and mask is not None:
        where = cell_of_features(project, "incidents")
        counts = np.bincount(where[mask & (where >= 0)], minlength=len(households))[:len(households)]
    if want("grid_cells"):
        cells = wgs["grid_cells"].copy()
        cells["households"] = households
        cells["incidents"] = counts
        if mask is not None:
            where = cell_of_features(project, "incidents")
            opened = state != 0
            cells["open"] = np.bincount(where[mask & opened & (where >= 0)], minlength=len(cells))[:len(cells)]
            cells["overdue"] = np.bincount(where[mask & (state == OVERDUE) & (where >= 0)], minlength=len(cells))[:len(cells)]
        fields = [c for c in ("grid_code", "name", "worker", "households", "incidents", "open", "overdue") if c in cells]
        aliases = {"grid_code": "网格编码", "name": "网格", "worker": "网格员", "households": "户数（按楼栋）",
                   "incidents": "期内事件", "open": "未办结", "overdue": "超期"}
        folium.GeoJson(_geojson(cells, fields), name="网格" if zh else "Grid cells",
                       style_function=lambda f: {"color": hex_colour(palette.GRID_OUTLINE), "weight": 1.5,
                                                 "fillColor": hex_colour(palette.GRID_FILL), "fillOpacity": 0.45},
                       tooltip=folium.GeoJsonTooltip(_present(cells, ["grid_code", "name", "worker"]),
                                                     aliases=[aliases[c] if zh else c
                                                              for c in _present(cells, ["grid_code", "name", "worker"])]),
                       popup=folium.GeoJsonPopup(fields, aliases=[aliases[c] if zh else c for c in fields])).add_to(m)
    if want("buildings"):
        b = wgs["buildings"].copy()
        b["use_label"] = [label(BUILDING_USE, u, lang) for u in b["use"].fillna("other")]
        fills = {u: hex_colour(c) for u, c in palette.BUILDING_FILL.items()}
        b["use"] = b["use"].fillna("other")
        folium.GeoJson(_geojson(b, ["address", "use", "use_label", "households"]), name="楼栋" if zh else "Buildings",
                       style_function=lambda f: {"color": "#785f46", "weight": 0.6, "fillOpacity": 0.9,
                                                 "fillColor": fills.get(f["properties"]["use"], "#d9d9d9")},
                       tooltip=folium.GeoJsonTooltip(_present(b, ["address", "use_label", "households"]),
                                                     labels=False)).add_to(m)
    if want("facilities"):
        f = wgs["facilities"]
        shared = shared_facilities(project["facilities"].data, project["facility_links"].data,
                                   project["buildings"].data) if "facility_links" in project and "buildings" in project \
            else np.zeros(len(f), dtype=bool)
        group = folium.FeatureGroup(name="设施" if zh else "Facilities")
        for (_i, row), is_shared in zip(f.iterrows(), shared):
            _marker, colour = palette.FACILITY_SYMBOL.get(row["kind"], palette.FACILITY_SYMBOL["other"])
            text = f"{html.escape(str(row['name'] or ''))}<br>{label(FACILITY_KIND, row['kind'], lang)}"
            if is_shared:
                text += "<br><b>" + ("共用设施" if zh else "shared facility") + "</b>"
            folium.CircleMarker([row.geometry.y, row.geometry.x], radius=9 if is_shared else 6,
                                color=hex_colour(palette.SHARED_RING) if is_shared else "#333",
                                weight=4 if is_shared else 1, fill=True, fill_color=hex_colour(colour), fill_opacity=0.95,
                                tooltip=text).add_to(group)
        group.add_to(m)
    points_written = 0
    mode = "points"
    used_cluster = used_heat = False
    if mask is not None:
        inc = wgs["incidents"][mask]
        lat, lon = inc.geometry.y.round(6).to_numpy(), inc.geometry.x.round(6).to_numpy()
        if want("incidents") and len(inc) <= opts.max_points:
            cats = list(INCIDENT_CATEGORY)
            colours = [hex_colour(palette.INCIDENT_COLOUR[c]) for c in cats]
            cat_index = [cats.index(c) if c in cats else len(cats) - 1 for c in inc["category"]]
            statuses = list(INCIDENT_STATUS)
            st_index = [statuses.index(s) for s in inc["status"]]
            days = inc["reported_at"].dt.strftime("%Y-%m-%d").to_numpy()
            data = [[float(a), float(b), int(c), int(s), str(d)] for a, b, c, s, d in zip(lat, lon, cat_index, st_index, days)]
            names = json.dumps([label(INCIDENT_CATEGORY, c, lang) for c in cats], ensure_ascii=False)
            snames = json.dumps([label(INCIDENT_STATUS, s, lang) for s in statuses], ensure_ascii=False)
            # folium writes "var callback = <this>;": an expression returning the marker factory.
            callback = ("(function(){ var colours = " + json.dumps(colours) + "; var names = " + names +
                        "; var statuses = " + snames + "; return function(row) {"
                        " var m = L.circleMarker(new L.LatLng(row[0], row[1]),"
                        " {radius: 6, color: '#222', weight: 1, fillColor: colours[row[2]], fillOpacity: 0.9});"
                        " m.bindTooltip(names[row[2]] + ' · ' + statuses[row[3]] + ' · ' + row[4]); return m; }; })()")
            cluster = FastMarkerCluster(data, callback=callback, name="事件（聚合）" if zh else "Incidents (clustered)",
                                        options={"maxClusterRadius": 50})
            cluster.default_js, cluster.default_css = [], []
            cluster.add_to(m)
            points_written = len(data)
            used_cluster = True
        elif want("incidents"):
            mode = "aggregated"
        if want("heatmap") and len(inc):
            # Points binned to ~10 m with a count each: the heatmap looks the same, and its size
            # stops growing with the number of incidents.
            keys = np.column_stack([np.round(lat, 4), np.round(lon, 4)])
            cells_ll, weights = np.unique(keys, axis=0, return_counts=True)
            scale = heat_max(cells_ll[:, 0], cells_ll[:, 1], weights, fit_zoom(y0, x0, y1, x1), HEAT_RADIUS, HEAT_MAX_ZOOM)
            heat = HeatMap(np.column_stack([cells_ll, weights]).tolist(), name="热力图" if zh else "Heatmap",
                           radius=HEAT_RADIUS, blur=14, min_opacity=0.3, max_zoom=HEAT_MAX_ZOOM, max=scale)
            heat.default_js = []
            heat.add_to(m)
            used_heat = True
    if "grid_cells" in project and len(households) >= 3 and mask is not None:
        cells = wgs["grid_cells"][_present(wgs["grid_cells"], ["grid_code", "name"]) + ["geometry"]].copy()
        if want("hotspots"):
            i, j = contiguity_pairs(np.asarray(project.to_metric("grid_cells").geometry.values))
            z, p = gi_star(counts.astype(float), i, j)
            cells["class"] = hotspot_classes(z, p, fdr=True)
            cells["z"] = np.round(z, 2)
            cells["class_label"] = [palette.HOTSPOT_CLASSES[c][1 if zh else 2] for c in cells["class"]]
            fills = {k: (hex_colour(v[0]), v[0][3] / 255) for k, v in palette.HOTSPOT_CLASSES.items()}
            folium.GeoJson(_geojson(cells, ["grid_code", "name", "class", "class_label", "z"]),
                           name="热点分析（Gi*）" if zh else "Hot spots (Gi*)", show=False,
                           style_function=lambda f: {"color": "#666", "weight": 0.8,
                                                     "fillColor": fills[f["properties"]["class"]][0],
                                                     "fillOpacity": fills[f["properties"]["class"]][1]},
                           tooltip=folium.GeoJsonTooltip(_present(cells, ["grid_code", "class_label", "z"]),
                                                         labels=False)).add_to(m)
        if want("emerging"):
            from .web_emerging import add_emerging_layer
            emerging_drawn = add_emerging_layer(m, project, cells, mask, start, end, zh, _geojson)
        if want("rates"):
            rates = rates_per_100_households(counts, households)
            cells["rate"] = np.round(rates, 2)
            finite = rates[np.isfinite(rates)]
            bounds = np.unique(np.quantile(finite, [0.2, 0.4, 0.6, 0.8, 1.0])) if len(finite) else np.array([0.0])
            ramp = [hex_colour(c) for c in palette.CHOROPLETH]
            cells["colour"] = [ramp[min(int(np.searchsorted(bounds, r)), len(ramp) - 1)] if np.isfinite(r) else "#dddddd"
                               for r in rates]
            folium.GeoJson(_geojson(cells, ["grid_code", "name", "rate", "colour"]),
                           name="每百户事件数" if zh else "Incidents per 100 households", show=False,
                           style_function=lambda f: {"color": "#666", "weight": 0.8, "fillColor": f["properties"]["colour"],
                                                     "fillOpacity": 0.75},
                           tooltip=folium.GeoJsonTooltip(_present(cells, ["grid_code", "name", "rate"]),
                                                         labels=False)).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    root = m.get_root()
    root.header.add_child(Element(inline_head(used_cluster, used_heat)), name="gridmap_inline_assets", index=0)
    root.header.add_child(Element(f"<style>.folium-map{{background:{hex_colour(palette.BACKGROUND)};}}"
                                  ".gm-box{position:fixed;z-index:9999;background:rgba(255,255,255,.92);padding:6px 10px;"
                                  "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px 'Noto Sans CJK SC',"
                                  "'Microsoft YaHei','PingFang SC',sans-serif}</style>"))
    title = project.meta.get("title") or "GridMap"
    if start is not None:
        title += f"　{start:%Y-%m-%d} {'至' if zh else 'to'} {end:%Y-%m-%d}"
        title += f"　{int(mask.sum()):,} {'件事件' if zh else 'incidents'}"
    root.html.add_child(Element(f"<div class='gm-box' style='top:10px;left:60px;font-size:16px;font-weight:bold'>"
                                f"{html.escape(title)}</div>"))
    root.html.add_child(Element(_legend(zh, lang, mode, emerging_drawn)))
    credit = project.meta.get("credit", "")
    if credit:      # data credit (© OpenStreetMap contributors for OSM data): shown as the licence asks
        root.html.add_child(Element(f"<div class='gm-box' style='bottom:10px;left:130px;font-size:11px'>"
                                    f"{html.escape(credit)}</div>"))
    path = Path(out)
    m.save(str(path))
    return WebResult(path=path, bytes=path.stat().st_size, incidents_in_window=int(mask.sum()) if mask is not None else 0,
                     points_written=points_written, mode=mode)


def _legend(zh: bool, lang: str, mode: str, emerging: list[str] = ()) -> str:
    def swatch(colour, round_=False):
        radius = "50%" if round_ else "2px"
        return (f"<span style='display:inline-block;width:12px;height:12px;border-radius:{radius};"
                f"background:{colour};border:1px solid #555;margin-right:4px;vertical-align:middle'></span>")
    rows = [f"<b>{'图例' if zh else 'Legend'}</b>"]
    rows += [swatch(hex_colour(c)) + label(BUILDING_USE, u, lang) for u, c in palette.BUILDING_FILL.items()
             if u in ("residential", "hospital", "school", "commercial", "office")]
    rows += [swatch(hex_colour(c[1]), True) + label(FACILITY_KIND, k, lang) for k, c in palette.FACILITY_SYMBOL.items()
             if k != "other"]
    rows.append(swatch("#fff", True).replace("#555", hex_colour(palette.SHARED_RING)).replace("1px", "3px")
                + ("共用设施" if zh else "shared facility"))
    rows += [swatch(hex_colour(c), True) + label(INCIDENT_CATEGORY, k, lang) for k, c in palette.INCIDENT_COLOUR.items()]
    rows += [swatch(hex_colour(c[0])) + (c[1] if zh else c[2]) for k, c in palette.HOTSPOT_CLASSES.items() if k != 0]
    if emerging:
        from ..analysis.emerging import CATEGORY_LABELS
        rows += [swatch(hex_colour(palette.EMERGING_FILL[c])) + label(CATEGORY_LABELS, c, lang) for c in emerging]
    if mode == "aggregated":
        rows.append("<i>" + ("事件较多：按网格计数与热力图显示" if zh else "Many incidents: shown as counts and heatmap") + "</i>")
    return ("<div class='gm-box' style='bottom:24px;right:10px;max-height:60%;overflow:auto;line-height:1.5'>"
            + "<br>".join(rows) + "</div>")
