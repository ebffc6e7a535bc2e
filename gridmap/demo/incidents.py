"""Demo incidents 2023-01-01 .. 2025-03-31 whose counts reproduce the Hongqi story exactly."""
from __future__ import annotations

import datetime as dt

import numpy as np
import shapely
from shapely.geometry import Point

from .buildings import COMPOUND_307, HOSPITAL_NAME, LAND_SCHOOL_NAME, Building
from .names import person_names, phone_numbers
from .story import (DATA_END, DISPUTES, HOTLINE_COMPLAINTS, LOCAL, REPORTS_PER_QUARTER,
                    REQUESTS_PER_QUARTER, in_heating_season, quarter_days)

CATEGORIES = ["property", "heating", "water", "drainage", "noise", "sanitation", "neighbor",
              "family", "public_order", "other"]
_HEATING_MIX = [0.26, 0.36, 0.07, 0.04, 0.06, 0.09, 0.05, 0.02, 0.03, 0.02]
_SUMMER_MIX = [0.32, 0.00, 0.11, 0.13, 0.17, 0.16, 0.05, 0.01, 0.03, 0.02]
_DISPUTE_MIX = [0.16, 0.04, 0.07, 0.10, 0.13, 0.00, 0.32, 0.18, 0.00, 0.00]
_REPORT_MIX = [0.20, 0.06, 0.08, 0.16, 0.04, 0.30, 0.02, 0.00, 0.12, 0.02]
_REQUEST_MIX = [0.25, 0.15, 0.15, 0.10, 0.05, 0.10, 0.05, 0.05, 0.05, 0.05]

_TEXT = {
    "property": ["物业服务不到位，楼道杂物长期未清理", "物业费收取不透明", "单元门门禁损坏无人维修",
                 "小区内私搭乱建，物业不制止", "电梯故障频发，物业维修不及时"],
    "heating": ["室内温度不达标，低于18℃", "暖气不热，多次报修未解决", "供热管道漏水",
                "楼内部分住户暖气不热", "供热开栓后仍不热"],
    "water": ["水压不稳，间歇停水", "自来水浑浊", "二次供水泵房噪声大", "停水未提前通知"],
    "drainage": ["下水道堵塞返水", "雨后小区积水严重", "化粪池外溢", "排水管道破损"],
    "noise": ["夜间装修噪声扰民", "底商音响噪声扰民", "广场舞噪声扰民", "施工噪声超时"],
    "sanitation": ["垃圾清运不及时", "楼道小广告泛滥", "绿地内垃圾堆积", "积雪未及时清理"],
    "neighbor": ["楼上漏水引发邻里纠纷", "占用公共楼道引发纠纷", "车位纠纷", "宠物扰民引发纠纷"],
    "family": ["家庭矛盾，经社区调解", "赡养问题引发家庭矛盾", "家庭财产纠纷"],
    "public_order": ["楼道内有可疑人员", "电动车楼内充电安全隐患", "夜间聚众喧哗"],
    "other": ["政策咨询", "其他诉求"],
}

# Cells where property and heating complaints concentrate (poorly run compounds), as lattice quads.
HOT_QUADS = {(6, 4): 3.5, (7, 4): 3.5, (6, 5): 3.0, (7, 5): 2.5, (1, 2): 2.5, (2, 2): 2.5}
# How property and heating complaints moved over time (quads, from, until, factor on HOT_QUADS,
# growth per month): the chronic compounds of 珠江社区 stay bad throughout; after the heat came on in
# October 2024 the old blocks of 红旗社区 north of them (a property company that walked away) got
# worse every month; the compound of 公滨社区 whose management the street replaced in July 2024
# calmed down. The emerging hot spot map tells these apart (docs/emerging_hotspots.md).
_EVER, _NEVER = dt.datetime(2000, 1, 1, tzinfo=LOCAL), dt.datetime(2100, 1, 1, tzinfo=LOCAL)
TIME_STORY = (   # quads, from, until, factor, and how much more each month after "from"
    ({(6, 4), (7, 4), (6, 5), (7, 5), (8, 4), (8, 5)}, _EVER, _NEVER, 6.0, 0.0),
    ({(4, 6), (5, 6), (6, 6), (4, 7), (5, 7)}, dt.datetime(2024, 10, 1, tzinfo=LOCAL), _NEVER, 6.0, 6.0),
    ({(1, 2), (2, 2)}, dt.datetime(2024, 7, 1, tzinfo=LOCAL), _NEVER, 0.3, 0.0),
)


