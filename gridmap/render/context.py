"""What a painter needs to know about the surface it draws on (screen, PNG or PDF page alike)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from PySide6.QtCore import QRectF
from PySide6.QtGui import QTransform


@dataclass
class RenderContext:
    """``transform`` maps world (projected metres) to device units; ``world_rect`` is what is visible.

    ``symbol_scale`` multiplies symbol and text sizes (1 on screen; device units per screen
    pixel on a printed page). ``as_of`` is the reference time for overdue incidents.
    """

    transform: QTransform
    world_rect: QRectF
    language: str = "zh"
    as_of: pd.Timestamp | None = None
    symbol_scale: float = 1.0
    labels: bool = True
    options: dict = field(default_factory=dict)

    @property
    def px_per_metre(self) -> float:
        """Device units per world metre (the map scale on this surface)."""
        t = self.transform
        return math.hypot(t.m11(), t.m12())

    def to_device(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """World coordinates to device coordinates, vectorised."""
        t = self.transform
        return (t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy())

    def visible_mask(self, x: np.ndarray, y: np.ndarray, margin_m: float = 0.0) -> np.ndarray:
        r = self.world_rect
        return ((x >= r.left() - margin_m) & (x <= r.right() + margin_m)
                & (y >= r.top() - margin_m) & (y <= r.bottom() + margin_m))
