"""A synthetic report as the web page a portal would publish: :func:`to_html`.

Reports are published as CMS article pages as often as text files: site chrome (header, ``<nav>``
menu, breadcrumb, share and print links, footer) around a Word-generated body — ``<p>`` and
``<div>`` paragraphs cut into ``<span>`` / ``<font>`` pieces, the three tables as real ``<table>``
markup with the template's merged cells — and, before the title, the metadata box of a disclosure
page (索引号 / 发布机构 / 发布日期). The page is built from the report's text, so the truth of the
item (its cells, agency, year) holds for the page as it is.

The text must print its tables with TAB-separated rows: generate the items with
``layouts=["tab"]`` (:func:`to_html` raises ValueError for an item with another table layout).
Each run of TAB lines becomes one ``<table>``, each line a ``<tr>``, each cell a ``<td>`` — except
the cells the template merges: in table 三 a group label (三、本年度办理结果, （三）不予公开 …)
that the text prints once, with an empty cell under it on the following rows (or no cell, when the
exporter left merged cells out), becomes one ``<td rowspan=N>`` and the cells it covers are left
out of the following rows. The empty label cells after a label that the template merges with it
(（一）予以公开 over the leaf column, 一、本年新收… over all three) are spanned with ``colspan`` on
half the pages and stay empty cells on the others (always spanned where the text left them out).
In the header rows a label followed by empty cells (申请人情况, 行政诉讼, 第二十条第（一）项 …) spans
them with ``colspan`` on most pages (and, where the header rows are a full grid, an empty cell
under a label is covered by its ``rowspan``). Every value cell of the text is a cell of the page
in its place, a blank one blank (written as ``<td></td>``, ``&nbsp;``, ``<p>&nbsp;</p>`` or an
empty ``<span>``). A line without TAB inside a table (a page number, 分享) closes the table part
and is a paragraph between two tables; a group label cut by it is continued in the next part by
an empty cell spanning the rest of its rows.

:func:`html_items` turns a generated corpus into pages (``.html`` file names, truth unchanged):
``python -m bench.accuracy --format html``.

Encoding: 70 % UTF-8 (``<meta charset="utf-8">``), 30 % GBK — written as GB18030 and declared
``charset=gb2312``, as portals do.

What belongs here: turning a generated text report into its page. Not here: generating the report
(:mod:`bench.synthetic`), reading pages (:mod:`pipeline.parse.html`), measuring
(:mod:`bench.accuracy`).
"""

from __future__ import annotations

import dataclasses
import html
import random
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from pipeline.parse.decoding import DecodeError, decode

GBK_SHARE = 0.3
_PLACEHOLDERS = frozenset(("-", "—", "/", "无", "－", "——"))
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SLOT_PATTERNS = (
    re.compile(r"^[一二三四五六七八九十]+、"),  # 三、本年度办理结果 (group)
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),  # （三）不予公开 (sub-group)
    re.compile(r"^\d"),  # 1.属于国家秘密 (leaf)
)
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_NUMBER = re.compile(r"^[+\-]?[\d０-９][\d０-９,.]*$")

_BLANK_CELLS = ("", "&nbsp;", "<p>&nbsp;</p>", "<span></span>")
_FONTS = ("仿宋_GB2312", "仿宋", "宋体", "微软雅黑", "FangSong_GB2312")
_NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进本地", "专题专栏")


