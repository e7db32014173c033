"""Bytes of one file → text, or a clear reason why not.

Real files arrive as UTF-8 (with or without BOM), GB18030/GBK or UTF-16 (with BOM), sometimes with
CRLF line endings. Anything else — empty files, images renamed ``.txt``, binary junk, text in an
encoding we cannot tell apart with certainty — becomes a :class:`DecodeError` with a reason, never
an exception that stops a batch.

What belongs here: encoding detection and newline normalisation. No parsing of content.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple


class Decoded(NamedTuple):  # (a tuple: made per report, cheaper than a frozen dataclass)
    text: str
    encoding: str


class DecodeError(NamedTuple):  # (a tuple: made per report, cheaper than a frozen dataclass)
    code: str  # empty | binary | undecodable
    message: str


# File signatures of formats that are sometimes renamed to .txt by scrapers.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document (extract its text first)"),
    (b"PK\x03\x04", "ZIP/DOCX/XLSX archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (DOC/XLS) document"),
    (b"BM", None),  # BMP only with a plausible header, checked below
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

# Control characters that never occur in real report text (tab, LF, CR, FF are allowed).
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_NEWLINES = re.compile(r"\r\n?")


_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)


def _sniff_magic(data: bytes) -> str | None:
    if not data.startswith(_MAGIC_PREFIXES):  # (one C call for the common case: no signature)
        return None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if magic == b"BM":
                if len(data) > 26 and data[6:10] == b"\x00\x00\x00\x00":
                    return "BMP image"
                continue
            return what
    return None


def _plausible(text: str) -> bool:
    """Decoded text that is mostly control characters or replacement marks is not text."""
    if not text:
        return True
    bad = len(_BAD_CONTROL.findall(text[:20000]))
    return bad <= max(2, len(text[:20000]) // 1000)


def decode(data: bytes) -> Decoded | DecodeError:
    if not data or not data.strip(b" \t\r\n\x00\x0c\xef\xbb\xbf\xff\xfe"):
        return DecodeError("empty", "file is empty (no text)")

    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data)]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        candidates = [("utf-32", data)]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        what = _sniff_magic(data)
        if what:
            return DecodeError("binary", f"binary file, not text: looks like a {what}")
        if b"\x00" in data[:4096]:
            # UTF-16 without BOM shows NULs in every other byte of ASCII; anything else is binary.
            head = data[:4096]
            even, odd = head[0::2].count(0), head[1::2].count(0)
            if odd > len(head) // 8 and even == 0:
                candidates = [("utf-16-le", data)]
            elif even > len(head) // 8 and odd == 0:
                candidates = [("utf-16-be", data)]
            else:
                return DecodeError("binary", "binary file, not text: contains NUL bytes")
        else:
            candidates = [("utf-8", data), ("gb18030", data)]

    for encoding, payload in candidates:
        try:
            text = payload.decode(encoding)
        except (UnicodeDecodeError, ValueError):
            continue
        if encoding not in ("utf-8", "utf-8-sig") and not _plausible(text):
            continue
        text = text.lstrip("\ufeff")
        if "\r" in text:
            text = _NEWLINES.sub("\n", text)
        if not text or text.isspace():
            return DecodeError("empty", "file holds only whitespace")
        return Decoded(text, "utf-8-bom" if encoding == "utf-8-sig" else encoding)
    tried = ", ".join(e for e, _ in candidates)
    return DecodeError("undecodable", f"not valid text in any supported encoding (tried {tried})")
