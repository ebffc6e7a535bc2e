"""Findings kept as columns give the very findings, in the very order, that one object per finding
gives: compared element by element with the straightforward list."""
from operator import attrgetter

import numpy as np
import shapely

from gridmap.analysis.coverage.batch import FindingBatch, Findings, in_report_order
from gridmap.analysis.coverage.model import CoverageReport, Finding


def test_a_batch_equals_the_list_of_findings_it_stands_for():
    rng = np.random.default_rng(3)
    rows = rng.permutation(500)[:200]
    ids = np.array([f"B{int(r):04d}" for r in rng.integers(0, 10_000, 200)], dtype=object)
    geoms = shapely.points(rng.random(200), rng.random(200))
    detail = {"window_days": 30}
    batch = FindingBatch("building_not_visited", "buildings", rows, ids, geoms, detail)
    plain = [Finding("building_not_visited", "buildings", [int(r)], [str(i)], g, None, detail)
             for r, i, g in zip(rows, ids, geoms)]
    others = [Finding("cell_not_patrolled", "grid_cells", [3], ["C3"]), Finding("gap", None, [], [], None, 12.5),
              Finding("cell_not_patrolled", "grid_cells", [1], ["C1"])]
    lazy = in_report_order([others[0], batch, others[1], others[2]])
    order = ["gap", "building_not_visited", "cell_not_patrolled"]
    from gridmap.analysis.coverage.model import FINDING_TYPES
    expected = sorted(plain + others, key=lambda f: (FINDING_TYPES.index(f.type), f.ids))
    assert [f.type for f in expected[:1]] == ["gap"] and set(order) <= set(FINDING_TYPES)
    assert len(lazy) == len(expected) == 203
    assert list(lazy) == expected                             # dataclass equality, field by field
    assert [lazy[k] for k in range(len(lazy))] == expected    # indexing, across parts
    assert lazy[-1] == expected[-1] and lazy[5:9] == expected[5:9]
    report = CoverageReport(lazy, None, None)
    assert report.summary()["building_not_visited"] == 200 and report.summary()["cell_not_patrolled"] == 2
    assert list(report.of_type("cell_not_patrolled")) == sorted(others[::2], key=attrgetter("ids"))
    assert list(report.of_type("building_not_visited")[:3]) == expected[1:4]
    assert not CoverageReport([], None, None).findings and CoverageReport(Findings([plain]), None, None).summary()[
        "building_not_visited"] == 200
