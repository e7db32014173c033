"""One report file's bytes → a :class:`~pipeline.model.ParsedReport`: the report assembler.

:func:`parse_report` decodes, finds sections, metadata and the three tables, reads every template
cell, resolves the agency dimension, and records every doubt as a parse issue. It never raises on
bad input: undecodable or non-report files come back with ``parse_status='rejected'`` and a reason.

What belongs here: the order of the parsing steps and where each table's region is. Each step
lives in its own module of this package; many reports → frames is :mod:`pipeline.parse.frames`.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.model import Issue, IssueCode, ParsedReport
from pipeline.parse import metadata as meta
from pipeline.parse.decoding import DecodeError, decode
from pipeline.parse.inputs import InputRejected, input_format, read_input
from pipeline.parse.layout import logical_rows
from pipeline.parse.narrative import extract_facts
from pipeline.parse.sections import cut_sections, find_headings
from pipeline.parse.split import split_reports
from pipeline.parse.tables import TableResult, read_active_disclosure, read_applications, read_review_litigation
from pipeline.reference.agencies import resolve
from pipeline.vocabulary import ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION

FIRST_TEMPLATE_YEAR = 2019


def _content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _first_line(lines: list[str], needles: tuple[str, ...], start: int = 0, stop: int | None = None) -> int | None:
    for i in range(start, len(lines) if stop is None else min(stop, len(lines))):
        line = lines[i]
        if any(n in line for n in needles):
            return i
    return None


def table_regions(lines: list[str], headings: dict[str, int]) -> dict[str, tuple[int, int]]:
    """table code → [start, end) line indexes of the region holding that table.

    The section heading anchors a region; without one we fall back to the table's own first
    lines (第二十条 / 勾稽关系 / 本年新收 / 结果维持), so tables are found wherever they sit."""
    starts: dict[str, int] = {}
    if ACTIVE_DISCLOSURE in headings:
        starts[ACTIVE_DISCLOSURE] = headings[ACTIVE_DISCLOSURE] + 1
    elif (i := _first_line(lines, ("第二十条",))) is not None:
        starts[ACTIVE_DISCLOSURE] = i
    if APPLICATIONS in headings:
        starts[APPLICATIONS] = headings[APPLICATIONS] + 1
    elif (i := _first_line(lines, ("勾稽关系", "本年新收政府信息公开申请", "本年新收"))) is not None:
        starts[APPLICATIONS] = i
    if REVIEW_LITIGATION in headings:
        starts[REVIEW_LITIGATION] = headings[REVIEW_LITIGATION] + 1
    elif APPLICATIONS in starts:
        i = _first_line(lines, ("结转下年度", "结转下年"), starts[APPLICATIONS])
        j = _first_line(lines, ("结果维持", "结果 维持", "尚未审结", "复议后起诉"), (i or starts[APPLICATIONS]) + 1)
        if j is not None:
            starts[REVIEW_LITIGATION] = max(j - 2, (i or 0) + 1)
    ends = sorted(
        set(starts.values()) | {i for c, i in headings.items() if c in ("problems_improvements", "other_matters")}
    )
    regions = {}
    for code, s in starts.items():
        end = next((e for e in ends if e > s), len(lines))
        # a later section heading (even of a table) also closes the region
        for c, h in headings.items():
            if s <= h < end and h + 1 != s and c != code:
                end = h
        regions[code] = (s, end)
    return regions


_BARE_NUMBER = re.compile(r"[ \t]*\d{1,3}[ \t]*")


def _without_page_breaks(text: str) -> str:
    """pdftotext's form feeds removed, and the bare page numbers printed at a page's foot (the
    last line before a form feed, blank lines aside) or head (right after it) with them — inside a
    table they would read as a row of one value. Every line stays (emptied), so line numbers hold.
    (Worked on each page's edges only: a regex over the whole text cost more than the rest.)"""
    pages = text.split("\f")
    for k in range(len(pages)):
        page = pages[k]
        if k and _BARE_NUMBER.fullmatch(page.split("\n", 1)[0]):  # head: the line the form feed starts
            page = page[page.find("\n") :] if "\n" in page else ""
        if k < len(pages) - 1 and page.endswith("\n"):  # foot: before the form feed, after a newline
            lines = page.split("\n")
            j = len(lines) - 2
            while j >= 0 and not lines[j].strip(" \t"):
                j -= 1
            if j >= 0 and _BARE_NUMBER.fullmatch(lines[j]):
                lines[j] = ""
                page = "\n".join(lines)
        pages[k] = page
    return "".join(pages)


def parse_text(text: str, source_file: str, report: ParsedReport) -> ParsedReport:
    if "\f" in text:  # pdftotext page breaks
        text = _without_page_breaks(text)
    lines = text.split("\n")
    headings = find_headings(text)
    md = meta.extract(lines)
    report.agency, report.year, report.published_on = md.agency, md.year, md.published_on
    regions = table_regions(lines, headings)
    report.sections = cut_sections(lines, headings, md.title_end)

    if md.year is None and not regions and len(headings) < 2:
        return report.reject(
            "not a report: no 政府信息公开工作年度报告 title, section headings or statistics tables found"
        )
    issues = report.issues
    report.body = resolve(md.agency, text)
    if md.agency is None:
        issues.append(
            Issue(IssueCode.AGENCY_NOT_FOUND, "the reporting body could not be read from the title", md.title_line)
        )
    if md.year is None:
        issues.append(
            Issue(IssueCode.YEAR_NOT_FOUND, "the report year could not be read from the title", md.title_line)
        )
    if md.year is not None and md.year < FIRST_TEMPLATE_YEAR:
        issues.append(
            Issue(
                IssueCode.PRE_TEMPLATE_REPORT,
                f"report year {md.year} precedes the 2019 national template; narrative only, tables not extracted",
            )
        )
        report.facts = extract_facts(report.sections)
        return report

    results: dict[str, TableResult] = {}
    fallback = None
    seen: list = []  # the export conventions of the report's tables (one exporter made them all)
    for code in (ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION):
        if code in regions:
            s, e = regions[code]
            rows, layout = logical_rows(lines, s, e)
        else:
            rows, layout = [], None
        if code == ACTIVE_DISCLOSURE:
            res = read_active_disclosure(rows, layout, None, seen)
            fallback = res.template_version if res.found else None
        elif code == APPLICATIONS:
            res = read_applications(rows, layout, fallback, seen)
        else:
            res = read_review_litigation(rows, layout, seen)
        if code not in regions:
            res.issues = [Issue(IssueCode.TABLE_NOT_FOUND, f"table {code} not found in the text", None, code)]
        results[code] = res

    apps = results[APPLICATIONS]
    report.template_version = apps.template_version if apps.found else results[ACTIVE_DISCLOSURE].template_version
    for code, res in results.items():
        report.layouts[code] = res.layout if res.found else None
        report.blocks.extend(res.blocks)
        issues.extend(res.issues)
    report.facts = extract_facts(report.sections)
    return report


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parse a batch of files with Python's cyclic garbage collector paused; it runs after.

    Why: the memo tables hold the parser's long-lived objects (rows and cells of the lines seen),
    and each full collection scans them all again — 10–15 % of the parse time over a few thousand
    reports. Pausing is safe because the parser's own objects form no reference cycles (refcounting
    frees them; tests/unit/test_parse_memory.py parses every layout and input kind and asserts no
    cyclic garbage). The HTML, PDF and Word readers use libraries that may make cycles: after each
    such file the young generation — everything allocated since — is collected (parse_file)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_report(data: bytes, source_file: str) -> ParsedReport:
    """Parse a file holding one report (the first report of a file holding several: see
    :func:`parse_file`). Bad input is a rejected report with a reason, never an exception."""
    return parse_file(data, source_file)[0]


