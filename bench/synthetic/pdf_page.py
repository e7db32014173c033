"""A synthetic report as the PDF a body would publish: :func:`to_pdf`, and a scan: :func:`scan_pdf`.

Many reports are published as PDF exports of a Word/WPS document. The PDF is drawn from the
report's text with reportlab (BSD) in its built-in CID font STSong-Light (no font file: the
reader sees the characters through the font's Unicode CMap, as with any CJK PDF), so the truth of
the item (its cells, agency, year) holds for the PDF as it is.

The text must print its tables with TAB-separated rows (generate with ``layouts=["tab"]``; a
ValueError otherwise). The tables get the template's real structure, the same cells the web page
of :mod:`bench.synthetic.html_page` has (:func:`~bench.synthetic.html_page.merged_cells`):
header labels spanning the columns and rows they head, table 三's group labels spanning their
rows — as the word processor's table a PDF is drawn from has them, not as the text's exporter
flattened them (:func:`_as_drawn`: every header over the columns it heads, row labels spanning
the label columns, no empty column the exporter added before the labels). Every value cell of
the text is a cell of the PDF in its place, a blank one empty; a cell's lines are aligned alike
(a paragraph's alignment: a label's wrapped line that is only 、 or ） starts where its others do).

Per report, the seeded dice choose (``truth.deviations`` gains the ``PDF_VARIANTS`` it used):

- **ruled** tables (every cell's border drawn) or **unruled** (text only, the columns by x
  position, as a table whose borders were switched off);
- A4 pages: the narrative wraps at the page width and breaks onto the next page, a table that
  does not fit continues on the next one (a merged cell cut by the break is drawn on both pages,
  its text on the larger part);
- a page number at the foot (``- 3 -``, ``第 3 页 共 5 页``, ``3/5`` …) and, in documents of three
  pages or more, a running header (the title, small, at the head of every page);
- text sizes, top or middle vertical alignment in cells, numbers centred or right-aligned, label
  columns narrow enough that the long template labels wrap to two or more lines in their cell.

A small share of the PDFs are scans (:func:`scan_pdf`: every page one image, no text layer); the
reader must reject them ("scanned PDF: no text layer (needs OCR)").

:func:`pdf_items` turns a generated corpus into PDFs (``.pdf`` file names, truth unchanged):
``python -m bench.accuracy --format pdf``.

What belongs here: turning a generated text report into its PDF. Not here: generating the report
(:mod:`bench.synthetic`), the table structure (:mod:`bench.synthetic.html_page`), reading PDFs
(:mod:`pipeline.parse.pdf`), measuring (:mod:`bench.accuracy`).
"""

from __future__ import annotations

import dataclasses
import io
import random
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from bench.synthetic.html_page import Cell, dropped, header_rows, is_label, merged_cells, tab_report_text
from pipeline import vocabulary as V

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
SIDE = 62.0  # left and right page margin (pt)
TOP = 72.0  # the body starts this far below the page's head
FOOT = 76.0  # and ends this far above its foot (page number and header sit outside)
PAD = 3.0  # cell padding (pt)
LEADING = 1.3  # line height in cells, times the font size
SCAN_SHARE = 0.02  # of the PDFs of a corpus: scans (image only)
RULED_SHARE = 0.8  # tables drawn with their borders (the template is a ruled table; so are all real PDFs we hold)
PDF_VARIANTS = ("pdf_ruled", "pdf_unruled", "pdf_multipage", "pdf_running_header", "pdf_wrapped_labels", "pdf_scan")
_PAGE_NUMBERS = ("- {p} -", "—{p}—", "第 {p} 页", "第 {p} 页 共 {n} 页", "{p}/{n}", "{p}")

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


class _Style(NamedTuple):
    ruled: bool
    body_size: float
    table_size: float
    middle: bool  # cell text vertically centred (else at the top of the cell)
    right_numbers: bool  # numbers right-aligned in their cell (else centred)
    indent: bool  # paragraphs indented by two characters
    page_number: str  # a _PAGE_NUMBERS format
    header: bool  # running header wanted (drawn in documents of 3 pages or more)
    label_chars: float  # the leaf label column at most, in characters of the table font
    group_chars: float  # the group label columns at most (三、本年度办理结果 wraps in them)


