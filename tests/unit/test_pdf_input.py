"""PDF input: a report PDF → the report text the label-driven reader takes (pipeline.parse.pdf).

The three real PDFs of the shared corpus (WPS exports with ruled tables, merged label cells and
tables cut by page breaks) are read end to end: agency, year and template cells against the values
read off the rendered pages (corpus README), and against what the same reports give as
``pdftotext -layout`` text. Small PDFs written here pin down the rendering (merged and blank cells,
invisible boxes behind prose, page numbers and running headers, baselines, fake bold) and the
rejections (truncated, not a PDF, image only, password-protected).
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import struct
from functools import cache

import pdfplumber
import pypdfium2
import pytest
from PIL import Image

from pipeline.model import ParsedReport
from pipeline.parse.inputs import InputRejected
from pipeline.parse.pdf import pdf_to_text
from pipeline.parse.report import parse_report, parse_text
from tests.conftest import SHARED, shared_path

ORIGINALS = SHARED / "corpus" / "originals"
TEXTS = ORIGINALS.parent / "text"
NAMES = ("huaian-hongze-2023", "huaian-hongze-2024", "huaian-city-2024")
SCANNED = "scanned PDF: no text layer (needs OCR)"

AD, APP, RL = "active_disclosure", "applications", "review_litigation"

# agency and year as the title prints them, and (table, row, column) → value read off the pages
EXPECTED: dict[str, tuple[str, int, dict[tuple[str, str, str], float]]] = {
    "huaian-hongze-2023": (
        "洪泽区人民政府",
        2023,
        {
            (AD, "regulations", "issued"): 0,
            (AD, "normative_documents", "issued"): 0,
            (AD, "normative_documents", "repealed"): 5,
            (AD, "normative_documents", "in_force"): 5,
            (AD, "licensing", "decisions"): 550,
            (AD, "penalty", "decisions"): 4119,
            (AD, "coercion", "decisions"): 195,
            (AD, "fees", "amount_10k_yuan"): 7730.28,
            (APP, "new_received", "natural_person"): 21,
            (APP, "new_received", "total"): 21,
            (APP, "carried_in", "total"): 0,
            (APP, "granted", "total"): 0,
            (APP, "partially_granted", "total"): 4,
            (APP, "withheld_state_secret", "total"): 1,
            (APP, "withheld_process_info", "total"): 1,
            (APP, "withheld_enforcement_file", "total"): 1,
            (APP, "unavailable_not_held", "total"): 10,
            (APP, "unavailable_needs_creation", "total"): 3,  # the row after the page break
            (APP, "unavailable_unclear", "total"): 0,
            (APP, "declined_petition", "total"): 1,
            (APP, "other_handling", "total"): 0,  # 2019-style single （六） row
            (APP, "results_total", "total"): 21,
            (APP, "carried_forward", "total"): 0,
            # table 四 as printed: 维持 10, 纠正 1, 总计 0 (the source's own inconsistency)
            (RL, "review", "upheld"): 10,
            (RL, "review", "corrected"): 1,
            (RL, "review", "other"): 0,
            (RL, "review", "pending"): 0,
            (RL, "review", "total"): 0,
            (RL, "litigation_direct", "total"): 0,
            (RL, "litigation_after_review", "upheld"): 5,
            (RL, "litigation_after_review", "total"): 0,
        },
    ),
    "huaian-hongze-2024": (
        "淮安市洪泽区人民政府",
        2024,
        {
            (AD, "regulations", "in_force"): 0,
            (AD, "normative_documents", "issued"): 3,
            (AD, "normative_documents", "repealed"): 0,
            (AD, "normative_documents", "in_force"): 8,
            (AD, "licensing", "decisions"): 9487,
            (AD, "penalty", "decisions"): 2776,
            (AD, "coercion", "decisions"): 84,
            (AD, "fees", "amount_10k_yuan"): 7545,
            (APP, "new_received", "total"): 95,
            (APP, "carried_in", "total"): 0,
            (APP, "granted", "total"): 50,
            (APP, "partially_granted", "total"): 9,
            (APP, "withheld_security_stability", "total"): 1,
            (APP, "withheld_process_info", "total"): 1,
            (APP, "withheld_enforcement_file", "total"): 1,
            (APP, "unavailable_not_held", "total"): 31,
            (APP, "unavailable_needs_creation", "total"): 1,  # the row after the page break
            (APP, "declined_petition", "total"): 1,
            (APP, "other_handling", "total"): 0,
            (APP, "results_total", "natural_person"): 95,
            (APP, "results_total", "total"): 95,
            (APP, "carried_forward", "total"): 0,
            (RL, "review", "upheld"): 1,
            (RL, "review", "corrected"): 1,
            (RL, "review", "total"): 2,
            (RL, "litigation_direct", "upheld"): 1,
            (RL, "litigation_direct", "total"): 1,
            (RL, "litigation_after_review", "upheld"): 2,
            (RL, "litigation_after_review", "other"): 1,
            (RL, "litigation_after_review", "total"): 3,
        },
    ),
    "huaian-city-2024": (
        "淮安市人民政府",
        2024,
        {
            (AD, "regulations", "issued"): 1,
            (AD, "regulations", "in_force"): 11,
            (AD, "normative_documents", "issued"): 8,
            (AD, "normative_documents", "repealed"): 26,
            (AD, "normative_documents", "in_force"): 66,
            (AD, "licensing", "decisions"): 447228,
            (AD, "penalty", "decisions"): 3985758,
            (AD, "coercion", "decisions"): 88283,
            (AD, "fees", "amount_10k_yuan"): 96171.6,
            (APP, "new_received", "natural_person"): 3001,
            (APP, "new_received", "legal_service_org"): 61,
            (APP, "new_received", "total"): 3119,
            (APP, "carried_in", "natural_person"): 34,
            (APP, "carried_in", "total"): 34,
            (APP, "granted", "total"): 1362,
            (APP, "partially_granted", "total"): 454,
            (APP, "withheld_state_secret", "total"): 2,
            (APP, "withheld_prohibited_by_law", "total"): 31,
            (APP, "withheld_query_matter", "total"): 105,
            (APP, "unavailable_not_held", "total"): 769,
            (APP, "unavailable_needs_creation", "total"): 11,  # （四） split by the page break
            (APP, "unavailable_unclear", "total"): 1,
            (APP, "declined_petition", "total"): 62,
            (APP, "declined_duplicate", "total"): 25,
            (APP, "declined_confirmation", "total"): 1,
            (APP, "other_no_correction", "total"): 71,
            (APP, "other_fee_unpaid", "total"): 6,
            (APP, "other_other", "total"): 110,
            (APP, "results_total", "natural_person"): 2932,
            (APP, "results_total", "legal_service_org"): 61,
            (APP, "results_total", "total"): 3050,
            (APP, "carried_forward", "natural_person"): 103,
            (APP, "carried_forward", "total"): 103,
            (RL, "review", "upheld"): 72,
            (RL, "review", "corrected"): 64,
            (RL, "review", "other"): 178,
            (RL, "review", "pending"): 37,
            (RL, "review", "total"): 351,
            (RL, "litigation_direct", "total"): 26,
            (RL, "litigation_after_review", "total"): 20,
        },
    ),
}


@cache
def _original(name: str) -> bytes:
    return shared_path("corpus", "originals", f"{name}.pdf").read_bytes()  # (fails, not skips, without ../shared)


@cache
def _text(name: str) -> str:
    return pdf_to_text(_original(name))


def _read(name: str) -> ParsedReport:
    data = _original(name)
    return parse_text(_text(name), name, ParsedReport(name, "0" * 16, "0" * 64, len(data)))


def _cells(report: ParsedReport) -> dict[tuple[str, str, str], tuple]:
    return {cell[:3]: cell for cell in report.cells}


# ------------------------------------------------------------------ the real reports


@pytest.mark.parametrize("name", NAMES)
def test_real_pdf_reads_title_and_cells(name: str) -> None:
    agency, year, values = EXPECTED[name]
    report = _read(name)
    assert report.parse_status == "parsed"
    assert (report.agency, report.year) == (agency, year)
    cells = _cells(report)
    for key, value in values.items():
        assert key in cells, key
        assert cells[key][4] == "number", (key, cells[key])
        assert cells[key][3] == pytest.approx(value), (key, cells[key])
    errors = [(i.code, i.message) for i in report.issues if i.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("name", NAMES)
def test_real_pdf_reads_at_least_what_its_layout_text_reads(name: str) -> None:
    """Every cell the pdftotext -layout text reads is read, and read the same where both read a number."""
    layout = parse_report((TEXTS / f"{name}.layout.txt").read_bytes(), f"{name}.layout.txt")
    pdf = _read(name)
    from_layout, from_pdf = _cells(layout), _cells(pdf)

    def read(cells: dict) -> int:
        return sum(1 for cell in cells.values() if cell[4] != "missing")

    assert read(from_pdf) >= read(from_layout) > 150
    for key, cell in from_layout.items():
        if cell[4] == "number" and from_pdf.get(key, (None,) * 5)[4] == "number":
            assert from_pdf[key][3] == cell[3], key
    assert {key for key, c in from_layout.items() if c[4] != "missing"} <= set(from_pdf)
    assert [f[:2] for f in pdf.facts] == [f[:2] for f in layout.facts]  # the prose reads the same


def test_real_pdf_text_shape() -> None:
    """Ruled tables as markdown rows, captions as lines, the page numbers (-1- … -5-) gone."""
    lines = _text("huaian-hongze-2023").split("\n")
    assert "第二十条第（一）项" in lines
    assert "| 规章 | 0 | 0 | 0 |" in lines
    assert "| 行政处罚 | 4119 |" in lines
    assert "| 三、本年度办理结果 | （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    # the row after the page break: the rest of the merged label cell is not a cell of its own
    assert "| 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "| 10 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 5 | 0 | 0 | 0 | 0 |" in lines
    assert not any(line.strip() in {f"-{k}-" for k in range(1, 6)} for line in lines)
    # prose is not boxed into a table by the white boxes WPS draws behind each line
    assert any(line.strip().startswith("一、总体情况") for line in lines)
    assert not any(line.startswith("|") and "总体情况" in line for line in lines)
    city = _text("huaian-city-2024").split("\n")
    assert "| 法提供 | 2.没有现成信息需要另行制作 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |" in city


@pytest.mark.parametrize("name", NAMES)
def test_tables_without_ruling_lines_read_from_the_layout_text(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no ruled table found, the pages are laid out like pdftotext -layout, and the space
    layout reader reads every cell the same."""
    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", lambda self, *args, **kwargs: [])
    text = pdf_to_text(_original(name))
    assert not any(line.startswith("|") for line in text.split("\n"))
    report = parse_text(text, name, ParsedReport(name, "0" * 16, "0" * 64, 0))
    assert set(report.layouts.values()) == {"space"}
    assert [c[:5] for c in report.cells] == [c[:5] for c in _read(name).cells]


