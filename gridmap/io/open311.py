"""Open311 GeoReport v2 export of incidents (the international analogue of 12345)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import shapely

from layers.codes import INCIDENT_CATEGORY, label, open311_status


def _iso(value):
    return None if value is None or value != value else value.isoformat()


def open311_requests(layer) -> list[dict]:
    """Service requests of an incidents layer, without any sensitive column.

    Statuses map per DOMAIN.md (received/dispatched/in_progress → open, resolved/closed → closed);
    the contract's own codes travel in ``extended_attributes`` so a GridMap import keeps them.
    """
    data = layer.public_data().to_crs(4326)
    for column in layer.spec.columns:           # a column the project marks sensitive is left empty
        if column.name not in data.columns:
            data[column.name] = None
    xy = shapely.get_coordinates(np.asarray(data.geometry.values))
    out = []
    for k, row in enumerate(data.itertuples(index=False)):
        out.append({
            "service_request_id": row.incident_id,
            "status": open311_status(row.status),
            "status_notes": None,
            "service_name": label(INCIDENT_CATEGORY, row.category, "zh"),
            "service_code": row.category,
            "description": getattr(row, "description", None) if isinstance(getattr(row, "description", None), str) else None,
            "agency_responsible": f"网格 {row.grid_code}" if isinstance(row.grid_code, str) else None,
            "requested_datetime": _iso(row.reported_at),
            "updated_datetime": _iso(row.resolved_at) if row.resolved_at == row.resolved_at else _iso(row.reported_at),
            "expected_datetime": None,
            "address": row.address if isinstance(row.address, str) else None,
            "lat": round(float(xy[k, 1]), 8),
            "long": round(float(xy[k, 0]), 8),
            "media_url": None,
            "extended_attributes": {"source": row.source, "kind": row.kind, "category": row.category,
                                    "status": row.status, "grid_code": row.grid_code if isinstance(row.grid_code, str) else None,
                                    "building_id": row.building_id if isinstance(row.building_id, str) else None},
        })
    return out


def write_open311(layer, path: str | os.PathLike) -> int:
    """Write the requests as a JSON array (UTF-8) to ``path``; returns how many."""
    requests = open311_requests(layer)
    Path(path).write_text(json.dumps(requests, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(requests)
