"""PDF input: a PDF file's bytes → the report text the label-driven reader takes.

Each page is read top to bottom. A table drawn with ruling lines (pdfplumber's ``find_tables``,
lines strategy) becomes one markdown row per table row (:func:`~pipeline.parse.inputs.table_row`);
a row that is one cell spanning the table (a caption such as 第二十条第（一）项) becomes a plain
line. The text outside those tables is laid out as ``pdftotext -layout`` lays it out — each word
at the column of its x position, counted from the document's left edge (a table cut by a page
break keeps its columns) — which the space-layout reader already takes, tables printed without
ruling lines included. In those, the lines of a cell whose text wrapped are joined where they are
certainly one cell's: a label to its row's values, a column header (its lines centred one above
the other), the label of a row printed blank (:func:`_join_wrapped`, :func:`_join_cells`). Page
numbers and running headers/footers are dropped; pages are joined with a newline.

A table row is written with its own cells: a merged cell once, where it starts (the positions it
covers are not repeated, as the HTML and Word readers write them), an empty cell as an empty cell
in its place. In a row that prints values, the empty cells among its labels are dropped as well
— the rest of a merged label cell cut by a page break, the empty sub-label cell of （七）总计 —
so every such row is its labels followed by exactly its value cells, and a blank value is an
empty cell whose column is certain (an empty cell among the labels would make it a guess).

What PDF producers do that pdfplumber's defaults misread:

- WPS and Word put a white, unstroked box behind each line of prose and each table cell. Such a
  box is no ruling (pdfplumber would make a one-column table of the prose), except where it is a
  cell's background — between vertical rulings that reach it — where its side stands in for a
  border the producer left out (the bottom of a table cut by a page break).
- A row's numbers are often set in a larger font than its label: their tops differ though they
  share a baseline, so lines are told apart by the bottom of their characters, not the top.
- Bold is faked by printing a character twice at the same place: the copy is dropped.

A file that holds no readable report text raises :class:`~pipeline.parse.inputs.InputRejected`:
encrypted (a password is needed to open it), broken (pdfminer cannot parse it) or scanned (no
text layer). A PDF with only an owner password (printing or copying restricted) opens and is read.

What belongs here: reading PDF files. Telling formats apart and the shape of the text produced
belong to :mod:`pipeline.parse.inputs`; reading tables out of the text to the table readers.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from itertools import pairwise
from statistics import median
from typing import NamedTuple

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError

from pipeline.parse.inputs import InputRejected, table_row
from pipeline.parse.text import cell_kind

MIN_TEXT_CHARS = 20  # fewer readable characters over all pages: a scan with no text layer
X_DENSITY = 7.25  # points per text column (pdfplumber's layout default; pdftotext's is alike)
COMPACT = 0.4  # words less than this many character widths apart are prose: one space between them
X_GAP = 3.0  # a gap wider than this (pt) between two characters starts a new word
Y_GAP = 3.0  # characters whose bottoms are this close (pt) are on one line
BLANK_PITCH = 1.8  # a gap of this many times the page's usual line pitch is written as a blank line
RULE = 2.0  # a filled box thinner than this (pt) is a drawn line
SNAP = 3.0  # how far (pt) a cell background's side may sit from the ruling it belongs to
MARGIN = 0.12  # the top and bottom share of a page where headers, footers and page numbers sit
SAME_PLACE = 4.0  # how far (pt) a running header or footer may move from page to page
WRAP_PITCH = 1.5  # font sizes: the most a wrapped label's next line lies below the one before it
SAME_X = 1.5  # how far (pt) the lines of one left-aligned cell may start apart

_PAGE_NUMBER = re.compile(
    r"[-—–－_~～]*\s*\d{1,3}\s*[-—–－_~～]*"  # 3, - 3 -, —3—
    r"|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"  # 第 3 页, 第 3 页 共 6 页
    r"|共\s*\d{1,3}\s*页\s*[,，]?\s*第\s*\d{1,3}\s*页"  # 共 6 页 第 3 页
    r"|\d{1,3}\s*/\s*\d{1,3}"  # 3/6
    r"|(?:page|p\.)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?",  # Page 3 of 6
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


def pdf_to_text(data: bytes) -> str:
    """The report text of a PDF; raises InputRejected(reason) for a PDF that holds none."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise _rejection(exc) from None
    try:
        with pdf:
            pages = [_Page(page) for page in pdf.pages]
        if not pages:
            raise InputRejected("broken PDF: no pages")
        if sum(p.printed for p in pages) < MIN_TEXT_CHARS:
            if sum(p.unmapped for p in pages) >= MIN_TEXT_CHARS:
                raise InputRejected(
                    "scanned PDF: no readable text layer, its fonts map no glyph to Unicode (needs OCR)"
                )
            raise InputRejected("scanned PDF: no text layer (needs OCR)")
        running = _running_lines(pages)
        # one column per x for the whole document: a table cut by a page break keeps its columns
        left = min((p.left for p in pages if p.lines), default=0.0)
        room = _label_room([ln for p in pages for ln in p.lines], left)
        return "\n".join(line for p in pages for line in p.text(running, left, room)) + "\n"
    except InputRejected:
        raise
    except Exception as exc:  # pdfminer raises many kinds of error on broken content
        raise _rejection(exc) from None


