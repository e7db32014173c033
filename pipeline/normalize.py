"""How printed Chinese text is folded before anything is matched against it.

NFKC (full-width digits, brackets and punctuation become ASCII), whitespace and markdown marks
removed, quotes and bracket variants unified. The parser matches row labels, headings and titles
on folded text; the reference layer looks place names up in folded text. Both must fold the same
way, so this lives below both.

What belongs here: pure, fast, exact text folding (tests/unit/test_text_fold.py checks it equals
NFKC on every BMP character). No knowledge of reports.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.memo import bounded, remember

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
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


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
        out = remember(_LABEL_CACHE, text, fold(text))
    return out


_LABEL_CACHE: dict[str, str] = bounded()
