"""One lock around the native geodata libraries when threads overlap.

pyogrio's GDAL and pyproj each bundle their own PROJ. Measured here: creating a pyproj
Transformer in the render thread while GDAL reads a GeoPackage in the loader thread crashes the
process (segmentation fault in proj_create_crs_to_crs). Reads and transformer work therefore
take this lock; it is uncontended in the usual single-threaded case.
"""
import threading

NATIVE_LOCK = threading.RLock()