def _rejection(exc: BaseException) -> InputRejected:
    cause: BaseException | None = exc
    while cause is not None:  # pdfplumber wraps pdfminer's error: PdfminerException(PDFPasswordIncorrect())
        if isinstance(cause, PDFEncryptionError):
            return InputRejected(f"encrypted PDF: {_short(cause)} (a password is needed to open it)")
        inner = cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None
        cause = inner or cause.__cause__
    return InputRejected(f"broken PDF: {_short(exc)}")


def _short(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    text = " ".join(str(inner).split())
    name = type(inner).__name__
    return f"{name}: {text[:120]}" if text else name


# ------------------------------------------------------------------ one page


class _Page:
    """One page: its ruled tables as lines of text and its lines of text outside them."""

    def __init__(self, page) -> None:
        self.height = float(page.height)
        self.left = 0.0
        chars = page.chars
        self.unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
        self.printed = sum(1 for c in chars if not c["text"].isspace()) - self.unmapped
        self.tables: list[tuple[float, float, list[str]]] = []  # (top, bottom, lines)
        self.lines: list[_Line] = []
        self.pitch = 0.0
        if not self.printed:
            return
        drop = _duplicates(chars) | _backgrounds(page)
        base = page.filter(lambda obj: id(obj) not in drop) if drop else page
        boxes = []
        for table in base.find_tables():
            if max((len(row.cells) for row in table.rows), default=0) >= 2:  # (one column: boxed prose)
                boxes.append(table.bbox)
                self.tables.append((table.bbox[1], table.bbox[3], _table_lines(table)))
        free = [c for c in base.chars if c["upright"] and not _inside(c, boxes)]
        lines = _text_lines(free)
        self.pitch = _usual_pitch(lines)  # (of the lines as printed: a joined label spans several)
        self.lines = _join_cells(_join_wrapped(lines))
        self.left = min((ln.x0 for ln in self.lines), default=0.0)

    def margin_lines(self) -> list[tuple[str, _Line]]:
        """("top" | "bottom", line) of the lines in the top or bottom margin that lie above or
        below every table, top to bottom."""
        first = min((t[0] for t in self.tables), default=self.height)
        last = max((t[1] for t in self.tables), default=0.0)
        out = []
        for ln in self.lines:
            if ln.bottom <= first and ln.top < self.height * MARGIN:
                out.append(("top", ln))
            elif ln.top >= last and ln.bottom > self.height * (1 - MARGIN):
                out.append(("bottom", ln))
        return out

    def text(
        self, running: dict[tuple[str, str], float], left: float, room: tuple[tuple[float, int], ...]
    ) -> list[str]:
        """The page's text top to bottom: laid-out lines (each word at the column of its x, counted
        from ``left`` with ``room`` added: :func:`_label_room`), and the lines of each table."""
        dropped = self._headers_footers(running)
        items: list[tuple[float, int, _Line | list[str]]] = [(top, 0, lines) for top, _, lines in self.tables]
        items += [(ln.top, 1, ln) for ln in self.lines if id(ln) not in dropped]
        items.sort(key=lambda item: item[:2])
        pitch = self.pitch
        out: list[str] = []
        prev: _Line | None = None
        for _, _, item in items:
            if isinstance(item, list):
                out += item
                prev = None
                continue
            if prev is not None and item.first - prev.last > BLANK_PITCH * pitch:
                out.append("")
            out.append(item.render(left, room))
            prev = item
        return out

    def _headers_footers(self, running: dict[tuple[str, str], float]) -> set[int]:
        """ids of the lines that are a page number (the first or last line of the page) or a
        running header or footer."""
        edge = self.margin_lines()
        out = set()
        for k, (where, ln) in enumerate(edge):
            page_number = k in (0, len(edge) - 1) and _PAGE_NUMBER.fullmatch(ln.plain) is not None
            if page_number or abs(running.get(_running_key(where, ln), -99.0) - ln.top) <= SAME_PLACE:
                out.add(id(ln))
        return out


class _Line:
    """A line of text outside the tables: its words left to right and where it sits. A line that
    took in the wrapped lines of a label cell (:func:`_join_wrapped`) spans their bottoms from
    ``first`` to ``last``, and ``joined`` is the index of that label's word."""

    __slots__ = ("bottom", "first", "joined", "last", "size", "top", "words", "x0")

    def __init__(self, chars: list[dict]) -> None:
        chars = sorted(chars, key=lambda c: c["x0"])
        self.top = min(c["top"] for c in chars)
        self.bottom = max(c["bottom"] for c in chars)
        self.first = self.last = self.bottom
        self.x0 = chars[0]["x0"]
        self.size = max(c["size"] for c in chars)
        self.words = _words(chars)
        self.joined: int | None = None

    @classmethod
    def of(cls, words: list[_Word], above: _Line) -> _Line:
        """A line of its own for words placed just below the line ``above``."""
        line = cls.__new__(cls)
        line.top, line.bottom, line.size = above.top + 1e-3, above.bottom, above.size
        line.first = line.last = above.last
        line.x0 = words[0].x0
        line.words = words
        line.joined = None
        return line

    @property
    def plain(self) -> str:
        return " ".join(w.text for w in self.words)

    def render(self, left: float, room: tuple[tuple[float, int], ...] = ()) -> str:
        """The line laid out like pdftotext -layout: each word at the column of its x position
        (and at least one space after the word before it) — except a word an ordinary space
        after the one before it, which follows it after one space: a Chinese character is wider
        than a column, so in prose the column of a number (国令第 711 号) lies far to the right.
        ``room``: columns added right of an x (:func:`_label_room`)."""
        out = ""
        for w in self.words:
            column = _column(w.x0, left, room)
            if out and w.gap < COMPACT:
                column = 0
            out += " " * max(1 if out else 0, column - len(out)) + w.text
        return out


def _column(x0: float, left: float, room: tuple[tuple[float, int], ...] = ()) -> int:
    return round((x0 - left) / X_DENSITY) + sum(extra for x, extra in room if x0 > x)


def _label_room(lines: list[_Line], left: float) -> tuple[tuple[float, int], ...]:
    """Columns to add right of the x where joined labels start, so that each joined label ends
    two columns before the word after it: every word right of that x moves alike, so the values
    of a table keep one column each, as the values of its other rows (a row with a blank cell is
    read by the columns of the rows printed in full)."""
    need: dict[float, int] = {}
    for ln in lines:
        k = ln.joined
        if k is None or k + 1 >= len(ln.words):
            continue
        label, after = ln.words[k], ln.words[k + 1]
        short = _column(label.x0, left) + len(label.text) + 2 - _column(after.x0, left)
        if short > 0:
            at = next((x for x in need if abs(x - label.x0) <= SAME_X), label.x0)
            need[at] = max(need.get(at, 0), short)
    return tuple((x + SAME_X, extra) for x, extra in sorted(need.items()))


class _Word(NamedTuple):
    x0: float
    text: str
    gap: float  # the space before the word in character widths (1e9: the line's first word)
    x1: float
    bottom: float  # of its lowest character (lines a few points apart are read as one)


def _words(chars: list[dict]) -> list[_Word]:
    """Each word of a line's characters (left to right): a printed space or a gap wider than
    X_GAP ends a word."""
    words: list[_Word] = []
    text, start, prev, end, gap, bottom = "", 0.0, None, None, 0.0, 0.0
    for c in chars:
        if c["text"].isspace():
            prev = None
            continue
        if prev is None or c["x0"] > prev["x1"] + X_GAP or c["x0"] < prev["x0"]:
            if text:
                words.append(_Word(start, text, gap, end, bottom))
            gap = 1e9 if end is None else (c["x0"] - end) / max(c["size"], 1.0)
            text, start, bottom = "", c["x0"], 0.0
        text += c["text"]
        prev = c
        end = c["x1"]
        bottom = max(bottom, c["bottom"])
    if text:
        words.append(_Word(start, text, gap, end, bottom))
    return words


def _text_lines(chars: list[dict]) -> list[_Line]:
    """Characters grouped into lines by their bottom (a label and the larger numbers of its row
    share a baseline, not a top), top to bottom."""
    lines: list[_Line] = []
    group: list[dict] = []
    for c in sorted(chars, key=lambda c: c["bottom"]):
        if group and c["bottom"] - group[-1]["bottom"] > Y_GAP:
            lines.append(_Line(group))
            group = []
        group.append(c)
    if group:
        lines.append(_Line(group))
    return lines


# ------------------------------------------------------------------ wrapped cells of unruled tables


class _Segment(NamedTuple):
    """Words of one line an ordinary space apart: one cell's text on that line."""

    line: int
    a: int  # its first word
    b: int  # the word after its last
    x0: float
    x1: float
    bottom: float
    size: float  # of its line

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def _segments(lines: list[_Line], starts: list[int | None]) -> list[list[_Segment]]:
    """Each line's text left of its values (``starts``: the index of each line's first value
    word, None: all its text), in segments, left to right."""
    out = []
    for i, ln in enumerate(lines):
        words = ln.words
        end = len(words) if starts[i] is None else starts[i]
        segs = []
        k = 0
        while k < end:
            j = k + 1
            while j < end and words[j].gap < COMPACT:
                j += 1
            bottom = max(w.bottom for w in words[k:j])
            segs.append(_Segment(i, k, j, words[k].x0, words[j - 1].x1, bottom, ln.size))
            k = j
        out.append(segs)
    return out


def _reach(a: _Segment, b: _Segment) -> bool:
    """b lies one line pitch below a, as the next line of a cell does (by their own bottoms: a
    line a few points off is read with its neighbour)."""
    return 0 < b.bottom - a.bottom <= WRAP_PITCH * max(a.size, b.size)


def _text(lines: list[_Line], segs: list[_Segment]) -> str:
    """The text of a cell's lines, joined with no separator (labels wrap inside cells)."""
    return "".join(" ".join(w.text for w in lines[s.line].words[s.a : s.b]) for s in segs)


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Lines of a table printed without rulings whose label wrapped inside its cell, joined: the
    label's lines reach us as lines of their own beside the line of the row's values (above and
    below it when the cell centres its text). A label line belongs to a row's values when its
    text starts at the x where the label cell's text starts, it is one line pitch from the next
    line of that cell, and the cell is the row's last label cell (the one nearest its values: the
    group labels of 三、本年度办理结果 span many rows). A cell two value lines could own, or one
    holding the labels of two value lines, is left as printed (what the table reader cannot place
    is then missing, with an issue): nothing is guessed."""
    starts = [_values_start(ln) for ln in lines]
    if not any(k is not None for k in starts):
        return lines
    chains = _chained(_segments(lines, starts), _x0)
    drop: dict[int, list[tuple[int, int]]] = defaultdict(list)  # line → word spans taken out
    labels: dict[int, _Word] = {}  # value line → its joined label word
    for ch, rows in _owners(lines, starts, chains):
        if len(rows) != 1 or len(ch) < 2:
            continue  # two value lines beside it, or nothing wrapped
        i = rows[0]
        if any(starts[s.line] is not None and s.line != i for s in ch):
            continue  # the labels of two rows' values (cells with no space between them)
        for s in ch:
            drop[s.line].append((s.a, s.b))
        ln = lines[i]
        ln.first = min(ln.first, ch[0].bottom)
        ln.last = max(ln.last, ch[-1].bottom)
        own = next((s for s in ch if s.line == i), None)
        gap = ln.words[own.a].gap if own else 1e9
        labels[i] = _Word(ch[0].x0, _text(lines, ch), gap, max(s.x1 for s in ch), ln.bottom)
    return _rewritten(lines, drop, labels) if drop else lines


def _owners(
    lines: list[_Line], starts: list[int | None], chains: list[list[_Segment]]
) -> list[tuple[list[_Segment], list[int]]]:
    """Each label cell with the value lines it is the label of: a value line's label cell is the
    rightmost chain on it or within a pitch of it, left of its values (a header cell over the
    values is no label of theirs)."""
    owned: dict[int, list[int]] = defaultdict(list)  # id(chain) → value lines
    for i, ln in enumerate(lines):
        if starts[i] is None:
            continue
        best = None
        values_x = ln.words[starts[i]].x0
        bottom = max(w.bottom for w in ln.words[starts[i] :])
        for ch in chains:
            reach = WRAP_PITCH * max(max(s.size for s in ch), ln.size)
            x0 = ch[0].x0
            if (
                ch[0].bottom - reach <= bottom <= ch[-1].bottom + reach
                and x0 < values_x
                and (best is None or x0 > best[0].x0)
            ):
                best = ch
        if best is not None:
            owned[id(best)].append(i)
    by_id = {id(ch): ch for ch in chains}
    return [(by_id[key], rows) for key, rows in owned.items()]


def _rewritten(lines: list[_Line], drop: dict[int, list[tuple[int, int]]], labels: dict[int, _Word]) -> list[_Line]:
    """The lines with the joined label fragments taken out and each joined label placed as one word
    on its value line (a line left empty disappears)."""
    out = []
    for i, ln in enumerate(lines):
        spans = drop.get(i)
        label = labels.get(i)
        if not spans and label is None:
            out.append(ln)
            continue
        taken = {k for a, b in spans or () for k in range(a, b)}
        words = [w for k, w in enumerate(ln.words) if k not in taken]
        if label is not None:
            words.append(label)
            words.sort(key=lambda w: w.x0)
            ln.joined = words.index(label)
        if words:
            ln.words = words
            ln.x0 = words[0].x0
            out.append(ln)
    return out


def _chained(segs: list[list[_Segment]], at) -> list[list[_Segment]]:
    """Segments chained with the segment one pitch above them at the same ``at(segment)`` (the x
    where a left-aligned cell's lines start, or the centre of a centred cell's): a cell's lines,
    top to bottom. A segment two chains could continue starts a chain of its own."""
    chains: list[list[_Segment]] = []
    open_: list[list[_Segment]] = []  # chains a later line may still continue
    most = WRAP_PITCH * max((s.size for line in segs for s in line), default=0.0)
    for line in segs:
        if not line:
            continue
        low = min(s.bottom for s in line)
        open_ = [ch for ch in open_ if low - ch[-1].bottom <= most]
        for s in line:
            fits = [ch for ch in open_ if abs(at(ch[-1]) - at(s)) <= SAME_X and _reach(ch[-1], s)]
            if len(fits) == 1:
                fits[0].append(s)
            else:
                chains.append([s])
                open_.append(chains[-1])
    return chains


def _x0(s: _Segment) -> float:
    return s.x0


def _centre(s: _Segment) -> float:
    return s.centre


def _join_cells(lines: list[_Line]) -> list[_Line]:
    """The wrapped lines of table cells that no row's values own (:func:`_join_wrapped` joined
    those), joined into one word each: column headers, whose lines are centred one above the
    other (自然 / 人, 结果 / 维持: the table readers find a header by its name, which the wrap
    cuts), then the labels of rows printed blank (their lines start at one x). Only lines that
    are certainly one cell's: none that could be the label of a row's values (that is for
    :func:`_join_wrapped` to decide, and it left them), none with a line just above or below
    aligned with it that is not joined (the rest of a label whose lines happen to be as wide),
    none wider than a third of the page's text (prose and titles are no cells)."""
    if not lines:
        return lines
    starts = [_values_start(ln) for ln in lines]
    segs = _segments(lines, starts)
    every = [s for line in _segments(lines, [None] * len(lines)) for s in line]  # values too
    left = min(ln.x0 for ln in lines)
    widest = (max(w.x1 for ln in lines for w in ln.words) - left) / 3
    values = [(max(w.bottom for w in lines[i].words[k:]), lines[i].words[k].x0, lines[i].size)
              for i, k in enumerate(starts) if k is not None]  # fmt: skip

    def free(ch: list[_Segment], centred: bool) -> bool:
        reach = WRAP_PITCH * max(s.size for s in ch)
        if any(s.x1 - s.x0 > widest for s in ch):
            return False
        if not centred:  # a blank row's label: no row's values within a pitch of its lines
            return not any(ch[0].bottom - reach <= b <= ch[-1].bottom + reach for b, _, _ in values)
        # a header: above the values it heads, and none of its lines the label of a value line
        return not any(ch[0].bottom <= b <= ch[-1].bottom for b, _, _ in values) and not any(
            abs(s.bottom - b) <= WRAP_PITCH * max(size, s.size) and s.x1 <= x for s in ch for b, x, size in values
        )

    pool = [[s for s in line if starts[s.line] is None] for line in segs]
    cells: list[tuple[list[_Segment], bool]] = []  # (a cell's lines, centred)
    for at in (_centre, _x0):
        taken: set[_Segment] = set()
        for ch in _chained(pool, at):
            if len(ch) >= 2 and free(ch, at is _centre) and not _continued(ch, every):
                cells.append((ch, at is _centre))
                taken.update(ch)
        pool = [[s for s in line if s not in taken] for line in pool]
    return _placed(lines, cells, left) if cells else lines


