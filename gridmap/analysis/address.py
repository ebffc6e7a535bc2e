"""Chinese street addresses normalised for matching: "公滨路307-1号" ↔ "公滨路 307-1" ↔ "公滨路307号1栋"."""
from __future__ import annotations

import re
import unicodedata

_ADMIN_PREFIX = re.compile(r"^(?:中国)?(?:\w{2,3}省)?(?:\w{2,4}市)?(?:\w{1,3}[区县](?=\w*[路街道巷]))?")
_DASHES = re.compile(r"[－—–―‐~～_]")
# "307号1栋", "12弄3号", "307号1号楼" -> "307-1", "12-3"
_COMPOUND_BUILDING = re.compile(r"(\d+)(?:号院?|弄)(\d+)(?:号楼|栋|幢|号|座)?")
_TRAILING_UNIT = re.compile(r"(\d+(?:-\d+)*)(?:号楼|号院|号|栋|幢|座)")


def normalise_address(text: str | None) -> str:
    """A canonical form of an address for equality tests; "" for empty input.

    Full-width characters become half-width (NFKC), spaces go, dashes unify, province, city
    and district prefixes are dropped, and 号/弄/栋/幢 are reduced so that "公滨路307号1栋",
    "公滨路 307-1" and "公滨路３０７－１号" all give "公滨路307-1".
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    if s in ("", "nan", "none", "<na>"):
        return ""
    s = re.sub(r"\s+", "", s)
    s = _DASHES.sub("-", s)
    s = _ADMIN_PREFIX.sub("", s, count=1)
    s = _COMPOUND_BUILDING.sub(r"\1-\2", s)
    s = _TRAILING_UNIT.sub(r"\1", s)
    return s
