"""One lock around the native geodata libraries when threads overlap.

pyogrio's GDAL and pyproj each bundle their own PROJ. Measured here: creating a pyproj
Transformer in the render thread while GDAL reads a GeoPackage in the loader thread crashes the
process (segmentation fault in proj_create_crs_to_crs). Reads and transformer work therefore
take this lock; it is uncontended in the usual single-threaded case.
"""
import threading

NATIVE_LOCK = threading.RLock()

_KEPT_CONTEXTS: dict[int, object] = {}
_KEPT_LOCK = threading.Lock()


def keep_proj_context() -> None:
    """Call first in every job a Qt thread pool (or QThread) runs that may use pyproj.

    pyproj keeps each thread's PROJ context twice: a raw pointer in native thread-local storage,
    and the object that frees it in a Python ``threading.local``. A Qt pool thread gets a new
    Python thread state for every job, which empties the ``threading.local`` and frees the
    context — while the native pointer stays. The next job in that thread then creates a CRS on
    freed memory: the segmentation faults in ``proj_create`` seen after a coverage check on a city
    (reproduced: two jobs in one pool thread, each making a CRS, crash on the second). Holding the
    freeing object for the native thread's life keeps the pointer valid."""
    import pyproj._context as context
    context._set_context_data_dir()         # this thread's context, made now if it has none
    manager = context.get_context_manager()
    if manager is not None:                 # made in this thread state: hold it for the thread's life
        with _KEPT_LOCK:
            _KEPT_CONTEXTS[threading.get_native_id()] = manager


def give_back_memory() -> None:
    """Return to the system the memory that reading a project used for a while and freed.

    Arrow's allocator (mimalloc) and glibc's keep freed pages for reuse; after a big read they are
    hundreds of MB that the process no longer uses but the system still counts against it (a ten
    million incident archive: ~1 GB). Call once a read is done, not in a loop."""
    try:
        import pyarrow as pa
        pa.default_memory_pool().release_unused()
    except Exception:                       # pragma: no cover - pyarrow is a dependency
        pass
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):       # not glibc (macOS, musl): nothing to trim
        pass
