"""Make the text of a PDF that Qt wrote come out of it as written (copy, search, pdftotext).

Qt's PDF engine maps each glyph back to text by asking the font, for every code point from 0 up,
which glyph it uses, and keeps the lowest code point that reaches the glyph. Noto Sans CJK draws
网 (U+7F51) and the Kangxi radical ⽹ (U+2F79) with one glyph, so a page printed "网格" searches
as "⽹格"; the tab (U+0009) shares the space's glyph, so words run into tabs. This module rewrites
the font's text map (its ``/ToUnicode`` CMap) with the unified ideograph and the space, as an
incremental update appended to the file: the bytes Qt wrote stay as they are.

``twins`` (radical -> ideograph sharing its glyph) come from the print font (render.qt_helpers.
radical_twins): most CJK Radicals Supplement characters (⻚ for 页) have no Unicode equivalence.
(The glyphs that the font's ``locl`` feature substitutes are reached by no code point at all and
vanish from the text: the print fonts switch ``locl`` off, see render.qt_helpers.map_font.)
"""
from __future__ import annotations

import os
import re
import unicodedata
import zlib
from pathlib import Path
from typing import Mapping

_RADICALS = (0x2E80, 0x2FDF)          # CJK Radicals Supplement and Kangxi Radicals
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def readable_text(text: str, twins: Mapping[str, str] | None = None) -> str:
    """What a glyph's text should be: a radical as the ideograph the font draws with the same glyph
    (``twins``, from the font; else its Unicode compatibility form, which the Kangxi radicals
    have), a tab as a space."""
    out = []
    for ch in text:
        if _RADICALS[0] <= ord(ch) <= _RADICALS[1]:
            unified = (twins or {}).get(ch) or unicodedata.normalize("NFKC", ch)
            out.append(unified if len(unified) == 1 else ch)
        elif ch == "\t":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def parse_cmap(cmap: bytes) -> dict[int, str]:
    """Glyph code -> text of a ToUnicode CMap's bfchar and bfrange sections."""
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        codes = _HEX.findall(block)
        for src, dst in zip(codes[0::2], codes[1::2]):
            found[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            first, last = int(line.group(1), 16), int(line.group(2), 16)
            target = line.group(3)
            if target.startswith(b"["):
                for k, dst in enumerate(_HEX.findall(target)):
                    found[first + k] = _utf16(dst)
            else:
                start = _utf16(target[1:-1])
                for k in range(last - first + 1):
                    found[first + k] = start[:-1] + chr(ord(start[-1]) + k) if start else ""
    return found


def write_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap (bfchar entries, at most 100 a block as the format allows)."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <FFFF>", b"endcodespacerange"]
    items = sorted((code, text) for code, text in mapping.items() if text)
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [b"<%04X> <%s>" % (code, text.encode("utf-16-be").hex().upper().encode()) for code, text in chunk]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines) + b"\n"


def _utf16(hexdigits: bytes) -> str:
    raw = bytes.fromhex(hexdigits.decode())
    return raw.decode("utf-16-be", errors="replace") if len(raw) % 2 == 0 else ""


# -- the file --------------------------------------------------------------------------------------
class PdfLayoutError(ValueError):
    """The file is not laid out as Qt writes PDFs (one classic xref table): left untouched."""


def make_text_searchable(path: str | os.PathLike, twins: Mapping[str, str] | None = None) -> int:
    """Fix the text maps of the PDF at ``path`` in place (atomically); returns how many glyph
    entries changed. A file this module cannot read is left as it is (PdfLayoutError)."""
    path = Path(path)
    data = path.read_bytes()
    updated, changed = searchable_bytes(data, twins)
    if changed:
        tmp = path.with_name(f".{path.name}.text")
        try:
            with open(tmp, "wb") as fh:
                fh.write(updated)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    return changed


def make_searchable(path: str | os.PathLike, twins: Mapping[str, str] | None = None) -> int:
    """``make_text_searchable`` for a PDF just written: one it cannot read or rewrite keeps Qt's
    maps (still a good PDF, only its text search is weaker); returns the entries changed."""
    try:
        return make_text_searchable(path, twins)
    except (PdfLayoutError, ValueError, zlib.error, OSError):
        return 0


def searchable_bytes(data: bytes, twins: Mapping[str, str] | None = None) -> tuple[bytes, int]:
    """(the PDF with its text maps fixed by an incremental update, entries changed)."""
    offsets, trailer, xref_at = _xref(data)
    refs = sorted({int(n) for n in re.findall(rb"/ToUnicode\s+(\d+)\s+0\s+R", data)})
    replaced: list[tuple[int, bytes]] = []
    changed = 0
    for number in refs:
        cmap = _stream(data, offsets, number)
        mapping = parse_cmap(cmap)
        fixed = {code: readable_text(text, twins) for code, text in mapping.items()}
        diff = sum(1 for code in mapping if fixed[code] != mapping[code])
        if diff:
            changed += diff
            body = zlib.compress(write_cmap(fixed))
            replaced.append((number, b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (number, len(body))
                             + body + b"\nendstream\nendobj\n"))
    if not replaced:
        return data, 0
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    positions = []
    for number, obj in replaced:
        positions.append((number, len(out)))
        out += obj
    xref = len(out)
    out += b"xref\n"
    for number, at in positions:
        out += b"%d 1\n%010d 00000 n \n" % (number, at)
    keep = b"".join(m.group(0) + b"\n" for m in re.finditer(rb"/(?:Size|Root|Info)\s+\d+(?:\s+\d+\s+R)?|/ID\s*\[[^\]]*\]",
                                                                trailer))
    out += b"trailer\n<<\n" + keep + b"/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (xref_at, xref)
    return bytes(out), changed


def _xref(data: bytes) -> tuple[dict[int, int], bytes, int]:
    found = re.findall(rb"startxref\s+(\d+)\s+%%EOF", data)
    if not found:
        raise PdfLayoutError("no startxref")
    at = int(found[-1])
    if data[at:at + 4] != b"xref":
        raise PdfLayoutError("no classic xref table")
    end = data.find(b"trailer", at)
    if end < 0:
        raise PdfLayoutError("no trailer")
    offsets: dict[int, int] = {}
    lines = data[at + 4:end].split(b"\n")
    k = 0
    while k < len(lines):
        head = lines[k].split()
        k += 1
        if len(head) != 2:
            continue
        first, count = int(head[0]), int(head[1])
        for i in range(count):
            entry = lines[k + i].split()
            if len(entry) >= 3 and entry[2] == b"n":
                offsets[first + i] = int(entry[0])
        k += count
    stop = data.find(b"startxref", end)
    return offsets, data[end:stop], at


def _stream(data: bytes, offsets: dict[int, int], number: int) -> bytes:
    if number not in offsets:
        raise PdfLayoutError(f"object {number} not in the xref table")
    at = offsets[number]
    head_end = data.find(b"stream", at)
    head = data[at:head_end]
    if not head.startswith(b"%d 0 obj" % number):
        raise PdfLayoutError(f"object {number} is not where the xref says")
    length = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", head)
    if length is None:
        raise PdfLayoutError(f"object {number} has no length")
    size = int(length.group(1))
    if length.group(2):
        ref = offsets.get(size)
        value = re.match(rb"\d+\s+0\s+obj\s*(\d+)", data[ref:ref + 64]) if ref is not None else None
        if value is None:
            raise PdfLayoutError(f"length of object {number} unreadable")
        size = int(value.group(1))
    start = head_end + len(b"stream")
    start += 2 if data[start:start + 2] == b"\r\n" else 1
    raw = data[start:start + size]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw
