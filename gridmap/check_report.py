"""The readable text report of ``gridmap check``."""
from __future__ import annotations

from layers.messages import language, msg

from .analysis.coverage import FINDING_LABELS_EN, FINDING_LABELS_ZH, FINDING_TYPES

MAX_LISTED = 12


def _describe(f) -> str:
    parts = [", ".join(f.ids) if f.ids else ""]
    if f.area_m2 is not None and f.type in ("gap", "overlap", "cell_outside"):
        parts.append(f"{f.area_m2:.2f} m²")
    for key, value in f.detail.items():
        if key in ("window_days",):
            continue
        parts.append(f"{key}={value}")
    return "  ".join(p for p in parts if p)


def print_report(project, report) -> None:
    labels = FINDING_LABELS_ZH if language() == "zh" else FINDING_LABELS_EN
    print(msg("check_header", path=project.source, as_of=report.as_of.strftime("%Y-%m-%d %H:%M"),
              days=report.options.window_days))
    if report.ok:
        print(msg("check_ok"))
        return
    summary = report.summary()
    for kind in FINDING_TYPES:
        if not summary.get(kind):
            continue
        print(f"\n{kind} — {labels[kind]}: {summary[kind]}")
        found = report.of_type(kind)
        for f in found[:MAX_LISTED]:
            print(f"  - {_describe(f)}")
        if len(found) > MAX_LISTED:
            print(f"  … (+{len(found) - MAX_LISTED})")
    print("\n" + msg("check_total", count=len(report.findings), seconds=report.seconds))
