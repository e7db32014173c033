"""Placing a table's rows: which row a line is, its cells, and the rows a table reader holds.

Every data row is identified by its **label** (never by position) and takes its values from the
cells after the label. Values split from their label by PDF extraction (a label wrapped over two
lines with the numbers on a line of their own) join the one label seen just before them — only
when exactly one candidate is pending and it is at most a few lines away; anything less certain
becomes a parse issue, never a guess.

How many values a row has is known from the template. A row whose first and last value cells
are printed has exactly that many cells between them: it is placed directly, and it teaches the
table its export conventions (:mod:`pipeline.parse.grid`). A row with a blank first or last value
is read by those conventions once the whole table has been seen; when they allow several
readings, the table reader's identities choose (:meth:`Grid.choose`), else the row's cells are
``missing`` with an issue. A row that cannot be read costs that row, never the table.

What belongs here: the grid of one table (placing, deferring and choosing rows) and the cells of
a placed row. What a table's rows and identities are is :mod:`pipeline.parse.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pipeline.memo import bounded, remember
from pipeline.model import CellBlock, Issue, IssueCode
from pipeline.normalize import norm_label
from pipeline.parse import labels as L
from pipeline.parse.grid import Conventions, Reading, edges, indivisible
from pipeline.parse.layout import Row, garbled
from pipeline.parse.text import cached_count_value, cell_kind, cell_value, longest_digit_run
from pipeline.vocabulary import ACTIVE_DISCLOSURE, AMOUNT_COLUMNS, SIGNED_COLUMNS, disclosure_columns

PENDING_DISTANCE = 3  # lines between a wrapped label and its values


@dataclass
class TableResult:
    table_code: str
    found: bool
    layout: str | None
    template_version: str | None
    blocks: list[CellBlock] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


REASONS = {
    IssueCode.TOO_MANY_VALUES.value: "more values than the template has columns; cannot tell which belong where",
    IssueCode.TOO_FEW_VALUES.value: "fewer values than the template has columns (a blank cell lost its position)",
    IssueCode.DIGITS_RUN_TOGETHER.value: "digits run together with no separator; cannot be split safely",
    IssueCode.AMBIGUOUS_ROW.value: "the table's layout allows several readings and its identities choose none",
}

# ------------------------------------------------------------------ what a Row means (memoised)
# Rows are shared by every report printing the same line, so what a table reader works out for a
# Row (its row code per table, its values trimmed to n columns, its cells) is remembered on the
# Row (Row.memo: one attribute lookup on the hot path).
_UNSEEN = object()
_HEADER: dict[str, bool] = bounded()


def row_code(table: str, row: Row) -> str | None:
    """The row code a row's labels name in `table` (None for a header or an unknown label)."""
    facts = row.memo
    code = facts.get(table, _UNSEEN)
    if code is _UNSEEN:
        header = not row.has_values and is_header(row.labels)
        code = facts[table] = None if not row.labels or header else label_code(table, row)
    return code


def label_code(table: str, row: Row) -> str | None:
    """The label nearest the values first, then all labels joined, then — for a label that PDF
    extraction prefixed with fragments of a vertical group label (他处理 3.其他) — its last words."""
    labels = row.labels
    code = L.match_row(table, norm_label(labels[-1]))
    if code is None and len(labels) > 1:
        code = L.match_row(table, norm_label("".join(labels)))
    if code is None and " " in labels[-1]:
        words = labels[-1].split(" ")
        for k in range(len(words) - 1, 0, -1):
            code = L.match_row(table, norm_label("".join(words[k:])))
            if code is not None:
                break
    return code


def is_header(labels: list[str]) -> bool:
    for x in labels:
        h = _HEADER.get(x)
        if h is None:
            h = remember(_HEADER, x, L.is_header([norm_label(x)]))
        if h:
            return True
    return False


