"""Synthetic reports as PDFs (bench.synthetic.pdf_page): the PDF carries the text's cells, and the
PDF reader reads them as the truth has them — ruled tables every cell, tables cut by page breaks
included; unruled tables never a cell wrong (what it cannot place is missing and flagged); a scan
is rejected as one.

The comparison is bench/accuracy.py's (:func:`bench.accuracy.measure`): a cell is right when its
value kind and value are the truth's, or, where the truth says it is unreadable by design, when it
is missing in a flagged report.
"""

from __future__ import annotations

import dataclasses
import io
import random

import pdfplumber
import pypdfium2
import pytest

from bench.accuracy import measure
from bench.synthetic import generate, pdf_page
from bench.synthetic.html_page import Cell, merged_cells
from bench.synthetic.pdf_page import pdf_items, scan_pdf, to_pdf
from pipeline.parse.pdf import pdf_to_text
from pipeline.parse.report import parse_report

SEED = 20250311
N = 24


@pytest.fixture(scope="module")
def items() -> list:
    return list(generate(N, SEED, error_rate=0.0, layouts=["tab"]))


def _as_pdf(items: list, ruled: bool, seed: int = SEED) -> list:
    rng = random.Random(seed)
    out = []
    for item in items:
        data, variants = to_pdf(item, rng, ruled=ruled)
        truth = dataclasses.replace(item.truth, deviations=item.truth.deviations + variants)
        out.append(dataclasses.replace(item, source_file=item.source_file[:-4] + ".pdf", data=data, truth=truth))
    return out


@pytest.fixture(scope="module")
def ruled(items) -> list:
    return _as_pdf(items, ruled=True)


@pytest.fixture(scope="module")
def ruled_accuracy(ruled):
    return measure(ruled)


def test_stsong_text_layer_reads_back() -> None:
    """The built-in CID font's text comes back as the characters drawn (full-width digits, quotes,
    dashes and all): what the reader sees is what the generator printed."""
    item = next(generate(1, 3, error_rate=0.0, layouts=["tab"]))
    data, _ = to_pdf(item, random.Random(1), ruled=True)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert f"{item.truth.agency}{item.truth.year}年" in "".join(text.split())
    assert "三、收到和处理政府信息公开申请情况" in text


def test_ruled_tables_read_every_cell(ruled_accuracy) -> None:
    acc = ruled_accuracy
    assert acc.reports == N
    assert acc.cells_wrong == 0 and acc.silent_errors == 0
    assert acc.cells_right == acc.cells, acc.wrong_examples[:5]
    assert acc.reports_right == N


def test_tables_cut_by_page_breaks(ruled, ruled_accuracy) -> None:
    """Multi-page reports: a table continues on the next page (its merged label cells drawn on both
    pages), a page number at every foot; the page numbers are not in the text and every cell reads."""
    cut = [it for it in ruled if "pdf_multipage" in it.truth.deviations]
    assert len(cut) >= 5
    for item in cut:
        assert len(pypdfium2.PdfDocument(item.data)) >= 2
    cells, right, reports = ruled_accuracy.by_class["pdf_multipage"]
    assert reports == len(cut) and right == cells  # every cell of the multi-page reports right
    text = pdf_to_text(cut[0].data).split("\n")
    numbers = {f"- {k} -" for k in range(1, 9)} | {f"—{k}—" for k in range(1, 9)} | {str(k) for k in range(1, 9)}
    assert not numbers & {line.strip() for line in text}


def test_running_headers_are_dropped(items, ruled) -> None:
    headed = [(i, p) for i, p in zip(items, ruled, strict=True) if "pdf_running_header" in p.truth.deviations]
    assert headed
    for item, pdf_item in headed[:3]:
        title = f"{item.truth.agency}{item.truth.year}年政府信息公开工作年度报告"
        with pdfplumber.open(io.BytesIO(pdf_item.data)) as pdf:
            assert len(pdf.pages) >= 3
            assert all(title in (page.extract_text() or "") for page in pdf.pages)  # printed on every page
        lines = [line.strip() for line in pdf_to_text(pdf_item.data).split("\n")]
        assert lines.count(title) == sum(title == line.strip() for line in item.text.split("\n"))


def test_wrapped_labels_are_one_cell(ruled) -> None:
    """A long template label wraps to two or more lines inside its cell; the reader joins them."""
    wrapped = [it for it in ruled if "pdf_wrapped_labels" in it.truth.deviations]
    assert len(wrapped) >= N // 2
    item = wrapped[0]
    with pdfplumber.open(io.BytesIO(item.data)) as pdf:
        cells = [c for page in pdf.pages for t in page.extract_tables() for row in t for c in row if c]
    assert any("\n" in c and "情形" in c for c in cells)  # （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    lines = pdf_to_text(item.data).split("\n")
    assert any("部分公开" in line and "不计其他情形" in line and line.startswith("|") for line in lines)


@pytest.fixture(scope="module")
def unruled(items) -> list:
    return _as_pdf(items, ruled=False, seed=SEED + 1)