@pytest.mark.parametrize("name", NAMES)
def test_parse_report_reads_pdf_files(name: str) -> None:
    """Through the input stage: the same cells as the PDF text parsed directly."""
    report = parse_report(_original(name), f"{name}.pdf")
    assert report.input_format == "pdf"
    assert report.parse_status == "parsed", report.reject_reason
    assert [c[:5] for c in report.cells] == [c[:5] for c in _read(name).cells]


# ------------------------------------------------------------------ rejected files


def test_truncated_pdf_is_broken() -> None:
    data = _original("huaian-hongze-2024")
    with pytest.raises(InputRejected, match=r"^broken PDF: "):
        pdf_to_text(data[: int(len(data) * 0.3)])


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + random.Random(7).randbytes(4000),
        b"%PDF-1.7\n%%EOF\n",
        b"%PDF-",
        b"",
        b"<html><body>not a pdf</body></html>",
    ],
    ids=["random-bytes", "header-only", "magic-only", "empty", "html"],
)
def test_not_a_pdf_is_broken(data: bytes) -> None:
    with pytest.raises(InputRejected, match=r"^broken PDF: \w+"):
        pdf_to_text(data)


def test_image_only_pdf_is_scanned() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buf, "PDF")
    with pytest.raises(InputRejected) as caught:
        pdf_to_text(buf.getvalue())
    assert str(caught.value) == SCANNED


def test_blank_pages_are_scanned() -> None:
    doc = pypdfium2.PdfDocument.new()
    for _ in range(2):
        doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(InputRejected) as caught:
        pdf_to_text(buf.getvalue())
    assert str(caught.value) == SCANNED


def test_text_in_fonts_with_no_unicode_map_is_unreadable() -> None:
    glyphs = "".join(f"{k:04x}" for k in range(17, 60))
    data = _pdf([f"BT /F1 12 Tf 72 700 Td <{glyphs}> Tj ET\n"], font=_NO_UNICODE)
    with pytest.raises(InputRejected, match=r"^scanned PDF: no readable text layer, .* \(needs OCR\)$"):
        pdf_to_text(data)


def test_password_protected_pdf_is_encrypted() -> None:
    data = _pdf([_text_ops(72, 100, "Annual report of the county government, the year 2024")], user_password="secret")
    with pytest.raises(InputRejected, match=r"^encrypted PDF: "):
        pdf_to_text(data)
    # (the file is a good encrypted PDF: with its password it reads)
    with pdfplumber.open(io.BytesIO(data), password="secret") as pdf:
        assert "county government" in pdf.pages[0].extract_text()


def test_pdf_with_only_an_owner_password_is_read() -> None:
    """Printing or copying restricted, but no password needed to open: the text is read."""
    data = _pdf([_text_ops(72, 100, "Annual report of the county government, the year 2024")], user_password="")
    assert "Annual report of the county government, the year 2024" in pdf_to_text(data)


# ------------------------------------------------------------------ rendering, on small PDFs


def test_page_numbers_and_running_headers_are_dropped() -> None:
    pages = []
    for k in range(1, 4):
        ops = _text_ops(72, 40, "County Government Annual Report 2024")  # running header
        ops += _text_ops(72, 200, f"Body line one of page {k} with several words")
        ops += _text_ops(72, 230, f"Body line two of page {k}")
        ops += _text_ops(290, 800, f"- {k} -" if k < 3 else "Page 3 of 3")
        pages.append(ops)
    lines = [line.strip() for line in pdf_to_text(_pdf(pages)).split("\n") if line.strip()]
    assert lines == [
        f"Body line {w} of page {k}" + (" with several words" if w == "one" else "")
        for k in (1, 2, 3)
        for w in ("one", "two")
    ]


def test_a_lone_number_is_kept_away_from_the_page_edges() -> None:
    ops = _text_ops(72, 300, "Applications received this year") + _text_ops(300, 330, "17")
    ops += _text_ops(72, 360, "and answered within the legal time limit") + _text_ops(290, 820, "1")
    lines = [line.strip() for line in pdf_to_text(_pdf([ops])).split("\n")]
    assert "17" in lines and "1" not in lines


def test_ruled_table_rows() -> None:
    """Merged cells once (where they start), a blank cell in its place, a caption row as a line,
    the text above and below in reading order; a white box behind prose is no table."""
    xs, ys = (72, 200, 300, 400, 500), (300, 320, 340, 360, 380, 400)
    ops = _text_ops(72, 120, "Text above the table, long enough to be a line")
    ops += _white_box(70, 130, 440, 20) + _text_ops(72, 145, "Boxed prose line")
    ops += _text_ops(72, 440, "Text below the table")
    rules = [(xs[0], y, xs[-1], y) for y in ys if y != 380] + [(xs[1], 380, xs[-1], 380)]  # Group: 2 rows
    rules += [(x, ys[0], x, ys[-1]) for x in (xs[0], xs[-1])]  # the outer sides
    rules += [(x, ys[1], x, ys[-1]) for x in (xs[2], xs[3])]  # the value columns, below the caption
    rules += [(xs[1], ys[3], xs[1], ys[-1])]  # the two label columns, in the rows of Group only
    for rule in rules:
        ops += _line_ops(*rule)
    cells = [
        (0, 0, "Caption of the table"),
        (1, 0, "Item"), (1, 2, "A"), (1, 3, "B"),
        (2, 0, "Total"), (2, 2, "4"), (2, 3, "6"),
        (3, 0, "Group"), (3, 1, "Sub one"), (3, 2, "1"), (3, 3, "2"),
        (4, 1, "Sub two"), (4, 3, "3"),
    ]  # fmt: skip
    for row, column, text in cells:
        ops += _text_ops(xs[column] + 4, ys[row] + 14, text)
    lines = [line.strip() for line in pdf_to_text(_pdf([ops])).split("\n") if line.strip()]
    assert lines == [
        "Text above the table, long enough to be a line",
        "Boxed prose line",
        "Caption of the table",
        "| Item | A | B |",
        "| Total | 4 | 6 |",
        "| Group | Sub one | 1 | 2 |",
        "| Sub two |  | 3 |",
        "Text below the table",
    ]


