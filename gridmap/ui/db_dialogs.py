"""The dialogs of a database project: connecting (File → Open database…), resolving a conflict
(theirs, mine, or field by field) and a feature's history with restore. Sensitive values are masked
unless the user asks to see them, as in the identify panel."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout)

from .formatting import MASK, display_value
from .settings import settings


def _shown(value, sensitive: bool, reveal: bool) -> str:
    if sensitive and not reveal and value is not None and display_value(value):
        return MASK
    if hasattr(value, "geom_type"):
        return f"{value.geom_type} ({len(value.wkb)} B)" if not value.is_empty else ""
    return display_value(value)


class ConnectDialog(QDialog):
    """Host, port, database, user and project of a database project; no password is asked for or
    kept: libpq takes it from PGPASSWORD, ~/.pgpass or a service file."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open database project"))
        s = settings()
        self.host = QLineEdit(str(s.value("db/host", "localhost")))
        self.port = QSpinBox(minimum=1, maximum=65535, value=int(s.value("db/port", 5432)))
        self.database = QLineEdit(str(s.value("db/database", "gridmap")))
        self.user = QLineEdit(str(s.value("db/user", "")))
        self.project = QLineEdit(str(s.value("db/project", "")))
        form = QFormLayout(self)
        form.addRow(self.tr("Host or socket folder"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Project"), self.project)
        note = QLabel(self.tr("The password is taken from ~/.pgpass, PGPASSWORD or a service file; "
                              "GridMap never stores it."))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def url(self) -> str:
        from urllib.parse import quote, urlencode
        host = self.host.text().strip()
        query = {"project": self.project.text().strip()}
        netloc = quote(self.user.text().strip())
        if host.startswith("/"):            # a unix socket folder goes in the query
            query = {"host": host, "port": str(self.port.value()), **query}
            netloc += "@"
        else:
            netloc += f"@{host}:{self.port.value()}"
        return f"postgresql://{netloc}/{quote(self.database.text().strip())}?{urlencode(query)}"

    def remember(self) -> None:
        s = settings()
        for key, value in (("host", self.host.text()), ("port", self.port.value()), ("database", self.database.text()),
                           ("user", self.user.text()), ("project", self.project.text())):
            s.setValue(f"db/{key}", value)


class ConflictDialog(QDialog):
    """One table per conflicting row: field, value when read, mine, theirs, and which to keep."""

    def __init__(self, rows: list[dict], sensitive: dict, parent=None, labels: dict | None = None) -> None:
        super().__init__(parent)
        self.rows, self.sensitive, self.labels = rows, sensitive, labels or {}
        self.setWindowTitle(self.tr("Changed by someone else"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("These rows were changed at another desk since you read them. "
                                        "Nothing was saved. Choose what to keep, then save again.")))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("When you read it"), self.tr("Yours"),
                                              self.tr("Theirs"), self.tr("Keep")])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.reveal = QCheckBox(self.tr("Show sensitive values"))
        self.reveal.toggled.connect(self._fill)
        layout.addWidget(self.reveal)
        buttons = QHBoxLayout()
        self.mine_button = QPushButton(self.tr("Keep all mine"))
        self.theirs_button = QPushButton(self.tr("Take all theirs"))
        self.choices_button = QPushButton(self.tr("Keep my choices"))
        cancel = QPushButton(self.tr("Cancel"))
        for b in (self.mine_button, self.theirs_button, self.choices_button, cancel):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.mine_button.clicked.connect(lambda: self._finish("mine"))
        self.theirs_button.clicked.connect(lambda: self._finish("theirs"))
        self.choices_button.clicked.connect(lambda: self._finish("choices"))
        cancel.clicked.connect(self.reject)
        self.combos: dict[tuple, QComboBox] = {}
        self.result_choices: dict | None = None
        self._fill()

    def _fill(self) -> None:
        reveal = self.reveal.isChecked()
        keep = {key: combo.currentData() for key, combo in self.combos.items()}
        self.combos = {}
        lines = []
        for r in self.rows:
            lines.append((r, None))
            if r["deleted"]:
                continue
            lines += [(r, c) for c in r["columns"]]
        self.table.setRowCount(len(lines))
        for i, (r, column) in enumerate(lines):
            if column is None:
                title = f"{self.labels.get(r['layer'], r['layer'])} #{r['fid']}" + ("  — " + self.tr("deleted at the other desk") if r["deleted"] else "")
                item = QTableWidgetItem(title)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.table.setItem(i, 0, item)
                for j in range(1, 5):
                    self.table.setItem(i, j, QTableWidgetItem(""))
                continue
            name, read, mine, theirs = column
            secret = name in self.sensitive.get(r["layer"], ())
            for j, value in enumerate((name, _shown(read, secret, reveal), _shown(mine, secret, reveal),
                                       _shown(theirs, secret, reveal))):
                self.table.setItem(i, j, QTableWidgetItem(value))
            combo = QComboBox()
            combo.addItem(self.tr("Theirs"), "theirs")
            combo.addItem(self.tr("Mine"), "mine")
            key = (r["layer"], r["fid"], name)
            from ..server.sync import _differs
            geometry = hasattr(read, "geom_type") or hasattr(mine, "geom_type")
            default = "mine" if _differs(read, mine, geometry) and not _differs(read, theirs, geometry) else "theirs"
            combo.setCurrentIndex(combo.findData(keep.get(key, default)))
            self.table.setCellWidget(i, 4, combo)
            self.combos[key] = combo
        self.table.resizeColumnsToContents()

    def choices(self, how: str) -> dict:
        if how in ("mine", "theirs"):
            return {(r["layer"], r["fid"]): how for r in self.rows}
        out: dict = {}
        for (layer, fid, column), combo in self.combos.items():
            out.setdefault((layer, fid), {})[column] = combo.currentData()
        for r in self.rows:
            out.setdefault((r["layer"], r["fid"]), "theirs")
        return out

    def _finish(self, how: str) -> None:
        self.result_choices = self.choices(how)
        self.accept()