class Cell(NamedTuple):
    """A table cell as the page (or a PDF, :mod:`bench.synthetic.pdf_page`) prints it."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


# ====================================================================== the page
def tab_report_text(item, renderer: str) -> str:
    """The text of a tab-layout synthetic report, decoded, one newline per line, no page breaks —
    what the HTML and PDF renderers lay out (ValueError for another layout or undecodable bytes)."""
    layouts = set(item.truth.table_layouts.values())
    if layouts != {"tab"}:
        raise ValueError(f"{item.source_file}: tables in {sorted(layouts)}; {renderer} needs layouts=['tab']")
    decoded = decode(item.data)
    if isinstance(decoded, DecodeError):
        raise ValueError(f"{item.source_file}: {decoded.message}")
    return decoded.text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")


def to_html(item, rng: random.Random) -> bytes:
    """The web page of a tab-layout synthetic report (ValueError for another layout)."""
    text = tab_report_text(item, "to_html")
    body = "\n".join(_body(text.split("\n"), rng))
    gbk = rng.random() < GBK_SHARE
    charset = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' if gbk else '<meta charset="utf-8">'
    )
    page = _page(item.truth, body, charset, rng)
    return page.encode("gb18030" if gbk else "utf-8", errors="xmlcharrefreplace")


def html_items(items: Iterable, seed: int) -> Iterator:
    """Each item with its page as ``data`` and ``.html`` as its file suffix (truth and cells as they were)."""
    rng = random.Random(f"synthetic-html/{seed}")
    for item in items:
        name = item.source_file.rsplit(".", 1)[0] + ".html"
        yield dataclasses.replace(item, source_file=name, data=to_html(item, rng))


def _page(truth, body: str, charset: str, rng: random.Random) -> str:
    site = f"{truth.city or truth.province}人民政府"
    year = truth.year
    published = truth.published_on or f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    index_no = f"{rng.randint(10**10, 10**11 - 1)}/{year + 1}-{rng.randint(1, 99999):05d}"
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(_NAV))
    meta_rows = (("索引号", index_no), ("发布机构", truth.agency), ("发布日期", published))
    if rng.random() < 0.5:
        meta = "".join(f"<tr><td>{k}：</td><td>{html.escape(v)}</td></tr>" for k, v in meta_rows)
    else:
        meta = "".join(f'<tr><th width="15%">{k}</th><td>{html.escape(v)}</td></tr>' for k, v in meta_rows)
    top = (
        f'<div class="header"><div class="logo"><a href="/">{site}</a></div></div>'
        if rng.random() < 0.5
        else f'<header><a href="/">{site}</a><span>无障碍</span><span>繁體版</span></header>'
    )
    foot = (
        f"<footer><p>主办单位：{site}办公室</p><p>ICP备{rng.randint(10**7, 10**8 - 1)}号</p></footer>"
        if rng.random() < 0.5
        else f'<div class="footer">主办：{site}办公室 网站标识码：{rng.randint(10**9, 10**10 - 1)}</div>'
    )
    return "\n".join(
        (
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            charset,
            f"<title>{html.escape(truth.agency)}{year}年政府信息公开工作年度报告_{site}</title>",
            '<link rel="stylesheet" href="/css/article.css">',
            "<style>.TRS_Editor p{line-height:2;margin:0}</style>",
            f'<script type="text/javascript">var websiteId = "{rng.randint(1000, 9999)}";</script>',
            "</head>",
            "<body>",
            top,
            f'<nav class="main-nav"><ul>{nav}</ul></nav>',
            '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>'
            ' &gt; <a href="/zwgk/ndbg/">年度报告</a></div>',
            '<div class="main-content">',
            f'<table class="xxgk-info" border="1" cellspacing="0">{meta}</table>',
            '<div class="TRS_Editor" id="zoom">',
            body,
            "</div>",
            '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>',
            '<div class="print-bar"><a href="javascript:window.print()">【打印本页】</a>'
            ' <a href="javascript:window.close()">【关闭窗口】</a></div>',
            "</div>",
            foot,
            '<script type="text/javascript">document.getElementById("zoom").style.fontSize = "16px";</script>',
            "</body>",
            "</html>",
            "",
        )
    )


# ====================================================================== narrative
def _body(lines: list[str], rng: random.Random) -> list[str]:
    """The report's text as HTML blocks: paragraphs, and a table for each run of TAB lines."""
    out: list[str] = []
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip() or "\t" in line:  # (a row of empty cells is a table line)
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    title_done = False
    for group in groups:
        if not group:
            continue
        if any("\t" in line for line in group):
            out.extend(_table_run(group, rng))
        else:
            for line in group:
                is_title = not title_done and "年度报告" in line and ">" not in line and not line.startswith("发布")
                title_done = title_done or is_title
                out.append(_block(line, rng, is_title))
        if rng.random() < 0.3:
            out.append("<p>&nbsp;</p>")
    return out


