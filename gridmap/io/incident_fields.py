"""How the fields of hotline exports map onto the incidents contract: header aliases and values."""
from __future__ import annotations

import re
import unicodedata

from layers.codes import INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_LEVEL, INCIDENT_SOURCE, INCIDENT_STATUS, lookup_table

#: Contract column -> headers seen in 12345 exports, Open311 and GIS files (compared normalised).
HEADER_ALIASES: dict[str, list[str]] = {
    "incident_id": ["incident_id", "工单编号", "工单号", "受理编号", "案件编号", "编号", "单号", "id", "service_request_id"],
    "reported_at": ["reported_at", "受理时间", "来电时间", "反映时间", "上报时间", "登记时间", "创建时间", "发生时间",
                    "requested_datetime", "时间"],
    "resolved_at": ["resolved_at", "办结时间", "结案时间", "完成时间", "处理完成时间"],
    "category": ["x_category", "category", "诉求类别", "问题类别", "诉求分类", "问题分类", "类别", "分类",
                 "service_code", "service_name"],
    "kind": ["x_kind", "kind", "诉求类型", "工单类型", "类型"],
    "source": ["x_source", "source", "来源", "受理渠道", "渠道"],
    "status": ["x_status", "status", "办理状态", "处理状态", "工单状态", "状态"],
    "address": ["address", "诉求地址", "事发地址", "详细地址", "地址", "位置"],
    "description": ["description", "诉求内容", "问题描述", "内容", "描述", "诉求描述"],
    "reporter": ["reporter", "反映人", "来电人", "诉求人", "联系人", "姓名"],
    "reporter_phone": ["reporter_phone", "联系电话", "来电号码", "电话", "手机", "手机号"],
    "building_id": ["x_building_id", "building_id", "楼栋编号"],
    "grid_code": ["x_grid_code", "grid_code", "网格编码", "网格编号"],
    "lon": ["lon", "lng", "longitude", "long", "经度", "x", "__lon"],
    "lat": ["lat", "latitude", "纬度", "y", "__lat"],
    "resolved_note": ["status_notes", "办理结果", "处理结果"],
    # Dispatch (Open311's agency_responsible / expected_datetime; GridMap's own x_level).
    "department": ["x_department", "department", "责任部门", "承办单位", "承办部门", "处置部门", "责任单位",
                   "agency_responsible"],
    "level": ["x_level", "level", "处置层级", "办理层级", "层级"],
    "due_at": ["x_due_at", "due_at", "expected_datetime", "办理时限", "办结时限", "处理时限", "截止时间", "到期时间"],
}

# x_… fields come from Open311 exports' extended_attributes (GridMap's own): they carry the
# contract's codes, so they win over the generic Open311 status (open/closed) and service name.
_STATUS_WORDS = {
    "received": ["受理", "已受理", "待受理", "待处理", "新建", "open", "未办结"],
    "dispatched": ["派遣", "已派遣", "派单", "已派单", "已转办", "转办"],
    "in_progress": ["处置中", "办理中", "处理中", "正在处理"],
    "resolved": ["办结", "已办结", "已完成", "已解决", "已处理", "办理完毕"],
    "closed": ["结案", "已结案", "已关闭", "关闭", "closed", "已回访"],
}
_CATEGORY_WORDS = {
    "property": ["物业", "物业服务", "物业管理"], "heating": ["供热", "供暖", "暖气", "采暖", "取暖"],
    "water": ["供水", "停水", "自来水", "水压", "用水"], "drainage": ["排水", "下水", "下水道", "污水", "积水", "管道堵塞"],
    "noise": ["噪声", "噪音", "扰民"], "sanitation": ["环境卫生", "卫生", "垃圾", "环卫", "市容"],
    "neighbor": ["邻里", "邻里纠纷"], "family": ["家庭", "家庭纠纷", "婚姻"], "public_order": ["治安", "安全", "消防"],
}
_SOURCE_WORDS = {"hotline_12345": ["12345", "12345热线", "市长热线", "热线"], "grid_patrol": ["网格员", "巡查", "网格巡查"],
                 "walk_in": ["来访", "走访", "上门"]}
_KIND_WORDS = {"complaint": ["投诉", "诉求"], "dispute": ["纠纷", "矛盾", "矛盾纠纷"], "request": ["求助", "咨询", "建议"],
               "report": ["上报", "报告", "反映"]}

_LEVEL_WORDS = {"community": ["社区", "社区级", "村居", "村（社区）"], "street": ["街道", "街道级", "街镇", "乡镇"],
                "district": ["区级", "区", "区县", "县级"]}
#: GridMap's Open311 export names the grid cell as the agency of a case not yet dispatched.
GRID_AGENCY = re.compile(r"^网格\s*\S+$")


def plain(text: str) -> str:
    """Header/value normalised for comparison: NFKC, lower case, no spaces or punctuation."""
    return re.sub(r"[\s_\-:：()（）]", "", unicodedata.normalize("NFKC", str(text)).lower())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Contract column -> header of the file, from the aliases (first alias found wins)."""
    by_plain = {}
    for h in headers:
        by_plain.setdefault(plain(h), h)
    mapping = {}
    for column, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            if plain(alias) in by_plain and by_plain[plain(alias)] not in mapping.values():
                mapping[column] = by_plain[plain(alias)]
                break
    return mapping


def _table(codes, words) -> dict[str, str]:
    table = dict(lookup_table(codes))
    for code, spellings in words.items():
        for w in spellings:
            table[plain(w)] = code
    return {plain(k): v for k, v in table.items()}


STATUS_TABLE = _table(INCIDENT_STATUS, _STATUS_WORDS)
CATEGORY_TABLE = _table(INCIDENT_CATEGORY, _CATEGORY_WORDS)
SOURCE_TABLE = _table(INCIDENT_SOURCE, _SOURCE_WORDS)
KIND_TABLE = _table(INCIDENT_KIND, _KIND_WORDS)
LEVEL_TABLE = _table(INCIDENT_LEVEL, _LEVEL_WORDS)


def code_of(value: str, table: dict[str, str], words: dict | None = None) -> str | None:
    """The contract code for ``value``: exact (normalised) spelling, else a known word inside it."""
    key = plain(value)
    if not key:
        return None
    if key in table:
        return table[key]
    for spelling, code in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if len(spelling) >= 2 and spelling in key:
            return code
    return None
