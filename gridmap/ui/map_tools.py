"""What a click on the map does, by the active tool: identify or select (pan is the canvas's own;
the editing tools are ui.edit_tools, told of a tool change by ``toolChanged``)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from ..analysis.identify import features_at

PAN, IDENTIFY, SELECT, ADD_INCIDENT = "pan", "identify", "select", "add_incident"
EDITING = ("vertex", "reshape", "split", "draw_cell", "move_feature", "draw_building", "add_facility", "plan_move")
# What a click means first: the small things drawn on top, then buildings, then the areas that
# contain them (the boundary and communities are drawn as outlines over the buildings, but a
# click inside them is about what lies inside).
_AREA_LAYERS = ("grid_cells", "communities", "boundary")
CLICK_TOLERANCE_PX = 6.0


class MapTools(QObject):
    """Turns canvas clicks into identify results or selections on the layer models."""

    identified = Signal(list)   # [(layer, row), ...]
    toolChanged = Signal(str)
    pointPicked = Signal(float, float)                # where to add an incident (world)

    def __init__(self, canvas, parent=None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.tool = PAN
        canvas.clicked.connect(self._on_click)

    def set_tool(self, tool: str) -> None:
        if tool not in (PAN, IDENTIFY, SELECT, ADD_INCIDENT, *EDITING):
            raise ValueError(f"unknown map tool {tool!r}")
        self.tool = tool
        cursor = Qt.CursorShape.OpenHandCursor if tool == PAN else Qt.CursorShape.CrossCursor
        self.canvas.viewport().setCursor(cursor)
        self.toolChanged.emit(tool)

    def hits_at(self, x: float, y: float) -> list[tuple[str, int]]:
        """Features of the visible layers at (x, y), top-most layer first."""
        project = self.canvas.project
        if project is None:
            return []
        top_first = [n for n in reversed(self.canvas.order) if project[n].visible]
        names = [n for n in top_first if n not in _AREA_LAYERS] + [n for n in _AREA_LAYERS if n in top_first]
        return features_at(project, x, y, self.canvas.world_tolerance(CLICK_TOLERANCE_PX), names)

    def _on_click(self, x: float, y: float, event) -> None:
        if event is not None and event.button() != Qt.MouseButton.LeftButton:
            return
        if self.tool == IDENTIFY:
            self.identify(x, y)
        elif self.tool == SELECT:
            additive = event is not None and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.select(x, y, additive)
        elif self.tool == ADD_INCIDENT:
            self.pointPicked.emit(x, y)

    def identify(self, x: float, y: float) -> list[tuple[str, int]]:
        hits = self.hits_at(x, y)
        self.identified.emit(hits)
        return hits

    def select(self, x: float, y: float, additive: bool = False) -> tuple[str, int] | None:
        """Select the top-most feature at (x, y); Ctrl toggles it in the current selection."""
        project = self.canvas.project
        hits = self.hits_at(x, y)
        # Selecting a polygon under a point symbol is rarely meant: prefer the top-most hit.
        top = hits[0] if hits else None
        for name, layer in project.layers.items() if project else []:
            if not additive and (top is None or name != top[0]):
                layer.selection = []
        if top is None:
            return None
        layer = project[top[0]]
        current = set(int(r) for r in layer.selection) if additive else set()
        current ^= {top[1]}
        layer.selection = sorted(current)
        return top
