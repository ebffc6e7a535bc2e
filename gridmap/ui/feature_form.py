"""The attribute form: the fields of the selected features (one, or several edited at once), each
checked by the data contract as it is typed, the reason shown beside the field. A field that the
selected features hold different values in shows "several values" and changes only if edited.
Applying is one undoable step; a cell's new grid code is carried into the buildings, incidents and
patrols that refer to it."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, \
    QVBoxLayout, QWidget

from layers import LAYER_CLASSES
from layers.codes import label
from layers.column_labels import column_label
from layers.messages import language
from layers.row_ids import FID

from ..io.update import value_problem


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


class FeatureForm(QDialog):
    def __init__(self, parent, project, name: str, rows: list[int]) -> None:
        super().__init__(parent)
        self.project, self.name, self.rows = project, name, [int(r) for r in rows]
        self.layer = project[name]
        frame = self.layer.data
        cls = LAYER_CLASSES.get(name)
        self.spec = cls.spec if cls is not None else None
        geometry = getattr(frame, "_geometry_column_name", None)
        self.columns = [c for c in frame.columns if c not in (FID, geometry)]
        kinds = {c.name: c for c in self.spec.columns} if self.spec else {}
        self.setWindowTitle(self.tr("Attributes of %1 (%2 features)").replace("%1", self.layer.name)
                            .replace("%2", str(len(self.rows))) if len(self.rows) > 1 else
                            self.tr("Attributes of %1").replace("%1", self.layer.name))
        form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self.reasons: dict[str, QLabel] = {}
        self.edited: set[str] = set()
        for column in self.columns:
            values = {_text(v) for v in frame[column].iloc[self.rows]}
            common = values.pop() if len(values) == 1 else None
            spec_column = kinds.get(column)
            if spec_column is not None and spec_column.codes:
                field = QComboBox(self)
                if common is None:
                    field.addItem(self.tr("(several values)"), None)
                field.addItem("", "")
                for code in spec_column.codes:
                    field.addItem(f"{label(spec_column.codes, code, language())} ({code})", code)
                field.setCurrentIndex(max(field.findData(common), 0))
                field.activated.connect(lambda _i, c=column: self._changed(c))
            else:
                field = QLineEdit(common or "", self)
                if common is None:
                    field.setPlaceholderText(self.tr("(several values)"))
                if column in self.layer.sensitive_columns:
                    # phones show as dots until edited: not over a shoulder, not in a screenshot
                    field.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
                field.textEdited.connect(lambda _t, c=column: self._changed(c))
            reason = QLabel(self)
            reason.setStyleSheet("color: #c0392b")
            row = QHBoxLayout()
            row.addWidget(field, 2)
            row.addWidget(reason, 1)
            box = QWidget(self)
            box.setLayout(row)
            caption = QLabel(column_label(column, language()), self)
            caption.setToolTip(column)
            form.addRow(caption, box)
            self.fields[column], self.reasons[column] = field, reason
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def value(self, column: str) -> str | None:
        field = self.fields[column]
        text = field.currentData() if isinstance(field, QComboBox) else field.text().strip()
        return text if text else None

    def set_value(self, column: str, text: str) -> None:
        """Type ``text`` into a field (tests and scripts; a code for a coded field)."""
        field = self.fields[column]
        if isinstance(field, QComboBox):
            field.setCurrentIndex(field.findData(text))
        else:
            field.setText(text)
        self._changed(column)

    def _changed(self, column: str) -> None:
        self.edited.add(column)
        problem = None
        if self.spec is not None:
            problem = value_problem(self.spec, self.layer.data.iloc[[self.rows[0]]], column, self.value(column))
        self.reasons[column].setText(self.tr("should be %1").replace("%1", problem) if problem else "")
        ok = not any(r.text() for r in self.reasons.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The new frames: the layer with the edited fields set on every selected feature (and, for a
        cell's new code, the layers that refer to it)."""
        values = {c: self.value(c) for c in sorted(self.edited)
                  if not (isinstance(self.fields[c], QComboBox) and self.fields[c].currentData() is None)}
        return edited_frames(self.project, self.name, self.rows, values)


def edited_frames(project, name: str, rows: list[int], values: dict) -> dict[str, pd.DataFrame]:
    """Layer ``name`` with ``values`` (column -> value) set on ``rows``; a cell's new grid code is
    carried into the layers that refer to it."""
    frame = project[name].data.copy()
    mapping = {}
    for column, new in values.items():
        if column == "grid_code" and name == "grid_cells":
            mapping.update({old: new for old in frame[column].iloc[rows] if isinstance(old, str) and new})
        if frame[column].dtype != object:
            frame[column] = frame[column].astype(object)      # the layer types it again
        for row in rows:
            frame.iat[row, frame.columns.get_loc(column)] = new
    out = {name: frame}
    if mapping:
        from ..analysis.fixes import _recode
        _recode(project, mapping, out)
    return out


def edit_cell(window, name: str, row: int, column: str, text: str) -> str | None:
    """One value typed into the attribute table: checked by the contract like the form (a refusal
    is shown in the status bar and returned), applied as one undoable step."""
    project = window.project
    layer = project[name]
    cls = LAYER_CLASSES.get(name)
    value = text.strip() or None
    problem = value_problem(cls.spec, layer.data.iloc[[row]], column, value) if cls is not None else None
    if problem is not None:
        reason = QCoreApplication.translate("FeatureForm", "%1 should be %2").replace(
            "%1", column_label(column, language())).replace("%2", problem)
        window.statusBar().showMessage(reason, 10000)
        return reason
    from .undo import apply_frames
    apply_frames(window.undo_stack, project, edited_frames(project, name, [int(row)], {column: value}),
                 QCoreApplication.translate("FeatureForm", "Edit %1").replace("%1", column_label(column, language())))
    return None


def edit_selected(window) -> bool:
    """Open the form for the selection of the current layer (or the first layer with a selection)."""
    project = window.project
    if project is None:
        return False
    current = window.layer_panel.current_name()
    names = ([current] if current and current in project else []) + list(project.layer_names())
    name = next((n for n in names if len(project[n].selection)), None)
    if name is None:
        window._error(QCoreApplication.translate("FeatureForm", "Edit attributes"), QCoreApplication.translate("FeatureForm", "Select one or more features first."))
        return False
    form = FeatureForm(window, project, name, sorted(project[name].selection))
    if form.exec() != QDialog.DialogCode.Accepted or not form.edited:
        return False
    from .undo import apply_frames
    try:
        apply_frames(window.undo_stack, project, form.frames(), QCoreApplication.translate("FeatureForm", "Edit attributes"))
    except ValueError as exc:
        window._error(QCoreApplication.translate("FeatureForm", "Edit attributes"), str(exc))
        return False
    return True