def _story_factor(entry, when: dt.datetime) -> float:
    _quads, start, end, factor, growth = entry
    if not start <= when < end:
        return 1.0
    return factor + growth * ((when.year - start.year) * 12 + when.month - start.month)


#: The random stream of TIME_STORY's moves (apart from the demo's, which it leaves untouched).
STORY_SEED = 2024_10
# A populous cell that stops reporting for the last month: a possible under-reporting blind spot.
SILENT_FROM = dt.datetime(2025, 3, 1, tzinfo=LOCAL)


def build_incidents(buildings: list[Building], building_ids: list[str], workers: dict[str, str],
                    silent_cell: str, rng: np.random.Generator) -> list[dict]:
    """Every demo incident as a dict row with a Point ``geometry``, sorted by time, ids assigned."""
    picker = _BuildingPicker(buildings, rng)
    rows: list[dict] = []
    named = _named_cases(buildings, rng)
    named_hotline_q1 = sum(1 for r in named if r["source"] == "hotline_12345")
    named_disputes_q1 = sum(1 for r in named if r["kind"] == "dispute")
    for (year, quarter), count in HOTLINE_COMPLAINTS.items():
        n = count - (named_hotline_q1 if (year, quarter) == (2025, 1) else 0)
        rows += _batch(rng, picker, year, quarter, n, "hotline_12345", "complaint", None, heating_weight=1.7)
    for (year, quarter), count in DISPUTES.items():
        n = count - (named_disputes_q1 if (year, quarter) == (2025, 1) else 0)
        rows += _batch(rng, picker, year, quarter, n, None, "dispute", _DISPUTE_MIX, heating_weight=1.2)
        rows += _batch(rng, picker, year, quarter, REPORTS_PER_QUARTER, "grid_patrol", "report", _REPORT_MIX)
        rows += _batch(rng, picker, year, quarter, REQUESTS_PER_QUARTER, "walk_in", "request", _REQUEST_MIX)
    rows += named
    # The silent cell: nothing reported there in the last month (re-home those incidents).
    for r in rows:
        if r["grid_code_hint"] == silent_cell and r["reported_at"] >= SILENT_FROM and not r.get("named"):
            k = picker.pick(r["category"], exclude_cell=silent_cell)
            r.update(picker.place(k))
    _move_in_time(rows, picker, silent_cell)
    for r in rows:
        _settle(r, rng)
        _people(r, rng, workers)
    rows.sort(key=lambda r: (r["reported_at"], r["address"]))
    _assign_ids(rows, building_ids)
    for r in rows:
        r.pop("grid_code_hint")
        r.pop("named", None)
    return rows


class _BuildingPicker:
    """Chooses the building an incident happens at: by households, more in the hot cells."""

    def __init__(self, buildings: list[Building], rng: np.random.Generator) -> None:
        self.buildings = buildings
        self.rng = rng
        base = np.array([max(b.households, {"hospital": 40, "school": 20, "commercial": 15,
                                            "office": 5}.get(b.use, 0)) for b in buildings], dtype=float)
        hot = np.array([HOT_QUADS.get(b.quad, 1.0) for b in buildings])
        self.base = base / base.sum()
        self._hot_weight = base * hot
        self._periods: dict = {}
        self.cells = np.array([b.grid_code or "" for b in buildings])

    def _hot_at(self, when: dt.datetime) -> np.ndarray:
        """Where property and heating complaints arise at ``when`` (TIME_STORY applied)."""
        key = tuple(_story_factor(entry, when) for entry in TIME_STORY)
        found = self._periods.get(key)
        if found is None:
            weight = self._hot_weight.copy()
            for factor, (quads, *_rest) in zip(key, TIME_STORY):
                if factor != 1.0:
                    weight *= np.array([factor if b.quad in quads else 1.0 for b in self.buildings])
            found = self._periods[key] = weight / weight.sum()
        return found

    def pick(self, category: str, exclude_cell: str | None = None) -> int:
        p = self._hot_weight / self._hot_weight.sum() if category in ("property", "heating") else self.base
        if exclude_cell is not None:
            p = np.where(self.cells == exclude_cell, 0.0, p)
            p = p / p.sum()
        return int(self.rng.choice(len(p), p=p))

    def pick_in_story(self, when: dt.datetime, exclude_cell: str | None, rng: np.random.Generator) -> int:
        """A building for a property or heating complaint at ``when`` as TIME_STORY has them move,
        never one in no cell (the outside tower keeps exactly its own incidents)."""
        p = np.where(self.cells == "", 0.0, self._hot_at(when))
        if exclude_cell is not None:
            p = np.where(self.cells == exclude_cell, 0.0, p)
        return int(rng.choice(len(p), p=p / p.sum()))

    def place(self, k: int, rng: np.random.Generator | None = None) -> dict:
        rng = self.rng if rng is None else rng
        b = self.buildings[k]
        centre = shapely.point_on_surface(b.polygon)
        pt = Point(centre.x + rng.uniform(-4, 4), centre.y + rng.uniform(-4, 4))
        if not b.polygon.contains(pt):
            pt = centre
        return dict(building=k, geometry=pt, address=b.address, grid_code_hint=b.grid_code)