def parse_file(data: bytes, source_file: str) -> list[ParsedReport]:
    """Every report of one file (``part`` 1, 2, … in file order; one part for most files). Bad
    input is one rejected report with a reason, never an exception."""
    sha = hashlib.sha256(data).hexdigest()
    fmt = input_format(data, source_file)
    encoding = None
    if fmt == "text":
        decoded = decode(data)
        if isinstance(decoded, DecodeError):
            return [ParsedReport(source_file, sha[:16], sha, len(data)).reject(f"{decoded.code}: {decoded.message}")]
        text, encoding = decoded.text, decoded.encoding
        # plain UTF-8 with LF: the text's bytes are the file's bytes, so its hash is already known
        content_id = sha[:16] if encoding == "utf-8" and b"\r" not in data else None
    else:
        try:
            text, encoding = read_input(fmt, data)
        except InputRejected as exc:
            return [ParsedReport(source_file, sha[:16], sha, len(data), input_format=fmt).reject(f"{fmt}: {exc}")]
        except Exception as exc:  # a reader bug must not lose the batch; it is recorded, loudly
            report = ParsedReport(source_file, sha[:16], sha, len(data), input_format=fmt)
            return [report.reject(f"parser error: {fmt} reader: {type(exc).__name__}: {exc}")]
        finally:
            if not gc.isenabled():  # collector_paused: the reader's libraries may leave cycles
                gc.collect(0)
        content_id = None
    parts, several = split_reports(text)
    if len(parts) > 1:
        content_id = None  # each part is identified by its own text
    reports = []
    for k, part in enumerate(parts, start=1):
        report = ParsedReport(source_file, content_id or _content_id(part), sha, len(data), encoding=encoding,
                              input_format=fmt, part=k)  # fmt: skip
        try:
            report = parse_text(part, source_file, report)
        except Exception as exc:  # a parser bug must not lose the batch; it is recorded, loudly
            report = report.reject(f"parser error: {type(exc).__name__}: {exc}")
        if several and report.parse_status == "parsed":
            message = "the file's titles name several reports but it holds the tables of one: read as one report"
            report.issues.append(Issue(IssueCode.SEVERAL_REPORTS, message))
        reports.append(report)
    return reports
