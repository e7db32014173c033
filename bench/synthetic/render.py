"""Printing the three tables of one report: the choice of table layouts and label deviations, the
skeleton rows filled with the printed cell text, the table-level deviations of spec §6 (detached
group labels, extra empty cells, cruft between rows), and the four layouts as text lines (tab,
pipe, cell_per_line, space).
"""

from __future__ import annotations

import random

from bench.synthetic.cells import PrintedCells
from bench.synthetic.dice import Dice
from bench.synthetic.tables import SkeletonRow, skeleton
from bench.synthetic.truth import LAYOUT_WEIGHTS, SPEC_TABLES, TABLE_LAYOUTS
from pipeline import vocabulary as V

_CRUFT_TABLE = ("- {p} -", "— {p} —", "-{p}-", "分享", "扫一扫在手机打开当前页面", "第 {p} 页 共 {q} 页")
# Label deviations and how often each is switched on (times the deviation scale).
_LABEL_DEVIATION_ODDS = (
    ("label_halfwidth_brackets", 0.25),
    ("label_inner_spaces", 0.15),
    ("label_straight_quotes", 0.08),
    ("label_ascii_punctuation", 0.10),
    ("label_numbering_variant", 0.05),
    ("label_typo", 0.06),
    ("label_truncated", 0.05),
)


# ====================================================================== choices per report
def choose_table_layouts(dice: Dice, allowed: tuple[str, ...] | None, house_layout: str) -> list[str]:
    """The layout of each of the three tables: the publisher's house layout mostly, sometimes mixed.
    ``allowed``: the caller's restriction of layouts (then the house layout is ignored)."""
    rng = dice.rng
    r = rng.random
    if allowed:
        base_layout = rng.choice(allowed)
        mixed = len(allowed) > 1 and r() < 0.2
        return [rng.choice(allowed) if mixed else base_layout for _ in range(3)]
    base_layout = house_layout if r() < 0.7 else rng.choices(TABLE_LAYOUTS, weights=LAYOUT_WEIGHTS)[0]
    if r() < 0.15:
        return [rng.choices(TABLE_LAYOUTS, weights=LAYOUT_WEIGHTS)[0] for _ in range(3)]
    return [base_layout] * 3


def _choose_label_flags(dice: Dice, version: str) -> frozenset[str]:
    flags = set()
    for f, prob in _LABEL_DEVIATION_ODDS:
        if dice.deviate(prob):
            flags.add(f)
    if version == "2021" and dice.deviate(0.05):
        flags.add("label_abbreviated")
    if version == "2019":
        flags.discard("label_truncated")  # the 2019 （六） row has no sub-labels
    return frozenset(flags)


def render_tables(
    dice: Dice, version: str, layouts: list[str], cells: PrintedCells, devs: set[str], house: int | None = None
) -> list[str]:
    """The text of each of the three tables, in SPEC_TABLES order (``house``: see render_lines)."""
    label_flags = _choose_label_flags(dice, version)
    devs |= label_flags
    trunc_header = dice.deviate(0.06)
    if trunc_header:
        devs.add("header_cells_truncated")
    cruft_on = dice.deviate(0.07)
    texts = []
    for table, layout in zip(SPEC_TABLES, layouts, strict=True):
        sk_trunc = trunc_header and table == V.REVIEW_LITIGATION
        texts.append(_render_table(dice, table, layout, version, label_flags, sk_trunc, cruft_on, cells, devs, house))
    return texts


# ====================================================================== one table
def _render_table(
    dice: Dice,
    table: str,
    layout: str,
    version: str,
    label_flags: frozenset[str],
    trunc_header: bool,
    cruft_on: bool,
    cells: PrintedCells,
    devs: set[str],
    house: int | None = None,
) -> str:
    rng = dice.rng
    r = rng.random
    # merged cells printed as empty cells or left out, depending on how the table was exported
    drop = (
        (layout == "pipe" and r() < 0.8)
        or (layout == "tab" and r() < 0.25)
        or (layout == "cell_per_line" and r() < 0.2)
    )
    sk = skeleton(table, version, label_flags, drop, trunc_header)
    detach = layout == "space" and table == V.APPLICATIONS and dice.deviate(0.5)
    # PDF text of a group label printed vertically: one fragment of it before each of its rows
    fragments = detach and dice.deviate(0.4)
    rows, inserts = _fill_rows(sk, table, layout, detach and not fragments, cells, fragments)
    if fragments:
        devs.add("vertical_fragments")
    elif detach:
        devs.add("detached_group_labels")
    if layout in ("tab", "pipe"):
        _add_empty_cells(dice, sk, rows, devs)
    if cruft_on and len(rows) > 3 and (table != V.REVIEW_LITIGATION or r() < 0.3):
        devs.add(_insert_cruft(rng, layout, rows, inserts))
    opt = rng.randrange(8)  # layout options: see render_lines
    if layout == "cell_per_line" and any(k != "number" for k in cells.kinds):
        opt |= 1  # keep empty cells as tab lines so positions survive
    return "\n".join(render_lines(layout, rows, inserts, opt, house))