def _continued(ch: list[_Segment], every: list[_Segment]) -> bool:
    """Text just above the chain's first line or below its last, under or over it, that is not in
    the chain: the chain may be part of a cell only (一 / 、 / 本年新收…, or the rest of a label
    whose lines happen to be as wide)."""
    first, last = ch[0], ch[-1]
    for t in every:
        if t in ch:
            continue
        if (_reach(t, first) and t.x0 < first.x1 and first.x0 < t.x1) or (
            _reach(last, t) and t.x0 < last.x1 and last.x0 < t.x1
        ):
            return True
    return False


def _placed(lines: list[_Line], cells: list[tuple[list[_Segment], bool]], left: float) -> list[_Line]:
    """The lines with each joined cell's fragments taken out and its text placed as one word: a
    centred cell's centred where its lines are, a left-aligned cell's at their x; on the first
    of its lines where it keeps two columns from every other word (so it pushes none out of its
    column), else on a line of its own below them."""
    drop: dict[int, set[int]] = defaultdict(set)
    for ch, _ in cells:
        for s in ch:
            drop[s.line].update(range(s.a, s.b))
    words = [[w for k, w in enumerate(ln.words) if k not in drop.get(i, ())] for i, ln in enumerate(lines)]
    below: dict[int, list[list[_Word]]] = defaultdict(list)  # line → lines of their own after it
    for ch, centred in sorted(cells, key=lambda cell: (cell[0][0].bottom, cell[0][0].x0)):
        text = _text(lines, ch)
        x = ch[0].x0
        if centred:
            x = max(left, sum(s.centre for s in ch) / len(ch) - len(text) * X_DENSITY / 2)
        word = _Word(x, text, 1e9, max(s.x1 for s in ch), ch[0].bottom)
        spot = next((ws for ws in [words[s.line] for s in ch] + below[ch[-1].line] if _fits(ws, word)), None)
        if spot is None:
            spot = []
            below[ch[-1].line].append(spot)
        spot.append(word)
        spot.sort(key=lambda w: w.x0)
    out = []
    for i, ln in enumerate(lines):
        if words[i]:
            ln.words = words[i]
            ln.x0 = ln.words[0].x0
            out.append(ln)
        out += [_Line.of(ws, ln) for ws in below.get(i, ())]
    return out


