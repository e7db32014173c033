"""How a table was exported, learned from its own unambiguous rows, and the readings that allow.

A row's value cells follow its labels, but exporters add cells of their own: merged cells
flattened into empty *pad* cells after a label, a *terminator* separator at the end of each line
(an empty last cell), outer pipes. One table keeps one export convention per kind of row, so the
table's unambiguous rows teach it:

- a row is **unambiguous** when, after its labels, its first and last value cells are printed
  (not blank): then the empty cells before them are pads (P) and after them terminators (T);
- rows are grouped by their :attr:`~pipeline.parse.layout.Row.signature` (empty cells before the
  first label, number of label cells) and their number of values: rows exported the same way
  share it;
- a row with a blank first or last value is then read by the conventions of its signature: with
  ``len(cells after the labels) == P + n + T`` the value cells are exactly ``cells[P:P + n]``.
  Each convention that fits gives a *reading*; the table reader takes a single reading, asks the
  table's identities to choose among several, and stores ``missing`` when none fits.

Space-aligned text (``pdftotext -layout``) has no empty cells at all: a blank is a column with no
token. There the unambiguous rows (all n values printed) give each column's character span, and a
row with fewer tokens is read by putting each token in the column it sits under — only when every
token sits clearly under one column, a different one each, and never as a certain reading: one
token under one column may as well be the digits of several cells run together, so the table's
identities must confirm it.

What belongs here: learning conventions and proposing readings. Which row a reading belongs to,
and choosing between readings, is :mod:`pipeline.parse.placing` and :mod:`pipeline.parse.tables`.
"""

from __future__ import annotations

from itertools import pairwise

from pipeline.normalize import norm_label
from pipeline.parse.layout import Row

Reading = tuple[int, list[str]]  # (index of the first value cell in row.values, the n value cells)
# What a row of a kind no unambiguous row taught may be: the values alone, with a terminator, or
# after one pad cell — besides any convention the table's other rows showed.
UNTAUGHT = frozenset({(0, 0), (0, 1), (1, 0)})


_LEARNED = ("conventions",)  # Row.memo key: what an unambiguous row taught


def indivisible(cell: str) -> bool:
    """A cell that cannot be the digits of several cells run together: one character, or a plus
    sign and one digit (a minus could be the placeholder "-" glued to a count)."""
    return len(cell) <= 1 or (len(cell) == 2 and cell[0] in "+＋")


def edges(values: list[str]) -> tuple[int, int]:
    """(empty cells before the first printed cell, empty cells after the last one)."""
    n = len(values)
    lo = 0
    while lo < n and not values[lo]:
        lo += 1
    hi = n
    while hi > lo and not values[hi - 1]:
        hi -= 1
    return lo, n - hi


