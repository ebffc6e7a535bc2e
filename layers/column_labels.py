"""What the contract's columns are called in the window: 网格编码 / Grid code … (data, no Qt)."""
from __future__ import annotations

COLUMN_LABELS = {
    "grid_code": ("网格编码", "Grid code"), "name": ("名称", "Name"), "code": ("编码", "Code"),
    "community_code": ("社区编码", "Community code"), "worker": ("网格员", "Worker"),
    "worker_phone": ("网格员电话", "Worker's phone"), "households": ("户数", "Households"),
    "building_id": ("楼栋编号", "Building ID"), "address": ("地址", "Address"), "compound": ("小区", "Compound"),
    "use": ("用途", "Use"), "floors": ("层数", "Floors"), "facility_id": ("设施编号", "Facility ID"),
    "kind": ("类型", "Kind"), "owner": ("产权单位", "Owner"), "maintainer": ("维护单位", "Maintainer"),
    "role": ("关系", "Role"), "incident_id": ("事件编号", "Incident ID"), "source": ("来源", "Source"),
    "category": ("类别", "Category"), "reported_at": ("受理时间", "Reported at"), "status": ("状态", "Status"),
    "resolved_at": ("办结时间", "Resolved at"), "description": ("描述", "Description"),
    "reporter": ("反映人", "Reporter"), "reporter_phone": ("反映人电话", "Reporter's phone"),
    "department": ("责任部门", "Department"), "level": ("处置层级", "Level"), "due_at": ("办理时限", "Due"),
    "patrol_id": ("巡查编号", "Patrol ID"), "visited_at": ("巡查时间", "Visited at"),
    "households_source": ("户数来源", "Households source"), "highway": ("道路等级", "Road class"),
}


def column_label(column: str, language: str = "zh") -> str:
    """The column's name for people (the column itself when the contract does not know it)."""
    labels = COLUMN_LABELS.get(column)
    return column if labels is None else labels[0 if language == "zh" else 1]
