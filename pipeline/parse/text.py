"""Printed cells into typed values, and the cruft lines that sit inside tables.

What belongs here: pure, fast string functions the table readers share — the cell value grammar
(number / blank / placeholder / text, units, signs) and cruft-line recognition. Label folding
lives in :mod:`pipeline.normalize`.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.memo import bounded, remember
from pipeline.vocabulary import PLACEHOLDERS

# ------------------------------------------------------------------ cell values
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"(?P<unit>万元|元|件|条|个|项|次|宗|人次)?"
)
_DIGITS_ONLY = re.compile(r"\d+")


def cell_kind(raw: str) -> str:
    """number | blank | placeholder | text — without computing the value (hot path)."""
    kind = _KIND_CACHE.get(raw)
    if kind is None:
        s = raw.strip()
        kind = "blank" if not s else "number" if s.isdigit() and s.isascii() else _slow_kind(s)
        remember(_KIND_CACHE, raw, kind)
    return kind


_KIND_CACHE: dict[str, str] = bounded()
# the caches' own lookups, for loops that run for every cell (a call of cell_kind / cell_value
# costs more than the lookup it makes): None when the cell was not seen
cached_kind = _KIND_CACHE.get


def _slow_kind(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace(" ", "")
    if not s:
        return "blank"
    if s in PLACEHOLDERS:
        return "placeholder"
    if _NUMBER.fullmatch(s):
        return "number"
    return "text"


def _parse_number(raw: str, amount: bool) -> float | None:
    s = raw.strip()
    if s.isdigit() and s.isascii():
        return float(s)
    s = unicodedata.normalize("NFKC", s).replace(" ", "")
    m = _NUMBER.fullmatch(s)
    if not m:
        return None
    value = float(m["num"].replace(",", ""))
    if m["sign"] == "-":
        value = -value
    if amount and m["unit"] == "元":
        value = round(value / 10000.0, 6)
    return value


def cell_value(raw: str, amount: bool = False) -> tuple[str, float | None]:
    """(value_kind, value) of a value cell — one cached lookup on the hot path."""
    cache = _AMOUNT_CELL_CACHE if amount else _CELL_CACHE
    out = cache.get(raw)
    if out is None:
        kind = cell_kind(raw)
        out = (kind, _parse_number(raw, amount) if kind == "number" else None)
        remember(cache, raw, out)
    return out


_CELL_CACHE: dict[str, tuple[str, float | None]] = bounded()
_AMOUNT_CELL_CACHE: dict[str, tuple[str, float | None]] = bounded()
cached_count_value = _CELL_CACHE.get


def longest_digit_run(raw: str) -> int:
    runs = _DIGITS_ONLY.findall(unicodedata.normalize("NFKC", raw))
    return max((len(r) for r in runs), default=0)


# ------------------------------------------------------------------ cruft inside tables
_CRUFT = re.compile(
    r"^\s*(?:"
    r"[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"  # - 4 -, 第 3 页
    r"|\d{1,3}\s*/\s*\d{1,3}"  # 3/5
    r"|当前位置.*|您的位置.*|首页\s*[>›].*"  # breadcrumbs
    r"|(?:发布|公开|更新)(?:日期|时间)\s*[:：].*|来源\s*[:：].*|浏览次数.*|访问量.*"
    r"|分享(?:到)?.*|扫一扫.*|打印(?:本页)?|关闭(?:窗口|本页)?|【?\s*字体\s*[:：].*|收藏"
    r"|正文|附件\s*[:：]?.*|注\s*[:：].*"
    r")\s*$"
)
_CRUFT_FIRST = frozenset("-—–－第当您首发公更来浏访分扫打关【字收正附注")


def is_cruft(line: str) -> bool:
    """Page numbers, breadcrumbs, share buttons and notes that sit inside tables (report-format §7, deviation 8)."""
    s = line.lstrip()
    if not s:
        return False
    c = s[0]
    if c in _CRUFT_FIRST or ("0" <= c <= "9" and "/" in s):
        return _CRUFT.match(s) is not None
    return False
