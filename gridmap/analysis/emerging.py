"""Emerging hot spots: which cells' problems are new, growing, fading or chronic over time.

The definitions (docs/emerging_hotspots.md says the same in prose):

- Counts per cell and time step. Steps are calendar weeks (Monday to Sunday), months or quarters
  of local time (+08:00); the first and last step of a window may be partial. Gi* compares the
  cells within one step, so a partial step is not biased against the others.
- Gi* per cell and step with binary weights, the cell its own neighbour (queen contiguity, or
  centroids within the smallest distance that gives every cell a neighbour), as the map's Gi*.
- A bin is a significant hot (cold) spot when its two-sided p-value passes Benjamini-Hochberg at
  0.05 among the cells of its step and z > 0 (z < 0).
- Trend: the Mann-Kendall test of each cell's z-scores against time (S over all pairs of steps,
  the variance with the correction for ties, the continuity correction, two-sided normal p;
  z-scores equal to 1e-9 are ties). Significant when p <= 0.05; tau = S / (T (T - 1) / 2).
- Categories, first match wins, ArcGIS's rules in ArcGIS's order ("≥ 90 %" is hot_steps × 10 ≥ 9 × T,
  so exactly 90 % counts):
  new: the final step significant, no earlier one; consecutive: one unbroken run of ≥ 2 steps
  ending at the final step, none before it, < 90 %; intensifying / persistent / diminishing: ≥ 90 %
  including the final step with an upward / no significant / downward trend; sporadic: the final
  step significant, < 90 %, never the opposite kind; oscillating: the final step significant, < 90 %,
  the opposite kind at some earlier step; historical: the final step not significant, ≥ 90 %.
  For cold spots "intensifying" is a significant downward trend of z (ever colder) and
  "diminishing" an upward one.
- Where ArcGIS's pages leave it open, this reading: a cell cold earlier and hot only at the final
  step is new (new comes first); the seven patterns that end in a significant final step are
  tested before the historical ones, hot before cold (a final step is hot or cold, never both);
  persistent needs the final step too (without it the cell is historical).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .hotspots import fdr_significant, gi_star_steps

STEPS = ("week", "month", "quarter")
ALPHA = 0.05
#: Fewer steps than ArcGIS's minimum of 10 still give categories, with a weak trend test.
RECOMMENDED_STEPS = 10
MIN_STEPS = 3

PATTERNS = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic",
            "oscillating", "historical")
CATEGORIES = tuple(f"{p}_hot" for p in PATTERNS) + tuple(f"{p}_cold" for p in PATTERNS) + ("no_pattern",)
_ZH = {"new": "新", "consecutive": "连续", "intensifying": "加剧", "persistent": "持续", "diminishing": "减弱",
       "sporadic": "零星", "oscillating": "振荡", "historical": "历史"}
#: code -> (Chinese, English), as layers.codes keeps codes (``layers.codes.label`` reads it).
CATEGORY_LABELS = {
    **{f"{p}_hot": (f"{_ZH[p]}热点", f"{p.capitalize()} hot spot") for p in PATTERNS},
    **{f"{p}_cold": (f"{_ZH[p]}冷点", f"{p.capitalize()} cold spot") for p in PATTERNS},
    "no_pattern": ("无明显模式", "No pattern detected"),
}


def step_index(local_times: np.ndarray, step: str) -> np.ndarray:
    """The number of the calendar step holding each local wall time (datetime64): months and
    quarters since 1970, weeks (Monday first) since the Monday before 1970-01-01."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}: week, month or quarter")
    if step == "week":
        days = local_times.astype("datetime64[D]").astype(np.int64)
        return (days + 3) // 7              # 1970-01-01 was a Thursday
    months = local_times.astype("datetime64[M]").astype(np.int64)
    return months if step == "month" else months // 3


def step_start(number: int, step: str) -> pd.Timestamp:
    """The first local day of step ``number`` (as ``step_index`` numbers them)."""
    if step == "week":
        return pd.Timestamp(np.datetime64(int(number) * 7 - 3, "D"))
    month = int(number) * (3 if step == "quarter" else 1)
    return pd.Timestamp(np.datetime64(month, "M"))


def step_label(number: int, step: str) -> str:
    start = step_start(number, step)
    if step == "month":
        return f"{start.year}-{start.month:02d}"
    if step == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    year, week, _day = start.isocalendar()
    return f"{year}-W{week:02d}"


def space_time_counts(cell_of: np.ndarray, steps: np.ndarray, first: int, last: int, n_cells: int) -> np.ndarray:
    """(T, n) counts: how many items of step first..last lie in each cell (cell -1: none)."""
    keep = (cell_of >= 0) & (steps >= first) & (steps <= last)
    t = last - first + 1
    flat = (steps[keep] - first) * n_cells + cell_of[keep]
    return np.bincount(flat, minlength=t * n_cells)[: t * n_cells].reshape(t, n_cells)