def test_lines_follow_the_baseline_and_fake_bold_is_one_character() -> None:
    """A label and the larger number of its row share a baseline, not a top: one line. A
    character printed twice at one place (fake bold) is read once."""
    ops = _text_ops(72, 300, "Licensing decisions", size=9) + _text_ops(400, 300, "447228", size=14)
    ops += _text_ops(72, 330, "Penalty decisions", size=9) + _text_ops(400, 330, "3985758", size=14)
    ops += _text_ops(72, 360, "Bold heading printed twice") + _text_ops(72, 360, "Bold heading printed twice")
    lines = [" ".join(line.split()) for line in pdf_to_text(_pdf([ops])).split("\n") if line.strip()]
    assert lines == ["Licensing decisions 447228", "Penalty decisions 3985758", "Bold heading printed twice"]


def test_a_gap_of_two_line_pitches_is_a_blank_line_and_one_pitch_is_none() -> None:
    """The page's usual pitch is the median distance between baselines (15 pt here): a gap of
    30 pt (more than 1.8 pitches) is a paragraph break, written as an empty line; 15 pt is not."""
    ops = "".join(_text_ops(72, y, f"Line at {y}") for y in (200, 215, 230, 260, 275))
    assert pdf_to_text(_pdf([ops])).split("\n") == ["Line at 200", "Line at 215", "Line at 230", "", "Line at 260",
                                                     "Line at 275", ""]  # fmt: skip


def test_rows_after_an_empty_table_row_are_read() -> None:
    """A table row with nothing in it (cells covered by a merge: None) is skipped, a row of blank
    cells is a row of blanks, and the rows after either are read."""
    from types import SimpleNamespace

    from pipeline.parse.pdf import _table_lines

    rows = [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "5"],
        [None, None, None, None],
        ["", "", "", ""],
        ["行政规范性文件", "2", "0", "7"],
    ]
    assert _table_lines(SimpleNamespace(extract=lambda: rows)) == [
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| 规章 | 1 | 0 | 5 |",
        "|  |  |  |  |",
        "| 行政规范性文件 | 2 | 0 | 7 |",
    ]


def test_a_line_of_spaces_and_a_line_of_values_only_are_read() -> None:
    """A line printed as spaces only (no words) is an empty line; a line of values only (a value
    cell below its row's) stays a line of its own."""
    ops = _text_ops(72, 300, "Applications received this year") + _text_ops(72, 315, "    ")
    ops += _text_ops(72, 330, "Licensing decisions") + _text_ops(400, 330, "12") + _text_ops(400, 345, "5")
    assert [" ".join(line.split()) for line in pdf_to_text(_pdf([ops])).split("\n")] == [
        "Applications received this year",
        "",
        "Licensing decisions 12",
        "5",
        "",
    ]


# ------------------------------------------------------------------ tables without ruling lines, on small PDFs
# Table 三 of a report drawn as text only (9 pt, lines of a cell 11.7 pt apart, rows further): its
# seven value columns centred at these x, its headers centred over them.
_COLUMNS = (280, 320, 360, 400, 440, 480, 520)
_APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
               "legal_service_org", "other_org", "total")  # fmt: skip