def _move_in_time(rows: list[dict], picker: _BuildingPicker, silent_cell: str) -> None:
    """Property and heating complaints placed again as TIME_STORY moves them, with a random stream
    of their own: every other fact of the demo (counts, times, statuses, people) stays as it was."""
    rng = np.random.default_rng(STORY_SEED)
    for r in rows:
        if r.get("named") or r["category"] not in ("property", "heating") or not r["grid_code_hint"]:
            continue
        exclude = silent_cell if r["reported_at"] >= SILENT_FROM else None
        r.update(picker.place(picker.pick_in_story(r["reported_at"], exclude, rng), rng))


def _day_weights(days: list[dt.date], heating_weight: float) -> np.ndarray:
    w = np.array([heating_weight if in_heating_season(d) else 1.0 for d in days])
    # The first weeks after the heat comes on bring the most complaints.
    w *= np.array([1.5 if (d.month == 10 and d.day >= 20) or d.month == 11 else 1.0 for d in days])
    return w / w.sum()


def _batch(rng, picker, year, quarter, n, source, kind, mix, heating_weight=1.0) -> list[dict]:
    days = quarter_days(year, quarter)
    chosen = rng.choice(len(days), size=n, p=_day_weights(days, heating_weight))
    out = []
    for d_index in chosen:
        day = days[int(d_index)]
        if mix is None:
            mix_today = _HEATING_MIX if in_heating_season(day) else _SUMMER_MIX
        else:
            mix_today = mix
        category = CATEGORIES[int(rng.choice(len(CATEGORIES), p=mix_today))]
        minute = int(rng.integers(7 * 60 + 30, 21 * 60))
        when = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=LOCAL)
        src = source or ("grid_patrol" if rng.random() < 0.6 else "walk_in")
        row = dict(source=src, kind=kind, category=category, reported_at=when,
                   description=str(rng.choice(_TEXT[category])))
        row.update(picker.place(picker.pick(category)))
        out.append(row)
    return out


def _at(y, m, d, hh, mm) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LOCAL)


