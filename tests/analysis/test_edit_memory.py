"""An edit of one incident costs the columns it changes, not the whole frame, and the undo history
does not keep what was derived from every old frame (a city's edit kept ~130 MB before)."""
import numpy as np
import pandas as pd

from gridmap.analysis.derived import derived, remembered
from gridmap.analysis.incident_cube import IncidentCube
from gridmap.analysis.incident_edit import update_incident


def buffer_addresses(series: pd.Series) -> set[int]:
    """Where a column's values live: Arrow buffers or the numpy array under it."""
    arr = series.array
    if hasattr(arr, "_pa_array"):
        return {b.address for chunk in arr._pa_array.chunks for b in chunk.buffers() if b is not None and b.size}
    if hasattr(arr, "_ndarray"):
        return {arr._ndarray.__array_interface__["data"][0]}
    if hasattr(arr, "_data") and isinstance(arr._data, np.ndarray) and arr._data.dtype != object:
        return {arr._data.__array_interface__["data"][0]}
    return set()


def test_an_edit_shares_every_column_it_does_not_change(fresh_demo):
    layer = fresh_demo["incidents"]
    before = layer.data
    layer.data = update_incident(before, 7, {"address": "新地址 1 号"})
    after = layer.data
    assert after["address"].iloc[7] == "新地址 1 号" and before["address"].iloc[7] != "新地址 1 号"
    checked = 0
    for column in before.columns:
        if column == before.geometry.name:
            continue
        old, new = buffer_addresses(before[column]), buffer_addresses(after[column])
        if not old:
            continue
        checked += 1
        if column == "address":
            assert not (old & new), "the changed column is a new one: the old frame (undo) keeps its value"
        else:
            assert old == new, f"{column} was copied"
    assert checked >= 10
    # the frame the undo history keeps is untouched
    pd.testing.assert_series_equal(before["address"].drop(index=7), after["address"].drop(index=7))


def test_values_derived_from_old_frames_are_dropped_after_two_newer_ones(fresh_demo):
    layer = fresh_demo["incidents"]
    frames = [layer.data]
    derived(frames[0], IncidentCube)
    for k in range(3):
        layer.data = update_incident(layer.data, k, {"address": f"地址 {k}"})
        frames.append(layer.data)
        derived(frames[-1], IncidentCube)
    # the current frame and the one an undo goes back to keep theirs; the older ones do not
    assert remembered(frames[-1], IncidentCube) is not None
    assert remembered(frames[-2], IncidentCube) is not None
    assert remembered(frames[0], IncidentCube) is None and remembered(frames[1], IncidentCube) is None
    # an undo to an old frame computes it again: the same values as from scratch
    layer.restore(frames[0])
    again = derived(frames[0], IncidentCube)
    fresh = IncidentCube(frames[0])
    assert np.array_equal(again.month, fresh.month) and np.array_equal(again.category, fresh.category)


def test_empty_text_columns_share_one_array_and_stay_independent(fresh_demo):
    """Every empty text column holds the same immutable nulls; setting a value in one changes
    only that column."""
    layer = fresh_demo["incidents"]
    frame = layer.data.drop(columns=["description", "department"], errors="ignore")
    layer.data = frame                      # the two come back as empty columns
    data = layer.data
    assert data["description"].isna().all() and data["department"].isna().all()
    shared = buffer_addresses(data["description"])
    assert shared and shared == buffer_addresses(data["department"])
    layer.data = update_incident(data, 2, {"description": "楼道堆物"})
    after = layer.data
    assert after["description"].iloc[2] == "楼道堆物" and after["description"].notna().sum() == 1
    assert after["department"].isna().all() and data["description"].isna().all()


def test_empty_time_columns_share_one_array_and_stay_independent(fresh_demo):
    """Every empty time column (办结时间, 办理时限 absent from the file) holds the same NaT block
    until a value is set in one of them; then that column alone gets its own."""
    layer = fresh_demo["incidents"]
    layer.data = layer.data.drop(columns=["resolved_at", "due_at"], errors="ignore")
    data = layer.data
    assert data["resolved_at"].isna().all() and data["due_at"].isna().all()
    shared = buffer_addresses(data["resolved_at"])
    assert shared and shared == buffer_addresses(data["due_at"])
    assert str(data["due_at"].dt.tz) == "UTC+08:00"
    when = pd.Timestamp("2025-03-01T10:00:00+08:00")
    changed = data.copy(deep=False)
    changed.loc[4, "due_at"] = when
    layer.data = changed
    after = layer.data
    assert after["due_at"].iloc[4] == when and after["due_at"].notna().sum() == 1
    assert after["resolved_at"].isna().all() and data["due_at"].isna().all()
    assert buffer_addresses(after["due_at"]) != shared
    # a column read all-empty from a file is shared too
    again = layer.data.assign(resolved_at=pd.Series([None] * len(data), dtype="str"))
    layer.data = again
    assert buffer_addresses(layer.data["resolved_at"]) == shared
