"""Incident charts (pyqtgraph): monthly counts with last year's overlaid, counts by category, and
the quarter's key figures. They follow the incident filter; each exports as PNG."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from layers.codes import INCIDENT_CATEGORY, label

from ..analysis.incident_filter import IncidentFilter
from ..render import palette
from ..render.palette import hex_colour
from .i18n import Retranslating


def monthly_series(cube, mask: np.ndarray, attr_mask: np.ndarray, start: pd.Timestamp, end: pd.Timestamp):
    """(month labels, counts shown in the window, counts of the same months a year before)."""
    first = (start.year - 1970) * 12 + start.month - 1
    last = (end.year - 1970) * 12 + end.month - 1
    months = np.arange(first, last + 1)
    now = np.bincount(np.clip(cube.month[mask] - first, -1, len(months)) + 1, minlength=len(months) + 2)[1:-1]
    shifted = cube.month[attr_mask] + 12
    before = np.bincount(np.clip(shifted - first, -1, len(months)) + 1, minlength=len(months) + 2)[1:-1]
    return [cube.month_label(int(m)) for m in months], now[:len(months)], before[:len(months)]


class IncidentCharts(Retranslating, QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.language = "zh"
        self.project = None
        self.panel = None
        pg.setConfigOptions(antialias=True, foreground="k", background="w")
        self.monthly = pg.PlotWidget()
        self.category = pg.PlotWidget()
        for plot in (self.monthly, self.category):
            plot.showGrid(y=True, alpha=0.25)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
        self.monthly.addLegend(offset=(10, 10))
        self.kpi = QLabel()
        self.kpi.setWordWrap(True)
        self.export_monthly = QPushButton()
        self.export_category = QPushButton()
        self.export_monthly.clicked.connect(lambda: self._ask_export(self.monthly, "monthly.png"))
        self.export_category.clicked.connect(lambda: self._ask_export(self.category, "categories.png"))
        top = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.monthly, 1)
        left.addWidget(self.export_monthly)
        right.addWidget(self.category, 1)
        right.addWidget(self.export_category)
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.kpi)
        layout.addLayout(top, 1)
        self.retranslate()

    def set_source(self, project, panel) -> None:
        """Follow ``panel``'s filter over ``project``'s incidents."""
        self.project, self.panel = project, panel
        self.refresh()

    def refresh(self, *_args) -> None:
        if self.project is None or self.panel is None or "incidents" not in self.project or self.panel._index is None:
            return
        incidents = self.project["incidents"].data
        cube = self.panel.cube
        as_of = self.panel.as_of()
        flt = self.panel.filter
        mask = self.project["incidents"].filter_mask
        mask = np.ones(len(incidents), dtype=bool) if mask is None else mask
        attributes = IncidentFilter(categories=flt.categories, kinds=flt.kinds, statuses=flt.statuses,
                                    sources=flt.sources)
        attr_mask = self.panel._index.mask(attributes, as_of)
        start, end = flt.window(as_of)
        if start is None:
            start, end = incidents["reported_at"].min(), incidents["reported_at"].max()
        self._draw_monthly(cube, mask, attr_mask, start, end)
        self._draw_categories(cube, mask)
        self._draw_kpis(cube, attr_mask, as_of, mask)

    def _draw_monthly(self, cube, mask, attr_mask, start, end) -> None:
        zh = self.language == "zh"
        labels, now, before = monthly_series(cube, mask, attr_mask, start, end)
        self.monthly.clear()
        x = np.arange(len(labels))
        self.monthly.addItem(pg.BarGraphItem(x=x, height=now, width=0.7, brush=QColor(41, 98, 155, 200),
                                             name="本期" if zh else "this period"))
        self.monthly.plot(x, before, pen=pg.mkPen(QColor(230, 126, 34), width=2.5), symbol="o", symbolSize=6,
                          symbolBrush=QColor(230, 126, 34), name="上年同期" if zh else "same months last year")
        step = max(1, len(labels) // 12)
        self.monthly.getAxis("bottom").setTicks([[(i, labels[i]) for i in range(0, len(labels), step)]])
        self.monthly.setTitle("按月事件数" if zh else "Incidents per month")
        self.monthly_values = (labels, now, before)

    def _draw_categories(self, cube, mask) -> None:
        zh = self.language == "zh"
        counts = cube.categories_of(mask)
        cats = [c for c in INCIDENT_CATEGORY if counts.get(c, 0)]
        self.category.clear()
        y = np.arange(len(cats))
        brushes = [QColor(hex_colour(palette.INCIDENT_COLOUR[c])) for c in cats]
        self.category.addItem(pg.BarGraphItem(x0=0, y=y, height=0.7, width=[counts[c] for c in cats], brushes=brushes))
        self.category.getAxis("left").setTicks([[(i, label(INCIDENT_CATEGORY, c, "zh" if zh else "en"))
                                                 for i, c in enumerate(cats)]])
        self.category.setTitle("按类别" if zh else "By category")
        self.category_values = {c: int(counts[c]) for c in cats}

    def _draw_kpis(self, cube, attr_mask, as_of, mask) -> None:
        zh = self.language == "zh"
        quarters = cube.by_period(attr_mask, "quarter")
        this = (as_of.year - 1970) * 4 + (as_of.month - 1) // 3
        quarter = cube.quarter_label(this)

        def row(q):
            return quarters.loc[q] if q in quarters.index else None

        def change(a, b, column):
            if a is None or b is None or not b[column]:
                return None
            return (a[column] - b[column]) / b[column]
        q, last_year, prev = row(this), row(this - 4), row(this - 1)
        yoy, qoq = change(q, last_year, "complaints"), change(q, prev, "complaints")

        def pct(v):
            return "—" if v is None else f"{v * 100:+.2f}%".replace("-", "−")
        shown = int(mask.sum())
        rate = f"{cube.resolved[mask].mean() * 100:.1f}%" if shown else "—"
        median = cube.median_days(mask)
        median = "—" if median != median else f"{median:.1f}"
        complaints = int(q["complaints"]) if q is not None else 0
        disputes = int(q["disputes"]) if q is not None else 0
        resolved = int(q["disputes_resolved"]) if q is not None else 0
        if zh:
            text = (f"{quarter}：12345投诉 {complaints} 件（同比 {pct(yoy)}，环比 {pct(qoq)}），"
                    f"矛盾纠纷 {disputes} 件、化解 {resolved} 件。"
                    f"当前筛选 {shown:,} 件，办结率 {rate}，办结用时中位数 {median} 天。")
        else:
            text = (f"{quarter}: {complaints} 12345 complaints (YoY {pct(yoy)}, QoQ {pct(qoq)}), "
                    f"{disputes} disputes, {resolved} resolved. "
                    f"Shown: {shown:,}, resolution rate {rate}, median {median} days to resolve.")
        self.kpi.setText(text)

    def export_png(self, which: str, path: str) -> bool:
        """Save a chart ("monthly" or "category") as PNG; returns success."""
        widget = self.monthly if which == "monthly" else self.category
        return widget.grab().save(str(path))

    def _ask_export(self, widget, default: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export chart"), default, "PNG (*.png)")
        if path:
            widget.grab().save(path)

    def retranslate(self) -> None:
        self.export_monthly.setText(self.tr("Export PNG…"))
        self.export_category.setText(self.tr("Export PNG…"))
        self.refresh()

    def set_language(self, language: str) -> None:
        self.language = language
        self.refresh()