def _named_cases(buildings: list[Building], rng) -> list[dict]:
    """The story's cases, with facts only (no names, no phones)."""
    cases: list[dict] = []

    def at_building(k, **row):
        b = buildings[k]
        centre = shapely.point_on_surface(b.polygon)
        row.update(building=k, geometry=centre, address=b.address, grid_code_hint=b.grid_code, named=True)
        cases.append(row)

    compound = [k for k, b in enumerate(buildings) if b.quad == COMPOUND_307 and b.use == "residential"]
    hospital = [k for k, b in enumerate(buildings) if b.compound == HOSPITAL_NAME]
    # Mid-January 2025: the shared pump room's pressure fails; water stops for both neighbours.
    pump = dict(department="供水公司", level="street")     # two communities and a hospital: the street's
    at_building(compound[0], source="grid_patrol", kind="report", category="water",
                reported_at=_at(2025, 1, 14, 8, 40), resolved_at=_at(2025, 1, 24, 17, 0), status="closed",
                description="公滨路307号院与市二院共用的二次供水泵房水压不稳，间歇停水，已上报街道",
                due_at=_at(2025, 1, 15, 8, 40), **pump)
    times = [(14, 9, 5), (14, 10, 20), (14, 19, 45), (15, 7, 30), (15, 8, 10), (15, 12, 55),
             (15, 21, 5), (16, 6, 50)]
    for n, (d, hh, mm) in enumerate(times):
        at_building(compound[n % len(compound)], source="hotline_12345", kind="complaint", category="water",
                    reported_at=_at(2025, 1, d, hh, mm), resolved_at=_at(2025, 1, 24, 17, 0), status="closed",
                    description="小区二次供水水压不稳，间歇性停水", due_at=_at(2025, 1, d + 1, hh, mm), **pump)
    for n, (d, hh, mm) in enumerate([(14, 11, 0), (15, 9, 30), (16, 14, 15)]):
        at_building(hospital[n % len(hospital)], source="hotline_12345", kind="complaint", category="water",
                    reported_at=_at(2025, 1, d, hh, mm), resolved_at=_at(2025, 1, 24, 17, 0), status="closed",
                    description="医院供水压力不足，影响病房用水", due_at=_at(2025, 1, d + 1, hh, mm), **pump)
    # Before Spring Festival 2025: the drainage dispute at 原土地干校家属楼, settled in the community.
    land = [k for k, b in enumerate(buildings) if b.name == LAND_SCHOOL_NAME][0]
    at_building(land, source="grid_patrol", kind="dispute", category="drainage",
                reported_at=_at(2025, 1, 20, 10, 30), resolved_at=_at(2025, 1, 26, 16, 0), status="closed",
                description="排水堵塞致一楼返水，一楼与楼上住户产生矛盾。调解结果：物业免费疏通排水管道，"
                            "楼上每户出资300元设立维修基金，一楼住户修复供水阀门",
                department="司法所", level="community", due_at=_at(2025, 1, 27, 10, 30))
    # During Spring Festival 2025: a family conflict, mediated by the community.
    family_at = [k for k, b in enumerate(buildings) if b.use == "residential" and b.quad == (3, 6)][0]
    at_building(family_at, source="walk_in", kind="dispute", category="family",
                reported_at=_at(2025, 1, 31, 15, 20), resolved_at=_at(2025, 2, 2, 11, 0), status="resolved",
                description="春节期间家庭矛盾激化，社区与派出所联合调解，已化解",
                department="社区人民调解委员会", level="community", due_at=_at(2025, 2, 5, 15, 20))
    return cases


def _settle(r: dict, rng) -> None:
    """Status and resolution time; every dispute of Q1 2025 is resolved (the story's 100 %)."""
    if "status" in r:
        return
    reported = r["reported_at"]
    days = float(rng.lognormal(mean=0.8, sigma=0.75))
    if r["kind"] != "dispute" and reported > DATA_END - dt.timedelta(days=25) and rng.random() < 0.15:
        days = float(rng.uniform(8, 40))  # a case that got stuck: open past the 7-day limit
    resolved = reported + dt.timedelta(days=days)
    if r["kind"] == "dispute" and reported >= _at(2025, 1, 1, 0, 0) and resolved > DATA_END:
        resolved = reported + (DATA_END - reported) * float(rng.uniform(0.3, 0.9))
    if resolved <= DATA_END:
        r["resolved_at"] = resolved.replace(second=0, microsecond=0)
        r["status"] = "closed" if resolved < DATA_END - dt.timedelta(days=10) and rng.random() < 0.7 else "resolved"
        return
    r["resolved_at"] = None
    open_days = (DATA_END - reported).total_seconds() / 86400
    r["status"] = "received" if open_days < 1 else "dispatched" if open_days < 3 else "in_progress"


def _people(r: dict, rng, workers: dict[str, str]) -> None:
    """Reporter and phone: sensitive, present in the project, never exported."""
    if r["source"] == "grid_patrol":
        r["reporter"] = workers.get(r["grid_code_hint"])
        r["reporter_phone"] = None
    else:
        r["reporter"] = person_names(rng, 1)[0]
        r["reporter_phone"] = phone_numbers(rng, 1)[0]


def _assign_ids(rows: list[dict], building_ids: list[str]) -> None:
    per_day: dict[str, int] = {}
    for r in rows:
        day = r["reported_at"].strftime("%Y%m%d")
        per_day[day] = per_day.get(day, 0) + 1
        r["incident_id"] = f"I{day}-{per_day[day]:04d}"
        r["building_id"] = building_ids[r.pop("building")]
        r["grid_code"] = r["grid_code_hint"]
