"""Colours and symbols of every layer, as RGBA tuples (no Qt): the canvas, prints and the web
export all read them here, so a style fix lands everywhere at once."""
from __future__ import annotations

RGBA = tuple[int, int, int, int]

BUILDING_FILL: dict[str, RGBA] = {
    "residential": (232, 201, 160, 255), "hospital": (242, 139, 130, 255), "school": (159, 197, 232, 255),
    "commercial": (255, 217, 102, 255), "office": (180, 167, 214, 255), "industrial": (164, 164, 164, 255),
    "other": (217, 217, 217, 255),
}
BUILDING_OUTLINE: RGBA = (120, 95, 70, 255)

GRID_FILL: RGBA = (205, 222, 250, 150)
GRID_OUTLINE: RGBA = (31, 95, 191, 255)
GRID_LABEL: RGBA = (20, 60, 130, 255)
NEIGHBOUR_FILL: RGBA = (225, 225, 225, 255)
COMMUNITY_OUTLINE: RGBA = (90, 90, 90, 255)
COMMUNITY_LABEL: RGBA = (70, 70, 70, 200)
BOUNDARY_OUTLINE: RGBA = (139, 26, 26, 255)
BACKGROUND: RGBA = (246, 244, 240, 255)
SELECTION: RGBA = (255, 200, 0, 255)
FLASH: RGBA = (255, 0, 128, 255)

ROAD_COLOUR: RGBA = (255, 255, 255, 255)
ROAD_CASING: RGBA = (190, 190, 190, 255)
#: Road width in pixels by OSM class.
ROAD_WIDTH: dict[str, float] = {"trunk": 7, "primary": 6, "secondary": 5, "tertiary": 4, "residential": 3}
OTHER_LINE: RGBA = (110, 110, 110, 255)

#: Facility kind -> (marker, fill colour). Markers: square, triangle, diamond, triangle_down,
#: star, cross, circle.
FACILITY_SYMBOL: dict[str, tuple[str, RGBA]] = {
    "pump_room": ("square", (30, 136, 229, 255)),
    "heat_station": ("triangle", (229, 57, 53, 255)),
    "substation": ("diamond", (251, 192, 45, 255)),
    "drainage": ("triangle_down", (0, 137, 123, 255)),
    "service_center": ("star", (67, 160, 71, 255)),
    "health_station": ("cross", (216, 27, 96, 255)),
    "other": ("circle", (120, 120, 120, 255)),
}
SHARED_RING: RGBA = (255, 111, 0, 255)

INCIDENT_COLOUR: dict[str, RGBA] = {
    "property": (142, 68, 173, 255), "heating": (230, 126, 34, 255), "water": (41, 128, 185, 255),
    "drainage": (22, 160, 133, 255), "noise": (192, 57, 43, 255), "sanitation": (127, 140, 141, 255),
    "neighbor": (241, 196, 15, 255), "family": (232, 67, 147, 255), "public_order": (44, 62, 80, 255),
    "other": (149, 165, 166, 255),
}
OVERDUE_HALO: RGBA = (255, 0, 0, 255)
PATROL_COLOUR: RGBA = (46, 125, 50, 160)


def hex_colour(rgba: RGBA) -> str:
    """``#rrggbb`` of an RGBA tuple (alpha dropped), for HTML and SVG."""
    r, g, b, _a = rgba
    return f"#{r:02x}{g:02x}{b:02x}"

#: Fill colours of communities (categorical, translucent like the plain cell fill).
COMMUNITY_FILLS: list[RGBA] = [
    (141, 211, 199, 150), (255, 255, 179, 170), (190, 186, 218, 150), (251, 128, 114, 120),
    (128, 177, 211, 140), (253, 180, 98, 140), (179, 222, 105, 150), (252, 205, 229, 160),
    (217, 217, 217, 150), (188, 128, 189, 120),
]

#: Households per grid cell: (upper bound exclusive, colour, zh label, en label). The contract's
#: 200-500 range is the middle; too few and too many stand out.
CELL_HOUSEHOLD_CLASSES: list[tuple[float, RGBA, str, str]] = [
    (200, (189, 215, 238, 170), "少于200户", "under 200"),
    (300, (253, 224, 178, 170), "200–299户", "200–299"),
    (400, (253, 174, 97, 170), "300–399户", "300–399"),
    (501, (244, 109, 67, 170), "400–500户", "400–500"),
    (float("inf"), (165, 0, 38, 170), "超过500户", "over 500"),
]
BUILDING_HOUSEHOLD_CLASSES: list[tuple[float, RGBA, str, str]] = [
    (1, (210, 210, 210, 255), "无住户", "no households"),
    (31, (254, 229, 217, 255), "1–30户", "1–30"),
    (61, (252, 174, 145, 255), "31–60户", "31–60"),
    (101, (251, 106, 74, 255), "61–100户", "61–100"),
    (float("inf"), (203, 24, 29, 255), "超过100户", "over 100"),
]
STATUS_COLOUR: dict[str, RGBA] = {"open": (245, 124, 0, 255), "overdue": (211, 47, 47, 255),
                                  "closed": (150, 150, 150, 255)}
