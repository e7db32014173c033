"""Reading the three statistics tables from logical rows.

Every data row is identified by its **label** (never by position) and takes its values from the
cells after the label. Values split from their label by PDF extraction (a label wrapped over two
lines with the numbers on a line of their own) join the one label seen just before them — only
when exactly one candidate is pending and it is at most a few lines away; anything less certain
becomes a parse issue, never a guess.

How many values a row must have is known from the template; a row with a different count is not
read (its cells are stored as ``missing``) unless the difference is only padding that cannot hide
a blank:
- surplus empty cells at either end are layout padding (merged cells flattened by tab export);
- in *strict* layouts (one cell per line, markdown with outer pipes) every cell is positional, so
  an empty *last* cell is a real blank (an empty cell right after the label may still be padding);
- anything else — fewer values than columns, more values, digits run together — is an issue.

What belongs here: label-driven table reading and the per-cell result. Layout splitting lives in
:mod:`pipeline.parse.layout`, label patterns in :mod:`pipeline.parse.labels`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pipeline.memo import bounded, remember
from pipeline.model import CellBlock, Issue, IssueCode
from pipeline.normalize import norm_label
from pipeline.parse import labels as L
from pipeline.parse.layout import Row
from pipeline.parse.text import cell_kind, cell_value, longest_digit_run
from pipeline.vocabulary import (
    ACTIVE_DISCLOSURE,
    AMOUNT_COLUMNS,
    APPLICATION_COLUMNS,
    APPLICATION_COLUMNS_WITH_SUBTOTAL,
    APPLICATIONS,
    OTHER_HANDLING_PARTS,
    REVIEW_COLUMN_CODES,
    REVIEW_LITIGATION,
    REVIEW_ROW_CODES,
    SIGNED_COLUMNS,
    application_row_codes,
    disclosure_columns,
)

PENDING_DISTANCE = 3  # lines between a wrapped label and its values


@dataclass
class TableResult:
    table_code: str
    found: bool
    layout: str | None
    template_version: str | None
    blocks: list[CellBlock] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _fit(values: list[str], n: int, strict: bool) -> list[str] | str:
    """The row's n cells, or the code of the reason they cannot be placed with certainty."""
    lo, hi = 0, len(values)
    while lo < hi and not values[lo]:
        lo += 1
    while hi > lo and not values[hi - 1]:
        hi -= 1
    trimmed = values[lo:hi]
    if len(trimmed) == n:
        return trimmed
    if not trimmed:
        return [""] * n
    if strict and len(values) == n and values[0]:
        # positional only when nothing separates label and values: an empty cell right after the
        # label may be a merged label column (padding) as well as a blank value
        return values
    if len(trimmed) > n:
        return IssueCode.TOO_MANY_VALUES.value
    if any(longest_digit_run(v) > 3 for v in trimmed):
        return IssueCode.DIGITS_RUN_TOGETHER.value
    return IssueCode.TOO_FEW_VALUES.value


_REASONS = {
    IssueCode.TOO_MANY_VALUES.value: "more values than the template has columns; cannot tell which belong where",
    IssueCode.TOO_FEW_VALUES.value: "fewer values than the template has columns (a blank cell lost its position)",
    IssueCode.DIGITS_RUN_TOGETHER.value: "digits run together with no separator; cannot be split safely",
}


def _row_code(table: str, row: Row) -> str | None:
    """The row code a row's labels name in `table` (None for a header or an unknown label): the
    label nearest the values first, then all labels joined. Memoised on the row."""
    code = row.memo.get(table, _UNSEEN)
    if code is _UNSEEN:
        code = row.memo[table] = (
            None
            if not row.labels or (not row.has_values and _is_header(row.labels))
            else _label_code(table, row.labels)
        )
    return code


def _label_code(table: str, labels: list[str]) -> str | None:
    code = L.match_row(table, norm_label(labels[-1]))
    if code is None and len(labels) > 1:
        code = L.match_row(table, norm_label("".join(labels)))
    return code


_UNSEEN = object()
_HEADER: dict[str, bool] = bounded()


def _is_header(labels: list[str]) -> bool:
    for x in labels:
        h = _HEADER.get(x)
        if h is None:
            h = remember(_HEADER, x, L.is_header([norm_label(x)]))
        if h:
            return True
    return False


