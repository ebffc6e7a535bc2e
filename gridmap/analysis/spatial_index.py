"""STRtree per layer in the metric CRS, rebuilt only when the layer's data changes."""
from __future__ import annotations

import weakref

import numpy as np
import shapely

_TREES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def layer_tree(project, name: str) -> tuple[shapely.STRtree, np.ndarray]:
    """(STRtree, geometries) of layer ``name`` in ``project.metric_crs``.

    Cached per metric frame: a data change gives a new frame, hence a new tree.
    """
    frame = project.to_metric(name)
    per_project = _TREES.setdefault(project, {})
    cached = per_project.get(name)
    if cached is not None and cached[0] is frame:
        return cached[1], cached[2]
    geoms = np.asarray(frame.geometry.values)
    tree = shapely.STRtree(geoms)
    per_project[name] = (frame, tree, geoms)
    return tree, geoms