def test_unruled_tables_never_read_wrong(unruled) -> None:
    """Tables printed without borders are read from the words' positions: no cell is ever read
    wrong; what the reader cannot place is missing in a flagged report (here: none)."""
    acc = measure(unruled)
    assert acc.cells_wrong == 0 and acc.silent_errors == 0
    assert acc.cells_right + acc.cells_unread == acc.cells
    assert acc.cells_right == acc.cells, acc.wrong_examples[:5]


def test_unruled_wrapped_label_joins_its_values(unruled) -> None:
    """In a table without borders, （二）部分公开（区分处理的，只计这一情形，不计其他情形） wraps
    in its cell into lines of their own above and below the row's values; the reader joins the
    lines that start at the cell's x one line pitch apart into the label of the values beside
    them, and the row's cells are the truth's."""
    label = "部分公开（区分处理的，只计这一情形，不计其他情形）"
    for item in unruled:
        with pdfplumber.open(io.BytesIO(item.data)) as pdf:
            printed = [ln["text"] for page in pdf.pages for ln in page.extract_text_lines()]
        if any(label in "".join(ln.split()) for ln in printed):
            continue  # not wrapped in this one
        assert any("部分公开" in ln for ln in printed) and any("情形）" in ln for ln in printed)
        lines = [ln for ln in pdf_to_text(item.data).split("\n") if label in "".join(ln.split())]
        assert len(lines) == 1
        truth = [c for c in item.cells if c.row_code == "partially_granted"]
        assert lines[0].split()[-len(truth) :] == [c.raw for c in truth]
        report = parse_report(item.data, item.source_file)
        got = {(r, c): (v, k) for t, r, c, v, k, _raw, _line in report.cells if t == "applications"}
        assert [got[(c.row_code, c.column_code)] for c in truth] == [(c.value, c.value_kind) for c in truth]
        return
    raise AssertionError("no unruled report wrapped the label")


def test_unruled_cell_whose_wrapped_line_two_rows_could_own_is_missing(items, monkeypatch) -> None:
    """Cells drawn with no padding: a cell's last line and the next cell's first line lie one
    pitch apart, as the lines of one cell do, so a wrapped line between two rows' values could be
    either row's. The reader does not guess: the lines stay as printed, the row is missing with
    an issue in a flagged report, and no cell anywhere is read wrong."""
    monkeypatch.setattr(pdf_page, "PAD", 0.0)
    pdfs = _as_pdf(items, ruled=False, seed=SEED + 2)
    acc = measure(pdfs)
    assert acc.cells_wrong == 0 and acc.silent_errors == 0
    assert acc.cells_unread > 0 and acc.cells_right + acc.cells_unread == acc.cells
    item = pdfs[8]
    lines = pdf_to_text(item.data).split("\n")
    assert any(ln.strip() == "期不补正、行政机关不" for ln in lines)  # 1. 申请人无正当理由逾 / 期不补正…
    report = parse_report(item.data, item.source_file)
    kinds = {k for t, r, c, v, k, _raw, _line in report.cells if r == "other_no_correction"}
    assert kinds == {"missing"}
    codes = {str(i.code) for i in report.issues if i.severity == "error"}
    assert "missing_row" in codes  # (its values placed under no label, or flagged as the row above printed twice)


def test_scan_is_rejected() -> None:
    data = scan_pdf(random.Random(5))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert pdf.pages and all(not page.chars and page.images for page in pdf.pages)
    report = parse_report(data, "scan.pdf")
    assert report.input_format == "pdf"
    assert report.parse_status == "rejected"
    assert report.reject_reason.endswith("scanned PDF: no text layer (needs OCR)")


def test_pdf_items(items) -> None:
    """The corpus as PDFs: .pdf names, the truth's cells unchanged, the variants recorded, scans
    among them at the share asked for and counted apart by the accuracy harness."""
    pdfs = list(pdf_items(items[:8], SEED, scan_share=0.4))
    assert [p.source_file[:-4] for p in pdfs] == [i.source_file[:-4] for i in items[:8]]
    assert all(p.data.startswith(b"%PDF-") for p in pdfs)
    assert [p.cells for p in pdfs] == [i.cells for i in items[:8]]
    scans = [p for p in pdfs if "pdf_scan" in p.truth.deviations]
    assert 1 <= len(scans) < 8
    acc = measure(pdfs)
    assert (acc.scans, acc.scans_rejected) == (len(scans), len(scans))
    assert acc.reports == 8 - len(scans)


def test_only_tab_layout() -> None:
    other = next(generate(40, SEED, error_rate=0.0, layouts=["pipe"]))
    with pytest.raises(ValueError, match="layouts"):
        to_pdf(other, random.Random(1))


