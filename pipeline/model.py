"""Shared types of the domain core: what a parsed report is, and the closed sets of values it uses.

Every layer speaks these types: the parser produces a :class:`ParsedReport` with its
:class:`Issue` list, :class:`Section` list and :class:`NarrativeFact` list; the reference layer
produces an :class:`Agency`; validation and the warehouse store the enums' values as strings.
The enums are the single source of the allowed values: the table catalogue derives its pandera
checks from them, and the SQL files spell the same strings.

What belongs here: plain data types and enums, no behaviour beyond trivial accessors. The
template's row and column codes live in :mod:`pipeline.vocabulary`; table shapes in
:mod:`pipeline.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class ParseStatus(StrEnum):
    """What the parser made of a file."""

    PARSED = "parsed"
    REJECTED = "rejected"  # not a report, or unreadable: see the reject reason


class ReportStatus(StrEnum):
    """A report's status in the warehouse (``reports.status``)."""

    OK = "ok"  # everything read, every hard check passes
    FLAGGED = "flagged"  # a value could not be read with certainty, or a hard check failed
    REJECTED = "rejected"  # not parseable as a report, or a duplicate of another file


class Layout(StrEnum):
    """How a table's cells are laid out in the text (report-format §7)."""

    TAB = "tab"
    PIPE = "pipe"
    CELL_PER_LINE = "cell_per_line"
    SPACE = "space"  # pdftotext -layout
    MIXED = "mixed"  # a region whose value rows use several layouts


class ValueKind(StrEnum):
    """What a template cell holds (``cells.value_kind``)."""

    NUMBER = "number"
    BLANK = "blank"
    PLACEHOLDER = "placeholder"  # -, —, /, 无 …
    TEXT = "text"  # words where a number belongs: unread, with a parse issue
    MISSING = "missing"  # could not be read with certainty: NULL, with a parse issue


class IssueCode(StrEnum):
    """Why something in a report could not be read with certainty (``parse_issues.code``)."""

    AGENCY_NOT_FOUND = "agency_not_found"
    YEAR_NOT_FOUND = "year_not_found"
    PRE_TEMPLATE_REPORT = "pre_template_report"
    TABLE_NOT_FOUND = "table_not_found"
    TEMPLATE_CONFLICT = "template_conflict"
    UNEXPECTED_ROW = "unexpected_row"
    MISSING_ROW = "missing_row"
    DUPLICATE_ROW = "duplicate_row"
    ORPHAN_VALUES = "orphan_values"
    TOO_FEW_VALUES = "too_few_values"
    TOO_MANY_VALUES = "too_many_values"
    AMBIGUOUS_ROW = "ambiguous_row"  # the layout allows several readings; the identities choose none
    DIGITS_RUN_TOGETHER = "digits_run_together"
    TEXT_IN_CELL = "text_in_cell"
    NEGATIVE_VALUE = "negative_value"
    RESOLVED_BY_IDENTITY = "resolved_by_identity"  # info: the one reading the identities allow was taken
    SEVERAL_REPORTS = "several_reports"  # the file's titles name several reports, its tables are one's


class IssueSeverity(StrEnum):
    ERROR = "error"  # a value could not be read with certainty: the report is flagged
    INFO = "info"  # recorded so it can be audited; the report is not flagged for it


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_ASSESSABLE = "not_assessable"  # an input cell could not be read


class Severity(StrEnum):
    ERROR = "error"  # a failure flags the report
    WARNING = "warning"  # reported, never flags


class FactCode(StrEnum):
    """Numbers stated in the narrative, compared with the tables by N1."""

    APPLICATIONS_RECEIVED = "applications_received"
    REVIEW_CASES = "review_cases"
    LITIGATION_CASES = "litigation_cases"


class FileStatus(StrEnum):
    """A raw file's state in the manifest."""

    PRESENT = "present"
    MISSING = "missing"  # disappeared from the raw directory; its rows stay, marked


# what a report was read from (pipeline.parse.inputs tells them apart)
INPUT_FORMATS = ("text", "html", "pdf", "docx")


class AgencyLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    STREET_OFFICE = "street_office"
    DEPARTMENT = "department"
    ZONE = "zone"


class AgencyKind(StrEnum):
    GOVERNMENT = "government"
    GOVERNMENT_OFFICE = "government_office"
    DEPARTMENT = "department"
    STREET_OFFICE = "street_office"
    ZONE_COMMITTEE = "zone_committee"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The plain string values of an enum, in declaration order (for dtypes and checks)."""
    return tuple(member.value for member in enum)


@dataclass(slots=True)
class Issue:
    """One doubt the parser recorded: at severity error the report is flagged and the cells it
    concerns are missing; at severity info it is a note for auditors (how a value was read)."""

    code: str  # an IssueCode value
    message: str
    line: int | None = None
    table_code: str | None = None
    row_code: str | None = None
    severity: str = "error"  # an IssueSeverity value


class Section(NamedTuple):  # (a tuple: made per report, cheaper than a frozen dataclass)
    code: str  # a vocabulary.SECTION_CODES value
    title: str | None  # the heading as printed; None when the section had no heading (003's 一)
    line: int  # 1-based line of the heading (or of the first body line)
    body: str
    body_line: int  # 1-based line of the body's first line (after the blank lines stripped)


class NarrativeFact(NamedTuple):
    code: str  # a FactCode value
    value: float
    line: int
    evidence: str  # the words around the number, as folded


class Agency(NamedTuple):  # (a tuple: made per report, cheaper than a frozen dataclass)
    """The agency dimension of one report (see :mod:`pipeline.reference.agencies`)."""

    agency_key: str | None
    level: str | None  # an AgencyLevel value
    kind: str | None  # an AgencyKind value
    province: str | None
    city: str | None
    county: str | None
    division_code: str | None
    region_note: str | None  # how the region was resolved, or why it was not
    is_aggregate: bool


# Cells travel per row as a block (hundreds of cells per report; a tuple per cell costs more than
# the parsing): (table_code, row_code, column_codes, values, kinds, raws, lines), the last five
# parallel sequences. ParsedReport.cells expands blocks to one tuple per cell when asked.
CellBlock = tuple


@dataclass
class ParsedReport:
    """Everything the parser read from one file (rejected files carry only the reason)."""

    source_file: str
    report_id: str  # 16 hex of the sha256 of the decoded text
    sha256: str  # of the file's bytes
    size_bytes: int
    encoding: str | None = None
    input_format: str = "text"  # text | html | pdf | docx (pipeline.parse.inputs)
    part: int = 1  # which report of its file (files holding many reports: pipeline.parse.split)
    parse_status: str = ParseStatus.PARSED.value
    reject_reason: str | None = None
    agency: str | None = None
    year: int | None = None
    published_on: date | None = None
    template_version: str | None = None
    layouts: dict[str, str | None] = field(default_factory=dict)
    blocks: list[CellBlock] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    facts: list[NarrativeFact] = field(default_factory=list)
    body: Agency | None = None  # the agency dimension (key, level, kind, region, aggregate)

    @property
    def cells(self) -> list[tuple]:
        """One (table_code, row_code, column_code, value, value_kind, raw, line) per cell."""
        return [
            (table, row, col, value, kind, raw, line)
            for table, row, cols, values_, kinds, raws, lines in self.blocks
            for col, value, kind, raw, line in zip(cols, values_, kinds, raws, lines)
        ]

    def reject(self, reason: str) -> ParsedReport:
        """Mark the report rejected and drop anything read so far."""
        self.parse_status = ParseStatus.REJECTED.value
        self.reject_reason = reason
        self.blocks, self.sections, self.facts = [], [], []
        return self
