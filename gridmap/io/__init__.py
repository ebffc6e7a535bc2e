"""Readers and writers of GridMap (GeoPackage, later CSV/Excel, Open311, OSM) and CRS helpers."""
from .crs import STORAGE_CRS, metric_crs_for, metric_crs_for_bounds
from .errors import ReadError, WriteError
from .gpkg import list_layers, read_layer, write_layers

__all__ = ["STORAGE_CRS", "metric_crs_for", "metric_crs_for_bounds", "ReadError", "WriteError",
           "list_layers", "read_layer", "write_layers"]