def _fill_rows(
    sk: list[SkeletonRow], table: str, layout: str, detach: bool, cells: PrintedCells, fragments: bool = False
) -> tuple[list[list[str]], dict[int, list[str]]]:
    """(rows of printed cell text, row index → lines printed before that row)."""
    printed = cells.printed
    run_row = cells.run_row
    space_apps = layout == "space" and table == V.APPLICATIONS
    rows = []
    inserts: dict[int, list[str]] = {}
    for ri, (sk_cells, kind, rcode, gi) in enumerate(sk):
        row = [c if c.__class__ is str else printed[c] for c in sk_cells]
        if run_row is not None and kind == "data" and rcode == run_row[0] and table == run_row[2]:
            row = _run_together_row(sk_cells, printed)
        if detach and gi >= 0:
            _detach_group_label(row, gi, ri, inserts)
        rows.append(row)
    if fragments:
        _fragment_group_labels(sk, rows)
    if space_apps:
        rows = [_merge_space_labels(row, sk[ri].kind, ri, inserts) for ri, row in enumerate(rows)]
    return rows, inserts


def _fragment_group_labels(sk: list[SkeletonRow], rows: list[list[str]]) -> None:
    """Each sub-group label （三）不予公开 … （六）其他处理 cut into as many pieces as the group has
    rows, one piece printed before each row's label (how a vertical label comes out of a PDF)."""
    for ri, sk_row in enumerate(sk):
        gi = sk_row.group_index
        if gi != 1 or not rows[ri][gi]:
            continue
        end = ri + 1
        while (
            end < len(sk)
            and sk[end].kind == "data"
            and sk[end].group_index < 0
            and sk[end].row_code not in ("results_total", "other_handling", "carried_forward")
        ):
            end += 1
        label, k = rows[ri][gi], end - ri
        size = -(-len(label) // k)
        pieces = [label[i : i + size] for i in range(0, len(label), size)]
        rows[ri][gi] = ""
        for j, piece in enumerate(pieces[:k]):
            rows[ri + j][0] = piece


def _run_together_row(sk_cells: tuple, printed: list[str]) -> list[str]:
    """The row's labels and one cell holding all its numbers (they share one printed text)."""
    out = []
    first = True
    for c in sk_cells:
        if c.__class__ is str:
            out.append(c)
        elif first:
            out.append(printed[c])
            first = False
    return out


def _detach_group_label(row: list[str], gi: int, ri: int, inserts: dict[int, list[str]]) -> None:
    """Space layout: the group label printed on its own line(s), 三、本年度办理结果 one character a line."""
    glab = row[gi]
    row[gi] = ""
    if glab.startswith("三"):
        for k, ch in enumerate(["三、", *glab[2:]]):
            inserts.setdefault(ri + k, []).append(" " * 12 + ch)
    else:
        inserts.setdefault(ri, []).append(" " * 16 + glab)


def _merge_space_labels(row: list[str], kind: str, ri: int, inserts: dict[int, list[str]]) -> list[str]:
    """Space layout of applications: the three label cells printed as one, indented by depth."""
    if kind == "header" and row[0]:  # the long note goes on its own line (wrapped in PDFs)
        inserts.setdefault(ri, []).append(row[0])
        row[0] = ""
    lead = 0
    while lead < 2 and row[lead] == "":
        lead += 1
    lab = "  ".join([c for c in row[:3] if c])
    return [("    " * lead + lab) if lab else "", *row[3:]]


def _add_empty_cells(dice: Dice, sk: list[SkeletonRow], rows: list[list[str]], devs: set[str]) -> None:
    """Extra empty cells before every data row's label and / or after its values — a convention of
    the exporter, so the same for every data row of the table (a terminator separator at the end
    of each line, a merged column printed empty before the labels)."""
    rng = dice.rng
    if dice.deviate(0.15):
        for row_i, sk_row in enumerate(sk):
            if sk_row.kind == "data":
                rows[row_i].insert(0, "")
        devs.add("leading_empty_cells")
    if dice.deviate(0.15):
        extra = [""] * rng.choice((1, 1, 2))
        for row_i, sk_row in enumerate(sk):
            if sk_row.kind == "data":
                rows[row_i].extend(extra)
        devs.add("trailing_empty_cells")


def _insert_cruft(rng: random.Random, layout: str, rows: list[list[str]], inserts: dict[int, list[str]]) -> str:
    """A page number, share button or similar between two table rows; the deviation class. PDF
    text may print a bare page number at the foot of the page, before the form feed."""
    at = rng.randrange(1, len(rows))
    page = rng.randint(2, 6)
    if layout == "space" and rng.random() < 0.4:
        inserts.setdefault(at, []).extend([" " * rng.randint(30, 60) + str(page), "\f"])
        return "page_number_in_table"
    c = rng.choice(_CRUFT_TABLE).format(p=page, q=rng.randint(6, 9))
    lines = ["\f" + c] if layout == "space" and rng.random() < 0.5 else [c]
    inserts.setdefault(at, []).extend(lines)
    return "cruft_in_table"


# ====================================================================== layouts
def render_lines(
    layout: str, rows: list[list[str]], inserts: dict[int, list[str]], opt: int, house: int | None = None
) -> list[str]:
    """Lines of one table. ``inserts``: row index → lines printed before that row. ``opt`` (0–7):
    cell_per_line: opt & 1 keeps empty cells (as a tab); space: opt & 3 widens the gap between
    columns, opt & 4 adds a blank line after each row. ``house``: the spacing habits of the
    portal that exported the report (cold corpus; None: the stock spacing) — spaces inside cells
    and around pipes, the gap between PDF columns; what a cell says is the same."""
    if house is not None and layout != "space":
        pad = ("", " ", "  ")[house % 3]  # (Word and CMS exports leave spaces in cells)
        rows = [[c + pad if c else c for c in r] for r in rows]
    if layout == "tab":
        return _tab_lines(rows, inserts)
    if layout == "pipe":
        return _pipe_lines(rows, inserts, " | " if house is None else (" | ", "|", " |", "| ", "  |  ")[house // 3 % 5])
    if layout == "cell_per_line":
        return _cell_per_line_lines(rows, inserts, opt)
    return _space_lines(rows, inserts, opt if house is None else (opt & 4) | (house % 4), 2 + (house or 0) // 4 % 5)


def _tab_lines(rows: list[list[str]], inserts: dict[int, list[str]]) -> list[str]:
    out: list[str] = []
    for i, r in enumerate(rows):
        if i in inserts:
            out.extend(inserts[i])
        out.append("\t".join(r))
    return out


def _pipe_lines(rows: list[list[str]], inserts: dict[int, list[str]], sep: str = " | ") -> list[str]:
    out: list[str] = []
    for i, r in enumerate(rows):
        if i in inserts:
            out.extend(inserts[i])
        out.append("".join([c + sep if c else "|" for c in r]).rstrip())
    return out


def _cell_per_line_lines(rows: list[list[str]], inserts: dict[int, list[str]], opt: int) -> list[str]:
    """One cell a line, a blank line after each row."""
    out: list[str] = []
    prefix = "\t" if opt & 1 else ""
    for i, r in enumerate(rows):
        if i in inserts:
            for x in inserts[i]:
                out.append(x)
                out.append("")
        if prefix:  # every cell printed, an empty one as a line holding only the tab
            out.extend([prefix + c for c in r])
        else:
            out.extend([c for c in r if c])
        out.append("")
    return out


def _space_lines(rows: list[list[str]], inserts: dict[int, list[str]], opt: int, base_gap: int = 2) -> list[str]:
    """pdftotext -layout like: rows intact, columns aligned, >= 2 spaces between cells. Columns
    align by character count, as pdftotext's do (a CJK character is one character, not two)."""
    out: list[str] = []
    ncol = max(len(r) for r in rows)
    widths = [0] * ncol
    for r in rows:
        for j, c in enumerate(r):
            if len(c) > widths[j]:
                widths[j] = len(c)
    gap = base_gap + (opt & 3)
    blank = opt & 4
    for i, r in enumerate(rows):
        if i in inserts:
            out.extend(inserts[i])
        parts = []
        for j, c in enumerate(r):
            parts.append(c)
            parts.append(" " * (widths[j] - len(c) + gap))
        out.append("".join(parts).rstrip())
        if blank:
            out.append("")
    return out
