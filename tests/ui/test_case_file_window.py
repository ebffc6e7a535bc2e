"""Case work in the window: dispatch from the incident form with the department, level and deadline
the project's routing rules suggest (against plan_dispatch for that case), entries recorded as one
undoable step each (undo gives back the frames exactly, also in a project that had no case file),
the case file window and the identify panel show the history, the rules editor names bad rows and
keeps the rules undoably, dispatch by rules equals the CLI's plan, entries survive a save."""
import pandas as pd
import pytest

from gridmap.analysis.dispatch import apply_plan, plan_dispatch
from gridmap.io.dispatch_rules import META_KEY, read_rules, rules_to_text
from layers.validate import LOCAL_TZ

RULES = "data/dispatch_rules.csv"


@pytest.fixture
def window(qtbot, fresh_demo, monkeypatch):
    from gridmap.ui.main_window import MainWindow
    w = MainWindow(language="zh")
    qtbot.addWidget(w)
    w.canvas.asynchronous = False
    w.set_project(fresh_demo)
    w.project.meta[META_KEY] = rules_to_text(read_rules(RULES))
    from layers.messages import language, set_language
    before = language()
    set_language("zh")                     # messages in Chinese whatever the test machine's locale
    yield w
    set_language(before)


def accept_as_filled(monkeypatch, fill=None):
    """Entry forms answer at once: ``fill`` may set their widgets first; OK runs the form's check."""
    from gridmap.ui.case_entry import CaseEntryDialog
    shown = []

    def exec_(self):
        shown.append(self)
        if fill:
            fill(self)
        self.accept()
        return self.result()
    monkeypatch.setattr(CaseEntryDialog, "exec", exec_)
    return shown


def waiting_row(project, category):
    frame = project["incidents"].data
    mask = (frame["status"] == "received") & (frame["category"] == category) & frame["department"].isna()
    return int(mask.to_numpy().nonzero()[0][0])


def test_dispatch_from_the_form_takes_the_rules_suggestion(window, monkeypatch):
    project = window.project
    row = waiting_row(project, "heating")
    before = project["incidents"].data.copy()
    plan = plan_dispatch(project, read_rules(RULES))              # what the CLI would give this case
    k = int((plan.rows == row).nonzero()[0][0])
    shown = accept_as_filled(monkeypatch)
    assert window.incidents.edit(row, {"address": "新地址 1 号"}, "dispatched")
    dialog = shown[0]
    assert dialog.values()["department"] == plan.department[k]
    assert dialog.values()["level"] == plan.level[k]
    assert dialog.values()["due_at"] == plan.due_at.iloc[k].floor("min")
    # the rules editor numbers rows from 1 (the file's first rule is on line 2, under its header)
    assert f"rule {plan.rule_rows[k] - 1}:" in dialog.rule_note.text()
    case = project["incidents"].data.iloc[row]
    assert (case["status"], case["department"], case["level"], case["address"]) == (
        "dispatched", plan.department[k], plan.level[k], "新地址 1 号")
    entry = project["case_events"].data.iloc[-1]
    assert (entry["incident_id"], entry["kind"], entry["department"]) == (case["incident_id"], "dispatch",
                                                                         plan.department[k])
    window.undo_stack.undo()                                      # the form's edit and the dispatch: one step
    pd.testing.assert_frame_equal(project["incidents"].data, before)


