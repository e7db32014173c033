"""`fold` (the fast label/text normalisation) gives exactly what NFKC + whitespace removal +
quote unification gives, on every kind of character real and broken text carries."""

from __future__ import annotations

import random
import re
import unicodedata

from pipeline.normalize import fold, norm_label
from tests.conftest import sample_bytes

# What fold promises beyond NFKC, written out here independently of the module under test:
# quotes and brackets NFKC leaves alone are unified, and the full stop/comma/ideographic dot fold.
QUOTES_AND_BRACKETS = str.maketrans(
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


def _reference(text: str) -> str:
    return re.sub(r"[\s\u3000\u00a0#*`>]+", "", unicodedata.normalize("NFKC", text)).translate(QUOTES_AND_BRACKETS)


def test_quotes_brackets_and_punctuation_fold_as_documented():
    assert fold("“三安全一稳定” 〔2021〕30号【注】，第（一）项。") == '"三安全一稳定"(2021)30号(注),第(一)项.'


# characters NFKC leaves alone, maps on their own, or combines with a neighbour
_POOL = (
    "新乡市牧野区人民政府信息公开年度报告行政许可处罚本年制发件数"  # CJK unified ideographs
    "（）［］：；，。、！？“”‘’「」【】〔〕﹝﹞．０１２３４５６７８９ＡＢＣａｂｃ　"  # full-width forms, quotes
    "⾏⼈⽂⺠"  # Kangxi radicals / CJK radicals, as PDF extraction prints them
    "豈更車賈"  # CJK compatibility ideographs
    "①②⑴⒈㈠㊀ⅠⅡ½™℃㎡"  # enclosed, roman numerals, fractions, units
    "eE\u0301\u0300\u0308\u0327ao"  # letters and combining marks (é composes)
    "\u1100\u1161\u11a8가각ㄱㅏ"  # Hangul: conjoining jamo compose, compatibility jamo decompose
    "\u0b47\u0b3e\u0f71\u0f72"  # starters that compose (Oriya), Tibetan vowel signs
    "𝐀𝟎\U0002f800\U00020000"  # astral: mathematical letters, compatibility supplement, ext. B
    " \t\n\u00a0#*`>|-/0123456789abc"
)


def test_fold_equals_nfkc_on_random_text():
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 12)))
        assert fold(text) == _reference(text), repr(text)


def test_fold_equals_nfkc_on_every_bmp_character_alone_and_after_a_letter():
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        assert fold(c) == _reference(c), hex(cp)
        assert fold("e" + c + "行") == _reference("e" + c + "行"), hex(cp)


def test_fold_on_the_samples_and_norm_label_agree():
    for name in ("000", "001", "002", "003", "004"):
        text = sample_bytes(name).decode("utf-8-sig")
        assert fold(text) == _reference(text)
        for line in text.split("\n")[:200]:
            assert norm_label(line) == _reference(line)