def _fits(words: list[_Word], word: _Word) -> bool:
    """The word keeps two columns from every run of words (an ordinary space apart) on the line."""
    start = word.x0 / X_DENSITY
    runs: list[tuple[float, int]] = []  # (column, length)
    for w in words:
        if runs and w.gap < COMPACT:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1 + len(w.text))
        else:
            runs.append((w.x0 / X_DENSITY, len(w.text)))
    return all(start + len(word.text) + 2 <= at or at + n + 2 <= start for at, n in runs)


def _values_start(line: _Line) -> int | None:
    """The index of a line's first value word when it ends in a run of values set apart from its
    text as table columns are (not a number an ordinary space after prose), else None."""
    words = line.words
    k = len(words)
    while k > 0 and _is_value(words[k - 1].text):
        k -= 1
    if k == len(words) or (k > 0 and words[k].gap < COMPACT):
        return None
    return k


def _usual_pitch(lines: list[_Line]) -> float:
    gaps = [b.bottom - a.bottom for a, b in pairwise(lines)]
    return median(gaps) if gaps else 0.0


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _duplicates(chars: list[dict]) -> set[int]:
    """ids of the characters printed again at the same place (fake bold)."""
    seen: set[tuple] = set()
    out = set()
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen:
            out.add(id(c))
        else:
            seen.add(key)
    return out