def _block(line: str, rng: random.Random, title: bool = False) -> str:
    r = rng.random()
    if title:
        if r < 0.6:
            return f"<h1>{_inline(line, rng, 2)}</h1>"
        return f'<p align="center"><strong><span style="font-size:22pt">{html.escape(line)}</span></strong></p>'
    if _HEADING.match(line.strip()) and len(line) < 40:
        if r < 0.3:
            return f"<h3>{html.escape(line)}</h3>"
        if r < 0.7:
            return f'<p style="text-indent:2em"><strong>{_inline(line, rng, 2)}</strong></p>'
    inner = _inline(line, rng, 4)
    if rng.random() < 0.3:
        inner = "&nbsp;" * 4 + inner
    if rng.random() < 0.3:
        inner += "<o:p></o:p>"
    if r < 0.2:
        return f"<div>{inner}</div>"
    if r < 0.35:
        return f'<p class="MsoNormal" style="text-indent:32pt;line-height:28pt">{inner}</p>'
    return f'<p style="text-indent:2em">{inner}</p>'


def _inline(text: str, rng: random.Random, most: int) -> str:
    """The text escaped, cut into up to ``most`` inline pieces (``<span>`` / ``<font>``), as Word writes it."""
    k = rng.randint(1, most) if len(text) > 1 else 1
    cuts = sorted(rng.sample(range(1, len(text)), k - 1)) if k > 1 and len(text) > k else []
    pieces = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)])]
    out = []
    for p in pieces:
        s = html.escape(p, quote=False)
        r = rng.random()
        if r < 0.45:
            out.append(f'<span style="font-family:{rng.choice(_FONTS)};font-size:16pt">{s}</span>')
        elif r < 0.6:
            out.append(f'<font face="{rng.choice(_FONTS)}">{s}</font>')
        elif r < 0.7:
            out.append(f'<span lang="EN-US">{s}</span>')
        else:
            out.append(s)
    return "".join(out)


# ====================================================================== tables
def is_label(cell: str) -> bool:
    s = cell.strip()
    return bool(s) and s not in _PLACEHOLDERS and _CJK.search(s) is not None


def _norm(cell: str) -> str:
    return "".join(cell.split())


def _slot(label: str) -> int | None:
    s = _norm(label)
    return next((j for j, p in enumerate(_SLOT_PATTERNS) if p.match(s)), None)


def _table_kind(rows: list[list[str]]) -> str:
    cells = [_norm(c) for row in rows for c in row]
    if any("勾稽关系" in c or "本年新收" in c or "本年度办理结果" in c for c in cells):
        return "applications"
    if any(c in ("行政复议", "行政诉讼") or "复议后起诉" in c or "未经复议" in c for c in cells):
        return "review"
    if any(c.startswith("第二十条") or c == "信息内容" for c in cells):
        return "disclosure"
    return "other"


def _table_run(group: list[str], rng: random.Random) -> list[str]:
    """A run of table lines (TAB rows, and the odd line without TAB between them) → HTML blocks."""
    rows: list[list[str]] = []
    breaks: dict[int, list[str]] = {}  # row index → lines without TAB printed before it
    for line in group:
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            breaks.setdefault(len(rows), []).append(line)
    segment: list[int] = []  # per row: the table part it is in (a line without TAB starts a new part)
    part = 0
    for i in range(len(rows)):
        part += i in breaks
        segment.append(part)
    merge_headers = rng.random() < 0.8
    merge_labels = rng.random() < 0.5
    cells = merged_cells(rows, segment, merge_headers, merge_labels)

    out: list[str] = []
    open_table = False
    for i, row in enumerate(cells):
        if i in breaks:
            if open_table:
                out.append("</tbody></table>")
                open_table = False
            out.extend(_block(line, rng) for line in breaks[i])
        if not open_table:
            out.append(_table_open(rng))
            open_table = True
        out.append("<tr>" + "".join(_td(c, rng) for c in row) + "</tr>")
    if open_table:
        out.append("</tbody></table>")
    for line in breaks.get(len(rows), []):
        out.append(_block(line, rng))
    return out