#: Open cases by the level handling them (处置层级); "" not dispatched yet.
LEVEL_COLOUR: dict[str, RGBA] = {"community": (46, 160, 67, 255), "street": (33, 113, 181, 255),
                                 "district": (128, 48, 160, 255), "": (150, 150, 150, 255)}


def classify(values, classes) -> list[int]:
    """Index of the class each value falls in (classes sorted by upper bound)."""
    import numpy as np
    bounds = np.array([c[0] for c in classes])
    return np.searchsorted(bounds, np.nan_to_num(np.asarray(values, dtype=float), nan=0.0), side="right").tolist()

#: Days since a cell's last patrol: (upper bound inclusive, colour, zh, en); NaN = never.
PATROL_AGE_CLASSES: list[tuple[float, RGBA, str, str]] = [
    (7, (26, 152, 80, 110), "7天内巡查", "patrolled within 7 days"),
    (14, (166, 217, 106, 120), "8–14天", "8–14 days ago"),
    (30, (253, 174, 97, 130), "15–30天", "15–30 days ago"),
    (float("inf"), (215, 48, 39, 140), "超过30天", "over 30 days ago"),
]
PATROL_NEVER: RGBA = (90, 90, 90, 140)
FINDING_RED: RGBA = (220, 0, 0, 255)

#: Gi* hot-spot classes, ArcGIS's colours: class -> (colour, zh, en).
HOTSPOT_CLASSES: dict[int, tuple[RGBA, str, str]] = {
    3: ((178, 24, 43, 200), "热点 99% 置信", "hot spot, 99 % confidence"),
    2: ((239, 138, 98, 200), "热点 95% 置信", "hot spot, 95 % confidence"),
    1: ((253, 219, 199, 200), "热点 90% 置信", "hot spot, 90 % confidence"),
    0: ((240, 240, 240, 120), "不显著", "not significant"),
    -1: ((209, 229, 240, 200), "冷点 90% 置信", "cold spot, 90 % confidence"),
    -2: ((103, 169, 207, 200), "冷点 95% 置信", "cold spot, 95 % confidence"),
    -3: ((33, 102, 172, 200), "冷点 99% 置信", "cold spot, 99 % confidence"),
}
#: Emerging hot spot categories (analysis.emerging.CATEGORIES): reds for hot patterns, darkest
#: where the problem is strongest now, blues for cold ones, the historical ones greyed.
EMERGING_FILL: dict[str, RGBA] = {
    "new_hot": (253, 174, 145, 215), "consecutive_hot": (244, 109, 67, 215),
    "intensifying_hot": (140, 10, 20, 225), "persistent_hot": (200, 30, 35, 220),
    "diminishing_hot": (236, 140, 120, 215), "sporadic_hot": (254, 224, 200, 215),
    "oscillating_hot": (240, 170, 40, 215), "historical_hot": (196, 168, 160, 200),
    "new_cold": (198, 219, 239, 215), "consecutive_cold": (107, 174, 214, 215),
    "intensifying_cold": (8, 48, 107, 225), "persistent_cold": (33, 102, 172, 220),
    "diminishing_cold": (140, 180, 220, 215), "sporadic_cold": (222, 235, 247, 215),
    "oscillating_cold": (130, 120, 210, 215), "historical_cold": (165, 175, 195, 200),
    "no_pattern": (240, 240, 240, 120),
}
#: Sequential colours for incident counts/rates per cell (light to dark).
CHOROPLETH: list[RGBA] = [(255, 245, 235, 190), (253, 208, 162, 190), (253, 141, 60, 190), (217, 72, 1, 200),
                          (127, 39, 4, 210)]
#: The heatmap's colour ramp, low to high (alpha rises with density).
HEAT_RAMP: list[tuple[float, RGBA]] = [(0.0, (255, 255, 178, 0)), (0.15, (254, 217, 118, 120)),
                                       (0.4, (254, 178, 76, 170)), (0.65, (253, 141, 60, 200)),
                                       (0.85, (240, 59, 32, 220)), (1.0, (189, 0, 38, 235))]
CLUSTER_FILL: RGBA = (41, 98, 155, 210)
