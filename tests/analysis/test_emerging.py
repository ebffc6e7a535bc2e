"""Emerging hot spots: categories from hand-built series (every category and the boundaries), the
Mann-Kendall test and Gi* per step against step-by-step calculations (esda for Gi*), and the whole
analysis against an independent, plain-Python implementation on a street with planted patterns."""
import math

import numpy as np
import pytest
import shapely

from gridmap.analysis.emerging import (CATEGORIES, categorize, emerging_hotspots, mann_kendall, step_index,
                                       step_label, space_time_counts)
from gridmap.analysis.hotspots import contiguity_pairs, gi_star_steps

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")

H, C, _ = "H", "C", "."


def one(series: str, trend_z: float = 0.0, trend_p: float = 1.0) -> str:
    """The category of one cell whose steps are written H (hot), C (cold), . (neither)."""
    hot = np.array([[c == "H" for c in series]])
    cold = np.array([[c == "C" for c in series]])
    return categorize(hot, cold, np.array([trend_z]), np.array([trend_p]))[0]


@pytest.mark.parametrize("series, trend_z, trend_p, expected", [
    ("..........", 0, 1, "no_pattern"),
    (".........H", 0, 1, "new_hot"),                 # a single significant step, the final one
    ("....H.....", 0, 1, "no_pattern"),              # a single significant step, not the final one
    ("C........H", 0, 1, "new_hot"),                 # cold before: new comes first (our reading)
    ("......HHHH", 0, 1, "consecutive_hot"),
    ("........HH", 0, 1, "consecutive_hot"),         # the shortest run
    ("...H..HHHH", 0, 1, "sporadic_hot"),            # hot before the run: not consecutive
    ("C.....HHHH", 0, 1, "consecutive_hot"),         # cold before the run is allowed
    ("HHHHHHHHHH", 3.1, 0.002, "intensifying_hot"),
    ("HHHHHHHHHH", 0.4, 0.7, "persistent_hot"),
    ("HHHHHHHHHH", -3.1, 0.002, "diminishing_hot"),
    (".HHHHHHHHH", 0.4, 0.7, "persistent_hot"),      # exactly 90 %, final hot: counts as 90 %
    (".HHHHHHHHH", 2.0, 0.05, "intensifying_hot"),   # a trend p of exactly 0.05 is significant
    (".HHHHHHHHH", 2.0, 0.0500001, "persistent_hot"),  # just above: no trend
    ("..HHHHHHHH", 0.4, 0.7, "consecutive_hot"),     # 80 %: one run ending at the final step
    ("H.HHHHHHHH", 0.4, 0.7, "persistent_hot"),      # 90 % with a gap
    ("H..HHHHHHH", 0.4, 0.7, "sporadic_hot"),        # 80 % with a gap, never cold
    ("HC.HH.HH.H", 0.4, 0.7, "oscillating_hot"),     # cold at an earlier step
    ("HHHHHHHHH.", 0.4, 0.7, "historical_hot"),      # exactly 90 %, final not hot
    ("HHHHHHHHHC", 0.4, 0.7, "new_cold"),            # a final cold step comes before historical hot
    ("HHHHHHHH..", 0.4, 0.7, "no_pattern"),          # 80 %, final not hot
    (".........C", 0, 1, "new_cold"),
    ("......CCCC", 0, 1, "consecutive_cold"),
    ("CCCCCCCCCC", -3.1, 0.002, "intensifying_cold"),  # ever colder: z trends down
    ("CCCCCCCCCC", 0.4, 0.7, "persistent_cold"),
    ("CCCCCCCCCC", 3.1, 0.002, "diminishing_cold"),
    ("C..CCCCCCC", 0.4, 0.7, "sporadic_cold"),
    ("CH.CC.CC.C", 0.4, 0.7, "oscillating_cold"),
    ("CCCCCCCCC.", 0.4, 0.7, "historical_cold"),
    ("HHHHHHHHHHHHHHHHHH.H", 0.4, 0.7, "persistent_hot"),  # 95 %
    ("HHHHHHHHHHHHHHHHH..H", 0.4, 0.7, "persistent_hot"),  # 18 of 20: exactly 90 %
    ("HHHHHHHHHHHHHHHH...H", 0.4, 0.7, "sporadic_hot"),    # 17 of 20 is not
])
def test_category_of_hand_built_series(series, trend_z, trend_p, expected):
    assert one(series, trend_z, trend_p) == expected


def test_every_category_is_reachable_and_named():
    seen = {one(*case[:3]) for case in [
        (".........H",), ("......HHHH",), ("HHHHHHHHHH", 3, 0.01), ("HHHHHHHHHH",), ("HHHHHHHHHH", -3, 0.01),
        ("H..HHHHHHH",), ("HC.HH.HH.H",), ("HHHHHHHHH.",), (".........C",), ("......CCCC",),
        ("CCCCCCCCCC", -3, 0.01), ("CCCCCCCCCC",), ("CCCCCCCCCC", 3, 0.01), ("C..CCCCCCC",), ("CH.CC.CC.C",),
        ("CCCCCCCCC.",), ("..........",)]}
    assert seen == set(CATEGORIES) and len(CATEGORIES) == 17


