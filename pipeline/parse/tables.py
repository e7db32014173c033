"""Reading the three statistics tables from logical rows, as grids.

Every data row is identified by its **label** (never by position) and takes its values from the
cells after the label. Values split from their label by PDF extraction (a label wrapped over two
lines with the numbers on a line of their own) join the one label seen just before them — only
when exactly one candidate is pending and it is at most a few lines away; anything less certain
becomes a parse issue, never a guess.

How many values a row has is known from the template. A row whose first and last value cells
are printed has exactly that many cells between them: it is read directly, and it teaches the
table its export conventions (:mod:`pipeline.parse.grid`). A row with a blank first or last value
is read by those conventions once the whole table has been seen. When the conventions allow
several readings, the table's own identities (A1–A3 for table 三, B1–B3 for table 四) may choose
— only when exactly one reading satisfies every identity it takes part in, recorded as an
info-level ``resolved_by_identity`` issue. Otherwise the row's cells are ``missing`` with an
issue. A row that cannot be read costs that row, never the table.

What belongs here: label-driven placement of rows, choosing readings, and the per-cell result.
Splitting lines into cells lives in :mod:`pipeline.parse.layout`, export conventions in
:mod:`pipeline.parse.grid`, label patterns in :mod:`pipeline.parse.labels`.
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
from pipeline.parse.text import cell_kind, cell_value, longest_digit_run
from pipeline.vocabulary import (
    ACTIVE_DISCLOSURE,
    AMOUNT_COLUMNS,
    APPLICANT_CODES,
    APPLICATION_COLUMNS,
    APPLICATION_COLUMNS_WITH_SUBTOTAL,
    APPLICATIONS,
    DISCLOSURE_BLOCKS,
    OTHER_HANDLING_PARTS,
    REVIEW_COLUMN_CODES,
    REVIEW_LITIGATION,
    REVIEW_ROW_CODES,
    SIGNED_COLUMNS,
    application_row_codes,
    disclosure_columns,
    leaf_rows,
)

PENDING_DISTANCE = 3  # lines between a wrapped label and its values
# Table 三's column headers, as folded, in column order (where space text prints them, the columns are)
APPLICATION_HEADERS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3
# each block of table 二 prints its own column headers
DISCLOSURE_HEADERS = {
    version: tuple(dict.fromkeys(tuple(header for _, header in block.columns) for block in blocks))
    for version, blocks in DISCLOSURE_BLOCKS.items()
}
EDGE_ROWS = ("new_received", "carried_in", "results_total", "carried_forward")


@dataclass
class TableResult:
    table_code: str
    found: bool
    layout: str | None
    template_version: str | None
    blocks: list[CellBlock] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


_REASONS = {
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


def _row_code(table: str, row: Row) -> str | None:
    """The row code a row's labels name in `table` (None for a header or an unknown label)."""
    facts = row.memo
    code = facts.get(table, _UNSEEN)
    if code is _UNSEEN:
        header = not row.has_values and _is_header(row.labels)
        code = facts[table] = None if not row.labels or header else _label_code(table, row)
    return code


def _label_code(table: str, row: Row) -> str | None:
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


def _is_header(labels: list[str]) -> bool:
    for x in labels:
        h = _HEADER.get(x)
        if h is None:
            h = remember(_HEADER, x, L.is_header([norm_label(x)]))
        if h:
            return True
    return False


def _trimmed(row: Row, n: int) -> list[str] | str | None:
    """The row's n value cells when its printed cells span exactly n (or it is printed blank),
    the code of too many values, or None: the table's conventions must decide (memoised)."""
    facts = row.memo
    fit = facts.get(n, _UNSEEN)
    if fit is _UNSEEN:
        values = row.values
        lo, trail = edges(values)
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


def _plain(row: Row) -> bool:
    """A row whose one reading needs no identity: its first cell after the labels is printed (no
    pad can hide a blank before it) and no printed cell can be the digits of several run together."""
    values = row.values
    return row.kind != "space" and bool(values) and bool(values[0]) and all(map(indivisible, values))


def _unread_reason(row: Row, n: int) -> str:
    """Why a row with too few cells cannot be read: digits run together only when the printed
    digits could hold two or more missing values in one cell."""
    printed = [v for v in row.values if v]
    missing = n - len(printed)
    if missing >= 2 and any(longest_digit_run(v) > missing for v in printed):
        return IssueCode.DIGITS_RUN_TOGETHER.value
    return IssueCode.TOO_FEW_VALUES.value


