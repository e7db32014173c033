"""Lines of a table region → logical rows of cells, whatever the layout.

Real text carries tables in four layouts (report-format §7): **tab** (a row per line, cells split by tabs,
empty cells where merged cells were flattened), **pipe** (`` | `` between cells, markdown or
not), **one cell per line** (a blank line between rows) and **space** (``pdftotext -layout``:
a row per line, cells separated by runs of spaces). A region is read in line mode (tab, pipe and
space lines, possibly mixed) or in cell-per-line mode; either way the result is a list of
:class:`Row` — label and value cells, each with its line — that the table readers consume
without caring about the layout any more.

Speed: table lines (and one-cell-per-line blocks) repeat across reports with the same numbers, so
each distinct one is split once and its Row shared; a Row's line numbers are offsets from an
anchor line that travels beside it.

What belongs here: splitting lines into cells and grouping them into rows. No label semantics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.memo import bounded, remember
from pipeline.normalize import norm_label
from pipeline.parse.text import cached_kind, cell_kind, is_cruft

_PIPE = re.compile(r"[|｜]")
# digits joined by signs or spaces (3+10, 8 0 1): a garbled value, never a label
_NUMERICISH = re.compile(r"[\d０-９]+(?:[\s+\-－—–/／]+[\d０-９]+)+")


def garbled(cell: str) -> bool:
    """Digits joined by signs or spaces (3+10, 8 0 1): the values of several cells in one."""
    return _NUMERICISH.fullmatch(cell) is not None


_MD_RULE = re.compile(r"^\s*[|｜]?\s*:?-{2,}:?\s*(?:[|｜]\s*:?-{2,}:?\s*)*[|｜]?\s*$")
_SPACES = re.compile(r"[ \u3000\u00a0\f]+")
_WIDE_GAP = re.compile(r"(?:[ \u00a0\f]{2,}|\u3000+)")


@dataclass(slots=True, eq=False)  # compared by identity: shared, and looked up in lists
class Row:
    """One logical table row: its label and value cells (as printed) and where each sits.

    A Row does not know its place in a report: it travels with an *anchor*, the 1-based line of
    its first cell, and each cell's line is the anchor plus the cell's offset (0 for every cell of
    a one-line row). So a Row can be shared by every report that prints the same line (or, in
    one-cell-per-line text, the same block of lines)."""

    kind: str  # tab | pipe | cell_per_line | space
    strict: bool  # cell positions are exact (no padding cells can hide a blank)
    labels: list[str]
    label_offsets: list[int]  # line offset of each label cell from the anchor
    values: list[str]
    value_offsets: list[int]
    one_line: bool = True  # all cells on the anchor's line
    has_values: bool = False  # any non-empty value cell
    shape: int = 0  # for layout detection: 2 = several cells or pipes, 1 = one value, 0 = one label
    label_text: str = ""  # the labels normalised and joined (template markers are searched in it)
    short: bool = False  # a short line holding one cell (what one-cell-per-line text is made of)
    lead: int = 0  # empty cells before the first label (merged cells of the rows above)
    label_gaps: int = 0  # empty cells between label cells (merged cells of a header row)
    line: str = ""  # space layout: the line, where each token's position is read from when needed
    # what the table readers work out about the row (its code per table, its cells trimmed to n,
    # its values per column set): remembered on the Row, shared by every report printing it
    memo: dict = field(default_factory=dict)

    @property
    def signature(self) -> tuple[int, int]:
        """How the row's labels sit: (empty cells before the first label, label cells). Rows of a
        table with the same signature were exported the same way (the same merged cells)."""
        return self.lead, len(self.labels)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Space layout: the character span of each value token."""
        return self._positions()[0]

    @property
    def words(self) -> tuple[tuple[str, int, int], ...]:
        """Space layout: the label's words and their character spans."""
        return self._positions()[1]

    def _positions(self) -> tuple[tuple, tuple]:
        # worked out only for the rows whose blanks or headers are read (most rows never are)
        hit = self.memo.get("positions")
        if hit is None:
            # the tokens _space_cells split the stripped line into, with their place in the line
            at = len(self.line) - len(self.line.lstrip())
            found = [(m.group(), m.start() + at, m.end() + at) for m in _TOKEN.finditer(self.line.strip())]
            k = len(found) - sum(1 for v in self.values if v)
            hit = self.memo["positions"] = (tuple((a, b) for _, a, b in found[k:]), tuple(found[:k]))
        return hit


_TOKEN = re.compile(r"[^ \u3000\u00a0\f]+")