def _style(rng: random.Random) -> _Style:
    return _Style(
        ruled=rng.random() < RULED_SHARE,
        body_size=rng.choice((10.5, 12.0, 12.0, 14.0)),
        table_size=rng.choice((9.0, 9.0, 10.5)),
        middle=rng.random() < 0.6,
        right_numbers=rng.random() < 0.3,
        indent=rng.random() < 0.7,
        page_number=rng.choice(_PAGE_NUMBERS),
        header=rng.random() < 0.4,
        label_chars=rng.choice((11.0, 12.0, 13.0)),  # (the real PDFs: 11–13; longer labels wrap)
        group_chars=rng.choice((2.0, 4.0, 6.0)),
    )


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


# ====================================================================== the document
def to_pdf(item, rng: random.Random, ruled: bool | None = None) -> tuple[bytes, tuple[str, ...]]:
    """(the PDF of a tab-layout synthetic report, the PDF_VARIANTS it shows); ValueError for another
    layout. ``ruled``: draw the tables with / without borders (None: the dice choose)."""
    text = tab_report_text(item, "to_pdf")
    style = _style(rng)
    if ruled is not None:
        style = style._replace(ruled=ruled)
    flow = _Flow(style)
    printed = {(c.row_code, c.column_code): c.raw for c in item.cells if c.table_code == V.REVIEW_LITIGATION}
    review = [printed.get((r, c), "") for r in V.REVIEW_ROW_CODES for c in V.REVIEW_COLUMN_CODES]
    _lay_out(flow, text.split("\n"), style, rng, review)
    pages = flow.finish()
    title = f"{item.truth.agency}{item.truth.year}年政府信息公开工作年度报告"
    header = style.header and len(pages) >= 3  # (fewer pages: no reader can tell a header from text)
    variants = ["pdf_ruled" if style.ruled else "pdf_unruled"]
    variants += ["pdf_multipage"] * (len(pages) > 1 and flow.table_cut) + ["pdf_running_header"] * header
    variants += ["pdf_wrapped_labels"] * flow.wrapped
    return _draw(pages, style, title if header else None), tuple(variants)


def pdf_items(items: Iterable, seed: int, scan_share: float = SCAN_SHARE) -> Iterator:
    """Each item with its PDF as ``data`` (a scan for ``scan_share`` of them), ``.pdf`` as its file
    suffix and the PDF variants added to ``truth.deviations`` (cells as they were)."""
    rng = random.Random(f"synthetic-pdf/{seed}")
    for item in items:
        name = item.source_file.rsplit(".", 1)[0] + ".pdf"
        if rng.random() < scan_share:
            data, variants = scan_pdf(rng), ("pdf_scan",)
        else:
            data, variants = to_pdf(item, rng)
        truth = dataclasses.replace(item.truth, deviations=item.truth.deviations + variants)
        yield dataclasses.replace(item, source_file=name, data=data, truth=truth)


def is_scan(item) -> bool:
    return "pdf_scan" in item.truth.deviations


def _lay_out(flow: _Flow, lines: list[str], style: _Style, rng: random.Random, review: list[str]) -> None:
    """The report's lines as paragraphs and, for each run of TAB lines, a table (``review``: table
    四's printed cells, :func:`_as_drawn`)."""
    i = 0
    first_block = True
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and (
                "\t" in lines[j] or (lines[j].strip() and j + 1 < len(lines) and "\t" in lines[j + 1])
            ):
                j += 1
            _table_run(flow, lines[i:j], style, rng, review)
            i = j
            continue
        line = lines[i].strip()
        if not line:
            flow.skip(style.body_size * 0.6)
            first_block = first_block and i == 0
        elif first_block and len(line) <= 40 and not any(m in line for m in (">", "：", ":")):
            flow.paragraph(line, style.body_size + 4, centred=True)  # a title line
        else:
            heading = line[:2].rstrip("、") in "一二三四五六七八九十" and "、" in line[:3]
            flow.paragraph(line, style.body_size, indent=style.indent and not heading)
        i += 1


