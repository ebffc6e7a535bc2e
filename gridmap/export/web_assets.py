"""The vendored Leaflet files, inlined so an exported page needs no network (no Qt)."""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "resources" / "web"


def _read(relative: str) -> str:
    return (WEB / relative).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """leaflet.css with its images as data URIs (inlined CSS cannot reach images/… files)."""
    css = _read("leaflet/leaflet.css")

    def data_uri(match) -> str:
        name = match.group(1)
        encoded = base64.b64encode((WEB / "leaflet" / "images" / name).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"
    return re.sub(r"url\(images/([\w\-]+\.png)\)", data_uri, css)


@lru_cache(maxsize=1)
def marker_icon_js() -> str:
    """Point Leaflet's default marker icon at data URIs too (it otherwise guesses a URL)."""
    icon = base64.b64encode((WEB / "leaflet/images/marker-icon.png").read_bytes()).decode("ascii")
    icon2 = base64.b64encode((WEB / "leaflet/images/marker-icon-2x.png").read_bytes()).decode("ascii")
    shadow = base64.b64encode((WEB / "leaflet/images/marker-shadow.png").read_bytes()).decode("ascii")
    return ("L.Icon.Default.mergeOptions({iconUrl:'data:image/png;base64," + icon + "',"
            "iconRetinaUrl:'data:image/png;base64," + icon2 + "',shadowUrl:'data:image/png;base64," + shadow + "'});")


def inline_head(cluster: bool, heat: bool) -> str:
    """<style> and <script> elements for the page head: Leaflet, and the plugins used."""
    css = [leaflet_css()]
    js = [_read("leaflet/leaflet.js"), marker_icon_js()]
    if cluster:
        css += [_read("leaflet.markercluster/MarkerCluster.css"), _read("leaflet.markercluster/MarkerCluster.Default.css")]
        js.append(_read("leaflet.markercluster/leaflet.markercluster.js"))
    if heat:
        js.append(_read("leaflet.heat/leaflet-heat.js"))
    styles = "".join(f"<style>\n{c}\n</style>\n" for c in css)
    # "</script" inside inlined code would end the element early: escape it.
    scripts = "".join("<script>\n" + j.replace("</script", "<\\/script") + "\n</script>\n" for j in js)
    return styles + scripts
