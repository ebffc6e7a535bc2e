"""Values derived once per frame: computed on first use, shared after, new for a new frame."""
import pandas as pd

from gridmap.analysis.derived import derived, forget
from gridmap.analysis.incident_filter import FilterIndex, IncidentFilter


def test_derived_once_per_frame_and_again_after_forget():
    calls = []

    def make(frame):
        calls.append(id(frame))
        return len(frame)
    a = pd.DataFrame({"v": [1, 2, 3]})
    assert derived(a, make) == 3 and derived(a, make) == 3 and len(calls) == 1
    b = a.copy()
    b.loc[3] = 4
    assert derived(b, make) == 4 and len(calls) == 2
    a.loc[3] = 9                        # changed in place: the caller forgets, the value is recomputed
    forget(a)
    assert derived(a, make) == 4 and len(calls) == 3


def test_the_shared_filter_index_masks_like_a_plain_comparison(demo_project):
    frame = demo_project["incidents"].data
    index = derived(frame, FilterIndex)
    assert derived(frame, FilterIndex) is index
    flt = IncidentFilter(categories={"heating", "water"}, statuses={"closed"})
    expected = (frame["category"].isin(["heating", "water"]) & (frame["status"] == "closed")).to_numpy()
    mask = index.mask(flt, frame["reported_at"].max())
    assert mask.sum() == expected.sum() > 0 and (mask == expected).all()


def test_a_value_holding_the_last_reference_to_another_frame_with_values_is_dropped_without_deadlock():
    """A frame's value can be a frame with values of its own (a public copy): when the first frame
    goes, both entries go — this deadlocked the whole process in a save (found with the atlas)."""
    import gc
    import threading
    from gridmap.analysis.derived import _CACHE

    def chain():
        a = pd.DataFrame({"v": [1, 2, 3]})
        copy = derived(a, lambda f: f.copy(), key="public")
        derived(copy, len)                          # the copy has a value of its own
        return id(a), id(copy), a
    ida, idcopy, a = chain()
    assert ida in _CACHE and idcopy in _CACHE
    done = threading.Event()

    def drop():
        nonlocal a
        del a
        gc.collect()
        done.set()
    worker = threading.Thread(target=drop, daemon=True)
    worker.start()
    assert done.wait(10), "dropping the frame deadlocked"
    assert ida not in _CACHE and idcopy not in _CACHE