def _space_cells(line: str) -> list[str]:
    """pdftotext -layout: the label is the text before the trailing run of value tokens (columns
    are told apart by where the tokens sit: Row.spans)."""
    tokens = _SPACES.split(line.strip())
    i = len(tokens)
    while i > 0 and (cell_kind(tokens[i - 1]) in ("number", "placeholder") or _NUMERICISH.fullmatch(tokens[i - 1])):
        i -= 1
    label = " ".join(tokens[:i])
    return ([label] if label else []) + tokens[i:]


def _line_cells(line: str, markdown: bool = True) -> tuple[str, list[str], bool]:
    """(kind, stripped cells, strict) of one line."""
    if "\t" in line:
        return "tab", [c.strip() for c in line.split("\t")], False
    if "|" in line or "｜" in line:
        cells = [c.strip() for c in _PIPE.split(line)]
        stripped = line.strip()
        # markdown: outer pipes delimit, so every inner cell is a real cell — told from a row that
        # merely starts with an empty cell by a printed first cell ("| 一、… |", not "||| 1 |")
        strict = (markdown and stripped[:1] in "|｜" and stripped[-1:] in "|｜" and len(cells) >= 3
                  and cells[1] != "")  # fmt: skip
        if strict:
            cells = cells[1:-1]
        return "pipe", cells, strict
    return "space", _space_cells(line), False


def _split(cells: list[str], offsets: list[int], kind: str, strict: bool = False, line: str = "") -> Row:
    """The Row of stripped cells: leading label cells separated from the value cells that follow
    them. (The Row is made once, with every field: a Row per line of every report.)"""
    first_value = None
    for i, c in enumerate(cells):
        if c and ((cached_kind(c) or cell_kind(c)) != "text" or (c[0].isdecimal() and _NUMERICISH.fullmatch(c))):
            # (a cell of digits and signs that is no number, e.g. 3+10, is a bad value, not a label;
            # one that does not start with a decimal digit cannot be one)
            first_value = i
            break
    end = len(cells) if first_value is None else first_value
    labels: list[str] = []
    label_offsets: list[int] = []
    last_label = lead = label_gaps = 0
    for i in range(end):
        if cells[i]:
            if not labels:
                lead = i
            labels.append(cells[i])
            label_offsets.append(offsets[i])
            last_label = i + 1
    if labels:
        label_gaps = last_label - lead - len(labels)
    if first_value is not None or kind != "space":
        # (a label followed only by empty cells keeps them: a row printed entirely blank; so does a
        # row of empty cells only — table 四's one data row when every outcome is blank)
        values = cells[last_label:]
        value_offsets = offsets[last_label:]
    else:
        values, value_offsets = [], []
    filled = len(values) - values.count("")
    shape = 2 if len(labels) + filled > 1 or kind == "pipe" else 1 if filled else 0
    label_text = "".join([norm_label(x) for x in labels]) if labels else ""
    # (positional: matching keyword arguments costs more than the call)
    return Row(kind, strict, labels, label_offsets, values, value_offsets, True, filled > 0, shape, label_text, False,
               lead, label_gaps, line)  # fmt: skip


_SKIP = ("skip",)  # truthy, so a cache hit is never mistaken for a miss
# Table lines repeat across reports ("\t\t1.属于国家秘密\t0\t0…"), and so do the blocks of
# one-cell-per-line text: their Rows are cached. The cached lists are shared between reports,
# and nothing downstream mutates them.
_LINE_CACHE: dict[str, Row | tuple] = bounded()
_BLOCK_CACHE: dict[str, tuple[Row | None, int]] = bounded()


def _classify_line(line: str, markdown: bool = True):
    """The Row a line reads as in line mode (shared: its line number travels beside it), or _SKIP
    for blank lines, cruft and markdown rules."""
    if not line or (line.isspace() and line.count("\t") < 2) or is_cruft(line):
        return _SKIP  # (a line of tabs only is a row of empty cells)
    if "--" in line and _MD_RULE.match(line):
        return _SKIP
    kind, cells, strict = _line_cells(line, markdown)
    row = _split(cells, [0] * len(cells), kind, strict, line if kind == "space" else "")
    if not row.labels and not row.values:
        return _SKIP
    row.short = row.shape < 2 and len(line) <= 48 and len(line.strip()) <= 40
    return row


def _classified(line: str):
    hit = _LINE_CACHE.get(line)
    if hit is None:
        hit = remember(_LINE_CACHE, line, _classify_line(line))
    return hit


def _hits(lines: list[str]) -> list:
    """The cached Row (or _SKIP) of each line; the few lines not seen before are classified."""
    hits = list(map(_LINE_CACHE.get, lines))
    if None in hits:
        hits = [hit or _classified(line) for hit, line in zip(hits, lines)]
    return hits