def _head(top: float = 100) -> list[tuple[float, float, str, float]]:
    """Title, section heading and table 三's column headers, the long ones wrapped in their cells:
    自然 / 人, 商业 / 企业 … 总 / 计 (no header a table reader could find by its name)."""
    c1, c2, c3, c4, c5, c6, c7 = _COLUMNS
    ops = [
        (297, 50, "测试局2023年政府信息公开工作年度报告", 14.0, "centre"),
        (62, 80, "三、收到和处理政府信息公开申请情况", 12.0),
    ]
    ops += [
        (400, top, "申请人情况", 9.0, "centre"),
        (280, top + 20, "自然", 9.0, "centre"),
        (400, top + 20, "法人或其他组织", 9.0, "centre"),
    ]
    ops += [
        (c7, top + 20, "总", 9.0, "centre"),
        (c1, top + 31.7, "人", 9.0, "centre"),
        (c7, top + 31.7, "计", 9.0, "centre"),
    ]
    for x, first, second in (
        (c2, "商业", "企业"),
        (c3, "科研", "机构"),
        (c4, "社会", "公益组织"),
        (c5, "法律", "服务机构"),
    ):
        ops += [(x, top + 50, first, 9.0, "centre"), (x, top + 61.7, second, 9.0, "centre")]
    return ops + [(c6, top + 50, "其他", 9.0, "centre")]


def _row(top: float, label: str, values: dict[int, str]) -> list[tuple[float, float, str, float]]:
    return [(62, top, label, 9.0)] + [(_COLUMNS[k], top, v, 9.0, "centre") for k, v in values.items()]


def _applications(report: ParsedReport, row: str) -> list[tuple]:
    got = {(r, c): (v, k) for t, r, c, v, k, _raw, _line in report.cells if t == APP}
    return [got.get((row, c)) for c in _APPLICANTS]


def test_wrapped_column_headers_are_joined_and_place_a_row_with_blank_cells() -> None:
    """No row prints all seven values, so only the headers can tell which column a value is in;
    each header wrapped in its cell (自然 / 人: its lines centred one above the other, one line
    pitch apart) is joined into one word centred where its lines are, and every value is read in
    the column it is printed under."""
    ops = _head() + _row(200, "一、本年新收政府信息公开申请数量", {0: "3", 6: "3"})
    ops += _row(220, "二、上年结转政府信息公开申请数量", {1: "1", 6: "1"})
    text = pdf_to_text(_cjk_pdf([ops]))
    lines = text.split("\n")
    for name, x in (("自然人", 280), ("商业企业", 320), ("社会公益组织", 400), ("总计", 520)):
        line = next(ln for ln in lines if name in ln)  # one word, its centre at the column of its cells' centre
        assert abs(line.index(name) + len(name) / 2 - (x - 62) / 7.25) <= 1, (name, line)
    report = parse_report(_cjk_pdf([ops]), "t.pdf")
    blank = (None, "blank")
    assert _applications(report, "new_received") == [(3.0, "number")] + [blank] * 5 + [(3.0, "number")]
    assert _applications(report, "carried_in") == [blank, (1.0, "number")] + [blank] * 4 + [(1.0, "number")]


def test_header_lines_not_certainly_one_cell_are_not_joined() -> None:
    """A centred line with another line just below it that is not centred with it may be part of
    a cell only (自然 / 人 / 其余, the last not centred): it is left as printed, no column is
    learned from headers, and the row with blank cells is missing with an issue, not guessed."""
    ops = _head() + [(262, 141.7, "其余", 9.0)]  # under 人, one pitch down, not centred on it
    ops += _row(200, "一、本年新收政府信息公开申请数量", {0: "3", 6: "3"})
    lines = pdf_to_text(_cjk_pdf([ops])).split("\n")
    assert not any("自然人" in ln for ln in lines) and any("商业企业" in ln for ln in lines)
    report = parse_report(_cjk_pdf([ops]), "t.pdf")
    assert {k for v, k in _applications(report, "new_received")} == {"missing"}
    assert any(i.code == "too_few_values" and i.row_code == "new_received" for i in report.issues)


