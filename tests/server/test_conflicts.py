"""No lost update on the server: an update made from an old row version is refused and reported
with the other desk's values (nothing of that call written); two desks importing at once both keep
their rows."""
import threading

import geopandas as gpd
import pytest
from shapely.geometry import Point

from gridmap.server.changes import ConflictError, ServerChanges, apply
from gridmap.server.store import init, push
from gridmap.server.url import parse


@pytest.fixture(scope="module")
def server(cluster, demo_project):
    project = parse(cluster.url(project="conf"))
    init(project)
    push(demo_project, project)
    return cluster, project


def version(cluster, fid):
    return int(cluster.psql(f"SELECT version FROM gm_conf.grid_cells WHERE fid = {fid}"))


def test_an_update_from_an_old_version_is_refused_and_reported(server):
    cluster, project = server
    read = version(cluster, 2)
    apply(project, ServerChanges("grid_cells", updates={2: (read, {"worker": "甲"})}))       # desk A
    assert version(cluster, 2) == read + 1
    with pytest.raises(ConflictError) as caught:                                              # desk B, same read
        apply(project, ServerChanges("grid_cells", updates={2: (read, {"worker": "乙"}), 3: (version(cluster, 3),
                                                                                              {"worker": "丙"})}))
    conflict = caught.value.conflicts[0]
    assert (conflict.fid, conflict.yours, conflict.theirs, conflict.values["worker"]) == (2, read, read + 1, "甲")
    # all or nothing: row 3 of the refused call is untouched, row 2 keeps desk A's value
    assert cluster.psql("SELECT worker FROM gm_conf.grid_cells WHERE fid = 2").strip() == "甲"
    assert "丙" not in cluster.psql("SELECT worker FROM gm_conf.grid_cells WHERE fid = 3")
    # a delete made from an old version is refused too; from the current one it goes through
    with pytest.raises(ConflictError):
        apply(project, ServerChanges("grid_cells", deletes={2: read}))
    done = apply(project, ServerChanges("grid_cells", deletes={2: read + 1}))
    assert done["deleted"] == [2] and cluster.psql("SELECT count(*) FROM gm_conf.grid_cells WHERE fid = 2").strip() == "0"


def test_two_concurrent_importers_both_keep_their_rows(server):
    cluster, project = server
    before = int(cluster.psql("SELECT count(*) FROM gm_conf.incidents"))
    base = dict(source="hotline_12345", kind="complaint", category="heating", status="received",
                reported_at="2025-03-01T09:00:00+08:00")

    def importer(tag, out):
        rows = gpd.GeoDataFrame([dict(base, incident_id=f"{tag}-{k}") for k in range(200)],
                                geometry=[Point(126.68 + k * 1e-5, 45.735) for k in range(200)], crs=4326)
        out[tag] = apply(project, ServerChanges("incidents", inserts=rows))["inserted"]
    out = {}
    threads = [threading.Thread(target=importer, args=(tag, out)) for tag in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out["A"]) == len(out["B"]) == 200 and not set(out["A"]) & set(out["B"])
    assert int(cluster.psql("SELECT count(*) FROM gm_conf.incidents")) == before + 400
    assert int(cluster.psql("SELECT count(*) FROM gm_conf.incidents WHERE incident_id LIKE 'A-%' "
                            "OR incident_id LIKE 'B-%'")) == 400