def _fit_row(row: Row, n: int) -> list[str] | str:
    """_fit of the row's values to n columns (memoised on the row)."""
    fitted = row.memo.get(n)
    if fitted is None:
        fitted = row.memo[n] = _fit(row.values, n, row.strict)
    return fitted


# A placed row: (values, lines, row the values were read from or None). A plain tuple: one is
# made per table row, and the row's memo caches the cells of its values.
_Placed = tuple
_UNREAD: _Placed = ([], [], None)  # seen, but its values cannot be placed with certainty


def _value_lines(row: Row, anchor: int, n: int, start: int = 0) -> list[int]:
    """Line numbers of n value cells from value index `start` (padded with the first one)."""
    if row.one_line:
        return [anchor] * n
    offsets = row.value_offsets
    first = anchor + offsets[0] if offsets else None
    return ([anchor + o for o in offsets[start:]] + [first] * n)[:n]


def _assign_rows(
    table: str, rows: list[tuple[Row, int]], widths: dict[str, int], res: TableResult
) -> dict[str, _Placed]:
    """Walk the rows, placing each value row under its label. `widths[code]` = expected columns.

    (The hot loop of the parser: what a row means is looked up in its memo, computed on a miss.)"""
    placed: dict[str, _Placed] = {}
    pending: list[tuple[str, int]] = []
    for row, ln in rows:
        memo = row.memo
        code = memo.get(table, _UNSEEN)
        if code is _UNSEEN:
            code = _row_code(table, row)
        if not row.has_values:
            if code is None:
                continue
            # a label row whose value cells are all present but empty (tab/pipe) is a blank row
            if row.values and row.kind in ("tab", "pipe", "cell_per_line") and code != "other_handling":
                n = widths[code]
                _place(table, code, [""] * n, _value_lines(row, ln, n), placed, res)
                pending.clear()
                continue
            pending.append((code, ln + row.label_offsets[-1]))
            continue
        first_line = ln + row.value_offsets[0]
        if code is None:
            candidates = {c for c, _ in pending}
            if len(candidates) == 1 and first_line - pending[-1][1] <= PENDING_DISTANCE:
                code = pending[-1][0]
            elif all(cell_kind(v) in ("blank", "placeholder") for v in row.values):
                continue  # an unplaceable row of dashes carries no number to lose
            else:
                what = f"under an unrecognised label {'/'.join(row.labels)!r}" if row.labels else "with no row label"
                if len(candidates) > 1:
                    what += f" (several wrapped labels pending: {', '.join(sorted(candidates))})"
                res.issues.append(
                    Issue(IssueCode.ORPHAN_VALUES, f"values {what} could not be placed", first_line, table)
                )
                pending.clear()
                continue
        if pending:
            pending.clear()
        n = widths[code]
        fitted = memo.get(n) or _fit_row(row, n)
        if fitted.__class__ is str:
            raw = " ".join(v for v in row.values if v)
            res.issues.append(
                Issue(fitted, f"row {code}: {_REASONS[fitted]} (printed: {raw!r})", first_line, table, code)
            )
            placed.setdefault(code, _UNREAD)
            continue
        if row.one_line:
            lines = [ln] * n
        elif fitted is row.values:
            lines = [ln + o for o in row.value_offsets]
        else:  # re-align line numbers to the trimmed cells
            lines = _value_lines(row, ln, n, next((i for i, v in enumerate(row.values) if v), 0))
        if code in placed:  # a second printing of the row: _place decides
            _place(table, code, fitted, lines, placed, res, row)
        else:  # (the common case, inlined: this loop runs for every row of every report)
            placed[code] = (fitted, lines, row)
    return placed


def _place(
    table: str,
    code: str,
    values: list[str],
    lines: list[int],
    placed: dict[str, _Placed],
    res: TableResult,
    row: Row | None = None,
):
    if code in placed:
        if placed[code][0] == values:
            res.issues.append(
                Issue(IssueCode.DUPLICATE_ROW, f"row {code} printed twice with the same values", lines[0], table, code)
            )
            return
        res.issues.append(
            Issue(
                IssueCode.DUPLICATE_ROW,
                f"row {code} printed twice with different values; both unread",
                lines[0],
                table,
                code,
            )
        )
        placed[code] = _UNREAD
        return
    placed[code] = (values, lines, row)


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
    hit = (values, kinds, problems)
    remember(_ROW_VALUES, key, hit)
    return hit