class Conventions:
    """The export conventions of one table region, learned from its unambiguous rows.

    Learning is lazy: most tables print every row in full and never need their conventions, so
    the rows a table reader placed directly and the header rows (:meth:`attach`) are only studied
    when a row first asks for a reading."""

    __slots__ = ("_attached", "_earlier", "_later", "blank_lengths", "by_signature",
                 "header_lines", "header_shapes", "headers", "kinds", "spans", "totals_printed")  # fmt: skip

    def __init__(self, headers: tuple[tuple[str, ...], ...] = (), report: list | None = None) -> None:
        self.headers = headers  # each set of column headers the table prints, in column order
        # the conventions of the report's tables read before this one: one exporter made them
        # all (a copy of the report's list: holding the list, or itself, would make a reference
        # cycle, garbage only the cyclic collector frees)
        self._earlier: tuple[Conventions, ...] = tuple(report) if report else ()
        if report is not None:
            report.append(self)
        self._attached: tuple | None = None  # what the table reader attached, not yet studied
        self._later: list[tuple[Row, int, int]] | None = None  # unambiguous rows, not yet studied
        self.kinds: set[tuple[str, int, int]] | None = None  # None until studied (most tables never are)

    def _start(self) -> None:
        """What is learned, made when first needed."""
        self.by_signature: dict[tuple, set[tuple[int, int]]] = {}
        self.kinds = set()  # every (kind, pads, terminators) this table showed
        self.blank_lengths: dict[tuple, set[int]] = {}  # cells after the labels of rows printed blank
        self.spans: dict[int, list[tuple[int, Row]]] = {}  # space: n → (line, row printed in full)
        self.header_lines: list[tuple[int, list[tuple[int, int, str]]]] = []  # space: (line, [(start, end, header)])
        self.header_shapes: dict[tuple[str, int], set[int]] = {}  # tab / pipe: (kind, n) → label cells before
        self.totals_printed = 0  # 总计 headers seen (table 四 prints three, truncated headers or not)

    def attach(self, placed: dict, widths: dict[str, int], rows: list[tuple[Row, int]], table: str | None) -> None:
        """The table's rows, and those the reader places directly, {code: (values, lines, Row)}:
        rows printed in full teach the conventions, rows printed blank their length, header rows
        (no value, and no row of `table` named: Row.memo says) where the columns are."""
        self._attached = (placed, widths, rows, table)

    def learn_later(self, row: Row, n: int, line: int) -> None:
        """An unambiguous row of n values, studied when a reading is asked for."""
        if self._later is None:
            self._later = []
        self._later.append((row, n, line))

    def prepare(self) -> None:
        """Study what was attached (once; cheap after)."""
        if self.kinds is None:
            self._start()
        while self._later:
            self.learn(*self._later.pop())
        if self._attached is None:
            return
        placed, widths, rows, table = self._attached
        self._attached = None
        for code, (values, lines, row) in list(placed.items()):
            if row is None or not values:
                continue
            if any(values):
                self.learn(row, widths[code], lines[0])
            elif row.values and row.kind != "space":
                self.learn_blank(row, widths[code])
        for row, line in rows:
            if not row.has_values and (table is None or row.memo.get(table) is None):
                self._study_header(row, line)

    def totals(self) -> int:
        """How many 总计 column headers the table printed."""
        self.prepare()
        return self.totals_printed

    def seen(self, kind: str) -> set[tuple[int, int]]:
        """Every (pads, terminators) of rows of this kind the report's tables showed."""
        out = set()
        for table in (*self._earlier, self):
            table.prepare()
            out |= {(p, t) for k, p, t in table.kinds if k == kind}
        return out

    def _study_header(self, row: Row, line: int) -> None:
        """Space text: where each header sits (商业 企业 is one header in two words). Tab / pipe: a
        row label followed directly by one set of headers shows where the value cells of rows with
        as many label cells sit: right after their labels (no pad)."""
        found = row.memo.get(self.headers)  # (the same for every report printing the row)
        if found is None:
            found = row.memo[self.headers] = _header_facts(row, self.headers)
        totals, shapes, hits = found
        self.totals_printed += totals
        for key, labels_before in shapes:
            self.header_shapes.setdefault(key, set()).add(labels_before)
        if hits:
            self.header_lines.append((line, hits))

    def header_columns(self, n: int, line: int | None = None) -> tuple[tuple[int, int], ...] | None:
        """The spans of the n columns: the header lines nearest above `line` (any, without one),
        gathered upwards until, left to right, they are exactly one set of n headers."""
        self.prepare()
        above = [hits for at, hits in self.header_lines if line is None or at <= line]
        gathered: list[tuple[int, int, str]] = []
        for hits in reversed(above):
            gathered = sorted(gathered + hits)
            names = tuple(name for _, _, name in gathered)
            if any(names == h for h in self.headers if len(h) == n):
                return tuple((a, b) for a, b, _ in gathered)
            if len(gathered) >= n:
                return None
        return None

    def learn(self, row: Row, n: int, line: int) -> None:
        """Record what an unambiguous row of n values shows (call only for such rows)."""
        if row.kind == "space":
            if len(row.values) == n:  # (a token each: where they sit is read when asked)
                self.spans.setdefault(n, []).append((line, row))
            return
        learned = row.memo.get(_LEARNED)
        if learned is None or learned[0][2] != n:  # the same in every report printing the row
            pads, terminators = edges(row.values)
            learned = row.memo[_LEARNED] = ((row.kind, row.signature, n), (pads, terminators))
        key, convention = learned
        self.by_signature.setdefault(key, set()).add(convention)
        self.kinds.add((row.kind, *convention))

    def taught(self, row: Row, n: int) -> bool:
        """Whether the table taught how rows like this one are exported: an unambiguous row of n
        values exported like it or rows of its kind printed blank with as many cells (then no
        separator was lost, and the one reading is the cells' own), or a header row with as many
        label cells when no cell can be several run together. A reading
        that is not taught stands only if the table's identities confirm it: an empty cell at
        either end may be a pad, a terminator or a blank value."""
        self.prepare()
        if row.kind == "space":
            # a token under a column may be the digits of several cells run together
            return all(map(indivisible, row.values))
        key = (row.kind, row.signature, n)
        if key in self.by_signature or len(row.values) in self.blank_lengths.get(key, ()):
            return True  # (a cell lost to digits run together would leave one cell fewer)
        # the header fixes where the columns start, not how many cells follow
        return len(row.labels) in self.header_shapes.get((row.kind, n), ()) and all(map(indivisible, row.values))

    def learn_blank(self, row: Row, n: int) -> None:
        """A row printed entirely blank shows how many cells rows exported like it have after
        their labels; with exactly n, they carry no pad and no terminator."""
        if row.kind == "space":
            return
        key = (row.kind, row.signature, n)
        self.blank_lengths.setdefault(key, set()).add(len(row.values))
        if len(row.values) == n:
            self.by_signature.setdefault(key, set()).add((0, 0))
            self.kinds.add((row.kind, 0, 0))

    def readings(self, row: Row, n: int, line: int) -> list[Reading]:
        """Every reading of the row's n value cells the conventions allow (empty: none)."""
        if row.kind == "space":
            self.prepare()
            reading = self._space_reading(row, n, line)
            return [reading] if reading is not None else []
        values = row.values
        if len(values) < n:
            return []  # no pad or terminator cell is ever negative: fewer cells than columns lost one
        self.prepare()
        key = (row.kind, row.signature, n)
        conventions = self.by_signature.get(key)
        if not conventions and len(row.labels) in self.header_shapes.get((row.kind, n), ()):
            conventions = {(0, len(values) - n)}  # the columns sit where the header row puts them
        if not conventions:  # untaught: what the report's tables showed, the usual habits, and any
            # split of the extra cells that rows of this kind printed blank have
            conventions = self.seen(row.kind) | UNTAUGHT
            for length in self.blank_lengths.get(key, ()):
                conventions |= {(p, length - n - p) for p in range(length - n + 1)}
        out: list[Reading] = []
        for pads, terminators in sorted(conventions):
            if len(values) != pads + n + terminators:
                continue
            if any(values[:pads]) or any(values[pads + n :]):
                continue  # a printed cell where this convention has a pad or terminator
            cells = values[pads : pads + n]
            if all(cells != other for _, other in out):
                out.append((pads, cells))
        return out

    def _space_reading(self, row: Row, n: int, line: int) -> Reading | None:
        """Each token under the column of the nearest unambiguous row of n values (else of the
        column headers), if clearly so."""
        learned = self.spans.get(n)
        if learned:
            columns = min(learned, key=lambda item: abs(item[0] - line))[1].spans
        else:
            columns = self.header_columns(n, line)
            if columns is None:
                return None
        if not row.spans:
            return None
        centres = [(a + b) / 2 for a, b in columns]
        gaps = [b - a for a, b in pairwise(centres)]
        if not gaps or min(gaps) <= 0:
            return None
        cells = [""] * n
        last = -1
        for token, (a, b) in zip(row.values, row.spans):
            if len(token) > 1 and token[0] == "0" and token[1].isdigit():
                return None  # 001: no count is printed so; digits of several cells run together
            j = _column_of(a, b, columns, centres, gaps)
            if j is None or j <= last:
                return None
            cells[j] = token
            last = j
        return 0, cells