# ====================================================================== tables
def _table_run(flow: _Flow, group: list[str], style: _Style, rng: random.Random, review: Sequence[str] = ()) -> None:
    """A run of table lines (TAB rows, and the odd line without TAB between them: a page number,
    分享) → table parts with a paragraph between them, as the web page has them, drawn as the word
    processor's table (:func:`_as_drawn`; ``review``: table 四's 15 printed cells)."""
    rows: list[list[str]] = []
    breaks: dict[int, list[str]] = {}
    for line in group:
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            breaks.setdefault(len(rows), []).append(line.strip())
    segment, part = [], 0
    for i in range(len(rows)):
        part += i in breaks
        segment.append(part)
    merge_headers = rng.random() < 0.8
    rng.random()  # (the web page's dice for merging label cells: a drawn table has the template's merges;
    # a row label one character a line beside two empty label cells is a web page's, not a Word table's)
    _, _, data_start = header_rows(rows)
    drop = data_start is not None and dropped(rows, data_start)  # (told by the rows as printed)
    cells = merged_cells(_as_drawn(rows, review), segment, merge_headers, True, drop)
    cuts = [i for i in range(1, len(rows)) if segment[i] != segment[i - 1]]
    parts = list(pairwise([0, *cuts, len(rows)]))
    placed = [_place(cells[a:b]) for a, b in parts]
    # a line between a table's rows (a web page's 分享, a page number) splits it in two, as Word
    # splits a table: both parts keep the table's column widths
    widths = _column_widths([p for part in placed for p in part], style)
    for (a, _), part in zip(parts, placed, strict=True):
        for line in breaks.get(a, []):
            flow.paragraph(line, style.body_size)
        flow.table(part, widths)
    for line in breaks.get(len(rows), []):
        flow.paragraph(line, style.body_size)


def _as_drawn(rows: list[list[str]], review: Sequence[str]) -> list[list[str]]:
    """The text's table rows as the word processor's table a PDF is drawn from has them, where the
    text's exporter (and a browser showing its web page) has other cells:

    - a header row printed without the cells merged into it from above (the exporter left them
      out) starts at its first header; in the table it ends where the other header rows end;
    - an empty cell before every data row's label (the exporter's convention) is no column of the
      table — table 四's one data row shows it only against its printed cells, ``review``.

    (A row label followed by the empty cells of the label columns spans them: merge_labels.)
    """
    kind, header, data_start = header_rows(rows)
    out = [list(r) for r in rows]
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and header[j]:
            j += 1
        if j > i:
            width = max(len(r) for r in out[i:j])
            out[i:j] = [[""] * (width - len(r)) + r for r in out[i:j]]
        i = j + 1
    data = [k for k, h in enumerate(header) if not h]
    lead = 0
    if kind == "applications" and data_start is not None:
        lead = int(not out[data_start][0].strip())  # (一、 is the first label of its row)
    elif kind == "disclosure" and data:
        lead = int(all(not out[k][0].strip() for k in data))  # (every row of table 二 has its label)
    elif kind == "review" and len(review) == 15 and data:
        row = out[data[0]]
        fits = [p for p in range(len(row) - 14) if row[p : p + 15] == list(review) and not any(row[:p] + row[p + 15 :])]
        lead = min(fits, default=0)
    return [r[lead:] if k in data else r for k, r in enumerate(out)]


class _Placed(NamedTuple):
    row: int
    col: int
    cell: Cell