# ------------------------------------------------------------------ running headers and footers


def _running_key(where: str, line: _Line) -> tuple[str, str]:
    """A header or footer line as it repeats: its margin and its text with numbers masked."""
    return where, _DIGITS.sub("#", "".join(line.plain.split()))


def _running_lines(pages: list[_Page]) -> dict[tuple[str, str], float]:
    """The margin lines printed at the same place on most pages (3 at least): key → their top."""
    if len(pages) < 3:
        return {}
    tops: dict[tuple[str, str], list[float]] = defaultdict(list)
    for page in pages:
        seen = set()
        for where, ln in page.margin_lines():
            key = _running_key(where, ln)
            if key not in seen:
                seen.add(key)
                tops[key].append(ln.top)
    need = max(3, -(-len(pages) * 3 // 5))
    out = {}
    for key, found in tops.items():
        at = median(found)
        if sum(abs(top - at) <= SAME_PLACE for top in found) >= need:
            out[key] = at
    return out


# ------------------------------------------------------------------ ruled tables


def _backgrounds(page) -> set[int]:
    """ids of the filled, unstroked boxes that are no ruling: every such box but a cell's
    background, which sits between vertical rulings that reach it."""
    boxes = [r for r in page.rects if not r.get("stroke") and min(r["width"], r["height"]) > RULE]
    if not boxes:
        return set()
    verticals = [((ln["x0"] + ln["x1"]) / 2, ln["top"], ln["bottom"]) for ln in page.lines if ln["width"] <= RULE]
    for r in page.rects:
        if r["width"] <= RULE:
            verticals.append(((r["x0"] + r["x1"]) / 2, r["top"], r["bottom"]))
        elif r.get("stroke"):
            verticals += [(r["x0"], r["top"], r["bottom"]), (r["x1"], r["top"], r["bottom"])]

    def ruled(x: float, y: float) -> bool:
        return any(abs(vx - x) <= SNAP and top <= y <= bottom for vx, top, bottom in verticals)

    out = set()
    for r in boxes:
        y = (r["top"] + r["bottom"]) / 2
        if not (ruled(r["x0"], y) and ruled(r["x1"], y)):
            out.add(id(r))
    return out


def _table_lines(table) -> list[str]:
    """One line per table row: a markdown row of its own cells (see the module docstring), or the
    text of a row that is one cell spanning the table."""
    rows = [[None if c is None else _cell_text(c) for c in row] for row in table.extract()]
    first_value = _first_value_column(rows)
    out = []
    for row in rows:
        filled = [c for c in row if c]
        if not filled:
            if sum(c is not None for c in row) >= 2:  # a row of blank cells (table 四 with every value blank)
                out.append(table_row([c for c in row if c is not None]))
            continue
        if len(filled) == 1 and row[0] and all(c is None for c in row[1:]):
            out.append(row[0])
        elif any(c and _is_value(c) for c in row[first_value:]):
            labels = [c for c in row[:first_value] if c]
            out.append(table_row(labels + [c for c in row[first_value:] if c is not None]))
        else:
            out.append(table_row([c for c in row if c is not None]))
    return out


def _first_value_column(rows: list[list[str | None]]) -> int:
    """The column the values start in: after the last column in which a row that prints values
    has a label, and after the columns a label cell of such a row spans (values are never merged
    cells) — not where the first value is printed: a row's first cells may be blank (2021 table
    二's 行政规范性文件 with only 现行有效件数 printed)."""
    valued = [row for row in rows if any(c and _is_value(c) for c in row)]
    if not valued:
        return 0
    printed = min(k for row in valued for k, c in enumerate(row) if c and _is_value(c))
    column = max((k + 1 for row in valued for k, c in enumerate(row[:printed]) if c), default=0)
    while column < printed and any(len(row) > column and row[column] is None for row in valued):
        column += 1
    return column


def _is_value(cell: str) -> bool:
    return cell_kind(cell) in ("number", "placeholder")


def _cell_text(cell: str) -> str:
    """A cell's lines joined with no separator (labels wrap inside cells), whitespace collapsed."""
    return " ".join("".join(cell.split("\n")).split())
