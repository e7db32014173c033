"""An HTML report page → the report text the label-driven reader takes.

Reports are often published as web pages: a CMS article (site chrome around it: banner, menus,
breadcrumbs, share and print buttons, footer) whose body is Word-generated HTML — ``<span>`` soup,
``<o:p>``, conditional comments — with the statistics in real ``<table>`` markup.
:func:`html_to_text` decodes the bytes (BOM, then the page's ``<meta>`` charset, then UTF-8, then
GB18030), parses them with lxml (which repairs broken markup), drops what is not page content
(script, style, head, comments, hidden elements, site chrome) and writes the rest in document
order: a block element (``<p>``, ``<div>``, ``<h1>``, ``<li>``, ``<br>`` …) starts a line, inline
text (``<span>``, ``<font>``, ``<a>``, ``<o:p>`` …) joins its line without a separator, and every
``<tr>`` becomes one markdown row (:func:`~pipeline.parse.inputs.table_row`) of the row's own cells
in document order — a position a rowspan from a row above covers is an empty cell (never a copy of
the spanning text), so every row of a group keeps its columns; a colspan stays one cell; an empty
cell stays an empty cell in its place. (Omitting the covered cells, as a copy from the browser
does, left 254 cells unread in 3,000 synthetic pages whose rows mix spanned and empty label cells;
keeping them, 79 — the tab text of the same reports leaves 72.)

Rows of a table nested in a cell follow the outer row; a row that only lays out a page (a lone
cell of paragraphs, a cell holding a table and paragraphs) is written as blocks. Chrome is told by
tag (``<nav>``, ``<header>``, ``<footer>``) and by id/class words (nav, menu, breadcrumb, footer,
header, share, print, toolbar, sidebar …), except on table parts and on an element that holds the
report's tables or its title (an ``article-header`` with the ``<h1>``, a ``printArea`` body).

:func:`table_grid` expands a table's rowspans and colspans into the rectangular grid (a covered
position is ``None``, never a copy of the spanning text); the text does not use it yet.

What belongs here: reading HTML — charset, markup, what is chrome, how blocks, inline text and
table rows are written. Not here: the shape of the text (:mod:`pipeline.parse.inputs`) and reading
tables out of it (:mod:`pipeline.parse.layout` and the table readers).
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from pipeline.parse.decoding import plausible
from pipeline.parse.inputs import InputRejected, table_row

# ------------------------------------------------------------------ charset

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_GB_LABELS = frozenset(
    ("gbk", "gb2312", "gb_2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
     "x-euc-cn", "csgb2312", "chinese", "iso-ir-58", "csiso58gb231280")
)  # fmt: skip
_UTF8_LABELS = frozenset(("utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"))
# declared by misconfigured servers and templates; a Chinese report is never in them
_IGNORED = frozenset(("ascii", "us-ascii", "latin-1", "latin1", "iso-8859-1", "iso8859-1", "windows-1252",
                      "cp1252", "l1", "utf-16", "utf-16le", "utf-16be", "utf-32", "unicode"))  # fmt: skip
# characters that never occur in a page (tab, LF, CR allowed; FF is dropped separately)
_STRIP_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _declared(data: bytes) -> str | None:
    """The codec the page declares in its first 4 KB (meta charset / http-equiv / xml declaration)."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    if label in _UTF8_LABELS:
        return "utf-8"
    if label in _IGNORED:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return None if name in _IGNORED else name


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", "replace")), "utf-8-bom"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", "replace")), "utf-16"
    declared = _declared(data)
    candidates = ["utf-8", "gb18030"]
    if declared and declared != "utf-8":
        # the declaration first — unless the bytes are valid UTF-8 with non-ASCII text in them: a
        # page that migrated to UTF-8 and kept its old gb2312 meta (GBK text is hardly ever UTF-8)
        candidates = [declared, "utf-8", "gb18030"] if data.isascii() else ["utf-8", declared, "gb18030"]
    for encoding in candidates:
        try:
            return _checked(data.decode(encoding)), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    # no strict reading: the encoding that leaves the fewest bad bytes, replaced (a truncated
    # character, a pasted fragment) — or, when many bytes are bad, not a page at all
    readings = []
    for encoding in candidates:
        try:
            text = data.decode(encoding, "replace")
        except LookupError:
            continue
        readings.append((text.count("\ufffd"), len(readings), text, encoding))
    _, _, text, encoding = min(readings)
    return _checked(text), encoding


def _checked(text: str) -> str:
    if not plausible(text):  # (the rule plain text files are held to)
        raise InputRejected("binary data, not an HTML page (control bytes or undecodable text)")
    return text


# ------------------------------------------------------------------ what is not content