# ------------------------------------------------------------------ placing rows
# A placed row: (values, lines, row the values were read from or None).
_Placed = tuple
_UNREAD: _Placed = ([], [], None)  # seen, but its values cannot be placed with certainty


def _value_lines(row: Row, anchor: int, n: int, start: int = 0) -> list[int]:
    """Line numbers of n value cells from value index `start` (padded with the first one)."""
    if row.one_line:
        return [anchor] * n
    offsets = row.value_offsets
    first = anchor + offsets[0] if offsets else None
    return ([anchor + o for o in offsets[start:]] + [first] * n)[:n]


def _cell_lines(row: Row, anchor: int, n: int, fit: list[str]) -> list[int]:
    """Line numbers of the n cells `fit` a row printed in full holds, from its first printed one."""
    if fit is row.values:
        return [anchor + o for o in row.value_offsets]
    return _value_lines(row, anchor, n, next((i for i, v in enumerate(row.values) if v), 0))


@dataclass
class _Grid:
    """One table being read: rows placed, rows waiting for the conventions, rows with several
    readings, and what the table's unambiguous rows taught."""

    table: str
    widths: dict[str, int]
    res: TableResult
    placed: dict[str, _Placed] = field(default_factory=dict)
    deferred: list[tuple[str, Row, int]] = field(default_factory=list)
    # rows read by the conventions: (readings, row, line, whether the one reading is certain)
    ambiguous: dict[str, tuple[list[Reading], Row, int, bool]] = field(default_factory=dict)
    conventions: Conventions = field(default_factory=Conventions)

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
            placed[code] = _UNREAD

    def unread(self, code: str, reason: str, row: Row, line: int) -> None:
        raw = " ".join(v for v in row.values if v)
        self.issue(reason, f"row {code}: {_REASONS[reason]} (printed: {raw!r})", line, code)
        self.placed.setdefault(code, _UNREAD)

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
                code = _row_code(table, row)
            if code is not None and row.has_values and code not in placed:
                # the common row, printed in full: placed at once (what _read_row does)
                n = widths[code]
                fit = facts.get(n) or _trimmed(row, n)
                if fit.__class__ is list:
                    if row.one_line:
                        lines = [ln] * n
                    elif fit is row.values:
                        lines = [ln + o for o in row.value_offsets]
                    else:
                        lines = _cell_lines(row, ln, n, fit)
                    placed[code] = (fit, lines, row)
                    if pending:
                        pending.clear()
                    continue
            if not row.has_values:
                if code is None:
                    continue  # a header row: the conventions read it when asked
                if row.values and row.kind != "space":  # a label row whose value cells are all empty
                    n = self.widths[code]
                    self.place(code, [""] * n, _value_lines(row, ln, n), row)
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
        label (then they may be its values: nothing is inferred)."""
        if any(i.code == IssueCode.ORPHAN_VALUES for i in self.res.issues):
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
            return None  # an unplaceable row of dashes carries no number to lose
        what = f"under an unrecognised label {'/'.join(row.labels)!r}" if row.labels else "with no row label"
        if len(candidates) > 1:
            what += f" (several wrapped labels pending: {', '.join(sorted(candidates))})"
        self.issue(IssueCode.ORPHAN_VALUES, f"values {what} could not be placed", first_line)
        pending.clear()
        return None

    def _read_row(self, code: str, row: Row, ln: int, first_line: int) -> None:
        n = self.widths[code]
        fit = _trimmed(row, n)
        if fit is None:
            self.deferred.append((code, row, ln))
        elif fit.__class__ is str:
            self.unread(code, fit, row, first_line)
        else:
            self.place(code, fit, [ln] * n if row.one_line else _cell_lines(row, ln, n, fit), row)

    def _read_by_conventions(self, code: str, row: Row, ln: int) -> None:
        n = self.widths[code]
        # a garbled cell (3+10) holds several values: no layout can tell whose blanks are whose
        readings = [] if any(map(garbled, row.values)) else self.conventions.readings(row, n, ln)
        first_line = ln + row.value_offsets[0] if row.value_offsets else ln
        if not readings:
            self.unread(code, _unread_reason(row, n), row, first_line)
        elif code in self.placed or code in self.ambiguous:
            self.unread(code, IssueCode.AMBIGUOUS_ROW.value, row, first_line)
        else:
            certain = len(readings) == 1 and (self.conventions.taught(row, n) or _plain(row))
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
                self.place(code, cells, _value_lines(row, ln, self.widths[code], start), row)
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
                self.placed[code] = (readings[0][1], _value_lines(row, ln, self.widths[code], readings[0][0]), row)
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
        self.place(code, cells, _value_lines(row, ln, self.widths[code], start), row)
        printed = " ".join(v for v in row.values if v)
        first_line = ln + row.value_offsets[0] if row.value_offsets else ln
        self.res.issues.append(Issue(
            IssueCode.RESOLVED_BY_IDENTITY, f"row {code}: of {of} reading(s) of {printed!r} the layout allows, one "
            "satisfies the table's identities", first_line, self.table, code, "info"))  # fmt: skip


# ------------------------------------------------------------------ cells of a placed row
_ROW_VALUES: dict[tuple, tuple[list, list, list]] = bounded()  # (columns, raws) → (values, kinds, problems)


def _row_values(columns: tuple[str, ...], raws: list[str]) -> tuple[list, list, list]:
    """Values and kinds of a row's cells, and which cells are problems — cached per distinct row
    (0 0 0 0 0 0 0 repeats in most reports)."""
    key = (columns, tuple(raws))
    hit = _ROW_VALUES.get(key)
    if hit is not None:
        return hit
    values, kinds, problems = [], [], []
    for k, (col, raw) in enumerate(zip(columns, raws)):
        kind, value = cell_value(raw, col in AMOUNT_COLUMNS)
        if value is not None and value < 0 and col not in SIGNED_COLUMNS:
            kind, value = "text", None  # a negative count is not a count: keep what was printed, read nothing
            problems.append((k, IssueCode.NEGATIVE_VALUE.value))
        elif kind == "text":
            problems.append((k, IssueCode.TEXT_IN_CELL.value))
        values.append(value)
        kinds.append(kind)
    return remember(_ROW_VALUES, key, (values, kinds, problems))


def _numbers(columns: tuple[str, ...], raws: list[str]) -> list[float] | None:
    """The row's cells as numbers for an identity (printed blanks are 0), or None if one is text."""
    values, kinds, _ = _row_values(columns, raws)
    if any(k == "text" for k in kinds):
        return None
    return [0.0 if v is None else v for v in values]


