"""Report metadata from the text: reporting body, report year, publication date.

The title names the body and the year — ``牧野区政务服务和大数据管理局 2023 年政府信息公开工作年度报告``
— but is often split over two lines (003: body on one line, year and 年度报告 on the next;
Shanghai: ``2024 年上海市科委政府信息公开工作`` / ``年度报告``), prefixed by a scraper's ``标题：``
or a markdown ``#``, or preceded by breadcrumbs. We join the first lines pairwise and take the
first window that reads as a title. The publication date comes from a ``发布日期``/``公开日期``
label, or from a date standing alone on a line near the title or at the end (the signature).

What belongs here: title/date recognition. Region and level of the body live in the agency
dimension, not here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from pipeline.normalize import norm_label

_TITLE = re.compile(
    r"(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年(?:度)?(?P<mid>.*?)"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?报告"
)
_TITLE_YEAR_AFTER = re.compile(
    r"(?P<pre>.*?)(?:政府信息公开|政务公开)(?:工作)?年度报告\(?(?P<year>(?:19|20)\d{2})年?(?:度)?\)?"
)
_LABEL_PREFIX = re.compile(r"^(?:标题|名称|题名|文章标题)[:：]")
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|委|局|厅|部|署|院|中心|街道办事处|办事处|街道|镇|乡|管委会|管理委员会|"
    r"管理局|公司|室|处|站|所|队|会|区|县|市|社)$"
)
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[年\-./]\s*(?P<m>\d{1,2})\s*[月\-./]\s*(?P<d>\d{1,2})\s*日?"
_DATE_LABELLED = re.compile(r"(?:发布日期|公开日期|发布时间|成文日期|印发日期|日期)\s*[:：]?\s*" + _DATE)
_DATE_ALONE = re.compile(r"^[（(]?\s*" + _DATE + r"\s*[)）]?$")
_AGENCY_TAIL = re.compile(r"[-—_|].*$")
_NARRATIVE_LEAD = re.compile(r"^(?:现发布|现将|现予|特发布|兹发布|特此发布)")
_CRUFT_HEAD = re.compile(r"当前位置|您的位置|首页\s*[>›]|^[>›]|来源[:：]|采集时间|单位[:：]|^正文$")


class Metadata(NamedTuple):  # (a tuple: made per report, cheaper than a frozen dataclass)
    agency: str | None
    year: int | None
    published_on: date | None
    title_end: int  # 0-based index of the first line after the title (0 when no title found)
    title_line: int | None  # 1-based


def title_match(text: str):
    t = norm_label(text)
    t = _LABEL_PREFIX.sub("", t)
    m = _TITLE.match(t)
    if m:
        agency = m["pre"] or m["mid"]
        return agency, int(m["year"])
    m = _TITLE_YEAR_AFTER.match(t)
    if m and m["pre"]:
        return m["pre"], int(m["year"])
    return None


def clean_agency(agency: str | None) -> str | None:
    if not agency:
        return None
    agency = _AGENCY_TAIL.sub("", agency).strip(":：,.、()（）\"' ").removeprefix("关于")  # 标题：X报告-来源 …
    # (…要求，现发布X2024年…报告: a sentence of the foreword — the body is named after its last clause)
    agency = _NARRATIVE_LEAD.sub("", re.split(r"[,;。]", agency)[-1])
    if any(w in agency for w in ("信息公开", "年报", "报告", "首页", ">")):
        return None  # a breadcrumb or heading glued to the title, not a body's name
    return agency if 2 <= len(agency) <= 40 and _AGENCY_SUFFIX.search(agency) else None


def find_title(lines: list[str], limit: int = 40) -> tuple[str | None, int | None, int, int | None]:
    """(agency, year, title_end, title_line) from the first lines of the text.

    A title on one line wins over one pieced together from several (a wrapped breadcrumb before
    the title must not become part of the body's name), so single lines are tried as they come."""
    head: list[tuple[int, str]] = []
    fallback: tuple[str | None, int | None, int, int | None] | None = None  # a title whose body is unreadable
    for i, line in enumerate(lines[:200]):
        s = line.strip()
        if not s or (len(s) <= 120 and _CRUFT_HEAD.search(s)):
            continue
        head.append((i, s))
        if len(s) <= 120 and "报" in s:
            found = _read_window(head, len(head) - 1, 1)
            if found and found[0] is not None:
                return found
            fallback = fallback or found
        if len(head) >= limit:
            break
    for span in (2, 3):
        for k in range(len(head)):
            found = _read_window(head, k, span)
            if found and found[0] is not None:
                return found
            fallback = fallback or found
    return fallback or (None, None, 0, None)


def _read_window(head: list[tuple[int, str]], k: int, span: int):
    """The title read from `span` consecutive head lines starting at k, or None."""
    window = head[k : k + span]
    if len(window) < span or len(window[0][1]) > 120 or any(len(x) > 60 for _, x in window[1:]):
        return None
    if window[-1][0] - window[0][0] > 3 * (span - 1):
        return None
    joined = "".join(x for _, x in window)
    if "报" not in joined or "。" in joined:  # (a sentence of the narrative that names the report)
        return None
    found = title_match(joined)
    if not found:
        return None
    agency, year = found
    agency = clean_agency(agency)
    if agency is None and k > 0:  # body printed on the line above the year (003)
        prev_i, prev = head[k - 1]
        if window[0][0] - prev_i <= 3 and len(prev) <= 40:
            agency = clean_agency(norm_label(prev))
    return agency, year, window[-1][0] + 1, window[0][0] + 1


def _valid_date(m) -> date | None:
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def _may_label_a_date(text: str) -> bool:
    """Whether text holds a word _DATE_LABELLED starts with (each ends in 日期, or is 发布时间): one
    character is looked for first — a scan for one character is several times faster than for two."""
    return ("期" in text and "日期" in text) or ("间" in text and "发布时间" in text)


def find_published_on(lines: list[str], title_end: int, year: int | None) -> date | None:
    """A labelled publication date, else a date alone on a line after the title or at the end."""

    def plausible(d: date | None) -> bool:
        return d is not None and (year is None or year <= d.year <= year + 2)

    head = "\n".join(lines[:60])
    if _may_label_a_date(head):
        for m in _DATE_LABELLED.finditer(head):
            if plausible(d := _valid_date(m)):
                return d
    near = [line for line in lines[title_end : title_end + 4]]
    tail = [line for line in lines[-6:]]
    for line in near + tail[::-1]:
        m = _DATE_ALONE.match(line.strip())
        if m and plausible(d := _valid_date(m)):
            return d
    tail_text = "\n".join(lines[-60:])
    if _may_label_a_date(tail_text):
        for m in _DATE_LABELLED.finditer(tail_text):
            if plausible(d := _valid_date(m)):
                return d
    return None


def extract(lines: list[str]) -> Metadata:
    agency, year, title_end, title_line = find_title(lines)
    return Metadata(agency, year, find_published_on(lines, title_end, year), title_end, title_line)
