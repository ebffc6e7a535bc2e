"""The reference time ("now") of an analysis: the newest record, so that historical data such as
the demo is judged as of its own last day, and live data as of the latest entry."""
from __future__ import annotations

import pandas as pd

from layers.validate import LOCAL_TZ


def reference_time(project) -> pd.Timestamp:
    """Newest of incidents.reported_at/resolved_at and patrols.visited_at; the current time if none.

    A project may fix it with the setting ``as_of`` (ISO 8601).
    """
    if project.meta.get("as_of"):
        stamp = pd.Timestamp(project.meta["as_of"])
        return stamp.tz_localize(LOCAL_TZ) if stamp.tzinfo is None else stamp.tz_convert(LOCAL_TZ)
    newest = []
    for layer, columns in (("incidents", ("reported_at", "resolved_at")), ("patrols", ("visited_at",))):
        if layer in project:
            frame = project[layer].data
            newest += [frame[c].max() for c in columns if c in frame and frame[c].notna().any()]
    if not newest:
        return pd.Timestamp.now(tz=LOCAL_TZ)
    return max(newest).tz_convert(LOCAL_TZ)
