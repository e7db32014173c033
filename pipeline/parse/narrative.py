"""Numbers stated in the narrative (收到申请N件, 行政复议N件, 行政诉讼N件) for the N1 check.

Only plain statements are taken — the first of each kind in the narrative sections — and kept
with the sentence they came from, so a mismatch with the table can be shown as evidence.

What belongs here: fact patterns over section text. Comparing facts with tables is a check.
"""

from __future__ import annotations

import re

from pipeline.model import NarrativeFact
from pipeline.normalize import fold

_NUM = r"(\d[\d,]*)"
FACT_PATTERNS: tuple[tuple[str, re.Pattern[str], float | None], ...] = (
    (
        "applications_received",
        re.compile(r"未(?:收到|受理|接到|接收)(?:任何)?(?:政府信息公开|依申请公开|信息公开)?(?:申请|事项|件)"),
        0.0,
    ),
    (
        "applications_received",
        re.compile(
            r"(?:收到|受理|接收|接到)[^。.;；]{0,20}?(?:申请|事项)[^。.;；\d]{0,8}?" + _NUM + r"(?:件|条|个|宗)"
        ),
        None,
    ),
    ("review_cases", re.compile(r"无[^。.;；,\d]{0,16}?行政复议"), 0.0),
    ("review_cases", re.compile(r"行政复议(?:案件|数)?(?:为|共)?" + _NUM + r"件"), None),
    ("review_cases", re.compile(_NUM + r"件[^。.;；,\d无]{0,16}?行政复议"), None),
    (
        "litigation_cases",
        re.compile(r"无[^。.;；,\d]{0,16}?行政复议[、和及]行政诉讼|无[^。.;；,\d]{0,16}?行政诉讼"),
        0.0,
    ),
    ("litigation_cases", re.compile(r"行政诉讼(?:案件|数)?(?:为|共)?" + _NUM + r"件"), None),
    ("litigation_cases", re.compile(_NUM + r"件[^。.;；,\d无]{0,16}?行政诉讼"), None),
)
NARRATIVE_SECTIONS = ("preamble", "overview", "problems_improvements", "other_matters")
# every pattern of a fact needs one of these words: a line without them is not searched for it
_NEEDS = {
    "applications_received": ("收到", "受理", "接到", "接收"),
    "review_cases": ("行政复议",),
    "litigation_cases": ("行政诉讼",),
}


def extract_facts(sections) -> list[NarrativeFact]:
    """(fact_code, value, line, sentence) for each fact kind, first statement wins."""
    facts: dict[str, NarrativeFact] = {}
    for sec in sections:
        if sec.code not in NARRATIVE_SECTIONS or not sec.body:
            continue
        if len(facts) == 3:
            break  # (every kind found: the first statement of each wins)
        for offset, line in enumerate(sec.body.split("\n")):
            if not line:
                continue
            if "申请" not in line and "复议" not in line and "诉讼" not in line:
                continue
            text = fold(line)
            contains = text.__contains__
            for code, pattern, fixed in FACT_PATTERNS:
                if code in facts or not any(map(contains, _NEEDS[code])):
                    continue
                m = pattern.search(text)
                if m:
                    value = fixed if fixed is not None else float(m.group(1).replace(",", ""))
                    start = max(0, m.start() - 10)
                    facts[code] = NarrativeFact(code, value, sec.body_line + offset, text[start : m.end() + 4])
            if len(facts) == 3:
                break
    return list(facts.values())