# ------------------------------------------------------------------ drawn as a word processor draws a table
def test_a_cell_aligns_every_line_of_its_text_alike() -> None:
    """Word and WPS align a cell's paragraph, not each line: every line of a label wrapped one
    character a line starts at the cell's x, its 、 included (centred as if it were a number, it
    no longer starts where the cell's other lines do); a number is centred or right-aligned."""
    style = pdf_page._style(random.Random(1))._replace(ruled=False, middle=False)
    flow = pdf_page._Flow(style)
    label = pdf_page._Placed(0, 0, Cell("一、本年"))
    flow._cell(label, (["一", "、", "本", "年"], 9.0), [62.0, 80.0], [(0, 100.0)], [60.0])
    assert {op.x for op in flow.pages[0] if op.kind == "text"} == {62.0 + pdf_page.PAD}
    flow = pdf_page._Flow(style)
    flow._cell(pdf_page._Placed(0, 0, Cell("7")), (["7"], 9.0), [62.0, 80.0], [(0, 100.0)], [60.0])
    assert [op.x for op in flow.pages[0]] != [62.0 + pdf_page.PAD]


_DROPPED = [  # table 三 as text that left out merged cells: header rows start at their first header
    [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人情况",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    ["自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ["一、本年新收政府信息公开申请数量", "1", "", "", "", "", "", "1"],
    ["三、本年度办理结果", "（一）予以公开", "1", "", "", "", "", "", "1"],
]


def test_drawn_header_rows_sit_over_the_columns_they_head() -> None:
    """A web page of such text shows 自然人 over the label column (a browser places cells left to
    right); a PDF is drawn from the word processor's table, which has every header over the
    columns it heads and the row labels spanning the label columns, as the template does."""
    drawn = {
        p.cell.text: p
        for p in pdf_page._place(merged_cells(pdf_page._as_drawn(_DROPPED, []), [0] * 5, True, True, True))
    }
    assert [drawn[h].col for h in ("自然人", "商业企业", "其他", "总计")] == [3, 4, 8, 9]
    assert (drawn["自然人"].cell.rowspan, drawn["总计"].cell.rowspan) == (2, 2)
    assert drawn["一、本年新收政府信息公开申请数量"].cell.colspan == 3
    browser = {p.cell.text: p for p in pdf_page._place(merged_cells(_DROPPED, [0] * 5, True, True))}
    assert browser["自然人"].col == 0


def test_an_exporters_empty_cell_before_each_data_row_is_no_column_of_a_drawn_table() -> None:
    """Text whose exporter put an empty cell before every data row's label (and not before the
    header rows) shows the values one column right of their headers on a web page; the table a PDF
    is drawn from has no such column. Table 四's one data row may as well start with a blank
    value: its printed cells tell."""
    padded = _DROPPED[:3] + [["", *row] for row in _DROPPED[3:]]
    drawn = {
        p.cell.text: p for p in pdf_page._place(merged_cells(pdf_page._as_drawn(padded, []), [0] * 5, True, True, True))
    }
    assert (drawn["自然人"].col, drawn["一、本年新收政府信息公开申请数量"].col) == (3, 0)
    review = ["", "1", "0", "0", "1"] + ["0"] * 10
    head = [
        ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + [""] * 10,
    ]
    for row, lead in ((["", *review, ""], 1), ([*review, ""], 0)):
        assert pdf_page._as_drawn([*head, row], review)[2] == row[lead:]


def test_row_labels_span_the_label_columns_in_a_pdf() -> None:
    """Text that printed a row label followed by the empty cells of the label columns (unmerged)
    is drawn as the template's table has it, the label spanning them: not one character a line in
    the narrow group label column."""
    rows = [
        _DROPPED[0],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        ["一、本年新收政府信息公开申请数量", "", "", "1", "0", "0", "0", "0", "0", "1"],
        ["二、上年结转政府信息公开申请数量", "", "", "0", "0", "0", "0", "0", "0", "0"],
        ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
    ]
    lines = ["\t".join(row) for row in rows]
    style = pdf_page._style(random.Random(2))._replace(group_chars=2.0)
    flow = pdf_page._Flow(style)
    pdf_page._table_run(flow, lines, style, random.Random(3))
    texts = [op.text for op in flow.pages[0] if op.kind == "text"]
    at = texts.index(next(t for t in texts if t.startswith("二、")))
    label = "二、上年结转政府信息公开申请数量"
    assert label in (texts[at], texts[at] + texts[at + 1])  # (unmerged: 二、上年 / 结转政府 / …)


def test_a_table_split_by_a_line_keeps_its_column_widths() -> None:
    """A line between a table's rows (a web page's 分享) splits the drawn table in two, as Word
    splits a table: the part after it keeps the columns of the part before, so its values stay
    under the headers above (drawn with widths of their own, they stood a column or more off)."""
    rows = [
        _DROPPED[0],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        ["一、本年新收政府信息公开申请数量", "", "", "1", "", "", "", "", "", "1"],
    ]
    rest = [["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "2", "", "", "", "", "", "2"],
            ["", "（三）不予公开", "1.属于国家秘密", "3", "", "", "", "", "", "3"]]  # fmt: skip
    style = pdf_page._style(random.Random(4))
    flow = pdf_page._Flow(style)
    pdf_page._table_run(
        flow, ["\t".join(r) for r in rows] + ["分享"] + ["\t".join(r) for r in rest], style, random.Random(5)
    )
    x = [op.x for op in flow.pages[0] if op.kind == "text" and op.text in "123"]  # (the first of each: 自然人)
    assert x[0] == x[2] == x[4] and x[1] == x[3] == x[5]
