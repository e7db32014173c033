"""Finding the report's sections 一…六 by their anchor phrases.

Headings are matched on the normalised line, with or without their ``一、`` numbering, with
markdown ``#`` marks or a ``表二：`` prefix, and with the wording variants of report-format §7, deviation 5
(``…改进措施``, ``政府信息公开工作存在的主要问题…``, ``因政府信息公开工作被申请行政复议…``).
Shanghai-style outlines that renumber (一、主动公开政府信息情况 after 六、平台建设) still match,
because the anchor is the phrase, not the number. A heading may appear twice (a table title
repeated after a page break); only the first occurrence after the previous section counts.

What belongs here: heading recognition and cutting the text into sections.
"""

from __future__ import annotations

import re

from pipeline.memo import bounded, remember
from pipeline.model import Section
from pipeline.normalize import norm_label

# 一、 numbering only: （一） marks sub-headings such as 003's （一）主动公开情况
_NUM = r"(?:[一二三四五六七八九十]{1,2}[、.,:]?|第[一二三四五六]部分[、:]?)?"
_PREFIX = rf"^{_NUM}(?:表[一二三四五六][:、]?)?"
_ANCHORS = (
    ("overview", r"总体情况|概述"),
    ("active_disclosure", r"主动公开政府信息(?:的)?情况"),
    ("applications", r"收到和处理政府信息公开申请(?:的)?情况"),
    (
        "review_litigation",
        r"(?:政府信息公开)?行政复议[、,和及与]?(?:提起)?行政诉讼(?:的)?情况"
        r"|因政府信息公开(?:工作)?被申请行政复议[、,和及与]?提起行政诉讼(?:的)?情况",
    ),
    (
        "problems_improvements",
        r"(?:政府信息公开(?:工作)?)?存在的?主要问题(?:及|和|与)?(?:其)?(?:改进|整改)(?:情况|措施)?",
    ),
    ("other_matters", r"其他需要报告的事项"),
)
HEADING = re.compile(_PREFIX + "(?:" + "|".join(f"(?P<{c}>{p})" for c, p in _ANCHORS) + r")[.。:]?$")

SECTION_ORDER = (
    "overview",
    "active_disclosure",
    "applications",
    "review_litigation",
    "problems_improvements",
    "other_matters",
)


# A heading ends with one of these words (plus at most a few characters): find the words, then
# look at their line — faster than matching every line start. (Five str.find scans were tried:
# slower than this one regex pass.)
_CUE_AT_END = re.compile(r"(?:情况|事项|问题|措施|概述)[^\n]{0,6}$", re.M)


def _cue_line_ends(text: str) -> list[int]:
    """End offsets of the lines that end in a cue word (plus at most 6 characters), in order."""
    return [m.end() for m in _CUE_AT_END.finditer(text)]


_UNSEEN = object()
_HEADING_OF: dict[str, str | None] = bounded()
_RANK = {code: k for k, code in enumerate(SECTION_ORDER)}


def find_headings(text: str) -> dict[str, int]:
    """section code → 0-based line index of its heading, in document order."""
    found: dict[str, int] = {}
    last_rank = -1
    line, pos = 0, 0
    for end in _cue_line_ends(text):
        start = text.rfind("\n", 0, end) + 1
        if end - start > 60:
            continue
        candidate = text[start:end]
        code = _HEADING_OF.get(candidate, _UNSEEN)
        if code is _UNSEEN:  # headings and their look-alikes repeat across reports
            m = HEADING.match(norm_label(candidate))
            code = m.lastgroup if m else None
            remember(_HEADING_OF, candidate, code)
        if code is None:
            continue
        rank = _RANK[code]
        if code in found or rank <= last_rank:
            continue
        line += text.count("\n", pos, start)
        pos = start
        found[code] = line
        last_rank = rank
    return found


def cut_sections(lines: list[str], headings: dict[str, int], title_end: int) -> list[Section]:
    """Sections with their bodies; text between the title and the first heading is the overview
    when the overview has no heading of its own (sample 003)."""
    marks = sorted((i, code) for code, i in headings.items())
    out: list[Section] = []
    first = marks[0][0] if marks else len(lines)
    if title_end > 0:
        out.append(_section("preamble", None, 1, lines, 0, title_end))
    if "overview" not in headings and first > title_end:
        overview = _section("overview", None, title_end + 1, lines, title_end, first)
        if overview.body:
            out.append(overview)
    elif "overview" in headings and first > title_end and "\n".join(lines[title_end:first]).strip():
        preamble = _section("preamble", None, 1, lines, 0, first)
        if out:
            out[0] = preamble
        else:
            out.append(preamble)
    for k, (i, code) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        out.append(_section(code, lines[i].strip().lstrip("#").strip(), i + 1, lines, i + 1, end))
    return out


def _section(code: str, title: str | None, line: int, lines: list[str], a: int, b: int) -> Section:
    """The section whose body is lines[a:b] stripped, with the line its body starts on."""
    raw = "\n".join(lines[a:b])
    body = raw.strip()
    if body and raw[0].isspace():  # blank lines stripped off the top: the body starts below them
        a += raw.count("\n", 0, raw.find(body[0]))
    return Section(code, title, line, body, a + 1)