def trimmed(row: Row, n: int) -> list[str] | str | None:
    """The row's n value cells when its printed cells span exactly n (or it is printed blank),
    the code of too many values, or None: the table's conventions must decide (memoised)."""
    facts = row.memo
    fit = facts.get(n, _UNSEEN)
    if fit is _UNSEEN:
        values = row.values
        # (most rows print their first and last cells: no call needed to find the edges)
        lo, trail = (0, 0) if values and values[0] and values[-1] else edges(values)
        span = len(values) - lo - trail
        if span == n:
            fit = values if lo == 0 and trail == 0 else values[lo : lo + n]  # (shared: never changed)
        elif span == 0:
            fit = [""] * n
        elif span > n:
            fit = IssueCode.TOO_MANY_VALUES.value
        else:
            fit = None
        facts[n] = fit
    return fit


def plain(row: Row) -> bool:
    """A row whose one reading needs no identity: its first cell after the labels is printed (no
    pad can hide a blank before it) and no printed cell can be the digits of several run together."""
    values = row.values
    return row.kind != "space" and bool(values) and bool(values[0]) and all(map(indivisible, values))


def unread_reason(row: Row, n: int) -> str:
    """Why a row with too few cells cannot be read: digits run together only when the printed
    digits could hold two or more missing values in one cell."""
    printed = [v for v in row.values if v]
    missing = n - len(printed)
    if missing >= 2 and any(longest_digit_run(v) > missing for v in printed):
        return IssueCode.DIGITS_RUN_TOGETHER.value
    return IssueCode.TOO_FEW_VALUES.value


# ------------------------------------------------------------------ placing rows
# A placed row: (values, lines, row the values were read from or None).
Placed = tuple
UNREAD: Placed = ([], [], None)  # seen, but its values cannot be placed with certainty


def value_lines(row: Row, anchor: int, n: int, start: int = 0) -> list[int]:
    """Line numbers of n value cells from value index `start` (padded with the first one)."""
    if row.one_line:
        return [anchor] * n
    offsets = row.value_offsets
    first = anchor + offsets[0] if offsets else None
    return ([anchor + o for o in offsets[start:]] + [first] * n)[:n]


def cell_lines(row: Row, anchor: int, n: int, fit: list[str]) -> list[int]:
    """Line numbers of the n cells `fit` a row printed in full holds, from its first printed one."""
    if fit is row.values:
        return [anchor + o for o in row.value_offsets]
    return value_lines(row, anchor, n, next((i for i, v in enumerate(row.values) if v), 0))