def _header_facts(row: Row, headers: tuple[tuple[str, ...], ...]) -> tuple[int, list, list]:
    """(总计 headers printed, [((kind, n), label cells before the n headers)] for tab / pipe,
    [(start, end, header)] for space text) of a row of column headers."""
    if row.kind == "space":
        names = {name for group in headers for name in group}
        words = row.words
        hits = []
        k = 0
        while k < len(words):
            joined = ""
            for j, (word, _, end) in enumerate(words[k : k + 3]):
                joined += word
                if joined in names:
                    hits.append((words[k][1], end, joined))
                    k += j
                    break
            k += 1
        return sum(1 for word, _, _ in words if word == "总计"), [], hits
    totals = row.labels.count("总计")
    if row.label_gaps:
        return totals, [], []  # empty cells among the headers: merged header cells, nothing certain
    labels = [norm_label(x) for x in row.labels]
    shapes = []
    for names in headers:
        n = len(names)
        if len(labels) > n:
            same = sum(a == norm_label(b) for a, b in zip(labels[-n:], names))
            if same >= n - (n >= 3):  # (one header of three may be misprinted: 本年度止件数)
                shapes.append(((row.kind, n), len(labels) - n))
    return totals, shapes, []


def _column_of(a: int, b: int, columns, centres: list[float], gaps: list[float]) -> int | None:
    """The one column a token spanning [a, b) sits under: the only column it overlaps, else the
    nearest one when it is clearly nearer to it (a third of the way to the neighbours)."""
    overlapping = [k for k, (ca, cb) in enumerate(columns) if a < cb and ca < b]
    if len(overlapping) == 1:
        return overlapping[0]
    if overlapping:
        return None  # across two columns: the digits of both, run together
    centre = (a + b) / 2
    j = min(range(len(centres)), key=lambda k: abs(centres[k] - centre))
    reach = min(gaps[max(j - 1, 0)], gaps[min(j, len(gaps) - 1)]) / 3
    return j if abs(centres[j] - centre) <= reach else None