def _place(rows: list[list[Cell]]) -> list[_Placed]:
    """Each cell at its grid position, as a browser places a table's cells (a position covered by a
    span from above is skipped)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            span = min(cell.rowspan, len(rows) - r)
            out.append(_Placed(r, c, cell._replace(rowspan=span)))
            taken.update((r + dr, c + dc) for dr in range(span) for dc in range(cell.colspan))
            c += cell.colspan
    return out


def _is_number(text: str) -> bool:
    return bool(text.strip()) and not is_label(text)


def _column_widths(placed: list[_Placed], style: _Style) -> list[float]:
    """Widths filling the text width: the last column of labels (the leaf labels) as wide as its
    widest label up to ``label_chars`` characters, the first (the group labels, printed over many
    rows) up to ``group_chars``, a column between them 7.5 (（三）不予公开 fits) — longer labels
    wrap; the other columns as wide as their numbers, at least two characters, header words
    wrapping. Stretched to the text width, or the label columns shrunk to fit."""
    size = style.table_size
    ncols = max(p.col + p.cell.colspan for p in placed)
    labels = {p.col for p in placed if p.cell.colspan == 1 and not p.cell.header and is_label(p.cell.text)}
    want = [2.2 * size] * ncols
    for p in placed:
        text = p.cell.text.strip()
        if p.cell.colspan != 1 or not text:
            continue
        w = _width(text, size) + 2 * PAD
        if p.col in labels:  # leaf labels / group labels / the sub-groups between (（三）不予公开 fits)
            chars = style.label_chars if p.col == max(labels) else style.group_chars if p.col == min(labels) else 7.5
            w = min(w, chars * size + 2 * PAD)
        elif is_label(text):  # a header word: wraps
            w = min(w, 4.2 * size + 2 * PAD)
        want[p.col] = max(want[p.col], w)
    avail = PAGE_W - 2 * SIDE
    fixed = sum(w for k, w in enumerate(want) if k not in labels)
    flexible = sum(want[k] for k in labels)
    if sum(want) > avail and flexible and avail - fixed > 4 * size * len(labels):
        scale = (avail - fixed) / flexible
        return [w * scale if k in labels else w for k, w in enumerate(want)]
    scale = avail / sum(want)
    return [w * scale for w in want]


def _lines_of(cell: Cell, width: float, size: float) -> tuple[list[str], float]:
    """(the text lines of a cell, the font size): labels wrap to the cell's width, a number keeps
    to one line (smaller if it must)."""
    text = " ".join(cell.text.split())
    if not text:
        return [], size
    if _is_number(text):
        while size > 5 and _width(text, size) > width - 2 * PAD:
            size -= 0.5
        return [text], size
    return _wrap(text, width - 2 * PAD, size), size


def _wrap(text: str, width: float, size: float, first: float | None = None) -> list[str]:
    """Greedy wrap (the first line ``first`` wide, if given); a run of ASCII letters or digits is
    never cut (Word keeps a number together)."""
    units: list[str] = []
    for ch in text:
        if units and ch.isascii() and ch not in " " and units[-1][-1:].isascii() and units[-1][-1:] not in " ":
            units[-1] += ch
        else:
            units.append(ch)
    lines = [""]
    for u in units:
        if lines[-1] and _width(lines[-1] + u, size) > (first if first is not None and len(lines) == 1 else width):
            lines.append(u.lstrip())
        else:
            lines[-1] += u
    return [ln for ln in lines if ln]


# ====================================================================== pages
class _Op(NamedTuple):
    kind: str  # "text" | "box"
    x: float
    top: float  # from the head of the page
    text: str = ""
    size: float = 0.0
    w: float = 0.0
    h: float = 0.0


class _Flow:
    """Lays text and tables out top to bottom over A4 pages: a list of drawing operations a page."""

    def __init__(self, style: _Style) -> None:
        self.style = style
        self.pages: list[list[_Op]] = [[]]
        self.y = TOP
        self.bottom = PAGE_H - FOOT
        self.table_cut = False  # a table continued on the next page
        self.wrapped = False  # a label cell printed on two lines or more

    def finish(self) -> list[list[_Op]]:
        return [p for p in self.pages if p]

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def skip(self, h: float) -> None:
        if self.y > TOP:
            self.y += h

    def paragraph(self, text: str, size: float, indent: bool = False, centred: bool = False) -> None:
        width = PAGE_W - 2 * SIDE
        lead = 2 * size if indent else 0.0
        lines = _wrap(text, width, size, first=width - lead)  # the first line indented
        for k, line in enumerate(lines):
            if self.y + size * 1.6 > self.bottom:
                self._new_page()
            x = SIDE + (lead if k == 0 else 0.0)
            if centred:
                x = (PAGE_W - _width(line, size)) / 2
            self.pages[-1].append(_Op("text", x, self.y + size, line, size))
            self.y += size * 1.6

    def table(self, placed: list[_Placed], widths: list[float] | None = None) -> None:
        style = self.style
        widths = widths or _column_widths(placed, style)
        xs = [SIDE]
        for w in widths:
            xs.append(xs[-1] + w)
        nrows = max(p.row + p.cell.rowspan for p in placed)
        laid = {}
        height = [0.0] * nrows
        for p in placed:
            lines, size = _lines_of(p.cell, xs[p.col + p.cell.colspan] - xs[p.col], style.table_size)
            self.wrapped |= len(lines) > 1 and not p.cell.header and is_label(p.cell.text)
            laid[p] = (lines, size)
            need = len(lines) * size * LEADING + 2 * PAD
            last = p.row + p.cell.rowspan - 1
            height[last] = max(height[last], need - sum(height[p.row : last]), style.table_size * LEADING + 2 * PAD)
        tops = self._paginate(height)
        for p in placed:
            self._cell(p, laid[p], xs, tops, height)
        self.y = tops[-1][1] + height[-1] + style.body_size

    def _paginate(self, height: list[float]) -> list[tuple[int, float]]:
        """(page, top) of each row: a row that does not fit goes to the next page."""
        tops = []
        for k, h in enumerate(height):
            if self.y + h > self.bottom:
                self._new_page()
                self.table_cut |= k > 0
            tops.append((len(self.pages) - 1, self.y))
            self.y += h
        return tops

    def _cell(self, p: _Placed, laid: tuple[list[str], float], xs, tops, height) -> None:
        """A cell: one box per page it spans (ruled), its text in the largest of them."""
        x0, x1 = xs[p.col], xs[p.col + p.cell.colspan]
        parts: dict[int, list[float]] = {}
        for r in range(p.row, p.row + p.cell.rowspan):
            page, top = tops[r]
            part = parts.setdefault(page, [top, 0.0])
            part[1] += height[r]
        for page, (top, h) in parts.items():
            if self.style.ruled:
                self.pages[page].append(_Op("box", x0, top, w=x1 - x0, h=h))
        lines, size = laid
        if not lines:
            return
        page, (top, h) = max(parts.items(), key=lambda kv: kv[1][1])
        lead = size * LEADING
        while size > 5 and len(lines) * lead + 2 * PAD > h:  # (a merged cell cut short by the page break)
            size -= 0.5
            lead = size * LEADING
        y = top + PAD + ((h - 2 * PAD - len(lines) * lead) / 2 if self.style.middle else 0.0)
        number = _is_number(p.cell.text)  # (a paragraph's alignment: a label's line 、 or ） is no number)
        for k, line in enumerate(lines):
            w = _width(line, size)
            if number:
                x = x1 - PAD - w if self.style.right_numbers else (x0 + x1 - w) / 2
            elif p.cell.header:
                x = (x0 + x1 - w) / 2
            else:
                x = x0 + PAD
            self.pages[page].append(_Op("text", x, y + (k + 1) * lead - (lead - size) / 2 - size * 0.12, line, size))


def _draw(pages: list[list[_Op]], style: _Style, header: str | None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setLineWidth(0.6)
    n = len(pages)
    for k, ops in enumerate(pages, 1):
        for op in ops:
            if op.kind == "box":
                c.rect(op.x, PAGE_H - op.top - op.h, op.w, op.h, stroke=1, fill=0)
            else:
                c.setFont(FONT, op.size)
                c.drawString(op.x, PAGE_H - op.top, op.text)
        if header:
            c.setFont(FONT, 9)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 40, header)
        c.setFont(FONT, 10.5)
        c.drawCentredString(PAGE_W / 2, 40, style.page_number.format(p=k, n=n))
        c.showPage()
    c.save()
    return buf.getvalue()


# ====================================================================== a scan
def scan_pdf(rng: random.Random) -> bytes:
    """A scanned report: 1–4 pages, each one grey-scale image of text lines and a ruled table,
    and no text layer at all."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for _ in range(rng.randint(1, 4)):
        img = Image.new("L", (620, 877), 248)
        draw = ImageDraw.Draw(img)
        y = 60
        while y < 800:
            if rng.random() < 0.25:  # a table
                rows, cols = rng.randint(3, 8), rng.randint(4, 9)
                for r in range(rows + 1):
                    draw.line((50, y + 18 * r, 570, y + 18 * r), fill=40)
                for k in range(cols + 1):
                    x = 50 + 520 * k // cols
                    draw.line((x, y, x, y + 18 * rows), fill=40)
                y += 18 * rows + 20
                continue
            x = 50 + (24 if rng.random() < 0.6 else 0)
            draw.rectangle((x, y, rng.randint(300, 570), y + 8), fill=rng.randint(60, 110))  # a line of print
            y += 22
        c.drawImage(ImageReader(img), 0, 0, PAGE_W, PAGE_H)
        c.showPage()
    c.save()
    return buf.getvalue()