def _blocks(table: str, rows, placed: dict[str, _Placed], res: TableResult) -> None:
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
            hit = _row_values(columns, raws)
            if row is not None:
                row.memo[columns] = (raws, hit)
            values, kinds, problems = hit
        for k, problem in problems:
            col, raw = columns[k], raws[k]
            if problem == IssueCode.NEGATIVE_VALUE.value:
                msg = f"cell {code}/{col} is negative ({raw!r}); only 本年增/减 may be"
            else:
                msg = f"cell {code}/{col} holds text {raw!r}, not a number"
            issues.append(Issue(problem, msg, lines[k], table, code))
        blocks.append((table, code, columns, values, kinds, raws, lines))


@cache
def _widths(table: str, variant) -> dict[str, int]:
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


# ------------------------------------------------------------------ 二 active_disclosure
def read_active_disclosure(
    rows: list[tuple[Row, int]], layout: str | None, fallback_version: str | None, seen: list | None = None
) -> TableResult:
    v2019, v2021 = L.disclosure_version_votes(label_text(rows))
    version = "2019" if v2019 > v2021 else "2021" if v2021 > v2019 else fallback_version or "2021"
    res = TableResult(ACTIVE_DISCLOSURE, bool(rows), layout, version)
    columns = disclosure_columns(version)
    conventions = Conventions(DISCLOSURE_HEADERS[version], seen)
    grid = _Grid(ACTIVE_DISCLOSURE, _widths(ACTIVE_DISCLOSURE, version), res, conventions=conventions)
    grid.read(rows)
    if grid.ambiguous:
        grid.choose(lambda code, cells: None)  # table 二 has no identity to choose by
    placed = grid.placed
    for code in list(placed):
        if code not in columns:  # a row of the other template version (e.g. 政府集中采购 in 2021)
            res.issues.append(Issue(IssueCode.UNEXPECTED_ROW, f"row {code} does not belong to the {version} template",
                                    None, ACTIVE_DISCLOSURE, code))  # fmt: skip
    res.found = bool(placed)
    if not res.found:
        res.issues.append(Issue(IssueCode.TABLE_NOT_FOUND, "table 二 (active_disclosure) not found", None,
                                ACTIVE_DISCLOSURE))  # fmt: skip
    _blocks(ACTIVE_DISCLOSURE, columns.items(), placed, res)
    return res


