"""The patrol atlas: page counts, page content (and no personal data), a drawn map, split modes."""
import re
import subprocess
import sys

import numpy as np
import pytest
import shapely

from gridmap.export.atlas import AtlasCancelled, AtlasOptions, export_atlas
from gridmap.export.atlas_page import PageLayout
from layers.errors import DataError
from tests.conftest import ROOT


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_text(path, page):
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True).stdout
    return text                 # as written: no radicals for 网, 页 (export.pdf_text)


def cell_buildings(project, code):
    cells = project.to_metric("grid_cells").set_index("grid_code")
    buildings = project.to_metric("buildings")
    inside = shapely.contains(cells.geometry[code], shapely.point_on_surface(np.asarray(buildings.geometry.values)))
    return buildings[inside]


@pytest.fixture(scope="module")
def atlas(tmp_path_factory, demo_project):
    out = tmp_path_factory.mktemp("atlas") / "hongqi.pdf"
    files = export_atlas(demo_project, out, AtlasOptions(language="zh"))
    return demo_project, files[0]


def test_one_page_per_cell_plus_continuations(atlas):
    project, path = atlas
    from PySide6.QtGui import QPdfWriter  # noqa: F401  (Qt is up: the export made the app)
    layout = PageLayout.make(1122, 1654, 150, False)   # A4 portrait at 150 dpi minus 10 mm margins
    expected = sum(layout.pages_for(len(cell_buildings(project, code))) for code in project["grid_cells"].data["grid_code"])
    assert pdf_pages(path) == expected
    assert expected >= len(project["grid_cells"])


def test_a_page_names_its_cell_worker_and_every_address_and_no_personal_data(atlas):
    project, path = atlas
    cells = project["grid_cells"].data.sort_values("grid_code")
    text = page_text(path, 1)
    first = cells.iloc[0]
    assert first["grid_code"] in text and first["worker"] in text and "第 1 /" in text
    for address in cell_buildings(project, first["grid_code"])["address"]:
        assert address in text
    everything = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    incidents = project["incidents"].data
    for phone in set(incidents["reporter_phone"].dropna()) | set(cells["worker_phone"].dropna()):
        assert phone not in everything
    workers = set(cells["worker"].dropna())
    stripped = everything
    for name in sorted(workers, key=len, reverse=True):
        stripped = stripped.replace(name, "")
    for reporter in set(incidents["reporter"].dropna()):
        assert reporter not in stripped


def test_rendered_page_has_the_cell_colour_in_its_map(atlas, tmp_path):
    _project, path = atlas
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", str(path), str(tmp_path / "p")], check=True)
    from PySide6.QtGui import QImage
    image = QImage(str(next(tmp_path.glob("p*.png"))))
    from tests.ui.conftest import rgba_array
    from tests.ui.test_screenshot import blend
    from gridmap.render import palette
    pixels = rgba_array(image)[..., :3].astype(int)
    map_area = pixels[int(image.height() * 0.1):int(image.height() * 0.5)]
    cell = blend(palette.GRID_FILL, palette.BACKGROUND)
    assert (np.abs(map_area - cell).max(axis=-1) <= 6).mean() > 0.2     # the cell fills much of the frame
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50            # not blank


def test_split_modes_write_the_right_files(tmp_path, demo_project):
    communities = sorted(demo_project["grid_cells"].data["community_code"].unique())
    by_community = export_atlas(demo_project, tmp_path / "c.pdf", AtlasOptions(split="community",
                                                                              community=communities[0]))
    assert [p.name for p in by_community] == [f"c_{communities[0]}.pdf"]
    codes = demo_project["grid_cells"].data["grid_code"].iloc[:3].tolist()
    by_cell = export_atlas(demo_project, tmp_path / "x.pdf", AtlasOptions(split="cell", cells=codes, paper="A3",
                                                                         landscape=True, language="en"))
    assert sorted(p.name for p in by_cell) == sorted(f"x_{c}.pdf" for c in codes)
    for path, code in zip(sorted(by_cell), sorted(codes)):
        assert code in page_text(path, 1) and "Worker" in page_text(path, 1)
    size = subprocess.run(["pdfinfo", str(by_cell[0])], capture_output=True, text=True).stdout
    assert "1190.55 x 841.89" in size or "1191 x 842" in size          # A3 landscape in points
    whole = export_atlas(demo_project, tmp_path / "all.pdf", AtlasOptions(split="community"))
    assert len(whole) == len(communities)
    assert sum(pdf_pages(p) for p in whole) == pdf_pages(export_atlas(demo_project, tmp_path / "one.pdf")[0])