def mk_by_hand(x):
    """Mann-Kendall, written out as in the textbook: pairs, tie groups, continuity correction."""
    x = [round(float(v), 9) for v in x]
    n = len(x)
    s = sum((x[j] > x[i]) - (x[j] < x[i]) for i in range(n) for j in range(i + 1, n))
    groups = {}
    for v in x:
        groups[v] = groups.get(v, 0) + 1
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in groups.values())) / 18
    z = 0.0 if var == 0 or s == 0 else (s - 1 if s > 0 else s + 1) / math.sqrt(var)
    p = math.erfc(abs(z) / math.sqrt(2))
    return s / (n * (n - 1) / 2), z, p


def test_mann_kendall_equals_the_textbook_with_ties():
    rng = np.random.default_rng(7)
    series = rng.integers(-3, 4, size=(200, 24)).astype(float)      # many ties
    series[:20] += np.arange(24) * 0.5                                # some trends
    series[20:40] -= np.arange(24) * 0.5
    series[40] = 1.0                                                  # all tied
    tau, z, p = mann_kendall(series)
    for k in range(len(series)):
        et, ez, ep = mk_by_hand(series[k])
        assert tau[k] == pytest.approx(et) and z[k] == pytest.approx(ez) and p[k] == pytest.approx(ep), k
    assert (p[:20] < 0.05).all() and (z[:20] > 0).all() and (z[20:40] < 0).all() and p[40] == 1.0


def test_mann_kendall_tau_is_kendalls_tau_without_ties():
    from scipy.stats import kendalltau
    rng = np.random.default_rng(3)
    series = rng.normal(size=(30, 15))
    tau, _z, _p = mann_kendall(series)
    for k in range(30):
        assert tau[k] == pytest.approx(kendalltau(np.arange(15), series[k]).statistic)


def lattice(side: int):
    """A side × side street of 100 m square cells, row by row."""
    return np.array([shapely.box(c * 100, r * 100, c * 100 + 100, r * 100 + 100)
                     for r in range(side) for c in range(side)])


def esda_weights(i, j, n):
    neighbours = {k: [] for k in range(n)}
    for a, b in zip(i, j):
        neighbours[int(a)].append(int(b))
    return libpysal.weights.W(neighbours, silence_warnings=True)


def test_gi_star_of_every_step_equals_esda():
    rng = np.random.default_rng(11)
    geoms = lattice(9)
    i, j = contiguity_pairs(geoms)
    counts = rng.poisson(3.0, size=(12, len(geoms)))
    counts[4] = 0                                   # a step without incidents: z 0, p 1
    z, p = gi_star_steps(counts, i, j)
    w = esda_weights(i, j, len(geoms))
    for k in range(12):
        if k == 4:
            assert (z[k] == 0).all() and (p[k] == 1).all()
            continue
        g = esda.G_Local(counts[k].astype(float), w, transform="B", star=True, permutations=0)
        assert np.allclose(z[k], g.Zs, atol=1e-9)


def independent_emerging(counts, geoms, alpha=0.05):
    """The whole analysis step by step, with nothing from gridmap.analysis.emerging: esda's Gi*,
    Benjamini-Hochberg by a loop, Mann-Kendall by hand, ArcGIS's rules as plain conditions."""
    t, n = counts.shape
    w = libpysal.weights.Queen.from_iterable(list(geoms))
    zs, hot, cold = np.zeros((t, n)), np.zeros((t, n), bool), np.zeros((t, n), bool)
    for k in range(t):
        if counts[k].std() == 0:
            continue
        z = esda.G_Local(counts[k].astype(float), w, transform="B", star=True, permutations=0).Zs
        p = [math.erfc(abs(v) / math.sqrt(2)) for v in z]
        order = sorted(range(n), key=lambda c: p[c])
        last = max([r for r, c in enumerate(order, 1) if p[c] <= alpha * r / n], default=0)
        for c in order[:last]:
            hot[k, c], cold[k, c] = z[c] > 0, z[c] < 0
        zs[k] = z
    out = []
    for c in range(n):
        _tau, tz, tp = mk_by_hand(zs[:, c])
        up, down = tp <= alpha and tz > 0, tp <= alpha and tz < 0
        category = "no_pattern"
        for kind, f, o, stronger, weaker in (("hot", hot[:, c], cold[:, c], up, down),
                                            ("cold", cold[:, c], hot[:, c], down, up)):
            if category != "no_pattern" or not f[-1]:
                continue
            share = f.sum() / t
            run = 0
            while run < t and f[t - 1 - run]:
                run += 1
            if f.sum() == 1:
                category = "new"
            elif run >= 2 and f.sum() == run and share < 0.9:
                category = "consecutive"
            elif share >= 0.9 and stronger:
                category = "intensifying"
            elif share >= 0.9 and not (up or down):
                category = "persistent"
            elif share >= 0.9 and weaker:
                category = "diminishing"
            elif not o.any():
                category = "sporadic"
            else:
                category = "oscillating"
            category += "_" + kind
        if category == "no_pattern":
            for kind, f in (("hot", hot[:, c]), ("cold", cold[:, c])):
                if not f[-1] and f.sum() / t >= 0.9:
                    category = "historical_" + kind
        out.append(category)
    return np.array(out, dtype=object), zs


