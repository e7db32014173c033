"""Reading the three statistics tables, as grids: which rows each has, and its identities.

Rows are placed by :mod:`pipeline.parse.placing` (labels, conventions, readings). Here: table 二's
blocks and template version; table 三's rows, 小计 column and the identities A1–A3 that choose
between readings of a row; table 四's one row of 15, three rows of five or one cell per line, cut
where B1–B3 hold. A row whose readings the identities cannot choose between is ``missing`` with
an issue; one that is chosen is recorded as an info-level ``resolved_by_identity`` issue.

What belongs here: what is particular to each table. Splitting lines into cells lives in
:mod:`pipeline.parse.layout`, export conventions in :mod:`pipeline.parse.grid`, placing rows in
:mod:`pipeline.parse.placing`, label patterns in :mod:`pipeline.parse.labels`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from pipeline.model import Issue, IssueCode
from pipeline.parse import labels as L
from pipeline.parse.grid import Conventions
from pipeline.parse.layout import Row
from pipeline.parse.placing import (
    UNREAD,
    Grid,
    Placed,
    TableResult,
    cell_lines,
    label_text,
    numbers_of,
    place_blocks,
    plain,
    row_code,
    trimmed,
    value_lines,
    widths_of,
)
from pipeline.parse.text import cell_kind
from pipeline.vocabulary import (
    ACTIVE_DISCLOSURE,
    APPLICANT_CODES,
    APPLICATION_COLUMNS,
    APPLICATION_COLUMNS_WITH_SUBTOTAL,
    APPLICATIONS,
    DISCLOSURE_BLOCKS,
    OTHER_HANDLING_PARTS,
    REVIEW_COLUMN_CODES,
    REVIEW_LITIGATION,
    REVIEW_ROW_CODES,
    application_row_codes,
    disclosure_columns,
    leaf_rows,
)

# Table 三's column headers, as folded, in column order (where space text prints them, the columns are)
APPLICATION_HEADERS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3
# each block of table 二 prints its own column headers
DISCLOSURE_HEADERS = {
    version: tuple(dict.fromkeys(tuple(header for _, header in block.columns) for block in blocks))
    for version, blocks in DISCLOSURE_BLOCKS.items()
}
_REVIEW_BLOCKS = tuple((g, REVIEW_COLUMN_CODES) for g in REVIEW_ROW_CODES)


@cache
def _application_blocks(version: str, columns: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(row code, columns) of table 三's rows in template order (made once: read per report)."""
    return tuple((code, columns) for code in application_row_codes(version))


EDGE_ROWS = ("new_received", "carried_in", "results_total", "carried_forward")


# ------------------------------------------------------------------ 二 active_disclosure
def read_active_disclosure(
    rows: list[tuple[Row, int]], layout: str | None, fallback_version: str | None, seen: list | None = None
) -> TableResult:
    v2019, v2021 = L.disclosure_version_votes(label_text(rows))
    version = "2019" if v2019 > v2021 else "2021" if v2021 > v2019 else fallback_version or "2021"
    res = TableResult(ACTIVE_DISCLOSURE, bool(rows), layout, version)
    columns = disclosure_columns(version)
    conventions = Conventions(DISCLOSURE_HEADERS[version], seen)
    grid = Grid(ACTIVE_DISCLOSURE, widths_of(ACTIVE_DISCLOSURE, version), res, conventions=conventions)
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
    place_blocks(ACTIVE_DISCLOSURE, columns.items(), placed, res)
    return res


# ------------------------------------------------------------------ 三 applications
def _application_identities(placed: dict[str, Placed], columns: tuple[str, ...], version: str):
    """`verdict(code, cells)` of a reading: whether every identity it takes part in that can be
    assessed — A3 for its row, A1 / A2 for its columns, given the rows already placed — holds
    (None when none can). A total printed blank over non-zero parts (a publishing habit) makes
    the identities that use it unassessable, as the checks treat it."""
    applicant = [columns.index(c) for c in APPLICANT_CODES]
    total = columns.index("total")
    leaves = leaf_rows(version)
    known: dict[str, tuple] = {}  # code → (the placed cells, their numbers): asked again and again

    def of_cells(cells: list[str]):
        """(numbers with blanks as 0, whether the total is a blank over non-zero parts), or None."""
        row = numbers_of(columns, cells)
        if row is None:
            return None
        return row, cell_kind(cells[total]) in ("blank", "placeholder") and any(row[k] for k in applicant)

    # (not one recursive closure: a closure calling itself is a reference cycle, which would keep
    # `placed` alive until the cyclic collector runs — the parser makes no cyclic garbage)
    def numbers(code: str, cells: list[str] | None = None):
        if cells is not None:
            return of_cells(cells)
        p = placed.get(code)
        if p is None or not p[0]:
            return None
        hit = known.get(code)
        if hit is None or hit[0] is not p[0]:
            hit = known[code] = (p[0], of_cells(p[0]))
        return hit[1]

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
    grid = Grid(APPLICATIONS, widths_of(APPLICATIONS, len(columns)), res, conventions=Conventions(headers, seen))
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
    place_blocks(APPLICATIONS, _application_blocks(version, columns), placed, res)
    return res