# ------------------------------------------------------------------ 三 applications
def _application_identities(placed: dict[str, _Placed], columns: tuple[str, ...], version: str):
    """`verdict(code, cells)` of a reading: whether every identity it takes part in that can be
    assessed — A3 for its row, A1 / A2 for its columns, given the rows already placed — holds
    (None when none can). A total printed blank over non-zero parts (a publishing habit) makes
    the identities that use it unassessable, as the checks treat it."""
    applicant = [columns.index(c) for c in APPLICANT_CODES]
    total = columns.index("total")
    leaves = leaf_rows(version)
    known: dict[str, tuple] = {}  # code → (the placed cells, their numbers): asked again and again

    def numbers(code: str, cells: list[str] | None = None):
        """(numbers with blanks as 0, whether the total is a blank over non-zero parts), or None."""
        if cells is None:
            p = placed.get(code)
            if p is None or not p[0]:
                return None
            hit = known.get(code)
            if hit is None or hit[0] is not p[0]:
                hit = known[code] = (p[0], numbers(code, p[0]))
            return hit[1]
        row = _numbers(columns, cells)
        if row is None:
            return None
        return row, cell_kind(cells[total]) in ("blank", "placeholder") and any(row[k] for k in applicant)

    # A1: 新收 + 结转 = 总计 + 结转下年; A2: 总计 = the sum of the leaf rows — as (sign, row code)
    a1 = ((1, "new_received"), (1, "carried_in"), (-1, "results_total"), (-1, "carried_forward"))
    a2 = ((1, "results_total"), *((-1, c) for c in leaves))

    def holds(code: str, row: tuple, terms) -> bool | None:
        """Per column: None when a row is unread, else whether sum(sign × row) = 0 in every column
        it can be assessed in (the total column only without a blank total)."""
        rows = [(sign, row if c == code else numbers(c)) for sign, c in terms]
        if any(r is None for _, r in rows):
            return None
        cols = applicant + ([] if any(r[1] for _, r in rows) else [total])
        return all(abs(sum([sign * r[0][k] for sign, r in rows])) <= 1e-6 for k in cols)

    def verdict(code: str, cells: list[str]) -> bool | None:
        row = numbers(code, cells)
        if row is None:
            return None
        verdicts = [] if row[1] else [abs(row[0][total] - sum(row[0][k] for k in applicant)) <= 1e-6]  # A3
        if code in EDGE_ROWS:
            verdicts.append(holds(code, row, a1))
        if code in leaves or code == "results_total":
            verdicts.append(holds(code, row, a2))
        assessed = [v for v in verdicts if v is not None]
        return all(assessed) if assessed else None

    return verdict


def read_applications(
    rows: list[tuple[Row, int]], layout: str | None, fallback_version: str | None, seen: list | None = None
) -> TableResult:
    columns = APPLICATION_COLUMNS_WITH_SUBTOTAL if L.SUBTOTAL_HEADER.search(label_text(rows)) else APPLICATION_COLUMNS
    res = TableResult(APPLICATIONS, bool(rows), layout, None)
    headers = (APPLICATION_HEADERS,) if columns == APPLICATION_COLUMNS else ()
    grid = _Grid(APPLICATIONS, _widths(APPLICATIONS, len(columns)), res, conventions=Conventions(headers, seen))
    grid.read(rows)
    placed = grid.placed
    has_2021 = any(c in placed or c in grid.ambiguous for c in OTHER_HANDLING_PARTS)
    if has_2021 and "other_handling" in placed and not any(placed["other_handling"][0]):
        del placed["other_handling"]  # the 2021 group label （六）其他处理 printed with empty cells
    has_2019 = "other_handling" in placed or "other_handling" in grid.ambiguous
    if has_2021 and has_2019:
        res.issues.append(Issue(IssueCode.TEMPLATE_CONFLICT, "both the 2019 （六）其他处理 row and the 2021 （六）1–3 "
                                "rows carry values", None, APPLICATIONS))  # fmt: skip
        placed.pop("other_handling", None)
        grid.ambiguous.pop("other_handling", None)
    version = "2021" if has_2021 else "2019" if has_2019 else fallback_version or "2021"
    if grid.ambiguous:
        grid.choose(_application_identities(placed, columns, version))
    res.template_version = version
    res.found = bool(placed)
    if not res.found:
        res.issues.append(Issue(IssueCode.TABLE_NOT_FOUND, "table 三 (applications) not found", None, APPLICATIONS))
    _blocks(APPLICATIONS, [(code, columns) for code in application_row_codes(version)], placed, res)
    return res


