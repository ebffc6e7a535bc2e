"""Search keys at scale: the vectorised address normaliser agrees with the one-at-a-time rules,
and the index finds the same features as a plain scan."""
from __future__ import annotations

import random

import numpy as np
import pytest

from gridmap.analysis.address import normalise_address, normalise_addresses, plain_keys
from gridmap.analysis.search import SearchIndex
from gridmap.project import Project
from layers import GridCellsLayer

TOKENS = ["公滨路", "湘江路", "307", "３０７", "-", "－", "—", "~", "1", "１２", "号", "号院", "弄", "栋", "幢",
          "号楼", "座", " ", "　", "\t", "黑龙江省", "哈尔滨市", "南岗区", "香坊区", "中国", "Ab", "x",
          "\u0663", "\u00a0", "路", "街", "巷", "小区", "单元", "(", ")", "（", "）", "nan", "None", "\u2028"]


def _random_addresses(n: int, seed: int) -> list:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randint(0, 8)
        out.append("".join(rng.choice(TOKENS) for _ in range(k)))
    out += [None, "", " ", "nan", "<NA>", "  NONE "]
    return out


def test_vectorised_addresses_equal_the_row_by_row_rules():
    values = _random_addresses(20000, seed=7)
    values += ["黑龙江省哈尔滨市香坊区公滨路 307-1号", "公滨路307号1栋", "公滨路３０７－１号", "12弄3号", "公滨路307号1号楼"]
    fast = normalise_addresses(np.array(values, dtype=object))
    slow = [normalise_address(v) for v in values]
    diffs = [(v, f, s) for v, f, s in zip(values, fast, slow) if f != s]
    assert not diffs, diffs[:5]
    assert list(fast[-5:]) == ["公滨路307-1", "公滨路307-1", "公滨路307-1", "12-3", "公滨路307-1"]


def test_plain_keys_equal_the_row_by_row_rule():
    values = _random_addresses(5000, seed=11) + ["ＡＢ Ｃ", "Grid  1"]
    expected = ["" if v is None else __import__("unicodedata").normalize("NFKC", v).strip().lower().replace(" ", "")
                for v in values]
    assert list(plain_keys(np.array(values, dtype=object))) == expected


@pytest.fixture(scope="module")
def demo():
    from pathlib import Path
    return Project.open(Path(__file__).resolve().parents[2] / "data" / "hongqi_demo.gpkg")


def test_index_matches_a_plain_scan_of_the_addresses(demo):
    index = SearchIndex(demo)
    addresses = demo["buildings"].data["address"]
    for query in ["公滨路", "湘江路 1", "307-1号"]:
        key = normalise_address(query)
        expected = {i for i, a in enumerate(addresses) if isinstance(a, str) and key in normalise_address(a)}
        found = {m.row for m in index.search(query, limit=10_000) if m.layer == "buildings" and m.kind == "address"}
        assert found == expected and expected, query


def test_labels_show_code_name_and_worker_without_gaps():
    from shapely.geometry import box
    import geopandas as gpd
    frame = gpd.GeoDataFrame({"grid_code": ["230110004001001", "230110004001002"], "name": ["第1网格", None],
                              "community_code": ["230110004001", "230110004001"],
                              "worker": [None, "王五"], "households": [10, 20]},
                             geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")
    index = SearchIndex(Project([GridCellsLayer(frame)]))
    labels = {m.text: m.label for m in index.search("2301100040010", limit=10)}
    assert labels == {"230110004001001": "230110004001001 第1网格", "230110004001002": "230110004001002 王五"}


def test_a_case_is_found_by_its_number_and_nothing_else(demo):
    index = SearchIndex(demo)
    ids = demo["incidents"].data["incident_id"]
    target = ids.iloc[123]
    hits = [m for m in index.search(target) if m.layer == "incidents"]
    assert hits[0].row == 123 and hits[0].quality == "exact" and hits[0].label.startswith(target)
    prefix = target[:10]                                       # one day's cases: I20250120-…
    found = {m.row for m in index.search(prefix, limit=100000) if m.layer == "incidents"}
    assert found == set(np.flatnonzero(ids.str.lower().str.startswith(prefix.lower()).to_numpy()))
    # a reporter's name or a complaint's text finds no case
    data = demo["incidents"].data
    for column in ("reporter", "reporter_phone"):
        value = data[column].dropna().iloc[0]
        assert not [m for m in index.search(value) if m.layer == "incidents"]