# ------------------------------------------------------------------ 四 review_litigation
def _cut_holds(cells: list[str]) -> bool:
    """A reading of table 四's cells satisfies B1–B3 (upheld + corrected + other + pending =
    total in each group). A total printed blank over non-zero parts satisfies nothing: a reading
    that shifts a printed total into pending, leaving the total blank, would otherwise pass
    where the report's own arithmetic is wrong."""
    for k in range(0, len(cells), 5):
        row = numbers_of(REVIEW_COLUMN_CODES, cells[k : k + 5])
        if row is None or abs(sum(row[:4]) - row[4]) > 1e-6:
            return False
    return True


def _review_rows(rows: list[tuple[Row, int]], res: TableResult, seen: list | None) -> tuple[dict, list]:
    """(groups placed by label, unlabelled runs of values) of table 四's value rows."""
    full: list[tuple[Row, int, int]] = []  # rows printed in full: what the conventions would learn
    grid: Grid | None = None  # made only for a row that is not printed in full (most tables have none)

    def the_grid() -> Grid:
        nonlocal grid
        if grid is None:
            conventions = Conventions((REVIEW_HEADERS,), seen)
            grid = Grid(REVIEW_LITIGATION, {"all": 15, "group": 5}, res, conventions=conventions)
            grid.conventions.attach({}, {}, rows, None)  # (every row without values may be a header)
            for item in full:
                grid.conventions.learn_later(*item)
        return grid

    groups: dict[str, tuple[list[str], list[int]]] = {}
    seq: list[tuple[list[str], list[int]]] = []
    pending: list[str] = []
    blank: tuple[list[str], list[int]] | None = None  # a row of 15 empty cells: every outcome blank
    for row, ln in rows:
        if not row.has_values:  # a group heading (one label) waits for its values; a header row does not
            code = row_code(REVIEW_LITIGATION, row) if len(row.labels) == 1 else None
            if code:
                pending.append(code)
            elif not row.labels and len(row.values) >= 14 and blank is None:  # (14: a markdown row)
                blank = ([""] * 15, value_lines(row, ln, 15))
            continue
        fit = row.memo.get(15) or trimmed(row, 15)
        if fit.__class__ is list:  # the common case: the whole table as one row, printed in full
            if (fit is row.values or any(fit)) and grid is None:
                full.append((row, 15, ln))
            elif fit is row.values or any(fit):
                grid.conventions.learn_later(row, 15, ln)
            seq.append((fit, [ln] * 15 if row.one_line else cell_lines(row, ln, 15, fit)))
            pending.clear()
            continue
        width, cells, start = _review_fit(the_grid, row, ln)
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
        lines = value_lines(row, ln, len(cells), start)
        code = row_code(REVIEW_LITIGATION, row) or (pending[-1] if len(set(pending)) == 1 else None)
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
            and the_grid().conventions.totals() >= 3):  # fmt: skip
        # space text prints a row of blank cells as nothing: the headers of all three groups (their
        # three 总计), and no value under them
        line = rows[-1][1]
        seq.append(([""] * 15, [line] * 15))
        res.issues.append(Issue(IssueCode.RESOLVED_BY_IDENTITY, "table 四: the headers of its three groups are "
                                "printed and no value under them: every cell read as blank", line,
                                REVIEW_LITIGATION, None, "info"))  # fmt: skip
    return groups, seq


def _review_fit(grid_of: Callable[[], Grid], row: Row, ln: int) -> tuple[int | str, list[str] | None, int]:
    """(width, cells, index of the first value cell) of a table 四 value row: 15 values or a
    group of 5, printed in full or read by the table's taught convention — else the one way of
    cutting the row's cells into the groups for which B1–B3 hold (noted as an info issue).
    Unread: ("many" | "few", None, 0), or ("ambiguous", None, number of readings)."""
    for width in (15, 5):  # the whole row first: a 15-cell row with one group printed is not a group
        fit = trimmed(row, width)
        if isinstance(fit, list):
            if any(fit):
                grid_of().conventions.learn_later(row, width, ln)
            return width, fit, next((i for i, v in enumerate(row.values) if v), 0)
        if trimmed(row, 15) == IssueCode.TOO_MANY_VALUES.value:
            return "many", None, 0
        if row.strict and not row.labels and len(row.values) == width:
            return width, row.values, 0  # every cell printed where it stands (one a line, markdown)
        if row.kind != "space" and len(row.values) < width:
            continue  # fewer cells than the width: no reading (a value cell of one a line, say)
        grid = grid_of()
        readings = grid.conventions.readings(row, width, ln)
        if len(readings) == 1 and (grid.conventions.taught(row, width) or plain(row)):
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
        res.issues.append(Issue(IssueCode.TOO_MANY_VALUES if n > 5 * len(free) else IssueCode.TOO_FEW_VALUES,
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
        placed = dict.fromkeys(REVIEW_ROW_CODES, UNREAD)
    elif not res.found:
        res.issues.append(Issue(IssueCode.TABLE_NOT_FOUND, "table 四 (review_litigation) values not found", None,
                                REVIEW_LITIGATION))  # fmt: skip
    place_blocks(REVIEW_LITIGATION, _REVIEW_BLOCKS, placed, res)
    return res
