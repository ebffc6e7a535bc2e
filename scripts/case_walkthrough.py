#!/usr/bin/env python3
"""A command-centre operator's case work in a real window: GridMap under Xvfb, driven with xdotool
(real X mouse and key events), on a copy of the demo, in Chinese.

1. finds the drainage dispute by its number (search box), opens its case file (Ctrl+Shift+E): the
   escalation, the judicial office reporting in, the meeting and the agreement;
2. loads the street's routing rules in the rules editor (Incidents → Routing rules → Load table);
3. finds a waiting property complaint, edits it (Ctrl+E) and moves it on to 派遣: the dispatch form
   comes up with the department, level and deadline the rules suggest; OK;
4. in its case file adds the department reporting in, an escalation with its reason, a meeting and
   an agreement; tries a meeting without parties (refused, the form stays open); undoes the
   agreement and redoes it; saves (Ctrl+S) and reads the saved file back.
A screenshot (``import -window root``) after each step.

    .venv/bin/python scripts/case_walkthrough.py OUT_DIR
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from x_driver import run_in_x
    return run_in_x(":78", out, walk)


def walk(out: Path) -> int:
    from PySide6.QtCore import QTimer

    from x_driver import XDriver, open_window

    project_path = out / "hongqi.gpkg"
    shutil.copy(ROOT / "data" / "hongqi_demo.gpkg", project_path)
    app, w = open_window(project_path, 1600, 1000)
    w.canvas.asynchronous = False
    x = XDriver(app, w, out)
    settle, key, shot = x.settle, x.key, x.shot

    def gclick(widget, point=None):
        p = widget.mapToGlobal(point if point is not None else widget.rect().center())
        subprocess.run(["xdotool", "mousemove", str(p.x()), str(p.y()), "click", "1"], check=True)

    def paste(text):
        app.clipboard().setText(text)        # Chinese arrives by paste (Xvfb has no input method)
        app.processEvents()
        subprocess.run(["xdotool", "key", "ctrl+v"], check=True)

    def photo(name):
        subprocess.run(["import", "-window", "root", str(out / f"{name}.png")], check=True)
        print("screenshot", out / f"{name}.png", flush=True)

    def chain(steps, gap=700):
        """Run ``steps`` one after another ``gap`` ms apart in whatever event loop runs (a modal
        dialog's own loop too); returns a list that holds True when they are done."""
        done = []

        def run(k):
            if k == len(steps):
                done.append(True)
                return
            print("  step", k, "in", type(modal()).__name__, flush=True)
            steps[k]()
            QTimer.singleShot(gap, lambda: run(k + 1))
        QTimer.singleShot(gap, lambda: run(0))
        return done

    def wait(done, seconds=40):
        end = time.time() + seconds
        while not done and time.time() < end:
            app.processEvents()
            time.sleep(0.02)
        settle()
        assert done, "a step of the walkthrough did not finish"

    def modal():
        return app.activeModalWidget()

    def button(widget, *texts):
        """The push button of ``widget`` whose text is one of ``texts`` (or starts with the first)."""
        from PySide6.QtWidgets import QPushButton
        found = [b for b in widget.findChildren(QPushButton) if b.text() in texts or b.text().startswith(texts[0])]
        return found[0]

    def ok_button():
        return button(modal(), "确定", "OK", "&OK")

    def find(project_id):
        """Type the case number in the search box and take the first match (Enter)."""
        gclick(w.search_box)
        key("ctrl+a")
        x.xdo("type", "--delay", "40", project_id)
        settle(0.6)
        key("Return")                        # the case is selected and the map takes the keyboard
        settle(0.8)

    def menu_item(menu, action):
        bar = w.menuBar()
        gclick(bar, bar.actionGeometry(menu.menuAction()).center())
        settle(0.5)
        gclick(menu, menu.actionGeometry(action).center())

    settle(1.0)
    w.coverage_dock.hide()
    events = w.project["case_events"].data
    drain = events.loc[events["kind"] == "agreement", "incident_id"].iloc[0]
    # 1. the drainage dispute's case file
    find(drain)
    print("selected:", [w.project["incidents"].data["incident_id"].iloc[r] for r in w.project["incidents"].selection])
    key("ctrl+shift+e")
    settle(1.0)
    dialog = w.cases.dialog
    dialog.move(320, 150)
    settle(0.5)
    shot("1-case-file-drainage")
    for row in dialog.shown_rows():
        print("  ", " | ".join(row))
    gclick(button(dialog, "关闭", "Close"))
    settle(0.5)
    # 2. the routing rules editor: load the street's table
    rules_path = str(ROOT / "data" / "dispatch_rules.csv")

    def load_button():
        gclick(button(modal(), "导入表格"))
    done = chain([load_button,
                  lambda: (key("ctrl+a"), x.xdo("type", "--delay", "20", rules_path)),
                  lambda: subprocess.run(["xdotool", "key", "Return"], check=True),
                  lambda: photo("2-rules-editor"),
                  lambda: gclick(ok_button())], gap=900)
    menu_item(w.incident_menu, w.actions["routing_rules"])
    wait(done)
    print("rules kept in the project:", len(w.cases.rules() or []), "| undo:", w.undo_stack.undoText())
    # 3. a waiting property complaint: edit → 派遣, the dispatch form with the rules' suggestion
    frame = w.project["incidents"].data
    waiting = frame[(frame["status"] == "received") & (frame["category"] == "property") & frame["department"].isna()]
    case = waiting["incident_id"].iloc[0]
    find(case)
    print("selected:", [w.project["incidents"].data["incident_id"].iloc[r] for r in w.project["incidents"].selection])

    def click_dispatch():
        gclick(modal().step_buttons["dispatched"])
    done = chain([click_dispatch, lambda: photo("3-dispatch-suggested"),
                  lambda: subprocess.run(["xdotool", "key", "Return"], check=True)], gap=1000)
    print("focus before Ctrl+E:", type(app.focusWidget()).__name__, flush=True)
    key("ctrl+e")
    wait(done)
    row = w.cases.row_of(case)
    c = w.project["incidents"].data.iloc[row]
    print("dispatched:", case, c["status"], c["department"], c["level"], c["due_at"])
    # 4. its case file: reporting in, escalation, meeting, agreement, a refused entry, undo/redo
    gclick(w.canvas.viewport())          # the window takes the keyboard back (no window manager here)
    settle(0.3)
    key("ctrl+shift+e")
    settle(1.0)
    dialog = w.cases.dialog
    assert dialog is not None and dialog.incident_id == case, "the case file did not open"
    dialog.move(320, 150)
    settle(0.5)

    def entry(kind, texts, photo_name=None, ok=True):
        """Click the entry's button; paste ``texts`` (field -> text) into its form; OK."""
        steps = []
        for name, text in texts.items():
            steps.append(lambda n=name, t=text: (gclick(modal().widgets[n]),
                                                 subprocess.run(["xdotool", "key", "ctrl+a"], check=True), paste(t)))
        if photo_name:
            steps.append(lambda: photo(photo_name))
        if ok:
            steps.append(lambda: gclick(ok_button()))
        done = chain(steps, gap=700)
        gclick(dialog.buttons[kind])
        wait(done)
        settle(0.5)

    entry("report_in", {"parties": "社区物业管理委员会、网格员", "outcome": "上门查看，楼上卫生间漏水渗到楼下"})
    entry("escalate", {"department": "司法所", "reason": "涉及漏水损失赔偿和物业维修责任，社区调解未能达成一致，报街道吹哨"})
    # a meeting without parties: refused, the form stays open with the reason
    done = chain([lambda: gclick(ok_button()),
                  lambda: photo("4-entry-refused"),
                  lambda: subprocess.run(["xdotool", "key", "Escape"], check=True)], gap=900)
    gclick(dialog.buttons["meeting"])
    wait(done)
    entry("meeting", {"parties": "司法所、物业公司、两户当事人、社区居委会", "outcome": "双方同意按物业查明的漏点修复并赔偿"})
    entry("agreement", {"parties": "两户当事人、物业公司", "terms": "楼上住户三日内修复漏水管道\n赔偿楼下住户装修损失1200元\n"
                                                                  "装修施工限每日8:00–12:00、14:00–18:00"},
          photo_name="5-agreement-form")
    shot("6-case-file-new")
    for r in dialog.shown_rows():
        print("  ", " | ".join(r))
    gclick(dialog.undo_button)
    settle(0.8)
    shot("7-after-undo")
    print("after undo, last entry:", dialog.shown_rows()[-1][1], "| redo:", w.undo_stack.redoText())
    key("ctrl+shift+z")
    settle(0.8)
    print("after redo, last entry:", dialog.shown_rows()[-1][1])
    gclick(button(dialog, "关闭", "Close"))
    settle(0.3)
    gclick(w.canvas.viewport())          # the keyboard back to the window (no window manager here)
    settle(0.3)
    key("ctrl+s")
    settle(1.5)
    print("saved:", not w.isWindowModified())
    w.saving.forget_journal()
    from gridmap.project import Project
    again = Project.open(project_path)
    saved = again["case_events"].data
    saved = saved[saved["incident_id"] == case]
    print("saved case file of", case, ":", saved["kind"].tolist())
    print("saved incident:", again["incidents"].data.set_index("incident_id").loc[case, ["status", "department",
                                                                                          "level"]].tolist())
    print("rules kept in the saved project:", bool(again.meta.get("dispatch_rules")))
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/case_walkthrough")))
