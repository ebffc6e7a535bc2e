"""The facility panel: who depends on the selected facility and who answers for it; link and
unlink buildings; an outage scenario with the incidents probably related; the PDF briefing."""
from __future__ import annotations

import html

import pandas as pd
from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (QComboBox, QDateTimeEdit, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QPushButton, QTextBrowser, QVBoxLayout, QWidget)

from layers.codes import BUILDING_USE, FACILITY_KIND, INCIDENT_CATEGORY, LINK_ROLE, label

from .i18n import Retranslating


class FacilityPanel(Retranslating, QWidget):
    """Shows a FacilityReport; buttons ask the controller to change data."""

    linkRequested = Signal(str)          # role
    unlinkRequested = Signal()
    outageRequested = Signal(object, float)   # start (Timestamp), distance m
    outageCleared = Signal()
    caseRequested = Signal()
    briefingRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.language = "zh"
        self.report = None
        self.view = QTextBrowser()
        self.role = QComboBox()
        self.link_button, self.unlink_button = QPushButton(), QPushButton()
        self.link_button.clicked.connect(lambda: self.linkRequested.emit(self.role.currentData()))
        self.unlink_button.clicked.connect(self.unlinkRequested.emit)
        self.links_box = QGroupBox()
        links = QHBoxLayout(self.links_box)
        links.addWidget(self.role)
        links.addWidget(self.link_button)
        links.addWidget(self.unlink_button)
        self.outage_box = QGroupBox()
        self.start = QDateTimeEdit(calendarPopup=True)
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.distance = QDoubleSpinBox(minimum=0, maximum=5000, value=300, suffix=" m", decimals=0, singleStep=50)
        self.mark_button, self.clear_button = QPushButton(), QPushButton()
        self.case_button, self.briefing_button = QPushButton(), QPushButton()
        self.mark_button.clicked.connect(self._mark)
        self.clear_button.clicked.connect(self.outageCleared.emit)
        self.case_button.clicked.connect(self.caseRequested.emit)
        self.briefing_button.clicked.connect(self.briefingRequested.emit)
        form = QFormLayout(self.outage_box)
        self.start_label_row = form.rowCount()
        form.addRow("", self.start)
        form.addRow("", self.distance)
        row = QHBoxLayout()
        for b in (self.mark_button, self.clear_button):
            row.addWidget(b)
        form.addRow(row)
        row2 = QHBoxLayout()
        for b in (self.case_button, self.briefing_button):
            row2.addWidget(b)
        form.addRow(row2)
        self.form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.links_box)
        layout.addWidget(self.outage_box)
        self.retranslate()
        self.show_report(None)

    def _mark(self) -> None:
        stamp = pd.Timestamp(self.start.dateTime().toString("yyyy-MM-ddTHH:mm:00") + "+08:00")
        self.outageRequested.emit(stamp, float(self.distance.value()))

    def set_start(self, stamp: pd.Timestamp) -> None:
        self.start.setDateTime(QDateTime.fromString(stamp.strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm"))

    def show_report(self, report, building_deps: pd.DataFrame | None = None) -> None:
        self.report = report
        zh = self.language == "zh"
        lang = "zh" if zh else "en"
        t = {
            "This building depends on": self.tr("This building depends on"),
            "no worker": self.tr("no worker"),
            "Shared facility": self.tr("Shared facility"),
            "Not shared": self.tr("Not shared"),
            "Owner": self.tr("Owner"),
            "Maintainer": self.tr("Maintainer"),
            "Affected": self.tr("Affected"),
            "buildings": self.tr("buildings"),
            "households": self.tr("households"),
            "Compounds": self.tr("Compounds"),
            "Organisations": self.tr("Organisations"),
            "Responsible cells and workers": self.tr("Responsible cells and workers"),
            "Out of service since": self.tr("Out of service since"),
            "probably related incidents": self.tr("probably related incidents"),
        }
        has = report is not None
        for w in (self.links_box, self.outage_box):
            w.setEnabled(has)
        self.case_button.setEnabled(has and report.related_incidents is not None and len(report.related_incidents) > 0)
        self.clear_button.setEnabled(has and report.related_incidents is not None)
        if not has:
            text = self.tr("Select a facility on the map (select tool) to see who depends on it.")
            if building_deps is not None:
                rows = "".join(f"<li>{html.escape(str(r.name))} ({html.escape(label(FACILITY_KIND, r.kind, lang))}) — "
                               f"{html.escape(label(LINK_ROLE, r.role, lang))}</li>" for r in building_deps.itertuples())
                text = f"<b>{t['This building depends on']}</b><ul>{rows or '<li>—</li>'}</ul>"
            self.view.setHtml(text)
            return
        e = html.escape
        cells = "".join(f"<li>{e(c['grid_code'])} {e(c['name'] or '')} — {e(c['worker'] or t['no worker'])}</li>"
                        for c in report.cells)
        buildings = "".join(f"<tr><td>{e(str(b.address))}</td><td>{e(str(b.compound or ''))}</td>"
                            f"<td>{e(label(BUILDING_USE, b.use, lang))}</td><td align='right'>{b.households}</td>"
                            f"<td>{e(str(b.grid_code or '—'))}</td></tr>" for b in report.buildings.itertuples())
        shared = t["Shared facility"] if report.shared else t["Not shared"]
        parts = [f"<h3>{e(report.name or report.facility_id)}</h3>",
                 f"<p>{e(report.facility_id)} · {e(label(FACILITY_KIND, report.kind, lang))} · <b>{shared}</b></p>",
                 f"<p>{t['Owner']}: {e(report.owner or '—')}<br>{t['Maintainer']}: {e(report.maintainer or '—')}</p>",
                 f"<p><b>{t['Affected']}</b>: {len(report.buildings)} {t['buildings']}, "
                 f"{report.households} {t['households']}</p>",
                 f"<p>{t['Compounds']}: {e('、'.join(report.compounds) or '—')}<br>"
                 f"{t['Organisations']}: {e('、'.join(report.organisations) or '—')}</p>",
                 f"<p><b>{t['Responsible cells and workers']}</b></p><ul>{cells or '<li>—</li>'}</ul>",
                 f"<table border='1' cellspacing='0' cellpadding='2'>{buildings}</table>"]
        if report.related_incidents is not None:
            rows = "".join(f"<li>{r.reported_at:%m-%d %H:%M} {e(label(INCIDENT_CATEGORY, r.category, lang))} "
                           f"{e(str(r.address or ''))} ({e(str(r.incident_id))})</li>"
                           for r in report.related_incidents.itertuples())
            parts.append(f"<p><b>{t['Out of service since']} {report.outage_since:%Y-%m-%d %H:%M}</b> — "
                         f"{len(report.related_incidents)} {t['probably related incidents']}</p><ul>{rows}</ul>")
        self.view.setHtml("".join(parts))

    def retranslate(self) -> None:
        self.links_box.setTitle(self.tr("Links"))
        current = self.role.currentData()
        self.role.clear()
        for code in LINK_ROLE:
            self.role.addItem(label(LINK_ROLE, code, "zh" if self.language == "zh" else "en"), code)
        self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self.link_button.setText(self.tr("Link selected buildings"))
        self.unlink_button.setText(self.tr("Unlink selected buildings"))
        self.outage_box.setTitle(self.tr("Outage"))
        self.form.labelForField(self.start) and self.form.labelForField(self.start).setText(self.tr("Since"))
        self.form.labelForField(self.distance) and self.form.labelForField(self.distance).setText(self.tr("Within"))
        self.mark_button.setText(self.tr("Mark out of service"))
        self.clear_button.setText(self.tr("Clear outage"))
        self.case_button.setText(self.tr("Link incidents to one case"))
        self.briefing_button.setText(self.tr("Briefing PDF…"))
        self.show_report(self.report)

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()
