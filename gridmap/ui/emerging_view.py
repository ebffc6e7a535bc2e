"""Emerging hot spots in the window: the time-step controls of the cells' "emerging" style (step
size and a slider through the Gi* map of every step) and a cell's chart of z-scores over time."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from layers.codes import label

from ..analysis.emerging import CATEGORY_LABELS
from ..render import palette
from ..render.cell_incidents import emerging_of
from ..render.palette import hex_colour
from .i18n import Retranslating

UNITS = ("week", "month", "quarter")


class EmergingControls(Retranslating, QWidget):
    """Step size and a time slider for the cells' emerging style: position 0 shows the categories,
    position k the Gi* map of the k-th step (hot and cold spots, FDR-corrected)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.unit = QComboBox()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(1)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.unit_label = QLabel()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.unit_label)
        row.addWidget(self.unit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.slider)
        layout.addWidget(self.where)
        self.unit.currentIndexChanged.connect(self._on_unit)
        self.slider.valueChanged.connect(self._on_slider)
        self.retranslate()

    def set_project(self, project) -> None:
        self.project = project
        self.slider.blockSignals(True)
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        if self._cells() is not None:
            self._cells().set_option("emerging_step", None)
        self.refresh()

    def _cells(self):
        return self.project["grid_cells"] if self.project is not None and "grid_cells" in self.project else None

    def result(self):
        """The analysis the map shows (None without cells, incidents or enough steps)."""
        cells = self._cells()
        if cells is None or "incidents" not in self.project:
            return None
        return emerging_of(self.project, cells)

    def refresh(self, *_args) -> None:
        """Follow the incidents shown: the slider spans their steps."""
        cells = self._cells()
        if cells is None or cells.style != "emerging":
            return
        result = self.result()
        steps = 0 if result is None else len(result.steps)
        self.slider.blockSignals(True)
        self.slider.setRange(0, steps)
        self.slider.blockSignals(False)
        self._describe(result)

    def _on_unit(self, _i) -> None:
        cells = self._cells()
        if cells is not None and self.unit.currentData():
            cells.set_option("emerging_step", None)
            self.slider.blockSignals(True)
            self.slider.setValue(0)
            self.slider.blockSignals(False)
            cells.set_option("emerging_unit", self.unit.currentData())
            self.refresh()

    def _on_slider(self, value: int) -> None:
        cells = self._cells()
        if cells is not None:
            cells.set_option("emerging_step", None if value == 0 else value - 1)
        self._describe(self.result())

    def _describe(self, result) -> None:
        if result is None:
            self.where.setText(self.tr("Too few time steps in the incidents shown (at least 3)"))
            return
        value = self.slider.value()
        if value == 0:
            self.where.setText(self.tr("Categories over %1 steps, %2 to %3").replace("%1", str(len(result.steps)))
                               .replace("%2", result.labels[0]).replace("%3", result.labels[-1]))
        else:
            k = value - 1
            hot, cold = int(result.hot[k].sum()), int(result.cold[k].sum())
            self.where.setText(self.tr("Gi* of %1: %2 hot and %3 cold cells (FDR 0.05)")
                               .replace("%1", result.labels[k]).replace("%2", str(hot)).replace("%3", str(cold)))

    def retranslate(self) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        for text, key in ((self.tr("Week"), "week"), (self.tr("Month"), "month"), (self.tr("Quarter"), "quarter")):
            self.unit.addItem(text, key)
        self.unit.setCurrentIndex(max(0, self.unit.findData(current or "month")))
        self.unit.blockSignals(False)
        self.unit_label.setText(self.tr("Time step"))
        self._describe(self.result() if self.project is not None else None)


class EmergingChart(Retranslating, QWidget):
    """One cell's Gi* z-score per time step, significant hot steps red, cold ones blue, with its
    category and trend above."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.language = "zh"
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        pg.setConfigOptions(antialias=True, foreground="k", background="w")
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(170)
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.plot, 1)
        self._shown = None
        self.retranslate()

    def show_cell(self, result, k: int, grid_code: str) -> None:
        """Draw cell ``k`` of ``result`` (an EmergingResult)."""
        self._shown = (result, k, grid_code)
        self.plot.clear()
        z = result.z[:, k]
        x = np.arange(len(z))
        self.plot.plot(x, z, pen=pg.mkPen(hex_colour(palette.GRID_OUTLINE), width=2))
        for flags, colour in ((result.hot[:, k], (178, 24, 43)), (result.cold[:, k], (33, 102, 172))):
            if flags.any():
                self.plot.plot(x[flags], z[flags], pen=None, symbol="o", symbolSize=9,
                               symbolBrush=pg.mkBrush(*colour), symbolPen=pg.mkPen(*colour))
        others = ~(result.hot[:, k] | result.cold[:, k])
        if others.any():
            self.plot.plot(x[others], z[others], pen=None, symbol="o", symbolSize=6,
                           symbolBrush=pg.mkBrush(255, 255, 255), symbolPen=pg.mkPen(120, 120, 120))
        self.plot.addItem(pg.InfiniteLine(0, angle=0, pen=pg.mkPen((150, 150, 150), style=Qt.PenStyle.DashLine)))
        labels = result.labels
        every = max(1, len(labels) // 6)
        self.plot.getAxis("bottom").setTicks([[(i, labels[i]) for i in range(0, len(labels), every)]])
        self.plot.setLabel("left", "Gi* z")
        self._write_heading()

    def _write_heading(self) -> None:
        if self._shown is None:
            self.heading.setText("")
            return
        result, k, grid_code = self._shown
        category = label(CATEGORY_LABELS, str(result.category[k]), self.language)
        self.heading.setText(self.tr("%1: %2 — hot in %3 of %4 steps, cold in %5; trend τ = %6, p = %7")
                             .replace("%1", grid_code).replace("%2", category)
                             .replace("%3", str(int(result.hot[:, k].sum()))).replace("%4", str(len(result.steps)))
                             .replace("%5", str(int(result.cold[:, k].sum())))
                             .replace("%6", f"{result.trend_tau[k]:+.2f}").replace("%7", f"{result.trend_p[k]:.3f}"))

    def retranslate(self) -> None:
        self._write_heading()