class HistoryDialog(QDialog):
    """Every recorded version of one feature: when, who, what changed; restore one of them."""

    def __init__(self, title: str, versions: list, sensitive: set, parent=None) -> None:
        super().__init__(parent)
        self.versions, self.sensitive = versions, sensitive
        self.chosen = None
        self.setWindowTitle(self.tr("History of %1").replace("%1", title))
        self.resize(820, 460)
        layout = QVBoxLayout(self)
        self.list = QTableWidget(len(versions), 4)
        self.list.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Who"), self.tr("Change"), self.tr("Fields")])
        self.list.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        names = {"INSERT": self.tr("created"), "UPDATE": self.tr("changed"), "DELETE": self.tr("deleted")}
        for i, v in enumerate(versions):
            fields = ", ".join(c for c in v.changed() if c not in ("fid", "version"))
            for j, text in enumerate((v.at.strftime("%Y-%m-%d %H:%M:%S"), v.who, names.get(v.op, v.op), fields)):
                self.list.setItem(i, j, QTableWidgetItem(text))
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.resizeColumnsToContents()
        layout.addWidget(self.list, 1)
        self.detail = QTableWidget(0, 3)
        self.detail.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Before"), self.tr("After")])
        self.detail.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.detail, 1)
        row = QHBoxLayout()
        self.reveal = QCheckBox(self.tr("Show sensitive values"))
        self.reveal.toggled.connect(self._show)
        row.addWidget(self.reveal)
        row.addStretch(1)
        self.restore_button = QPushButton(self.tr("Restore this version"))
        self.restore_button.clicked.connect(self._restore)
        row.addWidget(self.restore_button)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.list.itemSelectionChanged.connect(self._show)
        if versions:
            self.list.selectRow(len(versions) - 1)

    def current(self):
        rows = self.list.selectionModel().selectedRows()
        return self.versions[rows[0].row()] if rows else None

    def _show(self) -> None:
        v = self.current()
        self.detail.setRowCount(0)
        if v is None:
            return
        reveal = self.reveal.isChecked()
        columns = [c for c in v.values if c not in ("fid", "version")]
        self.detail.setRowCount(len(columns))
        for i, c in enumerate(columns):
            secret = c in self.sensitive
            before = (v.before or {}).get(c)
            after = (v.after or {}).get(c)
            for j, text in enumerate((c, _shown(before, secret, reveal), _shown(after, secret, reveal))):
                item = QTableWidgetItem(text)
                if c in v.changed() and v.op == "UPDATE":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.detail.setItem(i, j, item)
        self.detail.resizeColumnsToContents()
        self.restore_button.setEnabled(True)

    def _restore(self) -> None:
        self.chosen = self.current()
        if self.chosen is not None:
            self.accept()


