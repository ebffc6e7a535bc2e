"""The coverage check (线索摸排"零死角"): every square metre and every building in exactly one cell
with a worker who patrols it. Plain functions over the project's data, no Qt."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np
import pandas as pd
import shapely

from ...io.crs import transformer
from ..assignment import project_assignment
from ..derived import derived
from ..timeref import reference_time
from .activity import incident_findings, patrol_findings
from .attributes import cell_findings
from .facilities import facility_findings
from .model import FINDING_LABELS_EN, FINDING_LABELS_ZH, FINDING_TYPES, CoverageOptions, CoverageReport, Finding
from .spatial import building_findings, cells_outside, gaps, invalid_geometries, overlaps

__all__ = ["check_coverage", "CoverageOptions", "CoverageReport", "Finding", "FINDING_TYPES",
           "FINDING_LABELS_ZH", "FINDING_LABELS_EN", "report_json"]

Progress = Callable[[int, int, str], None]


class Cancelled(Exception):
    """The user cancelled a long check."""


def check_coverage(project, options: CoverageOptions | None = None, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> CoverageReport:
    """Run every coverage check on ``project``; returns a CoverageReport.

    ``progress(step, steps, name)`` is called between steps; ``cancelled()`` returning True
    stops the check with Cancelled. Raises ValueError for options out of range or a holes
    layer that does not exist.
    """
    opts = options or CoverageOptions()
    opts.validate()
    if opts.holes_layer and opts.holes_layer not in project:
        raise ValueError(f"the holes layer {opts.holes_layer!r} is not in the project")
    start = time.perf_counter()
    as_of = pd.Timestamp(opts.as_of) if opts.as_of is not None else reference_time(project)
    steps = ["geometry", "buildings", "cells", "patrols", "incidents", "facilities"]

    def step(k: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            progress(k, len(steps), steps[k] if k < len(steps) else "done")

    def metric(name):
        return np.asarray(project.to_metric(name).geometry.values) if name in project else np.empty(0, object)

    step(0)
    cell_geoms = metric("grid_cells")
    codes = project["grid_cells"].data["grid_code"].astype(str).to_numpy() if "grid_cells" in project else np.empty(0)
    boundary = metric("boundary")
    holes = metric(opts.holes_layer) if opts.holes_layer else np.empty(0, object)

    def geometry_checks() -> list[Finding]:
        return (gaps(boundary, cell_geoms, holes, opts) + overlaps(cell_geoms, codes, opts)
                + cells_outside(boundary, cell_geoms, codes, opts) + invalid_geometries("grid_cells", cell_geoms, codes))
    # The cell geometry checks are GEOS work that drops the GIL: they run in a second thread
    # while this one does the building, patrol and incident checks (pandas and Python).
    pool = ThreadPoolExecutor(1, thread_name_prefix="coverage-geometry") if len(cell_geoms) else None
    geometry = pool.submit(geometry_checks) if pool is not None else None
    try:
        last_days, findings = _rest_of_checks(project, opts, as_of, cell_geoms, codes, metric, step)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    # Without cells the whole boundary is one gap: reported like any other.
    findings += geometry.result() if geometry is not None else geometry_checks()
    return CoverageReport(_in_report_order(findings), opts, as_of, time.perf_counter() - start, last_days)


def _in_report_order(findings: list) -> "Findings":
    """By type in FINDING_TYPES order, then by feature ids (batches sorted as columns)."""
    from .batch import in_report_order
    return in_report_order(findings)


def _rest_of_checks(project, opts, as_of, cell_geoms, codes, metric, step) -> tuple[np.ndarray, list[Finding]]:
    """Buildings, cells, patrols, incidents, facilities: (days since each cell's last patrol, findings)."""
    findings: list[Finding] = []
    step(1)
    primary = np.full(len(project["buildings"]) if "buildings" in project else 0, -1)
    if "buildings" in project:
        b_geoms = metric("buildings")
        b_ids = project["buildings"].data["building_id"].astype(str).to_numpy()
        # Validity and the building -> cell assignment are remembered for these very metric frames:
        # a re-check after an incident or patrol edit does not redo them (an edit of cells or
        # buildings makes new frames, so they are computed again).
        valid = derived(project.to_metric("buildings"), _validity)
        findings += invalid_geometries("buildings", b_geoms, b_ids, valid)
        assigned = project_assignment(project, opts.tolerance_m)
        primary = assigned.primary
        findings += building_findings(b_geoms, b_ids, project["buildings"].data["grid_code"].to_numpy(),
                                      codes, assigned, opts)
    step(2)
    households = np.zeros(len(cell_geoms), dtype=np.int64)
    if len(cell_geoms):
        from ..stats import cell_households
        households, sources = cell_households(project, primary if "buildings" in project else None)
        findings += cell_findings(project["grid_cells"].data, cell_geoms, households, opts, sources)
    step(3)
    patrol, last_days = patrol_findings(project, as_of, opts)
    findings += patrol
    step(4)
    findings += incident_findings(project, as_of, households, opts)
    step(5)
    findings += facility_findings(project)
    step(6)
    return last_days, findings


def warm_up(project) -> None:
    """Compute what a first check of ``project`` needs first and remembers for these very
    metric frames (building validity, the building -> cell assignment): the loader does it in
    its thread after opening, so the first check the user runs is a re-check."""
    if "buildings" in project:
        derived(project.to_metric("buildings"), _validity)
        if "grid_cells" in project:
            project_assignment(project, CoverageOptions().tolerance_m)


def _validity(frame) -> np.ndarray:
    return shapely.is_valid(np.asarray(frame.geometry.values))


def report_json(project, report: CoverageReport) -> dict:
    """The report as JSON: ``summary`` (type -> count) and ``findings`` with WKT in EPSG:4326."""
    to_wgs84 = transformer(project.metric_crs, "EPSG:4326")

    def wgs84(geom):
        return shapely.transform(geom, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1])))

    return {
        "as_of": report.as_of.isoformat(),
        "options": {"tolerance_m": report.options.tolerance_m, "min_gap_m2": report.options.min_gap_m2,
                    "households": [report.options.households_min, report.options.households_max],
                    "window_days": report.options.window_days, "overdue_days": report.options.overdue_days},
        "summary": report.summary(),
        "findings": [f.to_json(wgs84) for f in report.findings],
    }