def mann_kendall(series: np.ndarray, tie_decimals: int = 9) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mann-Kendall trend test of each row of ``series`` (n, T) against time: (tau, z, p)."""
    x = np.round(np.asarray(series, dtype=float), tie_decimals)
    n, t = x.shape
    s = np.zeros(n)
    for k in range(t - 1):
        s += np.sign(x[:, k + 1:] - x[:, k:k + 1]).sum(axis=1)
    var = np.full(n, t * (t - 1) * (2 * t + 5), dtype=float)
    if n and t > 1:
        ordered = np.sort(x, axis=1)
        # tie groups: runs of equal values in each sorted row
        new_run = np.ones((n, t), dtype=bool)
        new_run[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
        run_id = np.cumsum(new_run.ravel()) - 1
        sizes = np.bincount(run_id).astype(float)
        rows = np.repeat(np.arange(n), t)[new_run.ravel()]
        np.add.at(var, rows, -sizes * (sizes - 1) * (2 * sizes + 5))
    var /= 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.sqrt(var)
        z = np.where(var > 0, np.where(s > 0, (s - 1) / root, np.where(s < 0, (s + 1) / root, 0.0)), 0.0)
    from scipy.special import ndtr
    p = 2.0 * ndtr(-np.abs(z))
    tau = s / (t * (t - 1) / 2.0) if t > 1 else np.zeros(n)
    return tau, z, p


def _trailing_run(flags: np.ndarray) -> np.ndarray:
    """Length of the run of True ending at the last column, per row."""
    n, t = flags.shape
    broken = ~flags[:, ::-1]
    first_false = np.where(broken.any(axis=1), broken.argmax(axis=1), t)
    return first_false


def categorize(hot: np.ndarray, cold: np.ndarray, trend_z: np.ndarray, trend_p: np.ndarray,
               alpha: float = ALPHA) -> np.ndarray:
    """The category of every cell from its (n, T) significant hot and cold bins and its trend."""
    n, t = hot.shape
    out = np.full(n, "no_pattern", dtype=object)
    decided = np.zeros(n, dtype=bool)
    trend = np.asarray(trend_p) <= alpha
    up, down = trend & (np.asarray(trend_z) > 0), trend & (np.asarray(trend_z) < 0)
    historical = {}
    for kind, flags, other, stronger, weaker in (("hot", hot, cold, up, down), ("cold", cold, hot, down, up)):
        final = flags[:, -1] if t else np.zeros(n, dtype=bool)
        count = flags.sum(axis=1)
        mostly = count * 10 >= 9 * t
        run = _trailing_run(flags)
        rules = (
            ("new", final & (count == 1)),
            ("consecutive", final & (run >= 2) & (count == run) & ~mostly),
            ("intensifying", final & mostly & stronger),
            ("persistent", final & mostly & ~trend),
            ("diminishing", final & mostly & weaker),
            ("sporadic", final & ~mostly & ~other.any(axis=1)),
            ("oscillating", final & ~mostly & other.any(axis=1)),
        )
        for pattern, match in rules:
            take = match & ~decided
            out[take] = f"{pattern}_{kind}"
            decided |= take
        historical[kind] = ~final & mostly
    for kind in ("hot", "cold"):
        take = historical[kind] & ~decided
        out[take] = f"historical_{kind}"
        decided |= take
    return out


@dataclass
class EmergingResult:
    """The space-time analysis of one window: per step and cell the counts and Gi*, per cell the
    trend and category."""

    step: str
    steps: list[int]                # calendar step numbers (step_index)
    counts: np.ndarray              # (T, n)
    z: np.ndarray                   # (T, n)
    p: np.ndarray
    hot: np.ndarray                 # (T, n) significant hot bins
    cold: np.ndarray
    trend_tau: np.ndarray           # (n,)
    trend_z: np.ndarray
    trend_p: np.ndarray
    category: np.ndarray            # (n,) of CATEGORIES

    @property
    def labels(self) -> list[str]:
        return [step_label(s, self.step) for s in self.steps]

    def records(self, grid_codes) -> list[dict]:
        """One plain dict per cell (the --json output)."""
        out = []
        for k, code in enumerate(grid_codes):
            out.append({
                "grid_code": None if code is None else str(code),
                "category": str(self.category[k]),
                "z": _num(self.z[-1, k]), "p": _num(self.p[-1, k]),
                "hot_steps": int(self.hot[:, k].sum()), "cold_steps": int(self.cold[:, k].sum()),
                "steps": len(self.steps),
                "trend_tau": _num(self.trend_tau[k]), "trend_z": _num(self.trend_z[k]),
                "trend_p": _num(self.trend_p[k]),
                "count": int(self.counts[:, k].sum()),
            })
        return out


def _num(value) -> float | None:
    value = float(value)
    return round(value, 6) if np.isfinite(value) else None


def emerging_hotspots(counts: np.ndarray, pairs_i: np.ndarray, pairs_j: np.ndarray, steps: list[int],
                      step: str, alpha: float = ALPHA) -> EmergingResult:
    """The analysis of (T, n) ``counts`` with the neighbour pairs of the cells (without self pairs)."""
    counts = np.asarray(counts)
    t = counts.shape[0]
    if t < MIN_STEPS:
        raise ValueError(f"emerging hot spots need at least {MIN_STEPS} time steps, the window has {t}")
    z, p = gi_star_steps(counts, pairs_i, pairs_j)
    significant = np.vstack([fdr_significant(p[k], alpha) for k in range(t)])
    hot, cold = significant & (z > 0), significant & (z < 0)
    tau, trend_z, trend_p = mann_kendall(z.T)
    category = categorize(hot.T, cold.T, trend_z, trend_p, alpha)
    return EmergingResult(step, list(steps), counts, z, p, hot, cold, tau, trend_z, trend_p, category)