# ------------------------------------------------------------------ 四 review_litigation
def _cut_holds(cells: list[str]) -> bool:
    """A reading of table 四's cells satisfies B1–B3 (upheld + corrected + other + pending =
    total in each group). A total printed blank over non-zero parts satisfies nothing: a reading
    that shifts a printed total into pending, leaving the total blank, would otherwise pass
    where the report's own arithmetic is wrong."""
    for k in range(0, len(cells), 5):
        row = _numbers(REVIEW_COLUMN_CODES, cells[k : k + 5])
        if row is None or abs(sum(row[:4]) - row[4]) > 1e-6:
            return False
    return True


def _review_rows(rows: list[tuple[Row, int]], res: TableResult, seen: list | None) -> tuple[dict, list]:
    """(groups placed by label, unlabelled runs of values) of table 四's value rows."""
    grid = _Grid(REVIEW_LITIGATION, {"all": 15, "group": 5}, res, conventions=Conventions((REVIEW_HEADERS,), seen))
    grid.conventions.attach({}, {}, rows, None)  # (every row without values may be a header)
    groups: dict[str, tuple[list[str], list[int]]] = {}
    seq: list[tuple[list[str], list[int]]] = []
    pending: list[str] = []
    blank: tuple[list[str], list[int]] | None = None  # a row of 15 empty cells: every outcome blank
    for row, ln in rows:
        if not row.has_values:  # a group heading (one label) waits for its values; a header row does not
            code = _row_code(REVIEW_LITIGATION, row) if len(row.labels) == 1 else None
            if code:
                pending.append(code)
            elif not row.labels and len(row.values) >= 14 and blank is None:  # (14: a markdown row)
                blank = ([""] * 15, _value_lines(row, ln, 15))
            continue
        fit = row.memo.get(15) or _trimmed(row, 15)
        if fit.__class__ is list:  # the common case: the whole table as one row, printed in full
            if fit is row.values or any(fit):
                grid.conventions.learn_later(row, 15, ln)
            seq.append((fit, [ln] * 15 if row.one_line else _cell_lines(row, ln, 15, fit)))
            pending.clear()
            continue
        width, cells, start = _review_fit(grid, row, ln)
        line = ln + row.value_offsets[0] if row.value_offsets else ln
        if cells is None:
            printed = " ".join(v for v in row.values if v)
            if width == "ambiguous":
                issue = Issue(IssueCode.AMBIGUOUS_ROW, f"table 四: its {len(row.values)} cells allow {start} "
                              f"reading(s) and B1–B3 confirm none (printed: {printed!r})", line,
                              REVIEW_LITIGATION)  # fmt: skip
            else:
                issue = Issue(IssueCode.TOO_FEW_VALUES if width != "many" else IssueCode.TOO_MANY_VALUES,
                              f"table 四: a row of {sum(1 for v in row.values if v)} values where 5 or 15 are "
                              f"expected (printed: {printed!r})", line, REVIEW_LITIGATION)  # fmt: skip
            res.issues.append(issue)
            pending.clear()
            continue
        lines = _value_lines(row, ln, len(cells), start)
        code = _row_code(REVIEW_LITIGATION, row) or (pending[-1] if len(set(pending)) == 1 else None)
        pending.clear()
        if width == 15 or not code:
            seq.append((cells, lines))
        elif code in groups:
            res.issues.append(
                Issue(IssueCode.DUPLICATE_ROW, f"group {code} printed twice", line, REVIEW_LITIGATION, code)
            )
            groups[code] = ([], [])
        else:
            groups[code] = (cells, lines)
    if not groups and not seq and blank is not None:  # the table's only data row, printed all blank
        seq.append(blank)
    if (not groups and not seq and not res.issues and rows and all(row.kind == "space" for row, _ in rows)
            and grid.conventions.totals() >= 3):  # fmt: skip
        # space text prints a row of blank cells as nothing: the headers of all three groups (their
        # three 总计), and no value under them
        line = rows[-1][1]
        seq.append(([""] * 15, [line] * 15))
        res.issues.append(Issue(IssueCode.RESOLVED_BY_IDENTITY, "table 四: the headers of its three groups are "
                                "printed and no value under them: every cell read as blank", line,
                                REVIEW_LITIGATION, None, "info"))  # fmt: skip
    return groups, seq