def _table_open(rng: random.Random) -> str:
    style = rng.choice(
        (
            'border="1" cellspacing="0" cellpadding="0"',
            'border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%"',
            'class="MsoNormalTable" border=1 cellspacing=0 cellpadding=0 width=100%',
        )
    )
    return f"<table {style}><tbody>"


def header_rows(rows: list[list[str]]) -> tuple[str, list[bool], int | None]:
    """(the table's kind, which rows are column headers, table 三's first data row)."""
    kind = _table_kind(rows)
    header = [False] * len(rows)
    data_start = None
    if kind == "applications":
        data_start = next((i for i, r in enumerate(rows) if any(_norm(c).startswith("一、") for c in r)), None)
        header = [data_start is not None and i < data_start for i in range(len(rows))]
    elif kind == "review":
        header = [any(is_label(c) for c in r) for r in rows]
    elif kind == "disclosure":
        header = [_first(r).startswith("第二十条") or _first(r) == "信息内容" for r in rows]
    return kind, header, data_start


def merged_cells(
    rows: list[list[str]], segment: list[int], merge_headers: bool, merge_labels: bool, drop: bool | None = None
) -> list:
    """The cells of each ``<tr>``: the text's cells, merged cells spanned and the cells they cover left
    out (the template's structure; the PDF renderer draws the same cells). ``drop``: whether the
    exporter left table 三's merged cells out (None: as the rows show it, :func:`dropped`)."""
    kind, header, data_start = header_rows(rows)
    out: list = [None] * len(rows)
    i = 0
    while i < len(rows):  # header groups: consecutive header rows of one table part
        if not header[i]:
            i += 1
            continue
        j = i
        while j < len(rows) and header[j] and segment[j] == segment[i]:
            j += 1
        group = rows[i:j]
        if merge_headers:
            full_grid = len({len(r) for r in group}) == 1
            out[i:j] = _header_cells(group, full_grid)
        else:
            out[i:j] = [[Cell(c, header=True) for c in r] for r in group]
        i = j
    if kind == "applications" and data_start is not None:
        drop = dropped(rows, data_start) if drop is None else drop
        spans = _application_rows(rows[data_start:], segment[data_start:], drop, merge_labels)
        if spans is not None:
            out[data_start:] = spans
    return [r if r is not None else [Cell(c) for c in rows[k]] for k, r in enumerate(out)]


def dropped(rows: list[list[str]], data_start: int) -> bool:
    """Table 三's merged cells left out by the exporter: its second header row starts at 自然人."""
    return data_start >= 2 and _norm(rows[1][0]) != ""


def _first(row: list[str]) -> str:
    return next((_norm(c) for c in row if c.strip()), "")


def _header_cells(rows: list[list[str]], full_grid: bool) -> list[list[Cell]]:
    """Header rows: a label spans the empty cells after it (colspan) and, when the rows are a full
    grid (no merged cell left out), the empty cells under it (rowspan); covered cells left out."""
    covered: list[set[int]] = [set() for _ in rows]
    out = []
    for r, row in enumerate(rows):
        cells = []
        c = 0
        while c < len(row):
            if c in covered[r]:
                c += 1
                continue
            text = row[c]
            if not is_label(text):
                cells.append(Cell(text, header=True))
                c += 1
                continue
            span = 1
            while c + span < len(row) and not row[c + span].strip() and c + span not in covered[r]:
                span += 1
            down = 1
            while (
                full_grid
                and r + down < len(rows)
                and all(not rows[r + down][k].strip() and k not in covered[r + down] for k in range(c, c + span))
            ):
                covered[r + down].update(range(c, c + span))
                down += 1
            cells.append(Cell(text, span, down, header=True))
            c += span
        out.append(cells)
    return out


