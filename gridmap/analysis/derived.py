"""Values derived from one data frame (filter codes, period columns …), computed once per frame.

The loader computes them in its thread while a project opens, so that the panels which need
them find them ready instead of computing them in the GUI thread. An edit replaces a layer's
frame, which makes a new cache entry; the old one goes with the old frame."""
from __future__ import annotations

import threading
import weakref
from typing import Callable, TypeVar

T = TypeVar("T")

# Keyed by id(frame) (data frames are not hashable); an entry leaves with its frame.
_CACHE: dict[int, dict] = {}
_LOCK = threading.Lock()


def derived(frame, make: Callable[[object], T], *, key=None, also: tuple = ()) -> T:
    """``make(frame)``, computed on the first call for this frame object and remembered.

    ``key`` (default: ``make``) names the value when ``make`` is a fresh closure; ``also`` lists
    other objects the value depends on (by identity: another frame, say) — a remembered value is
    used only while they are the very same objects."""
    slot = make if key is None else key
    entry_key = id(frame)
    value = remembered(frame, slot, also)
    if value is not None:
        return value
    value = make(frame)
    refs = tuple(weakref.ref(o) for o in also)
    with _LOCK:
        if entry_key not in _CACHE:
            _CACHE[entry_key] = {}
            weakref.finalize(frame, _drop, entry_key)
        _CACHE[entry_key][slot] = (refs, value)
    return value


def remembered(frame, key, also: tuple = ()):
    """The value ``derived`` remembers for ``frame`` under ``key`` (and the same ``also``), or None."""
    with _LOCK:
        hit = _CACHE.get(id(frame), {}).get(key)
    if hit is None:
        return None
    refs, value = hit
    return value if len(refs) == len(also) and all(r() is o for r, o in zip(refs, also)) else None


def _drop(key: int) -> None:
    # The values go after the lock is released: a value may hold the last reference to another
    # frame with values of its own (a public copy of the frame, say), whose finalizer calls this
    # again — under the lock that deadlocked.
    with _LOCK:
        entry = _CACHE.pop(key, None)
    del entry


def forget(frame) -> None:
    """Drop what was derived from ``frame`` (after it was changed in place)."""
    with _LOCK:
        entry = _CACHE.get(id(frame))
        values = dict(entry) if entry is not None else None
        if entry is not None:
            entry.clear()
    del values


# A frame with some columns blanked (a public copy: no phone numbers) has its original's rows and
# geometry: values derived from the geometry alone are found through the original.
_SAME_GEOMETRY: dict[int, weakref.ref] = {}


def same_geometry(copy, original) -> None:
    """Record that ``copy`` has ``original``'s rows and geometry (only other columns differ)."""
    key = id(copy)
    with _LOCK:
        _SAME_GEOMETRY[key] = weakref.ref(original)
    weakref.finalize(copy, _forget_alias, key)


def _forget_alias(key: int) -> None:
    with _LOCK:
        _SAME_GEOMETRY.pop(key, None)


def geometry_frame(frame):
    """The frame whose geometry-only derived values ``frame`` shares: its original if ``frame``
    is a copy recorded by ``same_geometry`` (and the original still lives), else ``frame``."""
    with _LOCK:
        ref = _SAME_GEOMETRY.get(id(frame))
    original = ref() if ref is not None else None
    return original if original is not None else frame
