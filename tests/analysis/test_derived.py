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
