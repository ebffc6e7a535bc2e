"""Incident charts (pyqtgraph): monthly counts with last year's overlaid, counts by category, and
the quarter's key figures. They follow the incident filter; each exports as PNG."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from layers.codes import INCIDENT_CATEGORY, label

from ..analysis.incident_filter import IncidentFilter
from ..analysis.incident_stats import incident_statistics
from ..render import palette
from ..render.palette import hex_colour


def monthly_series(incidents: pd.DataFrame, mask: np.ndarray, start: pd.Timestamp, end: pd.Timestamp):
    """(month labels, counts in the window, counts of the same months a year before)."""
    months = pd.period_range(start.tz_localize(None).to_period("M"), end.tz_localize(None).to_period("M"), freq="M")
    periods = incidents["reported_at"].dt.tz_localize(None).dt.to_period("M")
    now = periods[mask].value_counts()
    before = (periods[mask] + 12).value_counts()
    return ([str(m) for m in months], np.array([now.get(m, 0) for m in months]),
            np.array([before.get(m, 0) for m in months]))


class IncidentCharts(QWidget):
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
        self._draw_monthly(incidents, mask, attr_mask, start, end)
        self._draw_categories(incidents, mask)
        self._draw_kpis(incidents[attr_mask], as_of, mask)

    def _draw_monthly(self, incidents, mask, attr_mask, start, end) -> None:
        zh = self.language == "zh"
        labels, now, _ = monthly_series(incidents, mask, start, end)
        _l, _n, before = monthly_series(incidents, attr_mask, start, end)
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

    def _draw_categories(self, incidents, mask) -> None:
        zh = self.language == "zh"
        counts = incidents["category"][mask].value_counts()
        cats = [c for c in INCIDENT_CATEGORY if counts.get(c, 0)]
        self.category.clear()
        y = np.arange(len(cats))
        brushes = [QColor(hex_colour(palette.INCIDENT_COLOUR[c])) for c in cats]
        self.category.addItem(pg.BarGraphItem(x0=0, y=y, height=0.7, width=[counts[c] for c in cats], brushes=brushes))
        self.category.getAxis("left").setTicks([[(i, label(INCIDENT_CATEGORY, c, "zh" if zh else "en"))
                                                 for i, c in enumerate(cats)]])
        self.category.setTitle("按类别" if zh else "By category")
        self.category_values = {c: int(counts[c]) for c in cats}

    def _draw_kpis(self, incidents, as_of, mask) -> None:
        zh = self.language == "zh"
        stats = incident_statistics(incidents)
        quarter = f"{as_of.year}Q{(as_of.month - 1) // 3 + 1}"
        q = stats["quarters"].get(quarter, {})
        yoy = stats["yoy"].get(quarter, {}).get("complaints")
        qoq = stats["qoq"].get(quarter, {}).get("complaints")
        shown = self.project["incidents"].data[mask]
        resolved = shown["status"].isin(["resolved", "closed"])
        days = (shown["resolved_at"] - shown["reported_at"]).dt.total_seconds()[resolved] / 86400

        def pct(v):
            return "—" if v is None else f"{v * 100:+.2f}%".replace("-", "−")
        rate = f"{resolved.mean() * 100:.1f}%" if len(shown) else "—"
        median = f"{days.median():.1f}" if len(days) else "—"
        if zh:
            text = (f"{quarter}：12345投诉 {q.get('complaints', 0)} 件（同比 {pct(yoy)}，环比 {pct(qoq)}），"
                    f"矛盾纠纷 {q.get('disputes', 0)} 件、化解 {q.get('disputes_resolved', 0)} 件。"
                    f"当前筛选 {len(shown):,} 件，办结率 {rate}，办结用时中位数 {median} 天。")
        else:
            text = (f"{quarter}: {q.get('complaints', 0)} 12345 complaints (YoY {pct(yoy)}, QoQ {pct(qoq)}), "
                    f"{q.get('disputes', 0)} disputes, {q.get('disputes_resolved', 0)} resolved. "
                    f"Shown: {len(shown):,}, resolution rate {rate}, median {median} days to resolve.")
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

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