def test_entries_are_undoable_and_shown_in_the_case_file(window, monkeypatch):
    project = window.project
    row = waiting_row(project, "neighbor")
    incidents0, events0 = project["incidents"].data.copy(), project["case_events"].data.copy()
    cases = window.cases
    at = project["incidents"].data["reported_at"].iloc[row]
    T = lambda hours: at + pd.Timedelta(hours=hours)  # noqa: E731
    assert cases.record(row, "dispatch", T(1), {"department": "社区人民调解委员会", "level": "community",
                                                 "due_at": T(72)})
    assert cases.record(row, "escalate", T(30), {"level": "street", "department": "司法所", "reason": "社区调解未成"})
    assert cases.record(row, "meeting", T(50), {"parties": "司法所、物业公司、住户代表", "outcome": "达成调解协议"})
    assert cases.record(row, "agreement", T(52), {"terms": "物业公司免费疏通；每户出资300元"})
    # a bad entry is reported and changes nothing
    assert not cases.record(row, "escalate", T(53), {"level": "street", "reason": "again"})
    text = window.last_error[1]
    assert project["incidents"].data["incident_id"].iloc[row] in text
    assert "升级只能向上" in text
    assert window.undo_stack.count() == 4
    dialog = cases.open_case_file(row)
    rows = dialog.shown_rows()
    kinds = [r[1] for r in rows]
    assert kinds == ["→ 受理", "派遣", "→ 派遣", "上报升级", "协调会", "协议"]
    assert rows[3][2:4] == ["司法所", "街道"] and "社区调解未成" in rows[3][4]
    assert "物业公司免费疏通" in rows[5][4]
    assert "司法所" in dialog.state.text() and "街道" in dialog.state.text()      # escalated: the case moved
    # the identify panel lists the same entries
    window.identify_panel.set_results(project, [("incidents", row)])
    shown = window.identify_panel.shown_values()
    assert [v.split(" · ")[0] for k, v in shown.items() if k.startswith(("案件记录", "Case file"))] == ["派遣", "上报升级", "协调会", "协议"]
    for _ in range(4):
        window.undo_stack.undo()
    pd.testing.assert_frame_equal(project["incidents"].data, incidents0)
    pd.testing.assert_frame_equal(project["case_events"].data, events0)
    assert [r[1] for r in dialog.shown_rows()] == ["→ 受理"]     # the window follows undo
    window.undo_stack.redo()
    assert project["case_events"].data["kind"].iloc[-1] == "dispatch"


def test_a_project_without_a_case_file_gets_one_and_loses_it_on_undo(window, tmp_path):
    project = window.project
    window.undo_stack.push(__import__("gridmap.ui.undo", fromlist=["RemoveLayer"]).RemoveLayer(project, "case_events"))
    assert "case_events" not in project
    row = waiting_row(project, "noise")
    at = project["incidents"].data["reported_at"].iloc[row] + pd.Timedelta(hours=2)
    assert window.cases.record(row, "dispatch", at, {"department": "城管中队", "level": "street"})
    assert project["case_events"].data["event_id"].tolist() == ["E0001"]
    window.undo_stack.undo()
    assert "case_events" not in project
    window.undo_stack.redo()
    path = tmp_path / "saved.gpkg"
    project.save_as(path) if hasattr(project, "save_as") else project.save(path)
    from gridmap.project import Project
    again = Project.open(path)
    entry = again["case_events"].data.iloc[0]
    assert (entry["kind"], entry["department"], entry["level"], entry["at"]) == ("dispatch", "城管中队", "street", at)
    assert again["incidents"].data["department"].iloc[row] == "城管中队"


def test_rules_editor_names_bad_rows_and_keeps_rules_undoably(window):
    from gridmap.ui.rules_editor import RulesEditor
    project = window.project
    project.meta.pop(META_KEY)
    editor = RulesEditor(project, "zh", window)
    assert editor.rows() == []
    assert editor.load(RULES)
    file_rules = read_rules(RULES)
    assert len(editor.rows()) == len(file_rules)
    editor.table.item(1, 4).setText("-3")                        # row 2: bad hours
    editor.table.item(2, 2).setText("")                          # row 3: no department
    editor.accept()
    assert editor.result() == 0
    assert "第 2 行：时限 -3 不是正数" in editor.problem.text() and "第 3 行：没有责任部门" in editor.problem.text()
    editor.table.item(1, 4).setText("12")
    editor.table.item(2, 2).setText("街道综治中心")
    editor.table.setCurrentCell(0, 2)
    editor.move(1)                                               # order kept as shown
    editor.accept()
    assert editor.result() == 1
    window.cases.set_rules(editor.result_text)
    kept = sorted(__import__("gridmap.io.dispatch_rules", fromlist=["x"]).project_rules(project), key=lambda r: r.row)
    by_file = sorted(file_rules, key=lambda r: r.row)
    assert [(r.department, r.hours) for r in kept[:3]] == [(by_file[1].department, 12.0), (by_file[0].department,
                                                           by_file[0].hours), ("街道综治中心", by_file[2].hours)]
    window.undo_stack.undo()
    assert META_KEY not in project.meta


def test_dispatch_by_rules_equals_the_plan_and_undoes(window):
    project = window.project
    before = project["incidents"].data.copy()
    expected = apply_plan(before, plan_dispatch(project, read_rules(RULES)))
    n = window.cases.dispatch_by_rules(confirm=False)
    assert n == int(expected["department"].notna().sum() - before["department"].notna().sum())
    # as the layer holds it (checked by the contract: code columns coded)
    pd.testing.assert_frame_equal(project["incidents"].data, project["incidents"].checked(expected))
    window.undo_stack.undo()
    pd.testing.assert_frame_equal(project["incidents"].data, before)