def planted_street(seed=7, side=15, months=24):
    """Background noise and planted clusters (3 × 3 cells each) with known stories."""
    rng = np.random.default_rng(seed)
    n = side * side
    lam = np.full((months, n), 2.0)
    plant = {}

    def block(r0, c0):
        return [r * side + c for r in range(r0, r0 + 3) for c in range(c0, c0 + 3)]
    plant["intensifying_hot"] = block(1, 1)
    for k in range(months):
        lam[k, plant["intensifying_hot"]] = 14 + 0.8 * k         # hot throughout, ever hotter
    plant["persistent_hot"] = block(1, 6)
    lam[:, plant["persistent_hot"]] = 16.0
    plant["new_hot"] = block(1, 11)
    lam[-1, plant["new_hot"]] = 20.0
    plant["consecutive_hot"] = block(6, 1)
    lam[-4:, plant["consecutive_hot"]] = 20.0
    plant["historical_hot"] = block(6, 6)
    lam[:-1, plant["historical_hot"]] = 16.0
    plant["diminishing_hot"] = block(11, 11)
    for k in range(months):
        lam[k, plant["diminishing_hot"]] = 40 - 0.8 * k
    counts = rng.poisson(lam)
    return lattice(side), counts, plant


def test_the_analysis_equals_an_independent_implementation_on_planted_patterns():
    geoms, counts, plant = planted_street()
    i, j = contiguity_pairs(geoms)
    result = emerging_hotspots(counts, i, j, list(range(counts.shape[0])), "month")
    expected, zs = independent_emerging(counts, geoms)
    assert np.allclose(result.z, zs, atol=1e-9)
    assert list(result.category) == list(expected)
    # the planted centres carry their story
    for category, cells in plant.items():
        centre = cells[4]
        assert result.category[centre] == category, (category, result.category[cells])
    # and the records say what the categories rest on
    record = result.records([f"G{k:03d}" for k in range(len(geoms))])[plant["persistent_hot"][4]]
    assert record["grid_code"] == f"G{plant['persistent_hot'][4]:03d}" and record["steps"] == 24
    assert record["hot_steps"] >= 22 and record["cold_steps"] == 0 and record["trend_p"] > 0.05


def test_a_second_seed_agrees_too():
    geoms, counts, _plant = planted_street(seed=99, side=15, months=14)
    i, j = contiguity_pairs(geoms)
    result = emerging_hotspots(counts, i, j, list(range(14)), "month")
    expected, _zs = independent_emerging(counts, geoms)
    assert list(result.category) == list(expected)


def test_steps_are_calendar_weeks_months_and_quarters_of_local_time():
    times = np.array(["2025-12-31T23:30", "2026-01-01T00:10", "2026-03-31T23:59", "2026-04-01T00:00",
                      "2026-01-04T23:59", "2026-01-05T00:00"], dtype="datetime64[m]")
    months = step_index(times, "month")
    assert [step_label(m, "month") for m in months] == ["2025-12", "2026-01", "2026-03", "2026-04", "2026-01", "2026-01"]
    quarters = step_index(times, "quarter")
    assert [step_label(q, "quarter") for q in quarters] == ["2025Q4", "2026Q1", "2026Q1", "2026Q2", "2026Q1", "2026Q1"]
    weeks = step_index(times, "week")
    # 2026-01-04 is a Sunday (ISO week 1 of 2026), 2026-01-05 a Monday (week 2); 2025-12-31 is in week 1
    assert [step_label(w, "week") for w in weeks] == ["2026-W01", "2026-W01", "2026-W14", "2026-W14",
                                                      "2026-W01", "2026-W02"]
    counts = space_time_counts(np.array([0, 1, 1, -1, 2, 2]), months, int(months.min()), int(months.max()), 3)
    assert counts.shape == (5, 3) and counts.sum() == 5 and counts[0, 0] == 1 and counts[1, 1] == 1
    assert counts[1, 2] == 2 and counts[3, 1] == 1


def test_too_few_steps_is_refused_clearly():
    geoms = lattice(4)
    i, j = contiguity_pairs(geoms)
    with pytest.raises(ValueError, match="at least 3 time steps"):
        emerging_hotspots(np.ones((2, 16)), i, j, [0, 1], "month")
