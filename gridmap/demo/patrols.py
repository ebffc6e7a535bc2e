"""Demo patrol records, 1 January to 31 March 2025: workers visit the buildings of their cells."""
from __future__ import annotations

import datetime as dt

import numpy as np
import shapely
from shapely.geometry import Point

from .story import LOCAL

FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2025, 3, 31)
VISIT_PROBABILITY = 0.35
HOLIDAY = {dt.date(2025, 1, 28), dt.date(2025, 1, 29), dt.date(2025, 1, 30)}


def build_patrols(cells: list[dict], buildings_by_cell: dict[str, list[tuple[str, object]]],
                  last_day: dict[str, dt.date], rng: np.random.Generator) -> list[dict]:
    """Patrol rows (dict with Point ``geometry``) for every cell.

    ``cells``: dicts with grid_code and patrolling worker; ``buildings_by_cell``: grid code ->
    [(building_id, polygon)]; ``last_day``: cells whose patrols stop early (grid code -> last day).
    """
    rows: list[dict] = []
    day = FIRST
    while day <= LAST:
        if day.weekday() != 6 and day not in HOLIDAY:
            for cell in cells:
                code = cell["grid_code"]
                if day > last_day.get(code, LAST):
                    continue
                members = buildings_by_cell.get(code, [])
                visits = [m for m in members if rng.random() < VISIT_PROBABILITY] or members[:1]
                minute = 8 * 60 + 30 + int(rng.integers(0, 30))
                for building_id, polygon in visits:
                    centre = shapely.point_on_surface(polygon)
                    rows.append(dict(worker=cell["worker"], grid_code=code, building_id=building_id,
                                     visited_at=dt.datetime(day.year, day.month, day.day, minute // 60,
                                                            minute % 60, tzinfo=LOCAL),
                                     geometry=Point(centre.x + rng.uniform(-3, 3), centre.y + rng.uniform(-3, 3))))
                    minute += int(rng.integers(8, 20))
        day += dt.timedelta(days=1)
    for n, row in enumerate(rows, start=1):
        row["patrol_id"] = f"P{n:06d}"
    return rows
