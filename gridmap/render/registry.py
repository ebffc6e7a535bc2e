"""Which painter draws which layer, and the default drawing order."""
from __future__ import annotations

from .base import LayerPainter
from .coverage import CoveragePainter
from .facility_focus import FacilityFocusPainter
from .lines import GenericPainter, RoadsPainter
from .plan_draft import PlanDraftPainter
from .points import FacilitiesPainter, IncidentsPainter, PatrolsPainter
from .polygons import BoundaryPainter, BuildingsPainter, CommunitiesPainter, GridCellsPainter

PAINTERS: dict[str, type[LayerPainter]] = {
    "boundary": BoundaryPainter, "communities": CommunitiesPainter, "grid_cells": GridCellsPainter,
    "buildings": BuildingsPainter, "facilities": FacilitiesPainter, "incidents": IncidentsPainter,
    "patrols": PatrolsPainter, "roads": RoadsPainter, "coverage": CoveragePainter,
    "facility_focus": FacilityFocusPainter, "grid_plan": PlanDraftPainter,
}

#: Default drawing order, bottom first. Roads lie under the translucent cell fill; outlines,
#: buildings and points above it.
DEFAULT_ORDER = ["roads", "grid_cells", "communities", "buildings", "boundary", "coverage", "grid_plan", "facility_focus", "facilities",
                 "patrols", "incidents"]
#: Layers hidden when a project opens (too dense to show by default).
HIDDEN_BY_DEFAULT = {"patrols"}


def painter_for(project, layer) -> LayerPainter | None:
    """The painter of ``layer``; None for a layer without geometry (facility_links)."""
    if not layer.is_spatial:
        return None
    return PAINTERS.get(layer.kind, GenericPainter)(project, layer)


def drawing_order(names: list[str]) -> list[str]:
    """``names`` sorted into the default drawing order (others keep their order, under the points)."""
    known = [n for n in DEFAULT_ORDER if n in names]
    others = [n for n in names if n not in DEFAULT_ORDER]
    pos = known.index("facilities") if "facilities" in known else len(known)
    return known[:pos] + others + known[pos:]