def test_entry_form_keeps_typing_when_the_check_fails(qtbot):
    from gridmap.ui.case_entry import CaseEntryDialog
    at = pd.Timestamp("2025-01-20 11:00", tz=LOCAL_TZ)
    dialog = CaseEntryDialog("meeting", {"incident_id": "A"}, at, ["司法所"], "zh",
                             check=lambda _at, fields: None if fields["outcome"] else "A：协调会需要填写结果")
    qtbot.addWidget(dialog)
    dialog.widgets["parties"].setText("司法所、物业公司")
    dialog.accept()
    assert dialog.result() == 0 and dialog.problem.text() == "A：协调会需要填写结果"
    assert dialog.widgets["parties"].text() == "司法所、物业公司"
    dialog.widgets["outcome"].setText("达成协议")
    dialog.accept()
    assert dialog.result() == 1 and dialog.when() == at


def test_window_shortcuts_do_not_clash(window):
    from PySide6.QtGui import QAction
    seen = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            if text:
                assert text not in seen or seen[text] is action, f"{text}: {seen.get(text)} and {action.objectName()}"
                seen[text] = action
    assert window.actions["case_file"].shortcut().toString() == "Ctrl+Shift+E"


def test_search_finds_a_case_selects_it_and_shows_it_close(window):
    project = window.project
    row = waiting_row(project, "noise")
    case = project["incidents"].data["incident_id"].iloc[row]
    window.search_box.setText(case)
    window.search_box.go_to_best()
    assert project["incidents"].selection == [row]
    point = project.to_metric("incidents").geometry.iloc[row]
    view = window.canvas.view_rect()
    assert view.contains(point.x, point.y)
    assert 300 <= min(view.width(), view.height()) <= 900        # a street's corner, not the whole street
    dialog = window.cases.open_case_file()                      # Ctrl+Shift+E opens on the case found
    assert dialog.incident_id == case


def test_case_file_masks_what_the_project_marks_and_never_shows_the_reporter(window):
    from gridmap.ui.formatting import MASK
    from layers import CaseEventsLayer
    project = window.project
    events = project["case_events"].data
    project.add_layer(CaseEventsLayer(events, sensitive=("parties",)), replace=True)
    case = events.loc[events["kind"] == "agreement", "incident_id"].iloc[0]
    row = window.cases.row_of(case)
    incident = project["incidents"].data.iloc[row]
    dialog = window.cases.open_case_file(row)
    text = "\n".join("|".join(r) for r in dialog.shown_rows()) + dialog.summary.text() + dialog.state.text()
    for value in events.loc[events["incident_id"] == case, "parties"].dropna():
        assert value not in text
    meeting = next(r for r in dialog.shown_rows() if r[1] == "协调会")
    assert MASK in meeting[4] and "达成调解协议" in meeting[4]      # parties masked, the outcome shown
    dispatch = next(r for r in dialog.shown_rows() if r[1] == "派遣")
    assert MASK not in dispatch[4]                                # nothing there: nothing masked
    assert "物业公司免费疏通排水管道" in text                    # terms are not marked: shown
    for column in ("reporter", "reporter_phone", "description"):
        if isinstance(incident[column], str):
            assert incident[column] not in text
    window.identify_panel.set_results(project, [("incidents", row)])
    shown = "\n".join(window.identify_panel.shown_values().values())
    assert MASK in shown and not any(v in shown for v in events["parties"].dropna() if v)
    window.identify_panel.reveal.setChecked(True)               # the user asks to see them
    shown = "\n".join(window.identify_panel.shown_values().values())
    assert "一楼住户代表" in shown


def test_case_file_follows_a_change_from_another_desk_and_lets_go_when_closed(window):
    """A pull from the server sets the layers' data without the undo stack: the window follows."""
    from gridmap.analysis.case_file import add_entry
    project = window.project
    row = waiting_row(project, "water")
    dialog = window.cases.open_case_file(row)
    dialog.show()
    assert [r[1] for r in dialog.shown_rows()] == ["→ 受理"]
    at = project["incidents"].data["reported_at"].iloc[row] + pd.Timedelta(hours=1)
    incidents, events = add_entry(project["incidents"].data, project["case_events"].data, row, "dispatch", at,
                                  {"department": "供水公司", "level": "street"})
    project["incidents"].data = incidents                   # as a pull would: no undo step
    project["case_events"].data = events
    assert [r[1] for r in dialog.shown_rows()] == ["→ 受理", "派遣", "→ 派遣"]
    listeners = len(project["case_events"].events.data)
    dialog.close()
    assert len(project["case_events"].events.data) == listeners - 1