def _cells_for(table: str, code: str, columns: tuple[str, ...], placed: dict[str, _Placed], res: TableResult):
    """Append the row's cells as one block."""
    p = placed.get(code)
    if p is None or not p[0]:
        if p is None and res.found:
            res.issues.append(Issue(IssueCode.MISSING_ROW, f"row {code} not found in table {table}", None, table, code))
        n = len(columns)
        res.blocks.append((table, code, columns, [None] * n, ["missing"] * n, [None] * n, [None] * n))
        return
    raws, lines, row = p
    hit = row.memo.get(columns) if row is not None else None
    if hit is None:
        hit = _row_values(columns, raws)
        if row is not None:
            row.memo[columns] = hit
    values, kinds, problems = hit
    for k, problem in problems:
        col, raw = columns[k], raws[k]
        if problem == IssueCode.NEGATIVE_VALUE.value:
            msg = f"cell {code}/{col} is negative ({raw!r}); only 本年增/减 may be"
        else:
            msg = f"cell {code}/{col} holds text {raw!r}, not a number"
        res.issues.append(Issue(problem, msg, lines[k], table, code))
    res.blocks.append((table, code, columns, values, kinds, raws, lines))


@cache
def _widths(table: str, variant) -> dict[str, int]:
    """Columns per row code: table 二 by template version (a row of the other version is read
    with 3), table 三 the same for every row (7, or 8 with 小计)."""
    if table == ACTIVE_DISCLOSURE:
        columns = disclosure_columns(variant)
        return {code: len(columns[code]) if code in columns else 3 for code, _ in L.ROW_PATTERNS[table]}
    return dict.fromkeys((code for code, _ in L.ROW_PATTERNS[table]), variant)


# ------------------------------------------------------------------ 二 active_disclosure
def label_text(rows: list[tuple[Row, int]]) -> str:
    """The region's labels (header cells included), normalised and joined in reading order: what
    template markers (本年制发, 小计…) are searched in. Joined, so a word wrapped over two lines is
    whole again; values are left out, so no number can fake a marker."""
    return "".join([row.label_text for row, _ in rows])


def read_active_disclosure(
    rows: list[tuple[Row, int]], layout: str | None, fallback_version: str | None
) -> TableResult:
    v2019, v2021 = L.disclosure_version_votes(label_text(rows))
    version = "2019" if v2019 > v2021 else "2021" if v2021 > v2019 else fallback_version or "2021"
    res = TableResult(ACTIVE_DISCLOSURE, bool(rows), layout, version)
    columns = disclosure_columns(version)
    placed = _assign_rows(ACTIVE_DISCLOSURE, rows, _widths(ACTIVE_DISCLOSURE, version), res)
    for code in list(placed):
        if code not in columns:  # a row of the other template version (e.g. 政府集中采购 in 2021)
            res.issues.append(
                Issue(
                    IssueCode.UNEXPECTED_ROW,
                    f"row {code} does not belong to the {version} template",
                    None,
                    ACTIVE_DISCLOSURE,
                    code,
                )
            )
    res.found = bool(placed)
    if not res.found:
        res.issues.append(
            Issue(IssueCode.TABLE_NOT_FOUND, "table 二 (active_disclosure) not found", None, ACTIVE_DISCLOSURE)
        )
    for code, cols in columns.items():
        _cells_for(ACTIVE_DISCLOSURE, code, cols, placed, res)
    return res


# ------------------------------------------------------------------ 三 applications
def read_applications(rows: list[tuple[Row, int]], layout: str | None, fallback_version: str | None) -> TableResult:
    columns = APPLICATION_COLUMNS_WITH_SUBTOTAL if L.SUBTOTAL_HEADER.search(label_text(rows)) else APPLICATION_COLUMNS
    res = TableResult(APPLICATIONS, bool(rows), layout, None)
    placed = _assign_rows(APPLICATIONS, rows, _widths(APPLICATIONS, len(columns)), res)
    has_2021 = any(c in placed for c in OTHER_HANDLING_PARTS)
    has_2019 = "other_handling" in placed
    if has_2021 and has_2019:
        res.issues.append(
            Issue(
                IssueCode.TEMPLATE_CONFLICT,
                "both the 2019 （六）其他处理 row and the 2021 （六）1–3 rows carry values",
                None,
                APPLICATIONS,
            )
        )
        del placed["other_handling"]
    version = "2021" if has_2021 else "2019" if has_2019 else fallback_version or "2021"
    res.template_version = version
    res.found = bool(placed)
    if not res.found:
        res.issues.append(Issue(IssueCode.TABLE_NOT_FOUND, "table 三 (applications) not found", None, APPLICATIONS))
    for code in application_row_codes(version):
        _cells_for(APPLICATIONS, code, columns, placed, res)
    return res


