"""The Arrow read path: the same frames as pyogrio's reader, points decoded from their WKB bytes,
and per-thread transformers equal to a direct pyproj transform."""
from __future__ import annotations

import struct
import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import pytest
import shapely

from gridmap.io.arrow_read import decode_wkb, point_coordinates, read_arrow_frame
from gridmap.io.crs import reproject_frame, transformer


def test_every_demo_layer_equals_pyogrios_reader(demo_path):
    from gridmap.project import NOT_LAYERS
    for name, _geom in pyogrio.list_layers(demo_path):
        if name in NOT_LAYERS - {"gridmap_meta"}:
            continue                    # QGIS's styles table: not a layer (its DATETIME column differs)
        ours = read_arrow_frame(str(demo_path), name)
        theirs = pyogrio.read_dataframe(demo_path, layer=name, use_arrow=True)
        ours, theirs = pd.DataFrame(ours), pd.DataFrame(theirs)
        for column in theirs.columns[theirs.dtypes.map(lambda d: isinstance(d, pd.DatetimeTZDtype))]:
            # the same instants; pyogrio keeps the file's offset, ours are UTC (validators localise)
            theirs[column] = theirs[column].dt.tz_convert("UTC").astype("datetime64[us, UTC]")
        pd.testing.assert_frame_equal(ours, theirs)
        assert getattr(ours, "crs", None) == getattr(theirs, "crs", None), name


def test_points_are_decoded_from_their_bytes():
    xs, ys = np.array([126.5, -0.25, 1e6]), np.array([45.75, 0.0, -3.5])
    array = pa.array([struct.pack("<BIdd", 1, 1, x, y) for x, y in zip(xs, ys)], type=pa.binary())
    x, y = point_coordinates(array)
    assert np.array_equal(x, xs) and np.array_equal(y, ys)
    assert shapely.equals(decode_wkb(array), shapely.points(xs, ys)).all()


@pytest.mark.parametrize("blobs", [
    [struct.pack(">BIdd", 0, 1, 1.0, 2.0)],                                   # big-endian
    [shapely.to_wkb(shapely.Point(1, 2, 3))],                                 # 3-D
    [struct.pack("<BIdd", 1, 1, float("nan"), float("nan"))],                 # POINT EMPTY
    [shapely.to_wkb(shapely.box(0, 0, 1, 1)), struct.pack("<BIdd", 1, 1, 1.0, 2.0)],   # mixed
])
def test_anything_but_plain_points_goes_through_geos(blobs):
    array = pa.array(blobs, type=pa.binary())
    assert point_coordinates(array) is None
    expected = shapely.from_wkb(np.array(blobs, dtype=object))
    decoded = decode_wkb(array)
    assert all(a.equals(b) or (a.is_empty and b.is_empty) for a, b in zip(decoded, expected))


def test_a_transformer_per_thread_equals_pyproj(demo_project):
    from pyproj import Transformer
    lon, lat = np.array([126.63, 126.70]), np.array([45.74, 45.76])
    here = transformer(4326, demo_project.metric_crs)
    assert transformer(4326, demo_project.metric_crs) is here
    other = []
    t = threading.Thread(target=lambda: other.append(transformer(4326, demo_project.metric_crs)))
    t.start()
    t.join()
    assert other[0] is not here
    direct = Transformer.from_crs(4326, demo_project.metric_crs, always_xy=True).transform(lon, lat)
    for tr in (here, other[0]):
        assert np.allclose(tr.transform(lon, lat), direct, atol=1e-9)


def test_reproject_frame_equals_to_crs(demo_project):
    frame = demo_project["grid_cells"].data
    ours, theirs = reproject_frame(frame, demo_project.metric_crs), frame.to_crs(demo_project.metric_crs)
    assert ours.crs == theirs.crs and list(ours.columns) == list(theirs.columns)
    assert np.allclose(shapely.get_coordinates(ours.geometry.values), shapely.get_coordinates(theirs.geometry.values))


