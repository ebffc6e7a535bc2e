"""Which column of a file people bring holds which contract column, for every layer.

Other systems name columns in Chinese (网格编码, 网格员, 户数 …), and a Shapefile cuts every name to
ten characters (``building_id`` → ``building_i``, ``community_code`` → ``community_``), so the
contract name, its ten-character cut and the Chinese headers seen in street offices' files are
all recognised. An explicit ``--map FIELD=COLUMN`` always wins."""
from __future__ import annotations

from layers import LAYER_CLASSES

from .incident_fields import HEADER_ALIASES as INCIDENT_ALIASES, plain

ALIASES: dict[str, list[str]] = {
    "name": ["名称", "网格名称", "社区名称", "楼栋名称", "设施名称", "名字"],
    "code": ["编码", "代码", "街道编码", "区划代码"],
    "grid_code": ["网格编码", "网格编号", "网格代码"],
    "community_code": ["社区编码", "社区编号", "社区代码"],
    "worker": ["网格员", "网格员姓名", "专职网格员"],
    "worker_phone": ["联系电话", "网格员电话", "电话", "手机"],
    "households": ["户数", "住户数", "户籍户数", "实有户数"],
    "building_id": ["楼栋编号", "楼栋编码", "建筑编号"],
    "address": ["地址", "楼栋地址", "门牌地址", "详细地址"],
    "compound": ["小区", "小区名称", "院落"],
    "use": ["用途", "建筑用途", "使用性质"],
    "floors": ["层数", "楼层数", "地上层数"],
    "facility_id": ["设施编号", "设施编码"],
    "kind": ["类型", "设施类型", "种类"],
    "owner": ["产权单位", "所有权人", "权属单位"],
    "maintainer": ["维护单位", "管理单位", "运维单位"],
    "role": ["关系", "角色"],
    "patrol_id": ["巡查编号"],
    "visited_at": ["巡查时间", "走访时间"],
}


def column_aliases(kind: str, column: str) -> list[str]:
    """Names a file may use for contract ``column`` of layer ``kind``: the name itself, its
    ten-character Shapefile cut, then the Chinese headers."""
    names = [column, column[:10]]
    if kind == "incidents":
        names += INCIDENT_ALIASES.get(column, [])
    names += ALIASES.get(column, [])
    return list(dict.fromkeys(names))


def guess_layer_mapping(kind: str, headers: list[str], given: dict[str, str] | None = None) -> dict[str, str]:
    """Contract column -> header of the file for layer ``kind`` (``given`` entries win; a header
    serves one column only). Unknown layers (roads …) map nothing: their columns are kept as they are."""
    given = dict(given or {})
    cls = LAYER_CLASSES.get(kind)
    if cls is None:
        return given
    by_plain: dict[str, str] = {}
    for header in headers:
        by_plain.setdefault(plain(header), header)
    mapping = dict(given)
    used = set(given.values())
    for column in cls.spec.column_names:
        if column in mapping:
            continue
        for alias in column_aliases(kind, column):
            header = by_plain.get(plain(alias))
            if header is not None and header not in used:
                mapping[column] = header
                used.add(header)
                break
    return mapping
