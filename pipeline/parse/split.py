"""Files that hold many reports (crawl dumps, concatenated exports): one text per report.

A report starts at its title line (…2023年政府信息公开工作年度报告) — one naming another body or
year than the title before it (a PDF's page header repeats its own). A stretch from one title to
the next is a report of its own only if it holds a report's tables (table 三's 本年新收); a title with
nothing after it (a title printed twice, a table of contents, a closing signature) belongs to the
report next to it. So a file is cut only where each part carries its own tables. A file whose
titles name several reports but which holds the tables of only one is not cut: the caller flags it
(issue ``several_reports``), it is never one silent report.

What belongs here: finding where reports start in a text. Reading a report is the rest of parse/.
"""

from __future__ import annotations

import re

from pipeline.parse.metadata import clean_agency, title_match

# table 三's first row, which every report prints: a part without it holds no report's tables
_BODY = re.compile(r"本年新收")
_SENTENCE = re.compile(r"[，。；、《》“”]")
_TITLE_WORDS = re.compile(r"(?:19|20)\d{2}\s*年.*?(?:政府信息公开|政务公开|信息公开).*?报告")


def title_lines(lines: list[str]) -> list[tuple[int, tuple[str | None, int]]]:
    """(index, (agency, year)) of every line that is a report's title on its own."""
    out = []
    for i, line in enumerate(lines):
        if "报告" not in line:  # (one C scan per line: most lines are no title)
            continue
        s, at = line.strip(), i
        if s.endswith("报告") and not _TITLE_WORDS.search(s) and len(s) <= 40:
            # a title wrapped over two lines (信丰县公安局2022年 / 政府信息公开工作年度报告), not a
            # sentence wrapped before its 报告
            j = i - 1
            while j >= 0 and not lines[j].strip() and i - j <= 2:
                j -= 1
            above = lines[j].strip() if j >= 0 else ""
            if 0 < len(above) <= 40 and not _SENTENCE.search(above):
                s, at = above + s, j
        if not s or len(s) > 80 or not _TITLE_WORDS.search(s) or s[-1] in "。；;，,":
            continue  # (a sentence that names the report is not its title)
        found = title_match(s)
        if found is not None:
            agency = clean_agency(found[0])
            if not agency:  # the body's name on the line above (新乡市牧野区人民政府 / 2021年…报告)
                at = _name_above(lines, at)
                agency = lines[at].strip() if at < i else None
            out.append((at, (agency, found[1])))
    return out


def split_reports(text: str) -> tuple[list[str], bool]:
    """(the texts of the file's reports, whether its titles name several reports that could not
    be told apart). One text when the file is one report."""
    if _candidates(text) < 2:  # most files name one report, once
        return [text], False
    lines = text.split("\n")
    titles = title_lines(lines)
    if len(titles) < 2:
        return [text], False
    several = any(not _same(t, titles[0][1]) for _, t in titles[1:])
    # a title naming the report just named (a page header repeating it) starts nothing new
    starts = [0] + [i for (i, t), (_, before) in zip(titles[1:], titles) if not _same(t, before)]
    parts = [(a, b) for a, b in zip(starts, starts[1:] + [len(lines)])]
    holds = [bool(_BODY.search("\n".join(lines[a:b]))) for a, b in parts]
    merged: list[list[int]] = []  # [start, end, holds]
    pending_start: int | None = None
    for (a, b), body in zip(parts, holds):
        if not body:
            if merged and pending_start is None and a > 0 and _tail_only(lines[a:b]):
                merged[-1][1] = b  # a closing title or signature: the report before it
            elif pending_start is None:
                pending_start = a  # a title with nothing after it: the report that follows
            continue
        merged.append([pending_start if pending_start is not None else a, b])
        pending_start = None
    if pending_start is not None:
        if merged:
            merged[-1][1] = len(lines)
        else:
            return [text], several
    if len(merged) < 2:
        return [text], several
    return ["\n".join(lines[a:b]) for a, b in merged], False


def _name_above(lines: list[str], i: int) -> int:
    """The line of the body's name above a title that names none (新乡市牧野区人民政府 / 2021年…
    报告; blank lines between), else i."""
    j = i - 1
    while j > 0 and not lines[j].strip():
        j -= 1
    name = lines[j].strip() if j >= 0 else ""
    return j if name and clean_agency(name) == name and not any(c.isdigit() for c in name) else i


_REPORT_WORD = re.compile("报告")  # (a literal pattern: the regex engine's scan beats str.find for two CJK characters)


def _candidates(text: str, enough: int = 2) -> int:
    """How many lines may be a title or a wrapped title's second line (up to `enough`): short
    lines with 报告 and no sentence punctuation. (Found by a scan for the few 报告 of a report,
    not line by line: this runs for every file.)"""
    found, end = 0, -1
    for m in _REPORT_WORD.finditer(text):
        at = m.start()
        if at < end:
            continue  # (a second 报告 on a line already looked at)
        start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
        if end < 0:
            end = len(text)
        line = text[start:end].strip()
        if len(line) <= 80 and not _SENTENCE.search(line) and (line.endswith("报告") or _TITLE_WORDS.search(line)):
            found += 1
            if found >= enough:
                break
    return found


def _same(a: tuple[str | None, int], b: tuple[str | None, int]) -> bool:
    """Two titles of one report: the same year, and one body name within the other (名称X, X)."""
    return a[1] == b[1] and (not a[0] or not b[0] or a[0] in b[0] or b[0] in a[0])


def _tail_only(lines: list[str]) -> bool:
    """A stretch that closes a report rather than opening one: a few short lines (signature, date)."""
    return sum(1 for line in lines if line.strip()) <= 4