def test_label_of_a_row_printed_blank_is_joined() -> None:
    """Space text prints a row whose cells are all blank as its label alone. A label wrapped in its
    cell (2.其他法律行政法 / 规禁止公开, no value beside it) is joined into one line, so the row is
    found and read blank; the rows around it are read as printed."""
    ops = _head() + _row(200, "一、本年新收政府信息公开申请数量", {k: "0" for k in range(7)})
    ops += [(100, 220, "2.其他法律行政法", 9.0), (100, 231.7, "规禁止公开", 9.0)]
    ops += _row(252, "二、上年结转政府信息公开申请数量", {k: "1" for k in range(7)})
    lines = [" ".join(ln.split()) for ln in pdf_to_text(_cjk_pdf([ops])).split("\n")]
    assert "2.其他法律行政法规禁止公开" in lines
    report = parse_report(_cjk_pdf([ops]), "t.pdf")
    assert _applications(report, "withheld_prohibited_by_law") == [(None, "blank")] * 7
    assert _applications(report, "carried_in") == [(1.0, "number")] * 7


def test_the_rest_of_a_label_cut_by_a_line_aligned_otherwise_is_not_joined() -> None:
    """A row label printed one character a line in a narrow column, its values beside its first
    line: 一 / 、 (centred, as a number is) / 本 / 年 / 新 / 收 … The characters below the 、 start
    at one x one pitch apart, but they are only the rest of a cell: joined, they would read as a
    row label of their own just above the next row's values. They stay as printed; the rows are
    missing with an issue, and no cell is read wrong."""
    ops = _head()
    top = 200.0
    for label, value in (("一、本年新收政府信息公开申请数量", "2"), ("二、上年结转政府信息公开申请数量", "0")):
        ops += _row(top, label[0], {0: value, 6: value})
        ops.append((67, top + 11.7, "、", 9.0))
        ops += [(64, top + 11.7 * k, ch, 9.0) for k, ch in enumerate(label[2:], 2)]
        top += 11.7 * (len(label) - 1) + 20
    lines = pdf_to_text(_cjk_pdf([ops])).split("\n")
    assert set("本年新收政府信息公开申请数量") <= {ln.strip() for ln in lines}  # a character a line, as printed
    report = parse_report(_cjk_pdf([ops]), "t.pdf")
    for row in ("new_received", "carried_in"):
        assert {k for v, k in _applications(report, row)} == {"missing"}


def test_lines_a_few_points_apart_are_chained_by_their_own_bottoms() -> None:
    """A middle-aligned label 6.属于四类过程性 / 信息 has its values between its two lines; the
    group label beside it (（三）不予公开) is centred in its taller cell and lands 3 pt below 信息,
    so the two are read as one line. The wrapped label is still one pitch from its first line by
    its own characters, and is joined to its values."""
    ops = _head() + _row(200, "一、本年新收政府信息公开申请数量", {k: "0" for k in range(7)})
    ops += [(150, 220, "6.属于四类过程性", 10.5), (150, 233.6, "信息", 10.5), (62, 236.6, "（三）不予公", 10.5)]
    ops += [(62, 250.2, "开", 10.5)] + [(_COLUMNS[k], 226.8, "4", 10.5, "centre") for k in range(7)]
    lines = [" ".join(ln.split()) for ln in pdf_to_text(_cjk_pdf([ops])).split("\n")]
    assert "6.属于四类过程性信息 4 4 4 4 4 4 4" in lines
    report = parse_report(_cjk_pdf([ops]), "t.pdf")
    assert _applications(report, "withheld_process_info") == [(4.0, "number")] * 7


