"""A picture of a big project's whole map, kept in the user's cache and shown at once the next time
the same, unchanged file is opened, while its layers are read (a city takes seconds to read).

The picture is the first complete render of the full extent after an open: the public snapshot
(no sensitive column reaches a render), the default layers and styles. It is used only while the
file is byte-for-byte the file it was made from, as far as size and modification time of the
GeoPackage and its ``-wal`` tell (QGIS or another desk writing the file changes them), and only in
the same interface language. The folder is the user's own (0700), each picture 0600, written whole
or not at all."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

_VERSION = 1
#: Smaller projects open in well under a second: no picture is kept for them.
OVERVIEW_FROM_BYTES = 32 * 2**20


@dataclass
class Overview:
    image: QImage
    world: QRectF
    layers: list[str]


def cache_dir() -> Path:
    """The private folder of overview pictures (made with mode 0700 when missing)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "gridmap" / "overviews"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def wanted(path) -> bool:
    """Whether ``path`` is a project file big enough to keep a picture of."""
    try:
        return isinstance(path, (str, os.PathLike)) and os.path.isfile(path) \
            and os.path.getsize(path) >= OVERVIEW_FROM_BYTES
    except OSError:
        return False


def fingerprint(path, language: str) -> str:
    """What must not have changed for a picture to be shown: the file's and its WAL's size and
    modification time, the language, the picture format."""
    parts = {"version": _VERSION, "language": language, "files": []}
    for name in (os.fspath(path), os.fspath(path) + "-wal"):
        try:
            st = os.stat(name)
            parts["files"].append([os.path.basename(name), st.st_size, st.st_mtime_ns])
        except FileNotFoundError:
            parts["files"].append([os.path.basename(name), None, None])
    return json.dumps(parts, sort_keys=True)


def _picture_path(path) -> Path:
    key = hashlib.sha1(os.path.realpath(path).encode("utf-8")).hexdigest()[:20]
    return cache_dir() / f"{key}.png"


def load(path, print_: str) -> Overview | None:
    """The picture of ``path`` when one was kept under the fingerprint ``print_``; else None."""
    try:
        target = _picture_path(path)
        if not target.exists():
            return None
        image = QImage(str(target))
        if image.isNull() or image.text("gridmap-fingerprint") != print_:
            return None
        meta = json.loads(image.text("gridmap-overview"))
        world = QRectF(*[float(v) for v in meta["world"]])
        layers = [str(n) for n in meta["layers"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if world.isEmpty() or not layers:
        return None
    return Overview(image, world, layers)


def save(path, print_: str, image: QImage, world: QRectF, layers: list[str]) -> bool:
    """Keep ``image`` (depicting ``world``, with ``layers`` drawn) as the picture of ``path``."""
    try:
        target = _picture_path(path)
        copy = QImage(image)
        copy.setText("gridmap-fingerprint", print_)
        copy.setText("gridmap-overview", json.dumps({"world": [world.x(), world.y(), world.width(), world.height()],
                                                     "layers": list(layers)}))
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".png", dir=target.parent)    # mode 0600
        os.close(fd)
        try:
            if not copy.save(tmp, "PNG"):
                raise OSError(f"could not write {tmp}")
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def forget(path) -> None:
    """Remove the picture of ``path`` (nothing when there is none)."""
    try:
        _picture_path(path).unlink(missing_ok=True)
    except OSError:
        pass
