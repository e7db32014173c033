"""Lines of a table region → logical rows of cells, whatever the layout.

Real text carries tables in four layouts (spec §6): **tab** (a row per line, cells split by tabs,
empty cells where merged cells were flattened), **pipe** (`` | `` between cells, markdown or
not), **one cell per line** (a blank line between rows) and **space** (``pdftotext -layout``:
a row per line, cells separated by runs of spaces). A region is read in line mode (tab, pipe and
space lines, possibly mixed) or in cell-per-line mode; either way the result is a list of
:class:`Row` — cells with the line each came from — that the table readers consume without caring
about the layout any more.

What belongs here: splitting lines into cells and grouping them into rows. No label semantics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.text import cell_kind, is_cruft

_PIPE = re.compile(r"[|｜]")
_MD_RULE = re.compile(r"^\s*[|｜]?\s*:?-{2,}:?\s*(?:[|｜]\s*:?-{2,}:?\s*)*[|｜]?\s*$")
_SPACES = re.compile(r"[ \u3000\u00a0\f]+")
_WIDE_GAP = re.compile(r"(?:[ \u00a0\f]{2,}|\u3000+)")


@dataclass(slots=True)
class Row:
    """One logical table row: its cells (as printed) and the 1-based line of each cell."""

    cells: list[str]
    lines: list[int]
    kind: str  # tab | pipe | cell_per_line | space
    strict: bool = False  # cell positions are exact (no padding cells can hide a blank)
    labels: list[str] = field(default_factory=list)
    label_lines: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    value_lines: list[int] = field(default_factory=list)


def _space_cells(line: str) -> list[str]:
    """pdftotext -layout: the label is the text before the trailing run of value tokens."""
    tokens = _SPACES.split(line.strip())
    i = len(tokens)
    while i > 0 and cell_kind(tokens[i - 1]) in ("number", "placeholder"):
        i -= 1
    label = " ".join(tokens[:i])
    return ([label] if label else []) + tokens[i:]


def _line_cells(line: str) -> tuple[str, list[str], bool]:
    if "\t" in line:
        return "tab", line.split("\t"), False
    if "|" in line or "｜" in line:
        cells = _PIPE.split(line)
        stripped = line.strip()
        strict = stripped[:1] in "|｜" and stripped[-1:] in "|｜" and len(cells) >= 3
        if strict:  # markdown: the outer pipes delimit, so every inner cell is a real cell
            cells = cells[1:-1]
        return "pipe", cells, strict
    return "space", _space_cells(line), False


def _split(row: Row) -> Row:
    """Separate leading label cells from the value cells that follow them."""
    cells = [c.strip() for c in row.cells]
    first_value = None
    for i, c in enumerate(cells):
        if c and cell_kind(c) != "text":
            first_value = i
            break
    end = len(cells) if first_value is None else first_value
    last_label = -1
    for i in range(end):
        if cells[i]:
            row.labels.append(cells[i])
            row.label_lines.append(row.lines[i])
            last_label = i
    if first_value is not None or (last_label >= 0 and row.kind != "space"):
        # (a label followed only by empty cells keeps them: a row printed entirely blank)
        row.values = cells[last_label + 1 :]
        row.value_lines = row.lines[last_label + 1 :]
    return row


def is_cell_per_line(lines: list[tuple[int, str]]) -> bool:
    """Most short non-empty lines hold one cell, many of them numbers, and blank lines separate rows.

    Prose paragraphs (long lines) inside a region neither count for nor against the layout."""
    if sum(1 for _, line in lines if not line) < 3:
        return False
    single = numeric = multi = blank = 0
    for _, line in lines:
        if not line:
            blank += 1
            continue
        s = line.strip()
        if not s or is_cruft(line):
            continue
        if "\t" in line:
            n = sum(1 for c in line.split("\t") if c.strip())
        elif "|" in line or "｜" in line:
            n = 2
        else:
            n = len(_WIDE_GAP.split(s))
        if n > 1:
            multi += 1
        elif len(s) <= 40:
            single += 1
            numeric += cell_kind(s) in ("number", "placeholder")
    return blank >= 3 and numeric >= 5 and single >= 4 * max(multi, 1)


def logical_rows(lines: list[tuple[int, str]]) -> tuple[list[Row], str]:
    """Rows of a region and the layout it was read in."""
    rows: list[Row] = []
    if is_cell_per_line(lines):
        cells: list[str] = []
        nums: list[int] = []
        for lineno, line in lines + [(0, "")]:
            if not line:  # a truly empty line ends the row; a line of only tabs is an empty cell
                if any(c.strip() for c in cells):
                    rows.append(_split(Row(cells, nums, "cell_per_line", strict=True)))
                cells, nums = [], []
                continue
            if is_cruft(line):
                continue
            cells.append(line.strip())
            nums.append(lineno)
        return rows, "cell_per_line"

    kinds: dict[str, int] = {}
    for lineno, line in lines:
        if not line.strip() or is_cruft(line) or _MD_RULE.match(line):
            continue
        kind, cells, strict = _line_cells(line)
        row = _split(Row(cells, [lineno] * len(cells), kind, strict=strict))
        if row.values:
            kinds[kind] = kinds.get(kind, 0) + 1
        if row.labels or row.values:
            rows.append(row)
    if not kinds:
        layout = "space"
    elif len(kinds) == 1:
        layout = next(iter(kinds))
    else:
        top = max(kinds.values())
        layout = max(kinds, key=kinds.get) if top >= 0.8 * sum(kinds.values()) else "mixed"
    return rows, layout