def _block_row(block: str) -> tuple[Row | None, int]:
    """The Row of one block of one-cell-per-line text (lines between empty lines) and the offset
    of its first cell from the block's first line; None when the block holds no cell."""
    hit = _BLOCK_CACHE.get(block)
    if hit is None:
        cells: list[str] = []
        offsets: list[int] = []
        for k, line in enumerate(block.split("\n")):
            # a block has no empty line inside: only before its first cell (a run of empty lines)
            # or after its last (the end of the region); a line of only tabs is an empty cell
            if line and not is_cruft(line):
                cells.append(line.strip())
                offsets.append(k)
        if cells:
            first = offsets[0]
            row = _split(cells, [k - first for k in offsets], "cell_per_line", True)
            row.one_line = False
            hit = (row, first)
        else:
            hit = (None, 0)
        remember(_BLOCK_CACHE, block, hit)
    return hit


def _cell_rows(region: list[str], start: int) -> list[tuple[Row, int]]:
    """One cell per line, an empty line between rows: the region cut into blocks at empty lines
    (in C, by str.split), each block read once and shared by every report that prints it."""
    rows = []
    lineno = start + 1  # of the block's first line
    for block in "\n".join(region).split("\n\n"):
        row, first = _block_row(block)
        if row is not None:
            rows.append((row, lineno + first))
        lineno += block.count("\n") + 2  # its lines and the empty line that ends it
    return rows


def is_cell_per_line(region: list[str], hits: list) -> bool:
    """Most short non-empty lines hold one cell, many of them numbers, and blank lines separate rows.

    Prose paragraphs (long lines) inside a region neither count for nor against the layout."""
    head = region[:80]  # the first rows tell the layout
    empty = head.count("")
    if empty < 3:
        return False
    rows = [hit for hit in hits[:80] if hit is not _SKIP]
    multi = sum([hit.shape == 2 for hit in rows])
    singles = [hit.shape for hit in rows if hit.short]
    if sum(singles) >= 5 and len(singles) >= 4 * max(multi, 1):
        return True
    # a sparse table in the tab-prefixed form: most cells empty ("\t" lines), one cell a line
    # (a line of several cells is not one: with 40 % of them, 60 % cannot be prefixed)
    lines = len(head) - empty
    if multi * 5 > 2 * lines:
        return False
    prefixed = sum([line[:1] == "\t" and "\t" not in line[1:] for line in head])
    return prefixed >= 8 and prefixed >= 0.6 * lines


_UNBORDERED_CACHE: dict[str, Row | tuple] = bounded()


def _without_borders(rows: list[tuple[Row, int]], text_lines: list[str]) -> list[tuple[Row, int]]:
    """A pipe table is markdown (outer pipes only delimit) when every row opens with a pipe. In a
    table where some rows do not, a row opening with a pipe starts with an empty cell — a merged
    cell of the rows above — so the rows read as markdown are read again as plain pipe rows."""
    pipe = [(row, ln) for row, ln in rows if row.kind == "pipe"]
    if not any(row.strict for row, _ in pipe):
        return rows
    if all(text_lines[ln - 1].lstrip()[:1] in "|｜" for _, ln in pipe):
        return rows
    out = []
    for row, ln in rows:
        if row.strict:
            line = text_lines[ln - 1]
            row = _UNBORDERED_CACHE.get(line) or remember(_UNBORDERED_CACHE, line, _classify_line(line, False))
        out.append((row, ln))
    return out


def logical_rows(text_lines: list[str], start: int, end: int) -> tuple[list[tuple[Row, int]], str]:
    """Rows of the region text_lines[start:end], each with its anchor line, and the layout the
    region was read in."""
    region = text_lines[start:end]
    hits = _hits(region[:80])  # the first rows tell the layout
    if region.count("") >= 3 and is_cell_per_line(region, hits):
        return _cell_rows(region, start), "cell_per_line"
    hits += _hits(region[80:])
    rows = [(hit, lineno) for lineno, hit in enumerate(hits, start + 1) if hit is not _SKIP]
    votes = [hit.kind for hit, _ in rows if hit.values]  # the layout of the rows that carry values
    if not votes:
        layout = "space"
    elif votes.count(votes[0]) == len(votes):
        layout = votes[0]
    else:
        counts = {k: votes.count(k) for k in ("tab", "pipe", "space")}
        top = max(counts.values())
        layout = max(counts, key=counts.get) if top >= 0.8 * len(votes) else "mixed"
    if layout in ("pipe", "mixed"):
        rows = _without_borders(rows, text_lines)
    return rows, layout
