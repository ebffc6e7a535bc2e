#!/usr/bin/env python3
"""Render a GridMap project the way QGIS shows it (Debian's python3-qgis, run with /usr/bin/python3):
each layer loaded from the GeoPackage with its default style from ``layer_styles``, drawn in
GridMap's order to a PNG. Prints, per layer, the renderer QGIS applied — to check that QGIS opens
the project looking like GridMap.

    /usr/bin/python3 scripts/qgis_preview.py PROJECT.gpkg OUT.png
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ORDER = ["roads", "grid_cells", "communities", "buildings", "boundary", "facilities", "incidents"]


def main(path: str, out: str) -> int:
    from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject,
                           QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    layers = []
    for name in ORDER:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not layer.isValid():
            continue
        QgsProject.instance().addMapLayer(layer)
        renderer = layer.renderer()
        kind = renderer.type() if renderer else "none"
        extra = f", {len(renderer.categories())} categories on {renderer.classAttribute()}" \
            if kind == "categorizedSymbol" else ""
        print(f"{name}: {kind}{extra}, labels {'on' if layer.labelsEnabled() else 'off'}, "
              f"{layer.featureCount()} features")
        layers.append(layer)
        for field in layer.fields():
            if field.typeName() == "DateTime":
                first = next(layer.getFeatures(f'"fid" = {_first_fid(layer)}'))[field.name()]
                text = first.toString('yyyy-MM-dd HH:mm:ss') if hasattr(first, "toString") else "NULL"
                print(f"{name}.{field.name()}: DateTime, first {text}")
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))          # QGIS draws the first layer on top
    settings.setDestinationCrs(layers[0].crs())
    extent = layers[0].extent()
    for layer in layers[1:]:
        extent.combineExtentWith(layer.extent())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(1200, 900))
    settings.setBackgroundColor(QColor(246, 244, 240))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(out)
    app.exitQgis()
    return 0


def _first_fid(layer) -> int:
    return min(f.id() for f in layer.getFeatures())


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