@dataclass
class Grid:
    """One table being read: rows placed, rows waiting for the conventions, rows with several
    readings, and what the table's unambiguous rows taught."""

    table: str
    widths: dict[str, int]
    res: TableResult
    placed: dict[str, Placed] = field(default_factory=dict)
    deferred: list[tuple[str, Row, int]] = field(default_factory=list)
    # rows read by the conventions: (readings, row, line, whether the one reading is certain)
    ambiguous: dict[str, tuple[list[Reading], Row, int, bool]] = field(default_factory=dict)
    conventions: Conventions = field(default_factory=Conventions)
    unplaced_dashes: bool = False  # a row of dashes found no label: a label printed alone may be its row

    def issue(self, code: str, message: str, line: int | None = None, row_code: str | None = None) -> None:
        self.res.issues.append(Issue(code, message, line, self.table, row_code))

    def place(self, code: str, values: list[str], lines: list[int], row: Row | None = None) -> None:
        placed = self.placed
        if code not in placed:
            placed[code] = (values, lines, row)
        elif placed[code][0] == values:
            self.issue(IssueCode.DUPLICATE_ROW, f"row {code} printed twice with the same values", lines[0], code)
        else:
            self.issue(IssueCode.DUPLICATE_ROW, f"row {code} printed twice with different values; both unread",
                       lines[0], code)  # fmt: skip
            placed[code] = UNREAD

    def unread(self, code: str, reason: str, row: Row, line: int) -> None:
        raw = " ".join(v for v in row.values if v)
        self.issue(reason, f"row {code}: {REASONS[reason]} (printed: {raw!r})", line, code)
        self.placed.setdefault(code, UNREAD)

    def read(self, rows: list[tuple[Row, int]]) -> None:
        """Place every row the labels name; rows needing the conventions wait for the table."""
        pending: list[tuple[str, int]] = []
        label_only: dict[str, tuple[Row, int]] = {}  # space layout: labels printed with no value
        table, placed, widths = self.table, self.placed, self.widths
        self.conventions.attach(placed, widths, rows, table)
        for row, ln in rows:
            facts = row.memo
            code = facts.get(table, _UNSEEN)
            if code is _UNSEEN:
                code = row_code(table, row)
            if code is not None and row.has_values and code not in placed:
                # the common row, printed in full: placed at once (what _read_row does)
                n = widths[code]
                fit = facts.get(n) or trimmed(row, n)
                if fit.__class__ is list:
                    if row.one_line:
                        lines = [ln] * n
                    elif fit is row.values:
                        lines = [ln + o for o in row.value_offsets]
                    else:
                        lines = cell_lines(row, ln, n, fit)
                    placed[code] = (fit, lines, row)
                    if pending:
                        pending.clear()
                    continue
            if not row.has_values:
                if code is None:
                    continue  # a header row: the conventions read it when asked
                if row.values and row.kind != "space":  # a label row whose value cells are all empty
                    n = self.widths[code]
                    self.place(code, [""] * n, value_lines(row, ln, n), row)
                    pending.clear()
                else:
                    pending.append((code, ln + row.label_offsets[-1]))
                    if row.kind == "space":
                        label_only.setdefault(code, (row, ln))
                continue
            first_line = ln + row.value_offsets[0] if row.value_offsets else ln
            if code is None:
                code = self._pending_code(row, pending, first_line)
                if code is None:
                    continue
            pending.clear()
            self._read_row(code, row, ln, first_line)
        for code, row, ln in self.deferred:
            self._read_by_conventions(code, row, ln)
        if label_only:
            self._blank_space_rows(label_only)

    def _blank_space_rows(self, label_only: dict[str, tuple[Row, int]]) -> None:
        """Space-aligned text prints a row whose cells are all blank as its label alone. A label
        that no values followed is such a row — unless values somewhere in the table found no
        label, dashes included (then they may be its values: nothing is inferred)."""
        if self.unplaced_dashes or any(i.code == IssueCode.ORPHAN_VALUES for i in self.res.issues):
            return
        for code, (row, ln) in label_only.items():
            if code not in self.placed and code not in self.ambiguous:
                n = self.widths[code]
                self.place(code, [""] * n, [ln] * n, row)

    def _pending_code(self, row: Row, pending: list[tuple[str, int]], first_line: int) -> str | None:
        """The one wrapped label pending just above values with no label of their own, else None
        (with an issue unless the values are only dashes)."""
        candidates = {c for c, _ in pending}
        if len(candidates) == 1 and first_line - pending[-1][1] <= PENDING_DISTANCE:
            return pending[-1][0]
        if all(cell_kind(v) in ("blank", "placeholder") for v in row.values):
            self.unplaced_dashes = True  # (its label, printed alone, is then no blank row)
            return None  # an unplaceable row of dashes carries no number to lose
        what = f"under an unrecognised label {'/'.join(row.labels)!r}" if row.labels else "with no row label"
        if len(candidates) > 1:
            what += f" (several wrapped labels pending: {', '.join(sorted(candidates))})"
        self.issue(IssueCode.ORPHAN_VALUES, f"values {what} could not be placed", first_line)
        pending.clear()
        return None

    def _read_row(self, code: str, row: Row, ln: int, first_line: int) -> None:
        n = self.widths[code]
        fit = trimmed(row, n)
        if fit is None:
            self.deferred.append((code, row, ln))
        elif fit.__class__ is str:
            self.unread(code, fit, row, first_line)
        else:
            self.place(code, fit, [ln] * n if row.one_line else cell_lines(row, ln, n, fit), row)

    def _read_by_conventions(self, code: str, row: Row, ln: int) -> None:
        n = self.widths[code]
        # a garbled cell (3+10) holds several values: no layout can tell whose blanks are whose
        readings = [] if any(map(garbled, row.values)) else self.conventions.readings(row, n, ln)
        first_line = ln + row.value_offsets[0] if row.value_offsets else ln
        if not readings:
            self.unread(code, unread_reason(row, n), row, first_line)
        elif code in self.placed or code in self.ambiguous:
            self.unread(code, IssueCode.AMBIGUOUS_ROW.value, row, first_line)
        else:
            certain = len(readings) == 1 and (self.conventions.taught(row, n) or plain(row))
            self.ambiguous[code] = (readings, row, ln, certain)

    def choose(self, verdict) -> None:
        """Settle the rows read by the conventions. `verdict(code, cells)`: True when every
        identity the reading takes part in that can be assessed (given the rows placed) holds and
        one could, False when one fails, None when none can be assessed.

        A certain reading (the one the taught convention allows) is kept unless an identity
        fails: then the row may be exported unlike its kind (two conventions fit its empty cells
        and the table taught only one), so it is treated as any other. Otherwise a reading is kept
        when it is the only one the identities confirm, noted as an info issue; rows settled make
        others assessable, so this repeats, and rows that only settle together are tried together,
        each with its only reading."""
        for code, (readings, row, ln, certain) in list(self.ambiguous.items()):
            if certain and verdict(code, readings[0][1]) is not False:
                del self.ambiguous[code]
                start, cells = readings[0]
                self.place(code, cells, value_lines(row, ln, self.widths[code], start), row)
        progress = True
        while progress and self.ambiguous:
            progress = False
            for code, (readings, row, ln, _) in list(self.ambiguous.items()):
                good = [(start, cells) for start, cells in readings if verdict(code, cells)]
                if len(good) == 1:
                    self._settle(code, good[0], len(readings), row, ln)
                    progress = True
        single = {code: item for code, item in self.ambiguous.items() if len(item[0]) == 1}
        if single and len(single) == len(self.ambiguous):
            for code, (readings, row, ln, _) in single.items():
                self.placed[code] = (readings[0][1], value_lines(row, ln, self.widths[code], readings[0][0]), row)
            if all(verdict(code, item[0][0][1]) for code, item in single.items()):
                for code, (readings, row, ln, _) in single.items():
                    del self.placed[code]
                    self._settle(code, readings[0], 1, row, ln)
            else:
                for code in single:
                    del self.placed[code]
        for code, (_, row, ln, _) in self.ambiguous.items():
            first_line = ln + row.value_offsets[0] if row.value_offsets else ln
            self.unread(code, IssueCode.AMBIGUOUS_ROW.value, row, first_line)
        self.ambiguous = {}

    def _settle(self, code: str, reading: Reading, of: int, row: Row, ln: int) -> None:
        """Place the one reading the identities allow, and say so (an info-level issue)."""
        del self.ambiguous[code]
        start, cells = reading
        self.place(code, cells, value_lines(row, ln, self.widths[code], start), row)
        printed = " ".join(v for v in row.values if v)
        first_line = ln + row.value_offsets[0] if row.value_offsets else ln
        self.res.issues.append(Issue(
            IssueCode.RESOLVED_BY_IDENTITY, f"row {code}: of {of} reading(s) of {printed!r} the layout allows, one "
            "satisfies the table's identities", first_line, self.table, code, "info"))  # fmt: skip


