"""Chinese street addresses normalised for matching: "公滨路307-1号" ↔ "公滨路 307-1" ↔ "公滨路307号1栋"."""
from __future__ import annotations

import re
import unicodedata

import numpy as np

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


# Rows with only ASCII, Han characters and CJK/full-width punctuation, and none of 省市区县, are
# normalised with Arrow's RE2 kernels, which agree with Python's ``re`` on such text; any other row
# (an administrative prefix such as 中国 or …省, another script's digits or spaces) goes through normalise_address.
_NEEDS_PYTHON = (r"中国|[省市区县]|[^\x{0}-\x{7f}\p{Han}\x{3000}-\x{303f}\x{ff00}-\x{ffef}"
                 r"\x{2010}-\x{2015}\x{fe30}-\x{fe4f}]")
_ASCII_SPACE = r"[\t\n\x{0b}\f\r \x{1c}-\x{1f}]+"


def normalise_addresses(values) -> np.ndarray:
    """``normalise_address`` of every value (an object array of str/None), vectorised: 200,000
    addresses in ~0.2 s instead of ~2.8 s. Returns an object array of str."""
    import pyarrow as pa
    import pyarrow.compute as pc

    raw = np.asarray(values, dtype=object)
    present = np.array([isinstance(v, str) for v in raw], dtype=bool)
    out = np.empty(len(raw), dtype=object)
    out[:] = ""
    if not present.any():
        return out
    arr = pa.array(raw[present], type=pa.string())
    s = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(arr, "NFKC")))
    empty = pc.is_in(s, value_set=pa.array(["", "nan", "none", "<na>"])).to_numpy(zero_copy_only=False)
    slow = pc.match_substring_regex(s, _NEEDS_PYTHON).to_numpy(zero_copy_only=False)
    s = pc.replace_substring_regex(s, _ASCII_SPACE, "")
    s = pc.replace_substring_regex(s, _DASHES.pattern, "-")
    s = pc.replace_substring_regex(s, _COMPOUND_BUILDING.pattern, r"\1-\2")
    s = pc.replace_substring_regex(s, _TRAILING_UNIT.pattern, r"\1")
    keys = np.asarray(s.to_numpy(zero_copy_only=False), dtype=object)
    keys[empty] = ""
    originals = raw[present]
    for k in np.flatnonzero(slow & ~empty):
        keys[k] = normalise_address(originals[k])
    out[present] = keys
    return out


def plain_keys(values) -> np.ndarray:
    """NFKC, trimmed, lower case, ASCII spaces removed, for every value (None → "")."""
    import pyarrow as pa
    import pyarrow.compute as pc

    raw = np.asarray(values, dtype=object)
    strings = np.where([isinstance(v, str) for v in raw], raw, "")
    s = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(pa.array(strings, type=pa.string()), "NFKC")))
    return np.asarray(pc.replace_substring(s, " ", "").to_numpy(zero_copy_only=False), dtype=object)
