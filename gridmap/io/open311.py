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
            "status_notes": _status_note(row.status, row.reported_at, getattr(row, "resolved_at", None)),
            "service_name": label(INCIDENT_CATEGORY, row.category, "zh"),
            "service_notice": None,
            "service_code": row.category,
            "description": getattr(row, "description", None) if isinstance(getattr(row, "description", None), str) else None,
            "agency_responsible": _agency(row),
            "requested_datetime": _iso(row.reported_at),
            "updated_datetime": _iso(row.resolved_at) if row.resolved_at == row.resolved_at else _iso(row.reported_at),
            "expected_datetime": _iso(row.due_at) if row.due_at == row.due_at and row.due_at is not None else None,
            "address": row.address if isinstance(row.address, str) else None,
            "address_id": row.building_id if isinstance(row.building_id, str) else None,
            "zipcode": None,
            "lat": round(float(xy[k, 1]), 8),
            "long": round(float(xy[k, 0]), 8),
            "media_url": None,
            "extended_attributes": {"source": row.source, "kind": row.kind, "category": row.category,
                                    "status": row.status, "grid_code": row.grid_code if isinstance(row.grid_code, str) else None,
                                    "building_id": row.building_id if isinstance(row.building_id, str) else None,
                                    "level": row.level if isinstance(row.level, str) else None,
                                    "department": row.department if isinstance(row.department, str) else None},
        })
    return out


def _agency(row) -> str | None:
    """The responsible department (责任部门) once dispatched; before, the grid cell that holds it."""
    department = getattr(row, "department", None)
    if isinstance(department, str) and department.strip():
        return department.strip()
    return f"网格 {row.grid_code}" if isinstance(row.grid_code, str) else None


def _status_note(status, reported, resolved) -> str | None:
    """The workflow step in words (GeoReport v2 ``status_notes``): 受理 → 派遣 → 处置中 → 办结 → 结案."""
    from layers.codes import INCIDENT_STATUS
    text = label(INCIDENT_STATUS, status, "zh") if isinstance(status, str) else None
    if text and status in ("resolved", "closed") and resolved is not None and resolved == resolved:
        text += f"（{resolved.strftime('%Y-%m-%d %H:%M')}）"
    return text


def write_open311(layer, path: str | os.PathLike) -> int:
    """Write the requests to ``path``: GeoReport v2 XML (``<service_requests>``) for a .xml file,
    else a JSON array (UTF-8). Returns how many."""
    requests = open311_requests(layer)
    path = Path(path)
    if path.suffix.lower() == ".xml":
        path.write_text(_xml(requests), encoding="utf-8")
    else:
        path.write_text(json.dumps(requests, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(requests)


def _xml(requests: list[dict]) -> str:
    """GeoReport v2's XML form: one ``<request>`` per service request, every key an element
    (empty when there is no value); extended attributes nested. Text is escaped."""
    from xml.sax.saxutils import escape
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<service_requests>"]
    for request in requests:
        lines.append("  <request>")
        for key, value in request.items():
            if isinstance(value, dict):
                lines.append(f"    <{key}>")
                for k, v in value.items():
                    lines.append(f"      <{k}>{'' if v is None else escape(str(v))}</{k}>")
                lines.append(f"    </{key}>")
            else:
                lines.append(f"    <{key}>{'' if value is None else escape(str(value))}</{key}>")
        lines.append("  </request>")
    lines.append("</service_requests>")
    return "\n".join(lines) + "\n"