# ------------------------------------------------------------------ 四 review_litigation
def _fill_free_groups(seq: list[tuple[list[str], list[int]]], groups: dict, res: TableResult) -> None:
    """Unlabelled values fill the groups no label claimed, in template order — only when they fill
    them exactly."""
    flat_values = [v for values, _ in seq for v in values]
    flat_lines = [ln for _, lines in seq for ln in lines]
    if flat_values:
        n = len(flat_values)
        free = [g for g in REVIEW_ROW_CODES if g not in groups]
        if not groups and n % 5 == 0 and n < 15:
            res.issues.append(
                Issue(IssueCode.TOO_FEW_VALUES, f"table 四: only {n} of 15 values found", None, REVIEW_LITIGATION)
            )
        elif n == 5 * len(free):
            for k, g in enumerate(free):
                groups[g] = (flat_values[5 * k : 5 * k + 5], flat_lines[5 * k : 5 * k + 5])
        else:
            res.issues.append(
                Issue(
                    IssueCode.TOO_MANY_VALUES if n > 15 else IssueCode.TOO_FEW_VALUES,
                    f"table 四: {n} unlabelled values do not fill the groups",
                    None,
                    REVIEW_LITIGATION,
                )
            )


def read_review_litigation(rows: list[tuple[Row, int]], layout: str | None) -> TableResult:
    """15 numbers: review×5, litigation_direct×5, litigation_after_review×5 — in one row, three
    rows of five (under their group headings), or one cell per line."""
    res = TableResult(REVIEW_LITIGATION, bool(rows), layout, None)
    groups: dict[str, tuple[list[str], list[int]]] = {}
    seq: list[tuple[list[str], list[int]]] = []
    pending: list[str] = []
    for row, ln in rows:
        if not row.has_values:
            if row.labels:
                code = _row_code(REVIEW_LITIGATION, row)
                if code:
                    pending.append(code)
            continue
        values = _fit_row(row, 15)
        if not isinstance(values, str):
            seq.append((values, _value_lines(row, ln, len(values))))
            pending.clear()
            continue
        five = _fit_row(row, 5)
        line = ln + row.value_offsets[0]
        if isinstance(five, str):
            res.issues.append(
                Issue(
                    values if values != IssueCode.TOO_FEW_VALUES.value else five,
                    f"table 四: a row of {sum(1 for v in row.values if v)} values where 5 or 15 are expected "
                    f"(printed: {' '.join(v for v in row.values if v)!r})",
                    line,
                    REVIEW_LITIGATION,
                )
            )
            pending.clear()
            continue
        code = _row_code(REVIEW_LITIGATION, row) or (pending[-1] if len(set(pending)) == 1 else None)
        pending.clear()
        lines = _value_lines(row, ln, 5)
        if code:
            if code in groups:
                res.issues.append(
                    Issue(IssueCode.DUPLICATE_ROW, f"group {code} printed twice", line, REVIEW_LITIGATION, code)
                )
                groups[code] = ([], [])
            else:
                groups[code] = (five, lines)
        else:
            seq.append((five, lines))
    _fill_free_groups(seq, groups, res)
    res.found = bool(groups)
    if not res.found and not res.issues:
        res.issues.append(
            Issue(IssueCode.TABLE_NOT_FOUND, "table 四 (review_litigation) values not found", None, REVIEW_LITIGATION)
        )
    elif not res.found:
        res.issues.append(
            Issue(IssueCode.TABLE_NOT_FOUND, "table 四 (review_litigation) could not be read", None, REVIEW_LITIGATION)
        )
    placed = {g: (v, ln, None) for g, (v, ln) in groups.items()}
    for g in REVIEW_ROW_CODES:
        _cells_for(REVIEW_LITIGATION, g, REVIEW_COLUMN_CODES, placed, res)
    return res
