"""The table catalogue: every frame and warehouse table, declared once.

Each :class:`Table` lists its columns with the polars dtype of the frame the pipeline builds,
the DuckDB type of the warehouse table, whether NULL is allowed, and the value constraints a
column keeps. From this one declaration come:

- the polars schemas the parser's frame builder and the run's staging use (:meth:`Table.frame_schema`);
- the pandera models that validate every parsed frame (:mod:`pipeline.validate.schemas`);
- the list of warehouse tables and views, and the descriptions the Dagster assets show;
- the check that ``sql/tables/schema.sql`` declares exactly these columns, in this order, with
  these types (``tests/unit/test_catalogue.py``).

A column lives in the parsed **frame**, in the warehouse **table**, or in both: ``reports``
carries ``parse_status`` in the frame, and ``status`` (after checks and duplicate detection) in
the table.

What belongs here: names, types, constraints and descriptions of data at rest. No behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipeline.model import (
    INPUT_FORMATS,
    AgencyKind,
    AgencyLevel,
    CheckStatus,
    FactCode,
    FileStatus,
    IssueCode,
    IssueSeverity,
    Layout,
    ParseStatus,
    ReportStatus,
    Severity,
    ValueKind,
    values,
)
from pipeline.vocabulary import ALL_COLUMN_CODES, ALL_ROW_CODES, SECTION_CODES, TABLE_CODES, TEMPLATE_VERSIONS

# ------------------------------------------------------------------ dtypes of coded columns
TableCode = pl.Enum(TABLE_CODES)
RowCode = pl.Enum(list(dict.fromkeys(r for t in TABLE_CODES for r in ALL_ROW_CODES[t])))
ColumnCode = pl.Enum(list(dict.fromkeys(c for t in TABLE_CODES for c in ALL_COLUMN_CODES[t])))
ValueKindType = pl.Enum(values(ValueKind))
SectionCode = pl.Enum(SECTION_CODES)
TemplateVersion = pl.Enum(TEMPLATE_VERSIONS)
LayoutType = pl.Enum(values(Layout))

FRAME = "frame"  # the column exists in the frame the pipeline builds and stages
TABLE = "table"  # the column exists in the warehouse table
BOTH = (FRAME, TABLE)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType | type[pl.DataType]  # in frames
    sql: str  # in the warehouse
    description: str
    nullable: bool = True
    where: tuple[str, ...] = BOTH
    isin: tuple[str, ...] | None = None  # allowed values (beyond what an Enum dtype already fixes)
    ge: float | None = None
    between: tuple[int, int] | None = None
    length: int | None = None  # exact string length
    pattern: str | None = None  # full-match regular expression
    unique: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    grain: str  # one row per …
    description: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # columns unique together (in frames)
    in_warehouse: bool = True

    def frame_columns(self) -> list[Column]:
        return [c for c in self.columns if FRAME in c.where]

    def table_columns(self) -> list[Column]:
        return [c for c in self.columns if TABLE in c.where]

    def frame_schema(self, names: tuple[str, ...] | None = None) -> dict[str, pl.DataType]:
        """Column name → polars dtype of the frame (all frame columns, or `names` in that order)."""
        by_name = {c.name: c.dtype for c in self.columns}
        return {n: by_name[n] for n in names} if names else {c.name: c.dtype for c in self.frame_columns()}


def _c(name, dtype, sql, description, **kw) -> Column:
    return Column(name, dtype, sql, description, **kw)


_REPORT_ID = _c(
    "report_id", pl.String, "VARCHAR", "16 hex of the sha256 of the decoded text", nullable=False, length=16
)

REPORTS = Table(
    "reports",
    "ingested file",
    "One row per ingested file: body, year, template, status (ok/flagged/rejected) and why.",
    (
        _c(
            "report_id",
            pl.String,
            "VARCHAR",
            "16 hex of sha256(decoded text); derived for duplicates",
            nullable=False,
            length=16,
        ),
        _c("source_file", pl.String, "VARCHAR", "path relative to the raw directory", nullable=False),
        _c("sha256", pl.String, "VARCHAR", "of the file's bytes", nullable=False, length=64),
        _c("size_bytes", pl.Int64, "BIGINT", "file size", nullable=False, ge=0),
        _c("encoding", pl.String, "VARCHAR", "utf-8, utf-8-bom, gb18030, utf-16 …"),
        _c(
            "parse_status",
            pl.String,
            "",
            "what the parser made of the file",
            nullable=False,
            where=(FRAME,),
            isin=values(ParseStatus),
        ),
        _c("reject_reason", pl.String, "", "why the parser rejected the file", where=(FRAME,)),
        _c("agency", pl.String, "VARCHAR", "reporting body as printed in the title"),
        _c("year", pl.Int32, "INTEGER", "report year", between=(1990, 2100)),
        _c("template_version", TemplateVersion, "VARCHAR", "2019 | 2021 (from the labels, not the year)"),
        _c("published_on", pl.Date, "DATE", "publication date when printed"),
        _c(
            "status",
            pl.String,
            "VARCHAR",
            "ok | flagged | rejected",
            nullable=False,
            where=(TABLE,),
            isin=values(ReportStatus),
        ),
        _c("status_reason", pl.String, "VARCHAR", "one line, for anything not ok", where=(TABLE,)),
        _c("duplicate_of", pl.String, "VARCHAR", "source_file holding the same content", where=(TABLE,)),
        _c("layout_active_disclosure", LayoutType, "VARCHAR", "layout table 二 was read in"),
        _c("layout_applications", LayoutType, "VARCHAR", "layout table 三 was read in"),
        _c("layout_review_litigation", LayoutType, "VARCHAR", "layout table 四 was read in"),
        _c("agency_key", pl.String, "VARCHAR", "canonical body: <division code>:<unit>, stable across years"),
        _c("agency_level", pl.String, "VARCHAR", "level of the body", isin=values(AgencyLevel)),
        _c("agency_kind", pl.String, "VARCHAR", "kind of the body", isin=values(AgencyKind)),
        _c("province", pl.String, "VARCHAR", "province of the body's region"),
        _c("city", pl.String, "VARCHAR", "city of the body's region"),
        _c("county", pl.String, "VARCHAR", "county of the body's region"),
        _c(
            "division_code",
            pl.String,
            "VARCHAR",
            "6-digit 行政区划代码 of the region; NULL when unresolved",
            pattern=r"^\d{6}$",
        ),
        _c("region_note", pl.String, "VARCHAR", "how the region was resolved, or why not"),
        _c("is_aggregate", pl.Boolean, "BOOLEAN", "a government report covering its whole region", nullable=False),
        _c(
            "is_present",
            pl.Boolean,
            "BOOLEAN",
            "false once the file disappeared from the raw directory",
            nullable=False,
            where=(TABLE,),
        ),
        _c(
            "agency_lent_from",
            pl.String,
            "VARCHAR",
            "source_file whose resolution of the same body name was lent (sql/load/lend_agency_keys.sql)",
            where=(TABLE,),
        ),
        _c(
            "input_format",
            pl.String,
            "VARCHAR",
            "text | html | pdf | docx: what the report was read from",
            nullable=False,
            isin=INPUT_FORMATS,
        ),
        _c(
            "part",
            pl.Int32,
            "INTEGER",
            "which report of its file (1 unless the file holds several)",
            nullable=False,
            ge=1,
        ),
    ),
    unique=("source_file", "part"),
)

CELLS = Table(
    "cells",
    "template cell",
    "Every template cell in long form: table/row/column codes, value, value_kind, raw text, line.",
    (
        _REPORT_ID,
        _c("table_code", TableCode, "VARCHAR", "active_disclosure | applications | review_litigation", nullable=False),
        _c("row_code", RowCode, "VARCHAR", "template row (docs/report-format.md)", nullable=False),
        _c("column_code", ColumnCode, "VARCHAR", "template column (docs/report-format.md)", nullable=False),
        _c("value", pl.Float64, "DOUBLE", "NULL unless the cell holds a number (万元 for amounts)"),
        _c("value_kind", ValueKindType, "VARCHAR", "number | blank | placeholder | text | missing", nullable=False),
        _c("raw", pl.String, "VARCHAR", "the cell as printed"),
        _c("line", pl.Int32, "INTEGER", "1-based line in the source text", ge=1),
    ),
    unique=("report_id", "table_code", "row_code", "column_code"),
)

SECTIONS = Table(
    "sections",
    "section 一…六 (+ preamble)",
    "Narrative sections 一…六 (and the preamble) with their headings and bodies.",
    (
        _REPORT_ID,
        _c("section_code", SectionCode, "VARCHAR", "preamble | overview | … | other_matters", nullable=False),
        _c("title", pl.String, "VARCHAR", "heading as printed; NULL when the section had none"),
        _c("line", pl.Int32, "INTEGER", "1-based line of the heading", nullable=False, ge=1),
        _c("body", pl.String, "VARCHAR", "the section's text", nullable=False),
    ),
    unique=("report_id", "section_code"),
)

PARSE_ISSUES = Table(
    "parse_issues",
    "doubt",
    "Everything the parser could not read with certainty, with code, message and line.",
    (
        _REPORT_ID,
        _c(
            "code",
            pl.String,
            "VARCHAR",
            "what could not be read, e.g. too_few_values",
            nullable=False,
            isin=values(IssueCode),
        ),
        _c("message", pl.String, "VARCHAR", "what and why, with the printed text", nullable=False),
        _c("line", pl.Int32, "INTEGER", "1-based line in the source text", ge=1),
        _c("table_code", TableCode, "VARCHAR", "table concerned"),
        _c("row_code", RowCode, "VARCHAR", "row concerned"),
        _c(
            "severity",
            pl.String,
            "VARCHAR",
            "error flags the report; info is a note (resolved_by_identity)",
            nullable=False,
            isin=values(IssueSeverity),
        ),
    ),
)

NARRATIVE_FACTS = Table(
    "narrative_facts",
    "number stated in the narrative",
    "Numbers stated in the narrative (applications received, review and litigation cases).",
    (
        _REPORT_ID,
        _c(
            "fact_code",
            pl.String,
            "VARCHAR",
            "applications_received | review_cases | litigation_cases",
            nullable=False,
            isin=values(FactCode),
        ),
        _c("value", pl.Float64, "DOUBLE", "the number stated", nullable=False, ge=0),
        _c("line", pl.Int32, "INTEGER", "1-based line that states it"),
        _c("evidence", pl.String, "VARCHAR", "the words around the number", nullable=False),
    ),
    unique=("report_id", "fact_code"),
)

CHECK_RESULTS = Table(
    "check_results",
    "identity × grain",
    "Arithmetic identities (A1–A3, B1–B3, D1), blank totals, narrative (N1), cross-year (X1, X2, X3).",
    (
        _REPORT_ID,
        _c(
            "check_code",
            pl.String,
            "VARCHAR",
            "A1.<col> A2.<col> A3.<row> B1–B3.<group> D1.<cell> blank_total.<row> N1.<fact> X1.<col> X2.<row> "
            "X3.<table>",
            nullable=False,
        ),
        _c("table_code", pl.String, "VARCHAR", "table concerned"),
        _c("row_code", pl.String, "VARCHAR", "row concerned"),
        _c("column_code", pl.String, "VARCHAR", "column concerned"),
        _c("status", pl.String, "VARCHAR", "pass | fail | not_assessable", nullable=False, isin=values(CheckStatus)),
        _c(
            "severity",
            pl.String,
            "VARCHAR",
            "error flags the report; warning is reported only",
            nullable=False,
            isin=values(Severity),
        ),
        _c("left_value", pl.Float64, "DOUBLE", "left side of the identity"),
        _c("right_value", pl.Float64, "DOUBLE", "right side of the identity"),
        _c("difference", pl.Float64, "DOUBLE", "left − right"),
        _c("cells", pl.String, "VARCHAR", "the cells involved: row/column, row/column…"),
        _c("note", pl.String, "VARCHAR", "how blanks and unread cells were treated"),
    ),
)

FILE_MANIFEST = Table(
    "file_manifest",
    "raw file",
    "Path, size, mtime, sha256 and presence of every raw file seen: the incremental state.",
    (
        _c("source_file", pl.String, "VARCHAR", "path relative to the raw directory", nullable=False, unique=True),
        _c("size_bytes", pl.Int64, "BIGINT", "file size"),
        _c("mtime_ns", pl.Int64, "BIGINT", "modification time, ns"),
        _c("sha256", pl.String, "VARCHAR", "of the file's bytes"),
        _c("report_id", pl.String, "VARCHAR", "the report the file holds"),
        _c("status", pl.String, "VARCHAR", "present | missing", nullable=False, isin=values(FileStatus)),
        _c("parsed_by", pl.String, "VARCHAR", "build of the code that parsed the file (other code: parsed again)"),
    ),
)

ROW_CODES = Table(
    "row_codes",
    "template row",
    "Template row order and printed labels (from pipeline/vocabulary.py on every load).",
    (
        _c("table_code", pl.String, "VARCHAR", "table", nullable=False),
        _c("row_code", pl.String, "VARCHAR", "row", nullable=False),
        _c("row_order", pl.Int32, "INTEGER", "order in the national template", nullable=False),
        _c("label", pl.String, "VARCHAR", "label as printed in the national template", nullable=False),
    ),
)

NARRATIVE_REUSE = Table(
    "narrative_reuse",
    "pair of narrative sections",
    "Narrative sections that repeat the same body's previous year, or another body's same-year section "
    "(pipeline/compare/reuse.py: sentence sets, MinHash/LSH candidates, exact Jaccard).",
    (
        _REPORT_ID,
        _c("section_code", pl.String, "VARCHAR", "overview | problems_improvements | other_matters", nullable=False),
        _c("relation", pl.String, "VARCHAR", "previous_year (same body) | other_body (same year)", nullable=False),
        _c("other_report_id", pl.String, "VARCHAR", "the report compared with", nullable=False),
        _c("year", pl.Int32, "INTEGER", "report year", nullable=False),
        _c("other_year", pl.Int32, "INTEGER", "the other report's year", nullable=False),
        _c("sentences", pl.Int32, "INTEGER", "this section's sentences that count", nullable=False),
        _c("other_sentences", pl.Int32, "INTEGER", "the other section's sentences that count", nullable=False),
        _c("shared_sentences", pl.Int32, "INTEGER", "sentences printed in both", nullable=False),
        _c("similarity", pl.Float64, "DOUBLE", "Jaccard of the two sentence sets", nullable=False),
        _c("reused", pl.Boolean, "BOOLEAN", "similarity >= 0.7 (the flag threshold)", nullable=False),
    ),
    unique=("report_id", "section_code", "relation", "other_report_id"),
)

NARRATIVE_REUSE_YEARS = Table(
    "narrative_reuse_years",
    "report year",
    "What narrative_reuse was last computed from, per year: a year whose fingerprint changes is computed again.",
    (
        _c("year", pl.Int32, "INTEGER", "report year", nullable=False),
        _c(
            "fingerprint",
            pl.UInt64,
            "UBIGINT",
            "of the year's reports, bodies, parser build and reuse rules",
            nullable=False,
        ),
    ),
)

NARRATIVE_REUSE_REPORTS = Table(
    "narrative_reuse_reports",
    "report",
    "The reports narrative_reuse was last computed from, with the body each was compared as: a run "
    "that changed a few reports of a year computes only the rows those reports can move "
    "(pipeline/warehouse/reuse.py).",
    (
        _REPORT_ID,
        _c("year", pl.Int32, "INTEGER", "report year", nullable=False),
        _c("body_key", pl.String, "VARCHAR", "agency_key, or 'report:' and the report id", nullable=False),
        _c("rules", pl.String, "VARCHAR", "the reuse rules and polars version computed under", nullable=False),
    ),
    unique=("report_id",),
)

NARRATIVE_SENTENCES = Table(
    "narrative_sentences",
    "narrative section",
    "The distinct sentence hashes of each narrative section, kept so narrative reuse hashes a section's text once.",
    (
        _REPORT_ID,
        _c("section_code", pl.String, "VARCHAR", "overview | problems_improvements | other_matters", nullable=False),
        _c("rules", pl.String, "VARCHAR", "the reuse rules and polars version hashed under", nullable=False),
        _c("hashes", pl.List(pl.UInt64), "UBIGINT[]", "distinct sentence hashes (empty: none counts)", nullable=False),
    ),
)

NARRATIVE_BOILERPLATE = Table(
    "narrative_boilerplate",
    "sentence of a year's section",
    "Each year's template text: the sentences printed in the same narrative section by 10 or more "
    "bodies (BOILERPLATE_BODIES), which reuse does not count; kept so a change is computed around "
    "without counting its year again (pipeline/warehouse/reuse.py).",
    (
        _c("year", pl.Int32, "INTEGER", "report year", nullable=False),
        _c("section_code", pl.String, "VARCHAR", "overview | problems_improvements | other_matters", nullable=False),
        _c("h", pl.UInt64, "UBIGINT", "the sentence's hash (narrative_sentences.hashes)", nullable=False),
        _c("bodies", pl.Int32, "INTEGER", "bodies printing it in that section that year", nullable=False),
    ),
    unique=("year", "section_code", "h"),
)

CROSS_YEAR_PAIRS = Table(
    "cross_year_pairs",
    "previous-year pair",
    "The pairs whose cross-year checks (X1–X3) are in check_results: a run checks only pairs not in here.",
    (
        _c("report_id", pl.String, "VARCHAR", "the later report (its check_results hold the X rows)", nullable=False),
        _c("prev_report_id", pl.String, "VARCHAR", "the same body's report of the year before", nullable=False),
    ),
)

# The per-file status a run computes beside the check results (staged only; it becomes the
# `status`/`status_reason` columns of `reports`).
REPORT_STATUS = Table(
    "report_status",
    "parsed file",
    "Status and one-line reason per file, before duplicate detection.",
    (
        _REPORT_ID,
        _c("source_file", pl.String, "VARCHAR", "path relative to the raw directory", nullable=False),
        _c("status", pl.String, "VARCHAR", "ok | flagged | rejected", nullable=False, isin=values(ReportStatus)),
        _c("status_reason", pl.String, "VARCHAR", "one line, for anything not ok"),
    ),
    in_warehouse=False,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        REPORTS,
        CELLS,
        SECTIONS,
        PARSE_ISSUES,
        CHECK_RESULTS,
        NARRATIVE_FACTS,
        FILE_MANIFEST,
        ROW_CODES,
        NARRATIVE_REUSE,
        NARRATIVE_REUSE_YEARS,
        NARRATIVE_REUSE_REPORTS,
        NARRATIVE_SENTENCES,
        NARRATIVE_BOILERPLATE,
        CROSS_YEAR_PAIRS,
        REPORT_STATUS,
    )
}
# What the parser produces per batch, in this order (ParsedFrames' fields).
PARSED_FRAMES = ("reports", "cells", "sections", "parse_issues", "narrative_facts")
# What a run stages per chunk: the parsed frames, then what validation adds.
STAGED_FRAMES = PARSED_FRAMES + ("check_results", "report_status")
# Tables a run loads and reports on (row_codes is reference data, reloaded every run).
WAREHOUSE_TABLES = (
    "reports",
    "cells",
    "sections",
    "parse_issues",
    "check_results",
    "narrative_facts",
    "file_manifest",
    "narrative_reuse",
)
# The manifest a plan compares: what the raw directory says about each file.
FILE_STAT_COLUMNS = ("source_file", "size_bytes", "mtime_ns")


@dataclass(frozen=True)
class View:
    name: str
    sql_file: str  # under sql/, the file that creates it
    description: str
    depends_on: tuple[str, ...] = field(default=WAREHOUSE_TABLES)
    # the per-report tables it reads, kept between runs: its SQL file computes them only for the
    # reports it has not computed (pipeline/warehouse/store.py: refresh_kept)
    kept: tuple[str, ...] = ()


_SHAPE = "views/printed_shape.sql"
_COMPARISON = "views/comparison.sql"
_EVALUATION = "views/evaluation.sql"
_PIVOTED = ("printed_shape_reports",)  # the reports whose printed-shape rows are kept
VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View(
            "report_metrics",
            _COMPARISON,
            "Harmonised metrics per report (applications, outcome shares, review/litigation, decisions, fees): "
            "each report's kept cell metrics with its current body and status.",
            kept=("report_cell_metrics",),
        ),
        View("agencies", _COMPARISON, "The agency dimension: canonical body, level, kind, region and division code."),
        View("agency_year_metrics", _COMPARISON, "Metrics per body and year (the unit of comparison)."),
        View("agency_yoy", _COMPARISON, "Year-over-year changes per body."),
        View("agency_peer_rank", _COMPARISON, "Rank of each body among peers of the same level in the same region."),
        View(
            "region_rollups",
            _COMPARISON,
            "Rollups of every present report by region, level and template "
            "(unresolved regions as their own group; region-wide aggregates left out, counted).",
        ),
        View(
            "timeliness",
            _EVALUATION,
            "Per report: the publication deadline that applies (条例 第四十九条; rule in README), "
            "published_on, on_time | late | not_assessable, days late.",
        ),
        View(
            "timeliness_by_region",
            _EVALUATION,
            "Per region and year: bodies expected, reported, on time, late, not assessable, missing.",
        ),
        View(
            "report_completeness",
            _EVALUATION,
            "Per report: sections 一…六 and tables present, template rows missing, a completeness score "
            "(kept per report: only new reports are scored).",
            kept=("report_completeness_kept",),
        ),
        View(
            "applications_wide",
            _SHAPE,
            "Table 三 per report in its printed shape (rows × applicant columns; kept per report: only new "
            "reports are pivoted).",
            kept=_PIVOTED + ("applications_wide_kept",),
        ),
        View(
            "active_disclosure_wide",
            _SHAPE,
            "Table 二 per report in its printed shape (kept per report).",
            kept=_PIVOTED + ("active_disclosure_wide_kept",),
        ),
        View(
            "review_litigation_wide",
            _SHAPE,
            "Table 四 per report: the 15 numbers as one row (kept per report).",
            kept=_PIVOTED + ("review_litigation_wide_kept",),
        ),
        View("flagged_reports", _SHAPE, "Flagged reports with a one-line reason, worst first."),
    )
}