def test_a_read_table_owns_its_columns_one_by_one(demo_path):
    """GDAL hands a batch over as one block freed with its last column: the reader copies every
    column into Arrow's own memory, so keeping one column (a frame's ids) does not keep the rest
    (a city archive kept 1.8 GB of WKB and time texts behind 100 MB of ids). Arrow's allocator
    counts only its own memory: the table's bytes are in it, and after dropping the table only the
    kept column's are."""
    from gridmap.io.arrow_read import read_arrow_table
    import gc
    base = pa.total_allocated_bytes()
    meta, table = read_arrow_table(str(demo_path), "incidents", fids=True)
    assert pa.total_allocated_bytes() - base >= table.nbytes
    kept = table.column("incident_id")
    del table
    gc.collect()
    assert pa.total_allocated_bytes() - base <= kept.nbytes + 4096
    assert kept.to_pylist()[:1] == pyogrio.read_dataframe(demo_path, layer="incidents", columns=["incident_id"],
                                                          read_geometry=False)["incident_id"].tolist()[:1]


def test_code_columns_read_as_categoricals_equal_the_texts(demo_path, tmp_path):
    """Code columns come dictionary-encoded from the file and the layer holds them over its code
    list: the same values as pyogrio's text, labels in the file coded, a wrong value named."""
    from gridmap.io.gpkg import read_layer
    from gridmap.project import Project
    from layers import BuildingsLayer, IncidentsLayer, LayerValidationError
    ours = IncidentsLayer(read_layer(demo_path, "incidents")).data
    theirs = pyogrio.read_dataframe(demo_path, layer="incidents")
    for column in ("source", "kind", "category", "status", "level"):
        assert isinstance(ours[column].dtype, pd.CategoricalDtype), column
        assert ours[column].astype(object).where(ours[column].notna(), None).tolist() == \
            theirs[column].astype(object).where(theirs[column].notna(), None).tolist(), column
    # a file from another program: Chinese labels in the code column, then one value that is none
    buildings = pyogrio.read_dataframe(demo_path, layer="buildings")
    labels = {"residential": "住宅", "hospital": "医院", "school": "学校"}
    buildings["use"] = buildings["use"].map(lambda v: labels.get(v, v))
    path = tmp_path / "labels.gpkg"
    pyogrio.write_dataframe(buildings, path, layer="buildings")
    read = BuildingsLayer(read_layer(path, "buildings")).data["use"]
    original = Project.open(demo_path)["buildings"].data["use"]
    assert read.tolist() == original.tolist()
    buildings.loc[3, "use"] = "城堡"
    pyogrio.write_dataframe(buildings, path, layer="buildings")
    with pytest.raises(LayerValidationError, match=r"column use.*'城堡'"):
        BuildingsLayer(read_layer(path, "buildings"))


def test_empty_text_columns_are_read_as_the_shared_nulls(demo_path, tmp_path):
    """A text column nobody filled is not converted: every such column of the frame is the one
    shared block of nulls (layers.validate.no_text), in its place among the columns."""
    from gridmap.io.gpkg import read_layer
    raw = pyogrio.read_dataframe(demo_path, layer="incidents")
    raw["notes"] = None
    raw["description"] = None
    raw["notes"] = raw["notes"].astype("str")
    path = tmp_path / "empty.gpkg"
    pyogrio.write_dataframe(raw, path, layer="incidents")
    frame = read_layer(path, "incidents")
    assert [c for c in frame.columns if c not in ("fid", "geometry")] == [c for c in raw.columns if c != "geometry"]
    assert frame["notes"].isna().all() and frame["description"].isna().all()

    def addresses(column):
        return [b.address for b in frame[column].array._pa_array.chunks[0].buffers() if b is not None]
    assert addresses("notes") == addresses("description")
    assert frame["address"].notna().any() and addresses("address") != addresses("notes")
