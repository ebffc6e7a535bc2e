"""Facility checks: nobody responsible, or a supply facility serving nothing."""
from __future__ import annotations

import numpy as np

from .model import Finding

#: Kinds that exist to supply buildings: linked to none, they are a gap in the records.
SUPPLY_KINDS = ("pump_room", "heat_station")


def _blank(series) -> np.ndarray:
    text = series.astype(object).where(series.notna(), "").astype(str).str.strip()
    return (text == "").to_numpy() | (text == "nan").to_numpy()


def facility_findings(project) -> list[Finding]:
    """facility_unowned (no owner and no maintainer, in columns or links) and facility_unlinked."""
    if "facilities" not in project:
        return []
    facilities = project["facilities"].data
    points = np.asarray(project.to_metric("facilities").geometry.values)
    ids = facilities["facility_id"].astype(str).to_numpy()
    links = project["facility_links"].data if "facility_links" in project else None
    responsible = set()
    served = set()
    if links is not None:
        responsible = set(links.loc[links["role"].isin(["owner", "maintainer"]), "facility_id"].astype(str))
        served = set(links.loc[links["role"] == "served", "facility_id"].astype(str))
    out = []
    unowned = _blank(facilities["owner"]) & _blank(facilities["maintainer"]) & ~facilities["facility_id"].astype(str).isin(responsible).to_numpy()
    for row in np.flatnonzero(unowned):
        out.append(Finding("facility_unowned", "facilities", [int(row)], [ids[row]], geometry=points[row],
                           detail={"kind": facilities["kind"].iloc[row]}))
    supply = facilities["kind"].isin(SUPPLY_KINDS).to_numpy()
    for row in np.flatnonzero(supply & ~facilities["facility_id"].astype(str).isin(served).to_numpy()):
        out.append(Finding("facility_unlinked", "facilities", [int(row)], [ids[row]], geometry=points[row],
                           detail={"kind": facilities["kind"].iloc[row]}))
    return out
