"""The command centre's view of case work: per responsible department the open, overdue, late and
settled cases and the median time to settle them; and which share of the disputes settled this
quarter were settled in the community and in the street, against the quarter before
("小事不出社区、大事不出街道"). Figures from ``analysis.dispatch`` (definitions there)."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from layers.codes import INCIDENT_LEVEL, label

from ..analysis.dispatch import department_stats, settled_shares
from ..analysis.timeref import reference_time
from .i18n import Retranslating

COLUMNS = ("open", "overdue", "late", "resolved", "median_hours")


def quarter_bounds(as_of: pd.Timestamp, back: int = 0) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(start, end) of the quarter holding ``as_of``, or ``back`` quarters before it."""
    start = pd.Timestamp(year=as_of.year, month=3 * ((as_of.month - 1) // 3) + 1, day=1, tz=as_of.tz)
    start = start - pd.DateOffset(months=3 * back)
    return start, start + pd.DateOffset(months=3) - pd.Timedelta(microseconds=1)


class CasesPanel(Retranslating, QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.language = "zh"
        self.heading = QLabel()
        self.shares = QLabel()
        self.shares.setWordWrap(True)
        self.table = QTableWidget(0, 1 + len(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.shares)
        layout.addWidget(self.table, 1)
        self.figures = None
        self.retranslate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self.refresh()

    def set_project(self, project) -> None:
        self.project = project
        if project is not None and "incidents" in project:
            project["incidents"].events.data.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        project = self.project
        if project is not None and "incidents" in project and not self.isVisible():
            # A hidden panel (the default) computes nothing: a city's figures take 0.4 s, on
            # every incident edit. It catches up when shown.
            self._stale = True
            return
        self._stale = False
        if project is None or "incidents" not in project:
            self.figures = None
            self.table.setRowCount(0)
            self.retranslate()
            return
        incidents = project["incidents"].data
        self.as_of = reference_time(project)
        self.figures = department_stats(incidents, self.as_of)
        self.now = settled_shares(incidents, *quarter_bounds(self.as_of))
        self.before = settled_shares(incidents, *quarter_bounds(self.as_of, back=1))
        rows = list(self.figures["departments"].items()) + [(None, self.figures["not_dispatched"])]
        self.table.setRowCount(len(rows))
        for r, (name, figures) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(name if name is not None else self.tr("(not dispatched)")))
            for c, key in enumerate(COLUMNS, start=1):
                value = figures[key]
                item = QTableWidgetItem("—" if value is None else (f"{value:.1f}" if key == "median_hours" else str(value)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if key == "overdue" and value:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        self.retranslate()

    def share_text(self) -> str:
        parts = []
        for level in ("community", "street"):
            now, before = self.now.get(level), self.before.get(level)
            if now is None:
                continue
            zh = self.language == "zh"
            delta = None if before is None else f"{now * 100 - before * 100:+.0f}"
            change = "" if delta is None else (f"（{delta}）" if zh else f" ({delta})")
            parts.append(f"{label(INCIDENT_LEVEL, level, self.language)} {now:.0%}{change}")
        return ("；" if self.language == "zh" else "; ").join(parts)

    def retranslate(self) -> None:
        from PySide6.QtWidgets import QDockWidget
        if isinstance(self.parentWidget(), QDockWidget):
            self.parentWidget().setWindowTitle(self.tr("Cases by department"))
        self.table.setHorizontalHeaderLabels([self.tr("Department"), self.tr("Open"), self.tr("Overdue"),
                                              self.tr("Late"), self.tr("Settled"), self.tr("Median hours")])
        if self.figures is None:
            self.heading.setText(self.tr("No cases"))
            self.shares.setText("")
            return
        self.heading.setText(self.tr("Cases by department, as of %1").replace("%1", f"{self.as_of:%Y-%m-%d %H:%M}"))
        text = self.share_text()
        self.shares.setText(self.tr("Disputes settled this quarter, by level (change from last quarter, points): %1")
                            .replace("%1", text) if text else self.tr("No disputes settled at a level this quarter"))


def install(window) -> CasesPanel:
    """The panel as a dock beside the charts, in the Incidents and View menus; it follows the
    window's project."""
    panel = CasesPanel()
    panel.language = window.language
    dock = window._dock("cases", panel, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.tabifyDockWidget(window.charts_dock, dock)
    panel.retranslate()
    dock.hide()
    window.cases_dock = dock
    window.incident_menu.addAction(dock.toggleViewAction())
    window.view_menu.addAction(dock.toggleViewAction())
    window.projectChanged.connect(panel.set_project)
    return panel