_DROP_TAGS = frozenset(
    ("script", "style", "noscript", "title", "head", "nav", "header", "footer", "template", "xml", "iframe",
     "object", "embed", "svg", "canvas", "audio", "video", "select", "option", "button", "textarea", "input",
     "map", "frame", "frameset")
)  # fmt: skip
_CHROME = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|share|print|toolbar|sidebar", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# cells and rows keep their place whatever their class says ("header" cells are a table's head)
_TABLE_PARTS = frozenset(("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"))
# the text that marks an element as the report itself, whatever its class (an "article-header" with
# the title, a "printArea" holding the body): such an element is never dropped as chrome
_REPORT_WORDS = ("政府信息公开", "年度报告", "年报")
_BODY_MARKERS = ("第二十条", "本年新收", "本年度办理结果")
_TITLE_TAGS = ("h1", "h2", "h3")
_TITLE_WORDS = ("年度报告", "年报")


def _is_report_part(el) -> bool:
    """The element holds the report's tables or its title (a heading naming a 年度报告 / 年报)."""
    if any(m in el.text_content() for m in _BODY_MARKERS):
        return True
    titles = [h.text_content() for h in el.iter(*_TITLE_TAGS)]  # (el itself, when it is a heading)
    return any(w in t for t in titles for w in _TITLE_WORDS)


def _dropped(el, tag: str) -> bool:
    """Not page content: scripts, styles, head, hidden elements, site chrome (by tag, id or class)."""
    if tag in ("html", "body"):
        return False
    if tag in ("script", "style", "noscript", "title", "head", "template", "xml"):
        return True
    if el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
        return True
    chrome = tag in _DROP_TAGS or (
        tag not in _TABLE_PARTS and _CHROME.search(f"{el.get('id') or ''} {el.get('class') or ''}") is not None
    )
    return chrome and not _is_report_part(el)


# ------------------------------------------------------------------ lines

_BLOCK_TAGS = frozenset(
    ("address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
     "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "html",
     "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "ul", "caption", "thead", "tbody",
     "tfoot", "tr", "td", "th", "listing", "plaintext", "xmp", "noframes", "table")
)  # fmt: skip
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# a line break of the source between two CJK characters is no space (CSS segment-break rules)
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]*[\r\n]\s*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")  # (str patterns: U+00A0 and U+3000 are whitespace too)
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x0c]")
_CELL_SPACES = re.compile(r"[\u00a0\u3000]")


def _line(parts: list[str], cell: bool = False) -> str:
    s = _INVISIBLE.sub("", "".join(parts))
    if cell:
        s = _CELL_SPACES.sub("", s)
    s = _CJK_BREAK.sub("", s)
    return _SPACES.sub(" ", s).strip()


class _Writer:
    """Lines of text from a tree walk: block boundaries end the line being built."""

    def __init__(self, cell: bool = False, tables: bool = True) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []
        self.cell = cell  # a table cell's text: U+00A0 and U+3000 are nothing
        self.tables = tables  # nested tables written (False: a cell's own text, its tables left out)

    def end_line(self) -> None:
        if self.parts:
            line = _line(self.parts, self.cell)
            self.parts = []
            if line:
                self.lines.append(line)

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def walk(self, el) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # a comment or processing instruction the parser kept
            return
        tag = tag.lower()
        if _dropped(el, tag):
            return
        if tag == "br":
            self.end_line()
            return
        if tag == "table":
            self.end_line()
            if self.tables:
                self.lines.extend(_table_lines(el))
            return
        if tag in ("pre", "listing", "xmp", "plaintext"):
            self.end_line()
            for line in el.text_content().split("\n"):
                self.add(line)
                self.end_line()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.end_line()
        self.add(el.text)
        for child in el:
            self.walk(child)
            self.add(child.tail)  # (the tail is the parent's text, also after a dropped child)
        if block:
            self.end_line()

    def text(self) -> list[str]:
        self.end_line()
        return self.lines


# ------------------------------------------------------------------ tables


def _owner(el, tag: str):
    return next(el.iterancestors(tag), None)


def _own_rows(table) -> list:
    """The table's own ``<tr>`` in document order (not those of tables nested in its cells)."""
    return [tr for tr in table.iter("tr") if _owner(tr, "table") is table]


def _own_cells(tr) -> list:
    return [c for c in tr.iter("td", "th") if _owner(c, "tr") is tr]


def _cell_text(cell) -> str:
    """A cell's text: all of it (tables nested in it aside) joined with no separator."""
    w = _Writer(cell=True, tables=False)
    w.add(cell.text)
    for child in cell:
        w.walk(child)
        w.add(child.tail)
    return "".join(w.text())