# ------------------------------------------------------------------ cells of a placed row
_ROW_VALUES: dict[tuple, tuple[list, list, list]] = bounded()  # (columns, raws) → (values, kinds, problems)


def row_values(columns: tuple[str, ...], raws: list[str]) -> tuple[list, list, list]:
    """Values and kinds of a row's cells, and which cells are problems — cached per distinct row
    (0 0 0 0 0 0 0 repeats in most reports)."""
    key = (columns, tuple(raws))
    hit = _ROW_VALUES.get(key)
    if hit is not None:
        return hit
    if len(raws) != len(columns):  # every column missing, and why (place_blocks says so)
        n = len(columns)
        problem = IssueCode.TOO_FEW_VALUES.value if len(raws) < n else IssueCode.TOO_MANY_VALUES.value
        return remember(_ROW_VALUES, key, ([None] * n, ["missing"] * n, [(-1, problem)]))
    values, kinds, problems = [], [], []
    for k, (col, raw) in enumerate(zip(columns, raws)):
        hit = None if col in AMOUNT_COLUMNS else cached_count_value(raw)
        kind, value = hit or cell_value(raw, col in AMOUNT_COLUMNS)
        if value is not None and value < 0 and col not in SIGNED_COLUMNS:
            kind, value = "text", None  # a negative count is not a count: keep what was printed, read nothing
            problems.append((k, IssueCode.NEGATIVE_VALUE.value))
        elif kind == "text":
            problems.append((k, IssueCode.TEXT_IN_CELL.value))
        values.append(value)
        kinds.append(kind)
    return remember(_ROW_VALUES, key, (values, kinds, problems))


