"""Turning a density grid into a coloured image (a fixed ramp, so colours keep their meaning)."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from . import palette


def _lut() -> np.ndarray:
    stops = np.array([s for s, _c in palette.HEAT_RAMP])
    colours = np.array([c for _s, c in palette.HEAT_RAMP], dtype=float)
    t = np.linspace(0, 1, 256)
    return np.stack([np.interp(t, stops, colours[:, k]) for k in range(4)], axis=1).astype(np.uint8)


LUT = _lut()


def heat_image(values: np.ndarray, vmax: float) -> QImage:
    """RGBA image of ``values`` (row 0 = south) scaled 0..vmax; the image's top row is the south
    row, which a world-to-screen transform with y pointing north puts at the bottom."""
    scaled = np.clip(values / max(vmax, 1e-12), 0, 1)
    index = (scaled * 255).astype(np.uint8)
    rgba = np.ascontiguousarray(LUT[index])
    h, w = index.shape
    image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
    return image.copy()   # own the pixels (the numpy buffer goes away)
