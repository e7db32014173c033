"""Parsed reports → long-form polars frames (one set of frames per batch).

Frames are built once per batch from plain Python columns, not per report: constructing a
DataFrame costs more than parsing a small report, so the builder accumulates rows and builds
each frame at the end. Memory therefore grows with the frames produced, nothing else. Column
names and dtypes come from :mod:`pipeline.catalogue`.

What belongs here: turning ParsedReports into the catalogue's frames, and the batch API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

import polars as pl

from pipeline.catalogue import PARSED_FRAMES, TABLES
from pipeline.model import ParsedReport
from pipeline.parse.report import collector_paused, parse_file
from pipeline.vocabulary import ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION


@dataclass(frozen=True)
class ParsedFrames:
    """One batch of parsed reports as the catalogue's frames (field names = catalogue names)."""

    reports: pl.DataFrame
    cells: pl.DataFrame
    sections: pl.DataFrame
    parse_issues: pl.DataFrame
    narrative_facts: pl.DataFrame

    def items(self) -> list[tuple[str, pl.DataFrame]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


_SCHEMAS = {name: TABLES[name].frame_schema() for name in PARSED_FRAMES}
_BODY_NONE = (None,) * 8 + (False,)


def report_row(r: ParsedReport) -> tuple:
    """The report's row, in the catalogue's column order of the reports frame."""
    body = _BODY_NONE if r.body is None else tuple(r.body)
    layouts = r.layouts
    return (
        (
            r.report_id,
            r.source_file,
            r.sha256,
            r.size_bytes,
            r.encoding,
            r.parse_status,
            r.reject_reason,
            r.agency,
            r.year,
            r.template_version,
            r.published_on,
            layouts.get(ACTIVE_DISCLOSURE),
            layouts.get(APPLICATIONS),
            layouts.get(REVIEW_LITIGATION),
        )
        + body
        + (r.input_format, r.part)
    )


class FrameBuilder:
    """Accumulates parsed reports; :meth:`build` makes the frames."""

    def __init__(self) -> None:
        self.reports: list[tuple] = []
        self.cell_cols: list[list] = [[] for _ in _SCHEMAS["cells"]]
        self.sections: list[tuple] = []
        self.issues: list[tuple] = []
        self.facts: list[tuple] = []

    def add(self, r: ParsedReport, content: bool = True) -> None:
        """Add a report's row and (unless `content` is False, for a file whose content another
        file of the batch already holds) its cells, sections, issues and facts."""
        self.reports.append(report_row(r))
        if not content:
            return
        rid = r.report_id
        rids, tables, rows, columns, values, kinds, raws, lines = self.cell_cols
        for table, row, cols, vals, knds, rws, lns in r.blocks:
            n = len(cols)
            rids.extend([rid] * n)
            tables.extend([table] * n)
            rows.extend([row] * n)
            columns.extend(cols)
            values.extend(vals)
            kinds.extend(knds)
            raws.extend(rws)
            lines.extend(lns)
        self.sections.extend((rid, s.code, s.title, s.line, s.body) for s in r.sections)
        self.issues.extend((rid, i.code, i.message, i.line, i.table_code, i.row_code, i.severity) for i in r.issues)
        self.facts.extend((rid,) + f for f in r.facts)

    def build(self) -> ParsedFrames:
        def frame(name: str, rows: list[tuple]) -> pl.DataFrame:
            return pl.DataFrame(rows, schema=_SCHEMAS[name], orient="row")

        cells = pl.DataFrame(dict(zip(_SCHEMAS["cells"], self.cell_cols)), schema=_SCHEMAS["cells"])
        return ParsedFrames(
            frame("reports", self.reports),
            cells,
            frame("sections", self.sections),
            frame("parse_issues", self.issues),
            frame("narrative_facts", self.facts),
        )


def parse_reports(items: Iterable[tuple[str, bytes]]) -> tuple[list[ParsedReport], ParsedFrames]:
    """Parse many ``(source_file, bytes)`` pairs: the reports, and their long-form frames."""
    builder = FrameBuilder()
    reports = []
    with collector_paused():
        for source_file, data in items:
            for report in parse_file(data, source_file):
                reports.append(report)
                builder.add(report)
    return reports, builder.build()
