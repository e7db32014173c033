"""Normalising printed text: labels for matching, cells into typed values.

What belongs here: pure, fast string functions shared by the parser's modules (label
normalisation, the cell value grammar, cruft-line recognition).
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.vocabulary import PLACEHOLDERS

# NFKC folds full-width brackets, digits and punctuation; these are what it leaves alone.
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "〔": "(",
        "〕": ")",
        "【": "(",
        "】": ")",
        "﹝": "(",
        "﹞": ")",
        "．": ".",
        "。": ".",
        "，": ",",
    }
)


_CACHE_LIMIT = 200_000  # distinct labels/cells repeat across reports; the caches stay small


def _fold_classes() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Which characters NFKC (then _QUOTES) changes one by one, and which may interact.

    ``unicodedata.normalize`` costs ~90 ns per CJK character even when it changes nothing; most
    characters of a report are left alone by it. A character is *simple* when NFKC maps it on
    its own (full-width forms, Kangxi radicals, compatibility ideographs); *complex* when it can
    combine with a neighbour (a combining mark, the second half of a composition, or a character
    decomposing to one). Text without complex characters is normalised char by char — the same
    result as NFKC, which tests/test_text_fold.py checks. Only the BMP is classified: text with a
    character beyond it takes the exact slow path.
    """
    seconds = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}  # Hangul V, T
    for cp in range(0x10000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(parts := d.split()) == 2:
            seconds.add(chr(int(parts[1], 16)))
    simple: dict[str, str] = {}
    complex_: list[str] = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        nfkd = unicodedata.normalize("NFKD", c)
        if any(unicodedata.combining(x) or x in seconds for x in nfkd):
            complex_.append(c)
            continue
        out = unicodedata.normalize("NFKC", c).translate(_QUOTES)
        if out != c:
            simple[c] = out

    def char_class(chars) -> re.Pattern[str]:  # BMP ranges only: sre then tests a bitmap, not a list
        cps = sorted(map(ord, chars))
        ranges, lo = [], cps[0]
        for prev, cp in zip(cps, cps[1:] + [-1]):
            if cp != prev + 1:
                ranges.append(re.escape(chr(lo)) + ("-" + re.escape(chr(prev)) if prev > lo else ""))
                lo = cp
        return re.compile("[" + "".join(ranges) + "]")

    return char_class(simple), char_class(complex_), simple


_SIMPLE_CHAR, _COMPLEX_CHAR, _SIMPLE_MAP = _fold_classes()
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _simple_sub(m: re.Match[str]) -> str:
    return _SIMPLE_MAP[m.group()]


# the full-width punctuation of nearly every line: replaced in one C pass each, so the
# per-match callback of _SIMPLE_CHAR.sub runs for the rare rest only
_COMMON = tuple((c, _SIMPLE_MAP[c]) for c in "，：（）；！？“”．")
_MARKS = re.compile(r"[#*`>]+")


def fold(text: str) -> str:
    """``norm_label`` without the cache, for long or one-off text (narrative lines, the text an
    agency's place is looked up in): NFKC, whitespace and markdown marks removed, quotes/brackets
    unified."""
    if _COMPLEX_CHAR.search(text) or _ASTRAL.search(text):
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    else:
        for c, out in _COMMON:
            if c in text:
                text = text.replace(c, out)
        text = _SIMPLE_CHAR.sub(_simple_sub, text)
    text = "".join(text.split())  # str.split() splits on exactly what \s matches (and U+3000, U+00A0)
    if "#" in text or "*" in text or "`" in text or ">" in text:
        text = _MARKS.sub("", text)
    return text


def norm_label(text: str) -> str:
    """A label as we match it: NFKC, no whitespace or markdown marks, unified quotes/brackets
    (cached: labels repeat across reports)."""
    out = _LABEL_CACHE.get(text)
    if out is None:
        out = fold(text)
        if len(_LABEL_CACHE) < _CACHE_LIMIT:
            _LABEL_CACHE[text] = out
    return out


_LABEL_CACHE: dict[str, str] = {}


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
        if len(_KIND_CACHE) < _CACHE_LIMIT:
            _KIND_CACHE[raw] = kind
    return kind


_KIND_CACHE: dict[str, str] = {}


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
        if len(cache) < _CACHE_LIMIT:
            cache[raw] = out
    return out


_CELL_CACHE: dict[str, tuple[str, float | None]] = {}
_AMOUNT_CELL_CACHE: dict[str, tuple[str, float | None]] = {}


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
    """Page numbers, breadcrumbs, share buttons and notes that sit inside tables (spec §6.8)."""
    s = line.lstrip()
    if not s:
        return False
    c = s[0]
    if c in _CRUFT_FIRST or ("0" <= c <= "9" and "/" in s):
        return _CRUFT.match(s) is not None
    return False
