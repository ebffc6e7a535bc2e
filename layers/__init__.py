"""The data models of GridMap: one class per layer of the data contract (DOMAIN.md), no Qt."""
from .base import LayerModel
from .boundary import BoundaryLayer
from .buildings import BuildingsLayer
from .case_events import CaseEventsLayer
from .communities import CommunitiesLayer
from .errors import DataError, LayerValidationError
from .facilities import FacilitiesLayer
from .facility_links import FacilityLinksLayer
from .grid_cells import GridCellsLayer
from .incidents import IncidentsLayer
from .other import OtherLayer
from .patrols import PatrolsLayer

#: The contract layers in drawing order (bottom first), name -> model class.
LAYER_CLASSES: dict[str, type[LayerModel]] = {
    cls.spec.name: cls
    for cls in (BoundaryLayer, CommunitiesLayer, GridCellsLayer, BuildingsLayer,
                FacilitiesLayer, FacilityLinksLayer, IncidentsLayer, PatrolsLayer, CaseEventsLayer)
}

__all__ = [
    "LAYER_CLASSES", "LayerModel", "OtherLayer", "DataError", "LayerValidationError",
    "BoundaryLayer", "CommunitiesLayer", "GridCellsLayer", "BuildingsLayer", "FacilitiesLayer",
    "FacilityLinksLayer", "IncidentsLayer", "PatrolsLayer", "CaseEventsLayer",
]
