"""Incidents (事件): 12345 hotline complaints, disputes, requests and reports."""
import numpy as np

from .base import LayerModel
from .codes import INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_LEVEL, INCIDENT_SOURCE, INCIDENT_STATUS, OPEN_STATUSES
from .schema import CODE, POINT, TIME, Column, LayerSpec


class IncidentsLayer(LayerModel):
    spec = LayerSpec(
        name="incidents", label_zh="事件", label_en="Incidents", geometry_types=POINT,
        columns=(
            Column("incident_id"),
            Column("source", CODE, codes=INCIDENT_SOURCE),
            Column("kind", CODE, codes=INCIDENT_KIND),
            Column("category", CODE, codes=INCIDENT_CATEGORY),
            Column("reported_at", TIME),
            Column("status", CODE, codes=INCIDENT_STATUS),
            Column("resolved_at", TIME, required=False),
            Column("address", required=False),
            Column("building_id", required=False),
            Column("grid_code", required=False),
            Column("description", required=False),
            Column("reporter", required=False, sensitive=True),
            Column("reporter_phone", required=False, sensitive=True),
            Column("department", required=False),                       # 责任部门 (Open311 agency_responsible)
            Column("level", CODE, required=False, codes=INCIDENT_LEVEL),  # 处置层级
            Column("due_at", TIME, required=False),                     # 办理时限 (Open311 expected_datetime)
        ),
        id_column="incident_id")

    def is_open(self) -> np.ndarray:
        """Boolean array: the incident is still open (received, dispatched or in progress)."""
        return self.data["status"].isin(OPEN_STATUSES).to_numpy()
