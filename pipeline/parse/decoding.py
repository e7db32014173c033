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


def plausible(text: str) -> bool:
    """Decoded text that is mostly control characters or replacement marks is not text."""
    if not text:
        return True
    bad = len(_BAD_CONTROL.findall(text[:20000]))
    return bad <= max(2, len(text[:20000]) // 1000)


def _utf16_without_bom(head: bytes) -> str | None:
    """utf-16-le / utf-16-be when NUL bytes sit where UTF-16 puts them, else None (binary).

    UTF-16 text has a NUL in the high byte of every ASCII character (digits, tabs, newlines:
    tables are full of them) — the odd bytes in little-endian, the even ones in big-endian. A CJK
    character has a NUL byte only when its low byte is 0 (一 U+4E00, the ideographic space U+3000),
    so the other side holds a few NULs too: the side with far more NULs tells the byte order.
    Whether the result reads as text is checked after decoding (:func:`_mostly_text`)."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    enough = max(4, len(head) // 64)  # random bytes hold one NUL in 256: far fewer
    if odd >= enough and odd > 2 * even:
        return "utf-16-le"
    if even >= enough and even > 2 * odd:
        return "utf-16-be"
    return None


# What report text is made of: ASCII, CJK punctuation and ideographs, full-width forms.
_TEXT_CHARS = re.compile(
    r"[\t\n\r\f\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2190-\u25ff\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]"
)


def _mostly_text(text: str) -> bool:
    """At least 95 % of the first 20,000 characters are what report text is made of."""
    head = text[:20000]
    return len(_TEXT_CHARS.findall(head)) >= 0.95 * len(head)


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
            encoding = _utf16_without_bom(data[:4096])
            if encoding is None:
                return DecodeError("binary", "binary file, not text: contains NUL bytes")
            candidates = [(encoding, data)]
        else:
            candidates = [("utf-8", data), ("gb18030", data)]

    for encoding, payload in candidates:
        try:
            text = payload.decode(encoding)
        except (UnicodeDecodeError, ValueError):
            continue
        if encoding not in ("utf-8", "utf-8-sig") and not plausible(text):
            continue
        if encoding in ("utf-16-le", "utf-16-be") and not _mostly_text(text):
            continue  # NULs where UTF-16 puts them, but the characters are not text
        text = text.lstrip("\ufeff")
        if "\r" in text:
            text = _NEWLINES.sub("\n", text)
        if not text or text.isspace():
            return DecodeError("empty", "file holds only whitespace")
        return Decoded(text, "utf-8-bom" if encoding == "utf-8-sig" else encoding)
    tried = ", ".join(e for e, _ in candidates)
    if candidates[0][0] in ("utf-16-le", "utf-16-be") and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return DecodeError("binary", f"binary file, not text: contains NUL bytes and does not read as {tried} text")
    return DecodeError("undecodable", f"not valid text in any supported encoding (tried {tried})")
