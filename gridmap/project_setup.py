"""Starting a project and filling it from OpenStreetMap: shared by the commands and the window."""
from __future__ import annotations

from pathlib import Path

from layers.messages import add_messages, msg

add_messages({
    "new_no_polygon": {"zh": "{path}：没有面要素，无法作为街道边界", "en": "{path}: no polygon to use as the boundary"},
    "osm_no_boundary": {"zh": "{path}：项目没有街道边界（boundary）图层；请先用 gridmap new 建立",
                        "en": "{path}: the project has no boundary layer; start it with gridmap new"},
})


def new_project(path: Path, boundary_file: Path, name: str | None = None, code: str | None = None,
                crs: str | None = None):
    """Write a new project at ``path`` holding the boundary read from ``boundary_file`` (its
    polygons as one); returns (the project, its area in km²). Raises ValueError / ReadError."""
    import geopandas as gpd
    import shapely
    from layers import LAYER_CLASSES
    from .io.sources import read_source
    from .project import Project
    frame = read_source(boundary_file, crs=crs)
    polygons = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])] if hasattr(frame, "geometry") else []
    if not len(polygons):
        raise ValueError(msg("new_no_polygon", path=boundary_file))
    name = name or _first_text(polygons, ("name", "名称", "NAME")) or Path(boundary_file).stem
    code = code or _first_text(polygons, ("code", "division_code", "编码", "CODE")) or ""
    area = shapely.union_all(shapely.make_valid(polygons.geometry.values))
    boundary = gpd.GeoDataFrame({"name": [name], "code": [code]}, geometry=[area], crs=4326)
    project = Project([LAYER_CLASSES["boundary"](boundary, source=Path(boundary_file).name)], meta={"title": name})
    if path.exists():
        path.unlink()
    project.save(path)
    km2 = float(gpd.GeoSeries([area], crs=4326).to_crs(project.metric_crs).area.iloc[0]) / 1e6
    return project, km2


def _first_text(frame, names) -> str | None:
    for column in names:
        if column in frame.columns:
            values = [str(v).strip() for v in frame[column] if v is not None and str(v).strip() not in ("", "nan")]
            if values:
                return values[0]
    return None


def import_osm(project, path: Path, area_per_household: float = 90.0, default_floors: int = 6,
               replace: bool = False):
    """Put OpenStreetMap buildings, roads and facilities inside ``project``'s boundary into it
    (not saved) and credit OSM; returns what was found. Raises ValueError / ReadError."""
    import shapely
    from layers import LAYER_CLASSES, OtherLayer
    from .io import load as _load  # noqa: F401 - registers the load messages
    from .io.osm import OSM_CREDIT, read_osm
    if "boundary" not in project or not len(project["boundary"]):
        raise ValueError(msg("osm_no_boundary", path=project.path))
    boundary = shapely.union_all(project["boundary"].data.to_crs(4326).geometry.values)
    found = read_osm(path, boundary, project.metric_crs, area_per_household, default_floors)
    layers = {"buildings": LAYER_CLASSES["buildings"](found.buildings, source=Path(path).name),
              "roads": OtherLayer(found.roads, layer_name="roads", source=Path(path).name)}
    if len(found.facilities):
        layers["facilities"] = LAYER_CLASSES["facilities"](found.facilities, source=Path(path).name)
    clash = [name for name in layers if name in project and not replace]
    if clash:
        raise ValueError(msg("load_exists", layer=", ".join(clash)))
    for name, layer in layers.items():
        project.add_layer(layer, replace=name in project)
    credit = project.meta.get("credit", "")
    if OSM_CREDIT not in credit:
        project.meta["credit"] = f"{credit}；{OSM_CREDIT}" if credit else OSM_CREDIT
    return found


