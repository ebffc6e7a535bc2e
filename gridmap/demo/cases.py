"""The case files of the seed's cases (facts only: organisations and roles, no names or phones).

- The shared pump room's pressure failure (14–24 January 2025): the street dispatches the water
  company, the hospital and the community join a coordination meeting, a follow-up visit closes it.
- The drainage dispute at 原土地干校家属楼 (20–26 January 2025): the community cannot settle it
  alone, the street blows the whistle, the judicial office reports in; a meeting of the judicial
  office, the property company and the residents reaches the agreement settled in the community.
- A family conflict during Spring Festival 2025, mediated and settled in the community."""
from __future__ import annotations

import datetime as dt

from .story import LOCAL

PUMP = "公滨路307号院与市二院共用的二次供水泵房"
DRAIN = "排水堵塞致一楼返水"
FAMILY = "春节期间家庭矛盾激化"


def _at(m, d, hh, mm):
    return dt.datetime(2025, m, d, hh, mm, tzinfo=LOCAL)


def _entries():
    """(which case, at, kind, department, level, parties, reason, outcome, terms)."""
    return [
        (PUMP, _at(1, 14, 9, 0), "dispatch", "供水公司", "street", None,
         "两个社区和一家医院共用泵房，由街道派单", None, None),
        (PUMP, _at(1, 14, 11, 30), "report_in", "供水公司", "street", "供水公司抢修班", None,
         "到场查明压力罐故障，安排临时供水车", None),
        (PUMP, _at(1, 15, 14, 0), "meeting", "供水公司", "street",
         "供水公司、市二院后勤处、公滨路307号院物业公司、公滨社区居委会、汉水社区居委会、街道综治中心", None,
         "更换压力罐，施工期间医院病房优先供水，物业每日公告进度", None),
        (PUMP, _at(1, 24, 17, 0), "settle", "供水公司", "street", None, None, "泵房恢复正常供水", None),
        (PUMP, _at(2, 7, 10, 0), "follow_up", "街道综治中心", "street", "网格员、医院后勤处", None,
         "回访：小区和医院供水稳定", None),
        (DRAIN, _at(1, 20, 11, 0), "dispatch", "社区人民调解委员会", "community", None,
         "邻里排水纠纷，先由社区调解", None, None),
        (DRAIN, _at(1, 21, 16, 0), "escalate", "司法所", "street", None,
         "涉及物业公司维修责任和多户出资，社区调解未能达成一致，报街道吹哨", None, None),
        (DRAIN, _at(1, 22, 9, 30), "report_in", "司法所", "community", "司法所、律师事务所", None,
         "司法所到社区报到，约定协调会时间", None),
        (DRAIN, _at(1, 24, 14, 0), "meeting", "司法所", "community",
         "司法所、物业公司、一楼住户代表、楼上住户代表、香电社区居委会", None, "达成调解协议", None),
        (DRAIN, _at(1, 24, 16, 30), "agreement", "司法所", "community", "物业公司、全体住户", None, None,
         "物业公司免费疏通排水管道；楼上每户出资300元设立维修基金；一楼住户修复供水阀门"),
        (DRAIN, _at(1, 26, 16, 0), "settle", "司法所", "community", None, None, "排水疏通完毕，维修基金已设立", None),
        (DRAIN, _at(2, 10, 10, 0), "follow_up", "社区人民调解委员会", "community", "网格员", None,
         "回访：排水通畅，协议履行", None),
        (FAMILY, _at(1, 31, 15, 40), "dispatch", "社区人民调解委员会", "community", None,
         "家庭矛盾，社区调解", None, None),
        (FAMILY, _at(2, 1, 10, 0), "meeting", "社区人民调解委员会", "community", "社区调委会、派出所社区民警、当事双方",
         None, "双方和解", None),
        (FAMILY, _at(2, 2, 11, 0), "settle", "社区人民调解委员会", "community", None, None, "矛盾已化解", None),
    ]


def build_case_events(incidents: list[dict]) -> list[dict]:
    """The entries of the three case files, each on its case's first incident."""
    first = {}
    for r in sorted(incidents, key=lambda r: r["reported_at"]):
        for key in (PUMP, DRAIN, FAMILY):
            if key not in first and str(r.get("description", "")).startswith(key):
                first[key] = r["incident_id"]
    rows = []
    for n, (case, at, kind, department, level, parties, reason, outcome, terms) in enumerate(_entries(), start=1):
        rows.append(dict(event_id=f"E{n:04d}", incident_id=first[case], at=at, kind=kind, department=department,
                         level=level, parties=parties, reason=reason, outcome=outcome, terms=terms))
    return rows
