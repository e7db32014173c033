"""Parsed reports → long-form polars frames (one set of frames per batch).

Frames are built once per batch from plain Python columns, not per report: constructing a
DataFrame costs more than parsing a small report, so the batch API accumulates columns and
builds each frame at the end. Memory therefore grows with the frames produced, nothing else.

What belongs here: the frame layouts (column names and dtypes) and the batch API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from pipeline.parser import ParsedReport, parse_report
from pipeline.vocabulary import (
    ALL_COLUMN_CODES,
    ALL_ROW_CODES,
    SECTION_CODES,
    TABLE_CODES,
    TEMPLATE_VERSIONS,
    VALUE_KINDS,
)

TableCode = pl.Enum(TABLE_CODES)
RowCode = pl.Enum(list(dict.fromkeys(r for t in TABLE_CODES for r in ALL_ROW_CODES[t])))
ColumnCode = pl.Enum(list(dict.fromkeys(c for t in TABLE_CODES for c in ALL_COLUMN_CODES[t])))
ValueKind = pl.Enum(VALUE_KINDS)
SectionCode = pl.Enum(SECTION_CODES)
TemplateVersion = pl.Enum(TEMPLATE_VERSIONS)
Layout = pl.Enum(["tab", "pipe", "cell_per_line", "space", "mixed"])

REPORT_SCHEMA = {
    "report_id": pl.String,
    "source_file": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
    "encoding": pl.String,
    "parse_status": pl.String,  # parsed | rejected
    "reject_reason": pl.String,
    "agency": pl.String,
    "year": pl.Int32,
    "published_on": pl.Date,
    "template_version": TemplateVersion,
    "layout_active_disclosure": Layout,
    "layout_applications": Layout,
    "layout_review_litigation": Layout,
    "agency_key": pl.String,
    "agency_level": pl.String,
    "agency_kind": pl.String,
    "province": pl.String,
    "city": pl.String,
    "county": pl.String,
    "division_code": pl.String,
    "region_note": pl.String,
    "is_aggregate": pl.Boolean,
}
CELL_SCHEMA = {
    "report_id": pl.String,
    "table_code": TableCode,
    "row_code": RowCode,
    "column_code": ColumnCode,
    "value": pl.Float64,
    "value_kind": ValueKind,
    "raw": pl.String,
    "line": pl.Int32,
}
SECTION_SCHEMA = {
    "report_id": pl.String,
    "section_code": SectionCode,
    "title": pl.String,
    "line": pl.Int32,
    "body": pl.String,
}
ISSUE_SCHEMA = {
    "report_id": pl.String,
    "code": pl.String,
    "message": pl.String,
    "line": pl.Int32,
    "table_code": TableCode,
    "row_code": RowCode,
}
FACT_SCHEMA = {
    "report_id": pl.String,
    "fact_code": pl.String,
    "value": pl.Float64,
    "line": pl.Int32,
    "evidence": pl.String,
}


@dataclass
class ParsedFrames:
    reports: pl.DataFrame
    cells: pl.DataFrame
    sections: pl.DataFrame
    issues: pl.DataFrame
    facts: pl.DataFrame

    @property
    def names(self) -> tuple[str, ...]:
        return ("reports", "cells", "sections", "issues", "facts")


_BODY_NONE = (None,) * 8 + (False,)


def _body_row(b) -> tuple:
    return (b.agency_key, b.level, b.kind, b.province, b.city, b.county, b.division_code, b.region_note, b.is_aggregate)


class FrameBuilder:
    """Accumulates parsed reports column-wise; :meth:`build` makes the frames."""

    def __init__(self) -> None:
        self.reports: list[tuple] = []
        self.cell_cols: list[list] = [[] for _ in CELL_SCHEMA]
        self.sections: list[tuple] = []
        self.issues: list[tuple] = []
        self.facts: list[tuple] = []

    def add(self, r: ParsedReport) -> None:
        rid = r.report_id
        self.reports.append(
            (
                rid, r.source_file, r.sha256, r.size_bytes, r.encoding, r.parse_status, r.reject_reason,
                r.agency, r.year, r.published_on, r.template_version,
                r.layouts.get("active_disclosure"), r.layouts.get("applications"), r.layouts.get("review_litigation"),
            )
            + (_BODY_NONE if r.body is None else _body_row(r.body))
        )
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
        self.issues.extend((rid, i.code, i.message, i.line, i.table_code, i.row_code) for i in r.issues)
        self.facts.extend((rid,) + f for f in r.facts)

    def build(self) -> ParsedFrames:
        def frame(rows, schema):
            return pl.DataFrame(rows, schema=schema, orient="row")

        cells = pl.DataFrame(dict(zip(CELL_SCHEMA, self.cell_cols)), schema=CELL_SCHEMA)
        return ParsedFrames(
            frame(self.reports, REPORT_SCHEMA),
            cells,
            frame(self.sections, SECTION_SCHEMA),
            frame(self.issues, ISSUE_SCHEMA),
            frame(self.facts, FACT_SCHEMA),
        )


def parse_reports(items: Iterable[tuple[str, bytes]]) -> tuple[list[ParsedReport], ParsedFrames]:
    """Parse many ``(source_file, bytes)`` pairs: the reports, and their long-form frames."""
    builder = FrameBuilder()
    reports = []
    for source_file, data in items:
        report = parse_report(data, source_file)
        reports.append(report)
        builder.add(report)
    return reports, builder.build()


def parse_batch(items: Iterable[tuple[str, bytes]]) -> ParsedFrames:
    """Parse many ``(source_file, bytes)`` pairs into one set of long-form frames."""
    return parse_reports(items)[1]