def numbers_of(columns: tuple[str, ...], raws: list[str]) -> list[float] | None:
    """The row's cells as numbers for an identity (printed blanks are 0), or None if one is text."""
    values, kinds, _ = row_values(columns, raws)
    if "text" in kinds or "missing" in kinds:
        return None
    return [0.0 if v is None else v for v in values]


def place_blocks(table: str, rows, placed: dict[str, Placed], res: TableResult) -> None:
    """Append each row's cells as one block; `rows`: (row code, its columns) in template order.
    (One loop for the table: it runs for every row of every report.)"""
    blocks, issues, found = res.blocks, res.issues, res.found
    for code, columns in rows:
        p = placed.get(code)
        if p is None or not p[0]:
            if p is None and found:
                issues.append(Issue(IssueCode.MISSING_ROW, f"row {code} not found in table {table}", None, table, code))
            n = len(columns)
            blocks.append((table, code, columns, [None] * n, ["missing"] * n, [None] * n, [None] * n))
            continue
        raws, lines, row = p
        # the cells of a row read directly are remembered on the Row (the same list every time)
        memo = row.memo.get(columns) if row is not None else None
        if memo is not None and memo[0] is raws:
            values, kinds, problems = memo[1]
        else:
            hit = row_values(columns, raws)
            if row is not None:
                row.memo[columns] = (raws, hit)
            values, kinds, problems = hit
        for k, problem in problems:
            if k < 0:  # (never expected: cells read for another width are not stored shifted)
                issues.append(Issue(problem, f"row {code}: {len(raws)} cells read for {len(columns)} columns; "
                                    "unread", lines[0] if lines else None, table, code))  # fmt: skip
                raws = lines = [None] * len(columns)
                break
            col, raw = columns[k], raws[k]
            if problem == IssueCode.NEGATIVE_VALUE.value:
                msg = f"cell {code}/{col} is negative ({raw!r}); only 本年增/减 may be"
            else:
                msg = f"cell {code}/{col} holds text {raw!r}, not a number"
            issues.append(Issue(problem, msg, lines[k], table, code))
        blocks.append((table, code, columns, values, kinds, raws, lines))


@cache
def widths_of(table: str, variant) -> dict[str, int]:
    """Columns per row code: table 二 by template version (a row of the other version is read
    with 3), table 三 the same for every row (7, or 8 with 小计)."""
    if table == ACTIVE_DISCLOSURE:
        columns = disclosure_columns(variant)
        return {code: len(columns[code]) if code in columns else 3 for code, _ in L.ROW_PATTERNS[table]}
    return dict.fromkeys((code for code, _ in L.ROW_PATTERNS[table]), variant)


def label_text(rows: list[tuple[Row, int]]) -> str:
    """The region's labels (header cells included), normalised and joined in reading order: what
    template markers (本年制发, 小计…) are searched in. Joined, so a word wrapped over two lines is
    whole again; values are left out, so no number can fake a marker."""
    return "".join([row.label_text for row, _ in rows])