def _application_rows(rows: list[list[str]], segment: list[int], drop: bool, merge_labels: bool) -> list | None:
    """Data rows of table 三: each row's three label positions (group, sub-group, leaf); a group
    label spans the rows under it (rowspan), the cells it covers left out. None: rows not understood."""
    lead = 1 if not rows[0][0].strip() else 0  # an empty cell before every data row's label
    parsed = []
    for row in rows:
        if drop:  # only the labels printed: their place from their numbering
            k = 0
            while lead + k < len(row) and k < 2 and is_label(row[lead + k]):
                k += 1
            slots: list[str | None] = [None, None, None]
            for lab in row[lead : lead + k]:
                j = _slot(lab)
                if j is None or slots[j] is not None:
                    return None
                slots[j] = lab
            rest = row[lead + k :]
        else:
            slots = list(row[lead : lead + 3])
            rest = row[lead + 3 :]
            if len(slots) < 3 or any(s.strip() and not is_label(s) for s in slots):
                return None
        first = next((j for j, s in enumerate(slots) if s is not None and s.strip()), None)
        if first is None:
            return None
        parsed.append((row[:lead], slots, rest, first))

    covered = [set() for _ in rows]
    rowspan = [[1, 1, 1] for _ in rows]
    # a group cut by a line between its rows (two tables): the part after the cut opens with an
    # empty cell spanning the rest of the group, as a merged cell continued on the next page
    resumed: dict[tuple[int, int], int] = {}
    for i, (_pre, slots, _rest, _first_slot) in enumerate(parsed):
        for j in (0, 1):
            if slots[j] is None or not slots[j].strip() or j in covered[i]:
                continue
            k = i + 1
            while k < len(rows) and parsed[k][3] > j:
                covered[k].add(j)
                k += 1
            rowspan[i][j] = next((m for m in range(i + 1, k) if segment[m] != segment[i]), k) - i
            for m in range(i + 1, k):
                if segment[m] != segment[m - 1]:
                    resumed[m, j] = next((e for e in range(m + 1, k) if segment[e] != segment[m]), k) - m
    out = []
    for i, (pre, slots, rest, _first_slot) in enumerate(parsed):
        cells = [Cell(c) for c in pre]
        j = 0
        while j < 3:
            s = slots[j]
            if (i, j) in resumed:
                cells.append(Cell("", 1, resumed[i, j]))
                j += 1
                continue
            if j in covered[i] or s is None:
                j += 1
                continue
            if not s.strip():
                cells.append(Cell(s))
                j += 1
                continue
            span = 1  # the label spans the places after it that are left out (or, merged, empty)
            while j + span < 3 and (slots[j + span] is None or (merge_labels and not slots[j + span].strip())):
                span += 1
            cells.append(Cell(s, span, rowspan[i][j]))
            j += span
        cells.extend(Cell(c) for c in rest)
        out.append(cells)
    return out


def _td(cell: Cell, rng: random.Random) -> str:
    tag = "th" if cell.header and rng.random() < 0.1 else "td"
    attrs = ""
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"' if rng.random() < 0.7 else f" colspan={cell.colspan}"
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"' if rng.random() < 0.7 else f" rowspan={cell.rowspan}"
    if rng.random() < 0.3:
        attrs += ' valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"'
    text = cell.text
    if not text.strip():
        return f"<{tag}{attrs}>{rng.choice(_BLANK_CELLS)}</{tag}>"
    r = rng.random()
    if _NUMBER.match(text.strip()):
        if r < 0.4:
            inner = f'<p align="center"><span style="font-size:10.5pt">{html.escape(text)}</span></p>'
        elif r < 0.5:
            inner = f'<span lang="EN-US">{html.escape(text)}</span>'
        else:
            inner = html.escape(text)
    elif r < 0.4:
        inner = f'<p class="MsoNormal">{_inline(text, rng, 3)}</p>'
    else:
        inner = _inline(text, rng, 2)
    return f"<{tag}{attrs}>{inner}</{tag}>"
