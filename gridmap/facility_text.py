"""The readable text of ``gridmap facility``."""
from __future__ import annotations

from layers.codes import BUILDING_USE, FACILITY_KIND, INCIDENT_CATEGORY, label
from layers.messages import add_messages, language, msg

add_messages({
    "fac_head": {"zh": "{id} {name}（{kind}）", "en": "{id} {name} ({kind})"},
    "fac_parties": {"zh": "产权方：{owner}；维护方：{maintainer}", "en": "Owner: {owner}; maintainer: {maintainer}"},
    "fac_shared": {"zh": "共用设施：涉及 {n_compounds} 个小区/单位、{n_cells} 个网格", "en": "Shared: {n_compounds} compounds, {n_cells} grid cells"},
    "fac_not_shared": {"zh": "非共用设施", "en": "Not shared"},
    "fac_served": {"zh": "服务楼栋 {count} 栋，共 {households} 户", "en": "Serves {count} buildings, {households} households"},
    "fac_compounds": {"zh": "小区/单位：{names}", "en": "Compounds: {names}"},
    "fac_orgs": {"zh": "相关单位：{names}", "en": "Organisations: {names}"},
    "fac_cells": {"zh": "责任网格：", "en": "Responsible cells:"},
    "fac_outage": {"zh": "停运自 {since}：可能相关的事件 {count} 件", "en": "Out of service since {since}: {count} probably related incidents"},
})


def print_facility(report) -> None:
    lang = language()
    print(msg("fac_head", id=report.facility_id, name=report.name or "", kind=label(FACILITY_KIND, report.kind, lang)))
    print(msg("fac_parties", owner=report.owner or "—", maintainer=report.maintainer or "—"))
    print(msg("fac_shared", n_compounds=len(report.compounds), n_cells=len(report.cells)) if report.shared
          else msg("fac_not_shared"))
    print(msg("fac_served", count=len(report.buildings), households=report.households))
    print(msg("fac_compounds", names="、".join(report.compounds) or "—"))
    print(msg("fac_orgs", names="、".join(report.organisations) or "—"))
    print(msg("fac_cells"))
    for cell in report.cells:
        print(f"  {cell['grid_code']}  {cell['name'] or ''}  {cell['worker'] or '—'}")
    for row in report.buildings.itertuples():
        print(f"    {row.building_id}  {row.address}  {row.compound or ''}  {label(BUILDING_USE, row.use, lang)}"
              f"  {row.households}  {row.grid_code or '—'}")
    if report.related_incidents is not None:
        print(msg("fac_outage", since=report.outage_since.strftime("%Y-%m-%d %H:%M"), count=len(report.related_incidents)))
        for row in report.related_incidents.itertuples():
            print(f"    {row.incident_id}  {row.reported_at:%Y-%m-%d %H:%M}  {label(INCIDENT_CATEGORY, row.category, lang)}"
                  f"  {row.address or ''}  {row.distance_m:g} m")