def test_bad_options_unknown_cells_and_cancel(tmp_path, demo_project):
    with pytest.raises(DataError, match="not in the project: 999"):
        export_atlas(demo_project, tmp_path / "a.pdf", AtlasOptions(cells=["999"]))
    with pytest.raises(DataError, match="split"):
        export_atlas(demo_project, tmp_path / "a.pdf", AtlasOptions(split="street"))
    calls = []
    with pytest.raises(AtlasCancelled):
        export_atlas(demo_project, tmp_path / "a.pdf", AtlasOptions(),
                     progress=lambda d, t, n: calls.append(d), cancelled=lambda: len(calls) >= 3)
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*writing"))   # nothing half-written


def test_cli_atlas(tmp_path, demo_path, demo_project):
    community = "230110004001"
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "atlas", str(demo_path), "-o", str(tmp_path / "a.pdf"),
                          "--community", community, "--days", "90"], capture_output=True, text=True, timeout=300,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert pdf_pages(tmp_path / "a.pdf") >= 6
    assert run.stdout.strip() == str(tmp_path / "a.pdf")          # stdout: the files written, nothing else
    cells = demo_project["grid_cells"].data
    in_community = int((cells["community_code"].astype(str) == community).sum())
    assert f" {in_community} " in run.stderr.splitlines()[-1]      # the summary counts the cells printed
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "atlas", str(demo_path), "-o", str(tmp_path / "b.pdf"),
                          "--cells", "123"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "123" in bad.stderr and "Traceback" not in bad.stderr


def test_page_contents_equal_a_direct_computation(demo_project):
    """What each page lists — incidents in the cell, facilities near it, its buildings with their
    last visits — equals a plain containment test over every feature."""
    import numpy as np
    import pandas as pd
    import shapely
    from gridmap.export.atlas_data import AtlasData
    data = AtlasData(demo_project, days=90)
    inc = demo_project.to_metric("incidents")
    recent = ((inc["reported_at"] >= data.as_of - pd.Timedelta(days=90)) & (inc["reported_at"] <= data.as_of)).to_numpy()
    points = np.asarray(inc.geometry.values)[recent]
    fac = demo_project.to_metric("facilities")
    last = demo_project["patrols"].data.groupby("building_id")["visited_at"].max()
    total = 0
    for row in range(len(demo_project["grid_cells"])):
        page = data.page(row)
        inside = shapely.contains(page.geometry, points)
        assert len(page.incidents) == inside.sum()
        assert shapely.equals(np.asarray(page.incidents["geometry"]), points[inside]).all()
        total += inside.sum()
        near = shapely.intersects(page.geometry.buffer(30.0), np.asarray(fac.geometry.values))
        assert list(page.facilities["name"]) == list(fac["name"][near])
        for bid, seen in zip(page.buildings["building_id"], page.buildings["last_visit"]):
            assert seen == (last[bid].strftime("%Y-%m-%d") if bid in last.index else "")
    assert total > 100


def test_every_page_carries_its_cells_emerging_category_and_trend(atlas):
    """The corner of each cell's first page: the category and trend the command line reports for
    that cell (``gridmap hotspots --emerging``, checked against esda and a spatial join)."""
    import json
    from gridmap.analysis.emerging import CATEGORY_LABELS
    from tests.test_cli import run
    project, path = atlas
    rows = {r["grid_code"]: r for r in json.loads(run("hotspots", "data/hongqi_demo.gpkg", "--emerging",
                                                        "--json").stdout)}
    everything = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    pages = everything.split("\f")
    seen = 0
    for code, r in rows.items():
        first = next(p for p in pages if re.search(rf"^\s*{code}\s.*网格员", p, re.M))     # its header line
        zh = CATEGORY_LABELS[r["category"]][0]
        assert f"{zh} · 趋势 τ {r['trend_tau']:+.2f}, p {r['trend_p']:.2f}" in first, (code, first[:400])
        seen += r["category"] != "no_pattern"
    assert seen >= 3                    # the demo's hot spots over time are on their pages