def _review_fit(grid: _Grid, row: Row, ln: int) -> tuple[int | str, list[str] | None, int]:
    """(width, cells, index of the first value cell) of a table 四 value row: 15 values or a
    group of 5, printed in full or read by the table's taught convention — else the one way of
    cutting the row's cells into the groups for which B1–B3 hold (noted as an info issue).
    Unread: ("many" | "few", None, 0), or ("ambiguous", None, number of readings)."""
    for width in (15, 5):  # the whole row first: a 15-cell row with one group printed is not a group
        fit = _trimmed(row, width)
        if isinstance(fit, list):
            if any(fit):
                grid.conventions.learn_later(row, width, ln)
            return width, fit, next((i for i, v in enumerate(row.values) if v), 0)
        if _trimmed(row, 15) == IssueCode.TOO_MANY_VALUES.value:
            return "many", None, 0
        if row.strict and not row.labels and len(row.values) == width:
            return width, row.values, 0  # every cell printed where it stands (one a line, markdown)
        readings = grid.conventions.readings(row, width, ln)
        if len(readings) == 1 and (grid.conventions.taught(row, width) or _plain(row)):
            return width, readings[0][1], readings[0][0]
        if row.kind != "space":  # one table 四 row, so nothing teaches it: every cut is a reading
            readings = [(p, row.values[p : p + width]) for p in range(len(row.values) - width + 1)
                        if not any(row.values[:p]) and not any(row.values[p + width :])]  # fmt: skip
        good = [(s, c) for s, c in readings if _cut_holds(c)]
        if len(good) == 1:
            printed = " ".join(v for v in row.values if v)
            grid.res.issues.append(Issue(
                IssueCode.RESOLVED_BY_IDENTITY, f"table 四: of {len(readings)} readings of {printed!r} the layout "
                "allows, one satisfies B1–B3", ln, REVIEW_LITIGATION, None, "info"))  # fmt: skip
            return width, good[0][1], good[0][0]
        if readings:
            return "ambiguous", None, len(readings)  # (the count of readings where the start would be)
    return "few", None, 0


def _fill_free_groups(seq: list[tuple[list[str], list[int]]], groups: dict, res: TableResult) -> None:
    """Unlabelled values fill the groups no label claimed, in template order — only when they fill
    them exactly."""
    flat_values = [v for values, _ in seq for v in values]
    flat_lines = [ln for _, lines in seq for ln in lines]
    if not flat_values:
        return
    n = len(flat_values)
    free = [g for g in REVIEW_ROW_CODES if g not in groups]
    if not groups and n % 5 == 0 and n < 15:
        res.issues.append(Issue(IssueCode.TOO_FEW_VALUES, f"table 四: only {n} of 15 values found", None,
                                REVIEW_LITIGATION))  # fmt: skip
    elif n == 5 * len(free):
        for k, g in enumerate(free):
            groups[g] = (flat_values[5 * k : 5 * k + 5], flat_lines[5 * k : 5 * k + 5])
    else:
        res.issues.append(Issue(IssueCode.TOO_MANY_VALUES if n > 15 else IssueCode.TOO_FEW_VALUES,
                                f"table 四: {n} unlabelled values do not fill the groups", None,
                                REVIEW_LITIGATION))  # fmt: skip


def read_review_litigation(rows: list[tuple[Row, int]], layout: str | None, seen: list | None = None) -> TableResult:
    """15 numbers: review×5, litigation_direct×5, litigation_after_review×5 — in one row, three
    rows of five (under their group headings), or one cell per line."""
    res = TableResult(REVIEW_LITIGATION, bool(rows), layout, None)
    groups, seq = _review_rows(rows, res, seen)
    _fill_free_groups(seq, groups, res)
    placed = {g: (v, ln, None) for g, (v, ln) in groups.items()}
    # a value row that could not be read (its issue says why) costs its cells, not the table
    res.found = bool(groups) or bool(res.issues)
    if not groups and res.issues:
        placed = dict.fromkeys(REVIEW_ROW_CODES, _UNREAD)
    elif not res.found:
        res.issues.append(Issue(IssueCode.TABLE_NOT_FOUND, "table 四 (review_litigation) values not found", None,
                                REVIEW_LITIGATION))  # fmt: skip
    _blocks(REVIEW_LITIGATION, [(g, REVIEW_COLUMN_CODES) for g in REVIEW_ROW_CODES], placed, res)
    return res
