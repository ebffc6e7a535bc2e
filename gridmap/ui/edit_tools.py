"""The planner's editing tools on the map: the vertex tool (drag a shared vertex, double-click an
edge to add one, Delete to remove the one under the mouse), reshape a border, split a cell along a
polyline, draw a new cell, move a building or facility. Points snap to vertices and edges of cells,
boundary, roads and buildings. Every edit is one undoable step; the work is done by
analysis.topology (no Qt there)."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QObject, Qt, Signal

from layers.errors import DataError

from ..analysis import topology
from ..analysis.snapping import snap_point
from ..canvas.sketch_item import SketchItem
from .undo import apply_frames

VERTEX, RESHAPE, SPLIT, DRAW_CELL, MOVE = "vertex", "reshape", "split", "draw_cell", "move_feature"
DRAW_BUILDING, ADD_FACILITY = "draw_building", "add_facility"
EDIT_TOOLS = (VERTEX, RESHAPE, SPLIT, DRAW_CELL, MOVE, DRAW_BUILDING, ADD_FACILITY)
SKETCHES = (RESHAPE, SPLIT, DRAW_CELL, DRAW_BUILDING)          # tools that draw a line or polygon
POLYGONS = (DRAW_CELL, DRAW_BUILDING)
SNAP_PX = 10.0
MOVABLE = ("facilities", "buildings")


class EditTools(QObject):
    error = Signal(str, str)
    message = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.canvas
        self.sketch = SketchItem()
        self.canvas.view.addItem(self.sketch, ignoreBounds=True)
        self.mode: str | None = None
        self.points: list[tuple[float, float]] = []
        self.snapping = True
        self._drag = None                 # (kind, data) while the mouse drags
        self._last = None                 # the mouse's last world position
        self.canvas.cursorMoved.connect(self._on_move)
        self.canvas.clicked.connect(self._on_click)
        self.canvas.doubleClicked.connect(self._on_double)
        self.canvas.view.drag_handler = self._on_drag
        self.canvas.key_handler = self._on_key
        window.tools.toolChanged.connect(self._on_tool_changed)

    @property
    def project(self):
        return self.window.project

    # -- modes ------------------------------------------------------------------------------------
    def start(self, mode: str) -> None:
        if self.project is None:
            return
        if mode == SPLIT:
            cells = self.project["grid_cells"] if "grid_cells" in self.project else None
            if cells is None or len(cells.selection) != 1:
                self.error.emit(self.tr("Split cell"), self.tr("Select exactly one grid cell first."))
                return
        self.window.tools.set_tool(mode)
        hints = {VERTEX: self.tr("Drag a vertex: neighbouring cells and the boundary follow. Double-click an edge to "
                                 "add a vertex; Delete removes the vertex under the mouse."),
                 RESHAPE: self.tr("Draw from inside the cell that grows, across the border and back; double-click "
                                  "or Enter to finish, Backspace removes a point, Escape cancels."),
                 SPLIT: self.tr("Draw the line across the cell (it may bend); double-click or Enter to finish."),
                 DRAW_CELL: self.tr("Click the corners of the new cell; double-click or Enter to finish. It takes "
                                    "its area from the cells it covers."),
                 MOVE: self.tr("Drag a building or facility to move it."),
                 DRAW_BUILDING: self.tr("Click the corners of the building; double-click or Enter to finish."),
                 ADD_FACILITY: self.tr("Click where the facility is; then F2 fills in its attributes.")}
        self.message.emit(hints[mode])
        self.canvas.setFocus()

    def _on_tool_changed(self, tool: str) -> None:
        self.mode = tool if tool in EDIT_TOOLS else None
        self.points = []
        self._drag = None
        self.sketch.clear()

    def cancel(self) -> None:
        self.points = []
        self.sketch.clear()

    # -- snapping -----------------------------------------------------------------------------------
    def snap(self, x: float, y: float):
        tolerance = self.canvas.world_tolerance(SNAP_PX) if self.snapping else 0.0
        return snap_point(self.project, x, y, tolerance)

    # -- mouse --------------------------------------------------------------------------------------
    def _on_move(self, x: float, y: float) -> None:
        self._last = (x, y)
        if self.mode is None or self.project is None or self._drag is not None:
            return
        if self.mode == VERTEX:
            v = topology.vertex_near(self.project, (x, y), self.canvas.world_tolerance(SNAP_PX))
            self.sketch.set_marks([] if v is None else [v[:2]])
            return
        if self.mode in SKETCHES:
            s = self.snap(x, y)
            self.sketch.set_snap(s)
            self.sketch.set_sketch(self.points, (s.x, s.y), closed=self.mode in POLYGONS)

    def _on_click(self, x: float, y: float, event) -> None:
        if self.mode not in (*SKETCHES, ADD_FACILITY) or self.project is None:
            return
        if event is not None and event.button() != Qt.MouseButton.LeftButton:
            return
        s = self.snap(x, y)
        if self.mode == ADD_FACILITY:
            from ..analysis.feature_edits import add_facility
            if self._apply(lambda: add_facility(self.project, shapely.Point(s.x, s.y)), self.tr("Add facility")):
                facilities = self.project["facilities"]
                facilities.selection = [len(facilities) - 1]
            return
        self.points.append((s.x, s.y))
        self.sketch.set_sketch(self.points, None, closed=self.mode in POLYGONS)

    def _on_double(self, x: float, y: float) -> None:
        if self.project is None:
            return
        if self.mode == VERTEX:
            self._apply(lambda: topology.insert_vertex(self.project, (x, y), self.canvas.world_tolerance(SNAP_PX)),
                        self.tr("Add vertex"))
        elif self.mode in SKETCHES:
            self.finish()

    def _on_drag(self, start, now, is_start: bool, is_finish: bool) -> bool:
        if self.mode not in (VERTEX, MOVE) or self.project is None:
            return False
        if is_start:
            self._drag = self._grab(start)
        if self._drag is None:
            return False
        kind, data = self._drag
        target = self.snap(*now) if kind == VERTEX else None
        if kind == VERTEX:
            preview = topology.drag_preview(self.project, data, (target.x, target.y))
            self.sketch.set_snap(target)
            self.sketch.set_preview(preview.values())
            self._show_households(preview)
        else:
            name, rows, origin = data
            dx, dy = now[0] - origin[0], now[1] - origin[1]
            geoms = np.asarray(self.project.to_metric(name).geometry.values)[rows]
            moved = shapely.transform(geoms, lambda xy: xy + [dx, dy])
            self.sketch.set_preview([g for g in moved if g.geom_type != "Point"])
            self.sketch.set_marks(shapely.get_coordinates(moved[shapely.get_type_id(moved) == 0]))
        if is_finish:
            self._drag = None
            self.sketch.clear()
            if kind == VERTEX:
                self.move_vertex(data, (target.x, target.y))
            else:
                self.move_features(data[0], data[1], (now[0] - data[2][0], now[1] - data[2][1]))
        return True

    def _grab(self, at):
        tolerance = self.canvas.world_tolerance(SNAP_PX)
        if self.mode == VERTEX:
            v = topology.vertex_near(self.project, at, tolerance)
            return None if v is None else (VERTEX, v)
        for name, row in self.window.tools.hits_at(*at):
            if name in MOVABLE:
                layer = self.project[name]
                rows = sorted(layer.selection) if row in layer.selection else [row]
                return MOVE, (name, rows, at)
        return None

    def _show_households(self, preview: dict) -> None:
        cells = self.project["grid_cells"].data
        now = topology.households_in(self.project, preview)
        before = topology.households_in(self.project, {
            r: g for r, g in zip(preview, np.asarray(self.project.to_metric("grid_cells").geometry.values)[list(preview)])})
        parts = [f"{cells['grid_code'].iloc[r]}: {before[r]} → {now[r]}" for r in preview]
        self.message.emit(self.tr("Households while dragging: %1").replace("%1", "；".join(parts)))

    # -- keys -----------------------------------------------------------------------------------------
    def _on_key(self, event) -> bool:
        if self.mode is None:
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.points:
                self.cancel()
            else:
                self.window.actions["pan"].trigger()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.mode in SKETCHES:
            self.finish()
            return True
        if key == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            self.sketch.set_sketch(self.points, None, closed=self.mode in POLYGONS)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.mode == VERTEX:
            if self._last is not None:
                self.delete_vertex(self._last)
            return True
        return False

    # -- edits ------------------------------------------------------------------------------------------
    def finish(self) -> bool:
        """End the line or polygon being drawn and apply it."""
        points, mode = list(self.points), self.mode
        self.cancel()
        if mode in POLYGONS and len(points) < 3:
            return False
        if mode == DRAW_CELL:
            return self._apply(lambda: topology.draw_cell(self.project, shapely.Polygon(points)), self.tr("Draw cell"))
        if mode == DRAW_BUILDING:
            from ..analysis.feature_edits import draw_building
            done = self._apply(lambda: draw_building(self.project, shapely.Polygon(points)), self.tr("Draw building"))
            if done:
                buildings = self.project["buildings"]
                buildings.selection = [len(buildings) - 1]
                self.message.emit(self.tr("New building %1: F2 fills in its address, use and households.").replace(
                    "%1", str(buildings.data["building_id"].iloc[-1])))
            return done
        if len(points) < 2:
            return False
        line = shapely.LineString(points)
        if mode == RESHAPE:
            return self._apply(lambda: topology.reshape(self.project, line), self.tr("Reshape border"))
        if mode == SPLIT:
            cells = self.project["grid_cells"]
            if len(cells.selection) != 1:
                return False
            row = int(cells.selection[0])
            done = self._apply(lambda: topology.split_cell(self.project, row, line), self.tr("Split cell"))
            if done:
                cells.selection = []
                self.window.actions["pan"].trigger()
            return done
        return False

    def move_vertex(self, at, to) -> bool:
        return self._apply(lambda: topology.move_vertex(self.project, at, to, topology.SHARED_M * 2),
                           self.tr("Move vertex"))

    def delete_vertex(self, at) -> bool:
        return self._apply(lambda: topology.delete_vertex(self.project, at, self.canvas.world_tolerance(SNAP_PX)),
                           self.tr("Delete vertex"))

    def move_features(self, name: str, rows, delta) -> bool:
        from ..analysis.follow_edits import follow_moved
        return self._apply(lambda: follow_moved(self.project, name, rows, delta), self.tr("Move features"))

    def delete_features(self) -> bool:
        """Delete the selected buildings or facilities (with their links)."""
        from ..analysis.feature_edits import delete_features
        project = self.project
        name = next((n for n in ("buildings", "facilities") if project and n in project and len(project[n].selection)),
                    None)
        if name is None:
            self.error.emit(self.tr("Delete"), self.tr("Select buildings or facilities first."))
            return False
        rows = list(project[name].selection)
        project[name].selection = []
        return self._apply(lambda: delete_features(project, name, rows), self.tr("Delete %1 features").replace(
            "%1", str(len(rows))))

    def delete_cell(self) -> bool:
        cells = self.project["grid_cells"] if self.project and "grid_cells" in self.project else None
        if cells is None or len(cells.selection) != 1:
            self.error.emit(self.tr("Delete cell"), self.tr("Select exactly one grid cell first."))
            return False
        row = int(cells.selection[0])
        done = self._apply(lambda: topology.delete_cell(self.project, row), self.tr("Delete cell"))
        if done:
            cells.selection = []
        return done

    def _apply(self, make, text: str) -> bool:
        try:
            frames = make()
        except (ValueError, DataError) as exc:      # TopologyError is a ValueError
            self.error.emit(text, str(exc))
            return False
        if not frames:
            return False                            # nothing to change (a vertex already there)
        apply_frames(self.window.undo_stack, self.project, frames, text)
        return True