def _flow_lines(el, tables: bool = True) -> list[str]:
    w = _Writer(tables=tables)
    w.add(el.text)
    for child in el:
        w.walk(child)
        w.add(child.tail)
    return w.text()


def _is_layout_row(cells: list) -> bool:
    """A row that lays out a page rather than holding data: a cell with both a table and more than
    one line of its own, or a lone cell holding paragraphs (an old site's article in a table)."""
    for c in cells:
        if c.find(".//table") is not None and len(_flow_lines(c, tables=False)) > 1:
            return True
    if len(cells) == 1:
        lines = _flow_lines(cells[0]) if cells[0].find(".//table") is None else []
        return len(lines) > 1 and sum(map(len, lines)) > 150
    return False


def _table_lines(table) -> list[str]:
    """One markdown row per ``<tr>`` (its own cells, in order); the rows of a table nested in a
    cell follow the row. A layout row (a page laid out in a table) is written as blocks instead."""
    if _dropped(table, "table"):
        return []
    lines: list[str] = []
    for cap in table.iter("caption"):
        if _owner(cap, "table") is table:
            lines.extend(_flow_lines(cap))
    below: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for tr in _own_rows(table):
        if _dropped(tr, "tr"):
            continue
        cells = [c for c in _own_cells(tr) if not _dropped(c, c.tag)]
        if not cells:
            continue
        if _is_layout_row(cells):
            for c in cells:
                lines.extend(_flow_lines(c))
            continue
        lines.append(table_row(_with_covered(cells, below)))
        for c in cells:
            for inner in c.iter("table"):
                if _owner(inner, "table") is table:  # (a table inside it follows its own rows)
                    lines.extend(_table_lines(inner))
    return lines


_MAX_SPAN = 1000


def _with_covered(cells: list, below: dict[int, int]) -> list[str]:
    """The row's cells, with an empty cell where a cell of a row above spans down into it (so every
    row of a rowspan group keeps its columns in place); a colspan stays one cell."""
    out: list[str] = []
    col = 0

    def covered() -> None:
        nonlocal col
        while below.get(col, 0) > 0:
            out.append("")
            below[col] -= 1
            col += 1

    for c in cells:
        covered()
        out.append(_cell_text(c))
        span, down = _span(c, "colspan"), _span(c, "rowspan")
        for k in range(span):
            if down > 1:
                below[col + k] = down - 1
        col += span
    covered()
    return out


def _span(cell, name: str) -> int:
    raw = (cell.get(name) or "").strip()
    m = re.match(r"\d+", raw)
    n = int(m.group()) if m else 1
    return min(n, _MAX_SPAN) if n > 0 or name == "rowspan" else 1


def table_grid(table) -> list[list[str | None]]:
    """The table as a rectangular grid: rows × columns, each position the text of the cell that
    starts there (as :func:`html_to_text` writes it: ``""`` for an empty cell) or ``None`` where no
    cell starts — covered by a rowspan or colspan (never a copy of the spanning text), or past the
    end of a short row. rowspan=0 spans to the last row; spans past the last row are cut."""
    rows = _own_rows(table)
    n = len(rows)
    grid: list[dict[int, str | None]] = [{} for _ in range(n)]
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in _own_cells(tr):
            while c in grid[r]:
                c += 1
            rowspan = _span(cell, "rowspan") or n - r  # 0: to the end
            colspan = _span(cell, "colspan")
            for dr in range(min(rowspan, n - r)):
                for dc in range(colspan):
                    grid[r + dr].setdefault(c + dc, None)
            grid[r][c] = _cell_text(cell)
            c += colspan
            width = max(width, c)
        width = max(width, max(grid[r], default=-1) + 1)
    return [[row.get(c) for c in range(width)] for row in grid]


# ------------------------------------------------------------------ the page


def html_to_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of an HTML report page; raises InputRejected(reason) when the page holds no report text."""
    if not data or not data.strip():
        raise InputRejected("empty HTML page")
    text, encoding = _decode(data)
    text = _STRIP_CONTROL.sub(" ", text)
    if not text.strip():
        raise InputRejected("empty HTML page")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
        lines = _page_lines(root)
    except InputRejected:
        raise
    except (etree.LxmlError, ValueError, RecursionError) as exc:
        raise InputRejected(f"HTML that cannot be read: {type(exc).__name__}: {exc}") from exc
    out = "\n".join(lines)
    if not out.strip():
        raise InputRejected("HTML page with no text")
    if not any(w in out for w in _REPORT_WORDS):
        raise InputRejected("HTML page with no report text (no 政府信息公开 / 年度报告 / 年报 in it)")
    return out + "\n", encoding


def _page_lines(root) -> list[str]:
    w = _Writer()
    w.walk(root)
    return w.text()
