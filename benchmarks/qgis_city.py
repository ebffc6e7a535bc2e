"""QGIS's figures on the same city GeoPackage, for bench_city.py to print beside GridMap's.

Run with Debian's python3 and PyQGIS (packages qgis, python3-qgis), not the project's venv:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 benchmarks/qgis_city.py benchmarks/.cache/city.gpkg 3
Prints one JSON object: seconds for starting (imports, initQgis), opening the layers, a full-extent frame of cells, buildings
and incidents at 1600x1000 in EPSG:4551 (median of the runs, caches cleared each time),
native:countpointsinpolygon of the incidents into the cells, a simple 100-page atlas (map of the
cell and its code, PDF), and peak memory.
"""
from __future__ import annotations

import time

START = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike getrusage's maxrss it does not carry
    the parent's peak across exec)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                           QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemMap, QgsLayoutPoint,
                           QgsLayoutSize, QgsMapRendererParallelJob, QgsMapSettings, QgsPrintLayout,
                           QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsUnitTypes,
                           QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from qgis.core import Qgis
    out: dict[str, float | str] = {"qgis": Qgis.version(), "startup_s": time.perf_counter() - START}

    start = time.perf_counter()
    layers = {name: QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
              for name in ("grid_cells", "buildings", "incidents")}
    for name, layer in layers.items():
        if not layer.isValid():
            print(json.dumps({"error": f"QGIS cannot read layer {name} of {path}"}))
            return 2
        layer.featureCount()
    out["load_s"] = time.perf_counter() - start
    project = QgsProject.instance()
    project.addMapLayers(list(layers.values()))
    metric = QgsCoordinateReferenceSystem("EPSG:4551")
    project.setCrs(metric)

    settings = QgsMapSettings()
    settings.setLayers([layers["incidents"], layers["buildings"], layers["grid_cells"]])   # top first
    settings.setDestinationCrs(metric)
    settings.setOutputSize(QSize(1600, 1000))
    settings.setBackgroundColor(QColor(255, 255, 255))
    extent = QgsCoordinateTransform(layers["grid_cells"].crs(), metric, project).transformBoundingBox(
        layers["grid_cells"].extent())
    settings.setExtent(extent)

    def frame() -> float:
        for layer in layers.values():
            layer.triggerRepaint()           # no cached layer images between runs
        job = QgsMapRendererParallelJob(settings)
        t = time.perf_counter()
        job.start()
        job.waitForFinished()
        return time.perf_counter() - t
    out["frame_s"] = statistics.median(frame() for _ in range(runs))

    QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
    alg = QgsApplication.processingRegistry().createAlgorithmById("native:countpointsinpolygon")

    def count() -> float:
        context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
        t = time.perf_counter()
        result, ok = alg.run({"POLYGONS": layers["grid_cells"], "POINTS": layers["incidents"],
                              "FIELD": "NUMPOINTS", "OUTPUT": "memory:"}, context, feedback)
        if not ok:
            raise RuntimeError("countpointsinpolygon failed")
        return time.perf_counter() - t
    out["count_s"] = statistics.median(count() for _ in range(runs))

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()                                  # one A4 page
    item = QgsLayoutItemMap(layout)
    item.attemptMove(QgsLayoutPoint(10, 20, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(190, 170, QgsUnitTypes.LayoutMillimeters))
    item.setLayers([layers["incidents"], layers["buildings"], layers["grid_cells"]])
    item.setCrs(metric)
    item.setAtlasDriven(True)
    layout.addLayoutItem(item)
    label = QgsLayoutItemLabel(layout)
    label.setText("[% \"grid_code\" %] [% \"name\" %]")
    label.attemptMove(QgsLayoutPoint(10, 8, QgsUnitTypes.LayoutMillimeters))
    label.attemptResize(QgsLayoutSize(190, 10, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(label)
    atlas = layout.atlas()
    atlas.setCoverageLayer(layers["grid_cells"])
    atlas.setEnabled(True)
    atlas.setFilterFeatures(True)
    atlas.setFilterExpression("$id <= 100")
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "atlas.pdf")
        t = time.perf_counter()
        result, error = QgsLayoutExporter.exportToPdf(atlas, target, QgsLayoutExporter.PdfExportSettings())
        seconds = time.perf_counter() - t
        if result != QgsLayoutExporter.Success:
            raise RuntimeError(f"atlas export failed: {error}")
    out["atlas_ms_per_page"] = seconds / 100 * 1000
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
