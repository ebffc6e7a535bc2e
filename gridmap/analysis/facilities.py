"""Facilities and the buildings that depend on them."""
from __future__ import annotations

import numpy as np
import pandas as pd


def shared_facilities(facilities: pd.DataFrame, links: pd.DataFrame, buildings: pd.DataFrame) -> np.ndarray:
    """Boolean per facility: its linked buildings span more than one compound or grid cell.

    A facility with buildings of two compounds (the pump room of 公滨路307号院 and 市二院) or of
    two grid cells needs more than one party to fix it: that is what "shared" means here.
    """
    if len(facilities) == 0:
        return np.zeros(0, dtype=bool)
    merged = links.merge(buildings[["building_id", "compound", "grid_code"]], on="building_id", how="inner")
    spans = merged.groupby("facility_id").agg(compounds=("compound", "nunique"), cells=("grid_code", "nunique"))
    shared_ids = set(spans.index[(spans["compounds"] > 1) | (spans["cells"] > 1)])
    return facilities["facility_id"].isin(shared_ids).to_numpy()
