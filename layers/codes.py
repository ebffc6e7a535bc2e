"""Coded values of the data contract (DOMAIN.md) with their Chinese labels.

Each code list is an ordered mapping code -> (Chinese label, English label). Files from outside
often carry the Chinese label instead of the code; ``normalise_code`` accepts either.
"""
from __future__ import annotations

BUILDING_USE = {
    "residential": ("住宅", "Residential"),
    "hospital": ("医院", "Hospital"),
    "school": ("学校", "School"),
    "commercial": ("商业", "Commercial"),
    "office": ("办公", "Office"),
    "industrial": ("工业", "Industrial"),
    "other": ("其他", "Other"),
}

FACILITY_KIND = {
    "pump_room": ("二次供水泵房", "Water pump room"),
    "heat_station": ("换热站", "Heat-exchange station"),
    "substation": ("配电室", "Substation"),
    "drainage": ("排水设施", "Drainage facility"),
    "service_center": ("社区服务站", "Community service centre"),
    "health_station": ("卫生服务站", "Health station"),
    "other": ("其他", "Other"),
}

LINK_ROLE = {
    "served": ("服务", "Served"),
    "owner": ("产权方", "Owner"),
    "maintainer": ("维护方", "Maintainer"),
    "supervisor": ("监管方", "Supervisor"),
}

INCIDENT_SOURCE = {
    "hotline_12345": ("12345热线", "12345 hotline"),
    "grid_patrol": ("网格员巡查", "Grid patrol"),
    "walk_in": ("来访", "Walk-in"),
    "other": ("其他", "Other"),
}

INCIDENT_KIND = {
    "complaint": ("投诉", "Complaint"),
    "dispute": ("矛盾纠纷", "Dispute"),
    "request": ("求助", "Request"),
    "report": ("上报", "Report"),
}

INCIDENT_CATEGORY = {
    "property": ("物业管理", "Property management"),
    "heating": ("供热", "Heating"),
    "water": ("供水", "Water supply"),
    "drainage": ("排水", "Drainage"),
    "noise": ("噪声扰民", "Noise"),
    "sanitation": ("环境卫生", "Sanitation"),
    "neighbor": ("邻里纠纷", "Neighbour dispute"),
    "family": ("家庭矛盾", "Family conflict"),
    "public_order": ("治安", "Public order"),
    "other": ("其他", "Other"),
}

INCIDENT_STATUS = {
    "received": ("受理", "Received"),
    "dispatched": ("派遣", "Dispatched"),
    "in_progress": ("处置中", "In progress"),
    "resolved": ("办结", "Resolved"),
    "closed": ("结案", "Closed"),
}

#: The level a case is settled at (处置层级): "small matters stay in the community, big ones in the street".
INCIDENT_LEVEL = {
    "community": ("社区", "Community"),
    "street": ("街道", "Street"),
    "district": ("区级", "District"),
}

#: Entries of a case file (layers.case_events).
CASE_EVENT = {
    "dispatch": ("派遣", "Dispatched"),
    "report_in": ("部门报到", "Department reported in"),
    "escalate": ("上报升级", "Escalated"),
    "meeting": ("协调会", "Coordination meeting"),
    "agreement": ("协议", "Agreement"),
    "follow_up": ("回访", "Follow-up visit"),
    "settle": ("办结", "Settled"),
}

#: Statuses that count as still open (Open311 "open").
OPEN_STATUSES = ("received", "dispatched", "in_progress")
#: Statuses that count as done (Open311 "closed").
CLOSED_STATUSES = ("resolved", "closed")


def open311_status(status: str) -> str:
    """Map a contract status to Open311 GeoReport v2 ``open``/``closed``.

    Raises ValueError for a status that is not in the contract.
    """
    if status in OPEN_STATUSES:
        return "open"
    if status in CLOSED_STATUSES:
        return "closed"
    raise ValueError(f"unknown incident status {status!r}")


def label(codes: dict[str, tuple[str, str]], code: str, language: str = "zh") -> str:
    """The label of ``code`` in ``language`` (``"zh"`` or ``"en"``); the code itself if unknown."""
    labels = codes.get(code)
    if labels is None:
        return str(code)
    return labels[0] if language == "zh" else labels[1]


def lookup_table(codes: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Every accepted spelling (code, Chinese label, English label, any case) -> code."""
    table: dict[str, str] = {}
    for code, (zh, en) in codes.items():
        for spelling in (code, zh, en):
            table[spelling.strip().lower()] = code
    return table
