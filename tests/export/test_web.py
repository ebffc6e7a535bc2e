"""The offline web map: every layer, no external request, no personal data, size, a real browser."""
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import pytest

from gridmap.export.web import WebOptions, export_web


class Requests(HTMLParser):
    """Every URL the page would fetch: script/link/img/iframe/source sources and CSS url()."""

    def __init__(self):
        super().__init__()
        self.urls, self._style = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href", "data", "poster"):
            if key in attrs and tag in ("script", "link", "img", "iframe", "source", "video", "audio", "embed", "object"):
                self.urls.append(attrs[key])
        if "style" in attrs:
            self.urls += re.findall(r"url\(([^)]*)\)", attrs["style"])
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            self.urls += re.findall(r"url\(([^)]*)\)", data)


def external(urls):
    return [u for u in urls if not re.match(r"""^\s*['"]?(data:|#|about:blank)""", u)]


@pytest.fixture(scope="module")
def page(tmp_path_factory, demo_project):
    out = tmp_path_factory.mktemp("web") / "hongqi.html"
    result = export_web(demo_project, out, WebOptions(date_from="2025-01-01", date_to="2025-03-31", language="zh"))
    return demo_project, out, result


def test_every_layer_is_in_the_page_in_chinese(page):
    _p, out, result = page
    text = out.read_text(encoding="utf-8")
    for name in ("街道边界", "道路", "社区", "网格", "楼栋", "设施", "事件（聚合）", "热力图", "热点分析（Gi*）", "每百户事件数"):
        assert name in text or json.dumps(name) in text, name      # the layer control escapes non-ASCII
    assert "L.control.layers" in text and "markerClusterGroup" in text and "heatLayer" in text
    assert "2025-01-01 至 2025-03-31" in text and "图例" in text
    assert result.points_written == result.incidents_in_window == 487


def test_no_request_leaves_the_file(page):
    _p, out, _r = page
    parser = Requests()
    parser.feed(out.read_text(encoding="utf-8"))
    assert parser.urls, "the parser found the page's url() references"
    assert external(parser.urls) == []
    assert not re.search(r"<script[^>]+src=", out.read_text(encoding="utf-8"))


def test_no_personal_data(page):
    project, out, _r = page
    text = out.read_text(encoding="utf-8")
    cells, incidents = project["grid_cells"].data, project["incidents"].data
    for phone in set(cells["worker_phone"].dropna()) | set(incidents["reporter_phone"].dropna()):
        assert phone not in text
    for name in sorted(set(cells["worker"].dropna()), key=len, reverse=True):
        text = text.replace(name, "")          # workers are named on purpose: they answer for cells
    for reporter in set(incidents["reporter"].dropna()):
        assert reporter not in text


def test_many_incidents_go_as_counts_and_heatmap(tmp_path, demo_project):
    result = export_web(demo_project, tmp_path / "agg.html", WebOptions(max_points=1000))
    text = (tmp_path / "agg.html").read_text(encoding="utf-8")
    assert result.mode == "aggregated" and result.points_written == 0
    assert "markerClusterGroup" not in text and "heatLayer" in text
    # the heat scale follows the data: 5,840 incidents would saturate Leaflet.heat's default max of 1
    scale = float(re.search(r'"max": ([0-9.]+)', text[text.index("heatLayer"):]).group(1))
    assert 1 < scale < 5840 / 4
    full = export_web(demo_project, tmp_path / "full.html", WebOptions())
    assert full.points_written == 5840 and result.bytes < full.bytes


def test_unknown_layer_is_refused(tmp_path, demo_project):
    with pytest.raises(ValueError, match="unknown web layers: lakes"):
        export_web(demo_project, tmp_path / "x.html", WebOptions(layers={"lakes"}))


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (make test installs it)")
def test_renders_offline_in_headless_chromium(page, tmp_path):
    _p, out, _r = page
    shot = tmp_path / "web.png"
    run = subprocess.run([chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}",
                          "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",   # no network
                          "--window-size=1400,900", "--virtual-time-budget=8000", f"--screenshot={shot}",
                          out.as_uri()], capture_output=True, text=True, timeout=120)
    assert shot.exists(), run.stderr[-2000:]
    from PySide6.QtGui import QImage
    from tests.ui.conftest import rgba_array
    pixels = rgba_array(QImage(str(shot)))[..., :3].astype(int)

    def share(rgb, tol=25):
        return (np.abs(pixels - np.array(rgb)).max(axis=-1) <= tol).mean()
    assert share((31, 95, 191)) > 0.001          # grid cell outlines
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    green_bubbles = ((g > r + 40) & (g > b + 60) & (g > 150)).mean()        # small clusters (translucent green)
    yellow_bubbles = ((r > 200) & (g > 170) & (b < 110)).mean()              # medium clusters (yellow)
    assert green_bubbles > 0.002 and yellow_bubbles > 0.002
    # the heatmap's hot core: since the scale follows the data (web_heat), only the densest ~5% of
    # the map is fully hot, 0.04% of this 487-incident page (0.13% when everything saturated)
    assert share((255, 0, 0), 60) > 0.0002
    assert len(np.unique(pixels.reshape(-1, 3)[::5], axis=0)) > 500   # a map, not a blank or grey page


def test_emerging_layer_carries_the_categories_of_the_command_line(tmp_path, demo_project):
    """The whole period by month: each cell's category in the page equals what
    ``gridmap hotspots --emerging --json`` reports (checked there against esda and a spatial join)."""
    from tests.test_cli import run
    out = tmp_path / "emerging.html"
    export_web(demo_project, out, WebOptions(layers={"boundary", "grid_cells", "emerging"}, language="zh"))
    text = out.read_text(encoding="utf-8")
    found = [(code, category) for category, code in
             re.findall(r'"category":\s*"(\w+)",\s*"category_label":\s*"[^"]*",\s*"grid_code":\s*"(\d+)"', text)]
    cli = run("hotspots", "data/hongqi_demo.gpkg", "--emerging", "--json")
    expected = [(r["grid_code"], r["category"]) for r in json.loads(cli.stdout)]
    assert found == expected and len(found) == 46
    assert {c for _g, c in found} - {"no_pattern"}, "the demo has emerging hot spots"
    assert json.dumps("新兴热点（2023-01 至 2025-03，按月）")[1:-1] in text or "新兴热点（2023-01 至 2025-03，按月）" in text
    assert "零星热点" in text or json.dumps("零星热点")[1:-1] in text                 # legend and tooltips
    assert "worker_phone" not in text


def test_emerging_layer_is_left_out_of_a_window_too_short(tmp_path, demo_project):
    out = tmp_path / "short.html"
    export_web(demo_project, out, WebOptions(date_from="2025-03-01", date_to="2025-03-31",
                                             layers={"grid_cells", "emerging"}, language="en"))
    text = out.read_text(encoding="utf-8")
    assert "Emerging hot spots" not in text and '"category"' not in text