def test_columns_are_the_same_on_every_page() -> None:
    """Columns are added right of a joined label so it ends before its values; a table cut by a
    page break keeps its columns on both pages (a row with a blank cell on the second page is read
    by the columns the first page taught), so the columns are the document's, not each page's."""
    page1 = _row(200, "一、本年新收政府信息公开申请数量", {k: "5" for k in range(7)})
    page2 = [(62, 100, "1.申请人无正当理由逾期不补正、", 9.0), (62, 111.7, "行政机关不再处理其政府信息公开申请", 9.0)]
    page2 += [(_COLUMNS[k], 111.7, "6", 9.0, "centre") for k in range(7)] + _row(140, "规章", {3: "7"})
    lines = pdf_to_text(_cjk_pdf([page1, page2])).split("\n")
    first = next(ln for ln in lines if "本年新收" in ln)
    joined = next(ln for ln in lines if "逾期不补正、行政机关" in ln)
    alone = next(ln for ln in lines if "规章" in ln)
    assert _value_columns(first) == _value_columns(joined)
    assert _value_columns(alone) == [_value_columns(first)[3]]


def _value_columns(line: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<!\S)\d+(?!\S)", line)]


# ------------------------------------------------------------------ a small PDF writer

_HEIGHT = 842
_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
# a CID font with no ToUnicode map: its glyphs have no characters (pdfminer reads "(cid:17)")
_NO_UNICODE = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [<< /Type /Font "
    b"/Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
    b"/Supplement 0 >> >>] >>"
)
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _text_ops(x: float, baseline: float, text: str, size: float = 12) -> str:
    """Text at x, its baseline `baseline` points below the top of the page (Helvetica)."""
    return f"BT /F1 {size} Tf {x} {_HEIGHT - baseline} Td ({text}) Tj ET\n"


def _line_ops(x0: float, top0: float, x1: float, top1: float) -> str:
    return f"0.5 w {x0} {_HEIGHT - top0} m {x1} {_HEIGHT - top1} l S\n"


def _white_box(x: float, top: float, width: float, height: float) -> str:
    return f"1 1 1 rg {x} {_HEIGHT - top - height} {width} {height} re f 0 0 0 rg\n"


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _cjk_pdf(pages: list[list[tuple]]) -> bytes:
    """A PDF of A4 pages with Chinese text in reportlab's built-in CID font STSong-Light, each page
    a list of (x, baseline below the top of the page, text, size[, "centre": centred on x])."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(595, _HEIGHT), invariant=1)
    for ops in pages:
        for x, top, text, size, *how in ops:
            if how:
                x -= pdfmetrics.stringWidth(text, "STSong-Light", size) / 2
            pdf.setFont("STSong-Light", size)
            pdf.drawString(x, _HEIGHT - top, text)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _pdf(pages: list[str], user_password: str | None = None, font: bytes = _HELVETICA) -> bytes:
    """A PDF of A4 pages, each drawn by its content stream (font /F1); with a user password (may
    be empty), encrypted by the standard security handler, revision 2 (RC4, 40-bit key)."""
    n = len(pages)
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * k} 0 R' for k in range(n))}] /Count {n} >>".encode(),
        3: font,
    }
    file_id = hashlib.md5(b"".join(p.encode() for p in pages)).digest()
    key = None
    trailer = f"/Root 1 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
    if user_password is not None:
        permissions = -4
        user = (user_password.encode() + _PAD)[:32]
        owner_key = hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5]
        o_value = _rc4(owner_key, user)
        key = hashlib.md5(user + o_value + struct.pack("<i", permissions) + file_id).digest()[:5]
        u_value = _rc4(key, _PAD)
        encrypt = 4 + 2 * n
        objects[encrypt] = (
            f"<< /Filter /Standard /V 1 /R 2 /O <{o_value.hex()}> /U <{u_value.hex()}> /P {permissions} >>"
        ).encode()
        trailer += f" /Encrypt {encrypt} 0 R"
    for k, content in enumerate(pages):
        page, stream = 4 + 2 * k, 5 + 2 * k
        objects[page] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 {_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {stream} 0 R >>"
        ).encode()
        data = content.encode("latin-1")
        if key is not None:
            data = _rc4(hashlib.md5(key + stream.to_bytes(3, "little") + b"\0\0").digest()[:10], data)
        objects[stream] = f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
