"""Synthetic reports as web pages (bench.synthetic.html_page): the page carries the text's cells,
and the HTML reader reads every cell of ~150 tab-layout reports as the truth has it.

The comparison is bench/accuracy.py's: a cell is right when its value kind and value are the
truth's; cells unreadable by design (``expected_flag``) are left out here.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter

import lxml.html
import pytest

from bench.synthetic import generate
from bench.synthetic.html_page import html_items, to_html
from pipeline.parse.html import html_to_text, table_grid
from pipeline.parse.report import parse_report

SEED = 20250311
N = 150
GBK_META = b'content="text/html; charset=gb2312"'


def _same(a: float | None, b: float | None) -> bool:  # (bench.accuracy._same)
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@pytest.fixture(scope="module")
def items() -> list:
    return list(generate(N, SEED, error_rate=0.0, layouts=["tab"]))


@pytest.fixture(scope="module")
def pages(items) -> list[bytes]:
    rng = random.Random(SEED)
    return [to_html(item, rng) for item in items]


def _score(item, page: bytes) -> tuple[int, int, list[str]]:
    """(cells compared, cells right, cells read wrong — a value or kind other than the truth's)."""
    name = item.source_file.rsplit(".", 1)[0]
    report = parse_report(page, name + ".html")
    assert report.input_format == "html"
    got = {(t, r, c): (v, k) for t, r, c, v, k, _raw, _line in report.cells}
    n = right = 0
    wrong = []
    for cell in item.cells:
        if cell.expected_flag:
            continue
        value, kind = got.get((cell.table_code, cell.row_code, cell.column_code), (None, "absent"))
        ok = kind == cell.value_kind and _same(value, cell.value)
        n += 1
        right += ok
        if not ok and kind not in ("missing", "absent"):
            wrong.append(f"{name} {cell[:3]}: got {value!r}/{kind}, truth {cell.value!r}/{cell.value_kind}")
    return n, right, wrong


def test_pages_read_as_the_truth(items, pages):
    total = right = 0
    wrong: list[str] = []
    gbk_right = 0
    for item, page in zip(items, pages, strict=True):
        n, r, w = _score(item, page)
        total, right = total + n, right + r
        wrong += w
        if GBK_META in page[:1000] and r == n:
            gbk_right += 1
    assert wrong == []
    assert right / total >= 0.999, f"{right}/{total} cells exact"
    assert gbk_right >= 1  # a GBK page, every cell right


def test_gbk_pages_are_gb18030_and_declared(items, pages):
    gbk = [(item, page) for item, page in zip(items, pages, strict=True) if GBK_META in page[:1000]]
    assert 0.15 * N <= len(gbk) <= 0.45 * N
    item, page = gbk[0]
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    text, encoding = html_to_text(page)
    assert encoding == "gb18030"
    assert item.truth.agency in text
    for page in pages:
        if GBK_META not in page[:1000]:
            assert b'<meta charset="utf-8">' in page[:1000]
            page.decode("utf-8")


def test_merged_cells(pages):
    html = [p.decode("gb18030") if GBK_META in p[:1000] else p.decode() for p in pages]
    assert all("rowspan=" in h for h in html)  # table 三's group labels, on every page
    assert sum("colspan=" in h for h in html) >= N // 2
    # 三、本年度办理结果 spans its rows; the rows it covers do not repeat an empty cell for it
    assert any(re.search(r"<td[^>]*rowspan=\"?1[0-9]\"?[^>]*>.{0,200}三、本年度办理结果", h) for h in html)
    blanks = Counter()
    for h in html:
        for form in ("<td></td>", "<td>&nbsp;</td>", "<td><p>&nbsp;</p></td>", "<td><span></span></td>"):
            blanks[form] += form in h
    assert all(blanks.values()) and len(blanks) == 4


def test_page_carries_the_text_cells(items, pages):
    """Every non-empty table cell of the text is a cell of the page, in order (only empty cells
    are merged away); the chrome is not read, the metadata box is."""
    for item, page in zip(items, pages, strict=True):
        text = item.text.replace("\r\n", "\n")
        want = [c.strip() for line in text.split("\n") if "\t" in line for c in line.split("\t") if c.strip()]
        lines = html_to_text(page)[0].split("\n")
        rows = [line for line in lines if line.startswith("| ")]
        assert rows[0].startswith("| 索引号")
        got = [c.strip() for line in rows[3:] for c in line[1:-1].split("|") if c.strip()]
        assert got == [" ".join(c.split()).replace("|", "/") for c in want]
        chrome = ("专题专栏", "分享到", "QQ空间", "【打印本页】", "ICP备", "网站标识码", "var websiteId")
        assert not [line for line in lines if any(c in line for c in chrome)]


def _decoded(page: bytes) -> str:
    return page.decode("gb18030" if GBK_META in page[:1000] else "utf-8")


def test_table_grid_is_the_text_grid(items, pages):
    """Spans expanded, each table row of the page is the text's row (a covered position is an
    empty cell there) — or, where the text left merged cells out, its cells with those put back:
    the same non-empty cells, and the same value cells at the row's end."""
    left_out = 0
    for item, page in zip(items, pages, strict=True):
        root = lxml.html.document_fromstring(_decoded(page))
        tables = [t for t in root.iter("table") if t.get("class") != "xxgk-info"]
        grid = [[c or "" for c in row] for t in tables for row in table_grid(t)]
        text = [line.split("\t") for line in item.text.replace("\r\n", "\n").split("\n") if "\t" in line]
        assert len(grid) == len(text), item.source_file
        for g, t in zip(grid, text, strict=True):
            t = [" ".join(c.split()) for c in t]
            if g[: len(t)] == t and not any(g[len(t) :]):
                continue
            labels = max((i + 1 for i, c in enumerate(t) if re.search("[\u4e00-\u9fff]", c) and c != "无"), default=0)
            values = t[labels:]
            run_together = len(values) <= 2 and any(c.isdigit() and len(c) >= 7 for c in values)  # (grid pads it)
            assert [c for c in g if c] == [c for c in t if c], (item.source_file, g, t)
            assert run_together or g[len(g) - len(values) :] == values, (item.source_file, g, t)
            left_out += 1
    assert left_out  # (some tables printed without their merged cells)


def test_only_tab_layout(items):
    other = next(generate(40, SEED, error_rate=0.0, layouts=["pipe"]))
    with pytest.raises(ValueError, match="layouts"):
        to_html(other, random.Random(1))
    item = next(html_items(items[:1], SEED))
    assert item.source_file.endswith(".html") and item.data.lstrip().startswith(b"<!DOCTYPE html>")
    assert item.cells == items[0].cells and item.truth is items[0].truth
