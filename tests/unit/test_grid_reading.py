"""Tables read as grids: blanks the text fixes are read as blanks, never missing, never guessed.

Each test makes a small input from a bundled sample for one cause of cells once lost as
``missing`` (the five causes and two false alarms of the table-reading issue) and asserts the
values read and the issue codes. Never-guess stays pinned: rows whose cells truly allow several
readings stay ``missing`` with an issue.
"""

from __future__ import annotations

import re

from pipeline.model import IssueCode
from pipeline.parse.report import parse_report
from tests.conftest import sample_bytes

A, R = "applications", "review_litigation"
ZERO7 = "\t0" * 7


def parse(text: str):
    return parse_report(text.encode("utf-8"), "x.txt")


def cells(report, table: str, row: str) -> list[tuple]:
    """(value, value_kind) of a row's cells, in column order."""
    return [(v, k) for t, r, _c, v, k, *_ in report.cells if t == table and r == row]


def errors(report) -> list[str]:
    return [str(i.code) for i in report.issues if i.severity == "error"]


def infos(report) -> list[str]:
    return [str(i.code) for i in report.issues if i.severity == "info"]


def _sub(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


N, B = "number", "blank"


def _n(*values):
    return [(None, B) if v is None else (float(v), N) for v in values]


# ------------------------------------------------------------------ 1. blank at either end, pipe and tab
def _pipe_without_terminators() -> str:
    """Sample 002 (pipe) with the empty cells after each row's values removed: full rows then end
    with their last value, no trailing separator — the convention of the issue's real report."""
    text = sample_bytes("002").decode("utf-8")
    return re.sub(r"(?m)^((?:[^|\n]*\|)+ \d+) \|[ |]*$", r"\1", text)


def test_pipe_row_with_blank_total_and_blank_middle_cells_is_read():
    text = _pipe_without_terminators()
    # the same counts in 新收, 予以公开 and 总计 keep the identities A1/A2 true (sample 002 is all 0)
    for label in ("一、本年新收政府信息公开申请数量", "三、本年度办理结果 | (一)予以公开", "(七)总计"):
        text = _sub(text, f"{label} | 0 | 0 | 0 | 0 | 0 | 0 | 0\n", f"{label} | 258 | 12 |  |  | 1 | 1 | \n")
    r = parse(text)
    for row in ("new_received", "granted", "results_total"):
        assert cells(r, A, row) == _n(258, 12, None, None, 1, 1, None), row
    assert "too_few_values" not in errors(r) and "digits_run_together" not in errors(r)


def test_pipe_row_blank_at_both_ends_with_a_four_digit_number_is_read_not_digits_run_together():
    text = _pipe_without_terminators()
    row = "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 0 | 0 | 0 | 0 | 0 | 0 | 0"
    text = _sub(text, row, "(二)部分公开(区分处理的,只计这一情形,不计其他情形) |  | 1017 | 0 | 0 | 0 | 0 | ")
    for label in ("一、本年新收政府信息公开申请数量", "(七)总计"):  # A1/A2 stay true
        text = _sub(text, f"{label} | 0 | 0 | 0 | 0 | 0 | 0 | 0\n", f"{label} | 0 | 1017 | 0 | 0 | 0 | 0 | 1017\n")
    r = parse(text)
    assert cells(r, A, "partially_granted") == _n(None, 1017, 0, 0, 0, 0, None)
    assert errors(r) == [] or set(errors(r)) <= {"missing_row"} - {"missing_row"}


def test_tab_row_with_a_blank_first_value_is_read_by_its_kind_of_row():
    # 004's 二、上年结转 row: label, a pad cell, 7 values, a terminator — like 一、本年新收 above it
    text = _sub(
        sample_bytes("004").decode("utf-8"),
        "二、上年结转政府信息公开申请数量\t\t0\t",
        "二、上年结转政府信息公开申请数量\t\t\t",
    )
    r = parse(text)
    assert cells(r, A, "carried_in") == _n(None, 0, 0, 0, 0, 0, 0)
    assert errors(r) == []


# ------------------------------------------------------------------ 2. one cell per line
def test_cell_per_line_block_with_blank_first_and_last_values_is_read():
    lines = sample_bytes("003").decode("utf-8").split("\n")
    k = lines.index("\t二、上年结转政府信息公开申请数量")
    assert lines[k + 1 : k + 8] == ["\t0"] * 7
    lines[k + 1], lines[k + 7] = "\t", "\t"  # natural person and total printed blank
    r = parse("\n".join(lines))
    assert cells(r, A, "carried_in") == _n(None, 0, 0, 0, 0, 0, None)
    assert "too_few_values" not in errors(r)


def test_sparse_one_cell_per_line_table_is_read_as_one_cell_per_line():
    lines = sample_bytes("003").decode("utf-8").split("\n")
    start = lines.index("三、收到和处理政府信息公开申请情况")
    end = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    for i in range(start, end):  # every zero printed blank: most lines hold only the tab
        if lines[i] == "\t0":
            lines[i] = "\t"
    r = parse("\n".join(lines))
    assert r.layouts[A] == "cell_per_line"
    assert cells(r, A, "new_received") == _n(3, None, None, None, None, None, 3)
    assert cells(r, A, "granted") == _n(None, None, None, None, None, None, None)
    assert errors(r) == []


# ------------------------------------------------------------------ 3. table 四 as one 15-cell row
def test_table_four_as_one_row_with_a_blank_group_keeps_every_printed_number():
    text = _sub(
        sample_bytes("004").decode("utf-8"), "\n" + "\t".join(["0"] * 15), "\n1\t\t\t\t1\t2\t\t\t1\t3\t\t\t\t\t"
    )
    r = parse(text)
    assert cells(r, R, "review") == _n(1, None, None, None, 1)
    assert cells(r, R, "litigation_direct") == _n(2, None, None, 1, 3)
    assert cells(r, R, "litigation_after_review") == _n(None, None, None, None, None)
    # exactly 15 cells, the first printed, none wider than a digit: one reading, no identity needed
    assert errors(r) == [] and infos(r) == []


def test_table_four_one_cell_per_line_block_of_fifteen_is_read_where_it_stands():
    # 003: table 四 as a block of 15 lines, one cell each; its first cell and every 总计 blank.
    # Nothing can pad a row without a label, and a line per cell leaves no terminator: the
    # cells are where they stand, though B1–B3 cannot be assessed over the blank totals
    lines = sample_bytes("003").decode("utf-8").split("\n")
    k = next(i for i in range(len(lines) - 15) if lines[i : i + 15] == ["\t0"] * 15)
    lines[k : k + 15] = ["\t", "\t3", "\t1", "\t", "\t"] + ["\t"] * 10
    r = parse("\n".join(lines))
    assert cells(r, R, "review") == _n(None, 3, 1, None, None)
    assert cells(r, R, "litigation_direct") == _n(None, None, None, None, None)
    assert errors(r) == []


def test_table_four_row_with_pads_the_report_shows_is_cut_where_b1_to_b3_hold():
    text = sample_bytes("004").decode("utf-8")
    text = _sub(text, "\n" + "\t".join(["0"] * 15), "\n\t1\t\t\t\t1\t12\t\t\t1\t13\t\t\t\t\t\t\t")  # pad + 15 + 2
    r = parse(text)
    assert cells(r, R, "review") == _n(1, None, None, None, 1)
    assert cells(r, R, "litigation_direct") == _n(12, None, None, 1, 13)
    assert errors(r) == [] and infos(r) == ["resolved_by_identity"]


# ------------------------------------------------------------------ 4 / 5. PDF text
def _as_pdf_text(text: str) -> str:
    """Sample 004 with its table 三 printed like pdftotext -layout: labels, then the values in
    columns aligned by character position."""
    out = []
    in_table = False
    for line in text.split("\n"):
        if line.startswith("三、收到和处理"):
            in_table = True
        elif line.startswith("四、政府信息公开行政复议"):
            in_table = False
        if in_table and "\t" in line:
            cells_ = [c.strip() for c in line.split("\t")]
            values = [c for c in cells_ if re.fullmatch(r"\d+", c)]
            label = "  ".join(c for c in cells_ if c and not re.fullmatch(r"\d+", c))
            if len(values) == 7:
                line = f"{label:<60}" + "".join(f"{v:>8}" for v in values)
            elif not values:
                line = label
        out.append(line)
    return "\n".join(out)


def test_a_vertical_group_label_fragment_before_a_short_leaf_label_is_not_its_label():
    text = _as_pdf_text(sample_bytes("004").decode("utf-8"))
    row = next(x for x in text.split("\n") if x.startswith("3.其他"))
    r = parse(text.replace(row, "    他处理  " + row, 1))
    assert cells(r, A, "other_other") == _n(0, 0, 0, 0, 0, 0, 0)
    assert errors(r) == []


def test_a_bare_page_number_inside_a_pdf_table_is_page_cruft():
    text = _as_pdf_text(sample_bytes("004").decode("utf-8"))
    row = next(x for x in text.split("\n") if x.strip().startswith("4.保护第三方合法权益"))
    r = parse(text.replace(row, " " * 40 + "3\n\f" + row, 1))
    assert cells(r, A, "withheld_third_party") == _n(0, 0, 0, 0, 0, 0, 0)
    assert errors(r) == []


def test_a_blank_in_pdf_text_is_read_from_where_the_tokens_sit_when_the_identities_confirm():
    text = _as_pdf_text(sample_bytes("004").decode("utf-8"))
    full = next(x for x in text.split("\n") if x.startswith("一、本年新收"))
    blank_total = full[:-8]  # the 总计 column printed blank: 2 0 0 0 0 0 and nothing under 总计
    r = parse(text.replace(full, blank_total, 1))
    assert cells(r, A, "new_received") == _n(2, 0, 0, 0, 0, 0, None)
    assert "ambiguous_row" not in errors(r)


# ------------------------------------------------------------------ what else the table teaches
D = "active_disclosure"
_RULES_004 = ("规章\t0\t0\t0\n", "行政规范性文件\t1\t0\t1\n")


def test_a_header_row_shows_where_the_columns_of_table_two_start():
    # 004, zeros printed blank, every data row ending with a terminator: 行政规范性文件's 4 cells
    # after its label could be pad + 3 or 3 + terminator; the header row (label, then the three
    # headers) puts the columns right after the label
    text = _sub(sample_bytes("004").decode("utf-8"), _RULES_004[0], "规章\t\t\t\t\n")
    text = _sub(text, _RULES_004[1], "行政规范性文件\t\t\t1\t\n")
    r = parse(text)
    assert cells(r, D, "normative_documents") == _n(None, None, 1)
    assert errors(r) == []
    # without the header row nothing tells: missing, with an issue
    r = parse(_sub(text, "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n", ""))
    assert [k for _, k in cells(r, D, "normative_documents")] == ["missing"] * 3
    assert "ambiguous_row" in errors(r)


def test_a_header_row_with_one_of_its_three_headers_misprinted_still_shows_the_columns():
    # as above, with 本年废止件数 misprinted 本年度止件数 (seen in real reports): two of three
    # headers still place the columns; with two of three misprinted the row shows nothing
    text = _sub(sample_bytes("004").decode("utf-8"), _RULES_004[0], "规章\t\t\t\t\n")
    text = _sub(text, _RULES_004[1], "行政规范性文件\t\t\t1\t\n")
    header = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    r = parse(_sub(text, header, "信息内容\t本年制发件数\t本年度止件数\t现行有效件数\n"))
    assert cells(r, D, "normative_documents") == _n(None, None, 1)
    assert errors(r) == []
    r = parse(_sub(text, header, "信息内容\t本年制发数\t本年度止件数\t现行有效件数\n"))
    assert [k for _, k in cells(r, D, "normative_documents")] == ["missing"] * 3


def test_a_row_as_long_as_the_blank_rows_of_its_kind_lost_no_cell():
    # 规章 printed blank shows rows of this kind have 5 cells after the label; 行政规范性文件 has
    # 5 too, its first printed: no pad, no separator lost to digits run together — 12 3 and a blank
    text = _sub(sample_bytes("004").decode("utf-8"), "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n", "")
    text = _sub(text, _RULES_004[0], "规章\t\t\t\t\t\n")
    r = parse(_sub(text, _RULES_004[1], "行政规范性文件\t12\t3\t\t\t\n"))
    assert cells(r, D, "normative_documents") == _n(12, 3, None)
    assert errors(r) == []
    # one cell fewer than the blank rows: 12 may be two cells run together — not read
    r = parse(_sub(text, _RULES_004[1], "行政规范性文件\t12\t3\t\t\n"))
    assert [k for _, k in cells(r, D, "normative_documents")] == ["missing"] * 3


def _space_disclosure(row: str) -> str:
    """004 with the first block of table 二 printed like pdftotext -layout (columns at 16, 32, 48)."""
    header = f"{'信息内容':<12}{'本年制发件数':<10}{'本年废止件数':<10}现行有效件数"
    text = _sub(sample_bytes("004").decode("utf-8"), "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n",
                header + "\n")  # fmt: skip
    text = _sub(text, _RULES_004[0], "规章\n")
    return _sub(text, _RULES_004[1], row + "\n")


def test_pdf_text_table_two_row_is_read_under_its_block_headers():
    # (12 + 4 + 4 = 20-char label column: the headers start at 12, 22, 32 — count characters)
    r = parse(_space_disclosure(f"{'行政规范性文件':<14}1{' ' * 19}3"))
    assert cells(r, D, "normative_documents") == _n(1, None, 3)
    assert cells(r, D, "regulations") == _n(None, None, None)
    assert errors(r) == []


def test_pdf_text_token_of_two_digits_may_be_two_cells_and_stays_unread():
    r = parse(_space_disclosure(f"{'行政规范性文件':<14}17"))
    assert [k for _, k in cells(r, D, "normative_documents")] == ["missing"] * 3
    assert "ambiguous_row" in errors(r)


def test_pdf_text_table_four_with_headers_and_no_value_is_all_blank():
    # headers truncated to two characters (结果 for 结果维持), as PDF cells often print them
    text = sample_bytes("004").decode("utf-8")
    start = text.index("四、政府信息公开行政复议")
    end = text.index("五、", start)
    group = "结果  结果  其他  尚未  总计"
    table = ("四、政府信息公开行政复议、行政诉讼情况\n\n行政复议                    行政诉讼\n"
             f"{group}  未经复议直接起诉            复议后起诉\n{' ' * 28}{group}  {group}\n\n")  # fmt: skip
    r = parse(text[:start] + table + text[end:])
    for group_code in ("review", "litigation_direct", "litigation_after_review"):
        assert cells(r, R, group_code) == _n(None, None, None, None, None)
    assert errors(r) == []


def test_pipe_rows_opening_with_a_pipe_start_with_an_empty_cell_unless_every_row_does():
    from pipeline.parse.layout import logical_rows

    plain = ["一、本年新收政府信息公开申请数量 | | 1 | 2 |", "|(三)不予公开 | 1.属于国家秘密 | 0 | 0 | |"]
    rows, layout = logical_rows(plain, 0, 2)
    row = rows[1][0]
    assert (layout, row.lead, row.labels) == ("pipe", 1, ["(三)不予公开", "1.属于国家秘密"])
    assert row.values == ["0", "0", "", ""]
    markdown = ["| 一、本年新收政府信息公开申请数量 | | 1 | 2 |", "|(三)不予公开 | 1.属于国家秘密 | 0 | 0 | |"]
    row = logical_rows(markdown, 0, 2)[0][1][0]
    assert (row.lead, row.values) == (0, ["0", "0", ""])  # outer pipes only delimit


def test_only_a_line_opening_and_closing_with_a_pipe_is_markdown():
    from pipeline.parse.layout import _line_cells

    assert _line_cells("| X光机 | 1 | 2 |") == ("pipe", ["X光机", "1", "2"], True)
    assert _line_cells("X光机 | 1 | 2 |") == ("pipe", ["X光机", "1", "2", ""], False)
    assert _line_cells("| X光机 | 1 | X") == ("pipe", ["", "X光机", "1", "X"], False)
    assert _line_cells("｜ X光机 ｜ 1 ｜") == ("pipe", ["X光机", "1"], True)  # full-width pipes
    assert _line_cells("| 自然人 |") == ("pipe", ["自然人"], True)
    assert _line_cells("|| 1 |") == ("pipe", ["", "", "1", ""], False)  # an empty first cell: no outer pipes


# ------------------------------------------------------------------ false alarms
def test_a_2019_other_handling_row_printed_entirely_blank_is_no_missing_row():
    text = sample_bytes("004").decode("utf-8")
    rows = re.findall(r"(?m)^.*(?:逾期不补正|逾期未按收费通知|^3\.其他).*$", text)
    assert len(rows) == 3
    text = (
        text.replace(rows[0] + "\n", "\t(六) 其他处理" + "\t" * 8 + "\n")
        .replace(rows[1] + "\n", "")
        .replace(rows[2] + "\n", "")
    )
    r = parse(text)
    assert r.template_version == "2019"
    assert cells(r, A, "other_handling") == _n(None, None, None, None, None, None, None)
    assert "missing_row" not in errors(r)


# ------------------------------------------------------------------ never guess
def test_a_row_whose_cells_allow_two_readings_no_identity_decides_stays_missing():
    # 004's (七)总计 row (label, 7 values, two empty cells) with its first value blank: by the
    # conventions of rows like it, 2 0 0 0 0 0 2 could sit one cell later or not; the identities
    # cannot tell (the other rows of the column are the same on either reading)
    text = sample_bytes("004").decode("utf-8")
    text = _sub(text, "(七) 总计\t2\t0\t0\t0\t0\t0\t2\t\t", "(七) 总计\t\t0\t0\t0\t0\t0\t2\t\t")
    r = parse(text)
    assert [k for _, k in cells(r, A, "results_total")] == ["missing"] * 7
    assert "ambiguous_row" in errors(r)


def test_a_reading_the_identities_contradict_is_not_stored():
    # the one reading the pipe convention allows, but 新收 and 总计 say 0 everywhere: the row may be
    # exported unlike its kind, so its cells are missing with an issue (a report whose rows are read
    # certainly keeps its printed values with a failed check instead)
    text = _sub(_pipe_without_terminators(), "三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
                "三、本年度办理结果 | (一)予以公开 | 258 | 12 |  |  | 1 | 1 | ")  # fmt: skip
    r = parse(text)
    assert [k for _, k in cells(r, A, "granted")] == ["missing"] * 7
    assert "ambiguous_row" in errors(r)


def test_a_total_printed_blank_never_confirms_a_reading_of_table_four():
    # 002 (pipe, a terminator on every line): "||||3 | ||…" is review 总计 = 3 over blank parts (B1
    # fails: the report's arithmetic) or, one pad earlier, pending = 3 under a blank 总计 (which
    # B1 cannot assess). A blank total must not confirm the second: the row stays unread.
    text = _sub(sample_bytes("002").decode("utf-8"), "\n" + " | ".join(["0"] * 15) + " |",
                "\n||||3 | " + "|" * 10)  # fmt: skip
    r = parse(text)
    for group in ("review", "litigation_direct", "litigation_after_review"):
        assert [k for _, k in cells(r, R, group)] == ["missing"] * 5
    assert "ambiguous_row" in errors(r) and "table_not_found" not in errors(r)
    assert r.layouts[R] == "pipe"  # the table is there; one unreadable row costs its cells only


def test_digits_run_together_are_never_split_by_the_layout():
    text = _sub(sample_bytes("004").decode("utf-8"), "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\t",
                "一、本年新收政府信息公开申请数量\t\t2000002\t\t")  # fmt: skip
    r = parse(text)
    assert [k for _, k in cells(r, A, "new_received")] == ["missing"] * 7
    assert "digits_run_together" in errors(r)


# ------------------------------------------------------------------ the conventions, on single rows
def test_an_untaught_row_may_be_exported_as_rows_of_its_kind_elsewhere_in_the_report():
    """A row whose kind and signature no unambiguous row of its own table taught is read by what
    the report's tables showed for rows of its kind (one exporter made them all): here tab rows
    with a pad and a terminator (1, 1), not the pipe rows' (0, 0)."""
    from pipeline.parse.grid import Conventions
    from pipeline.parse.layout import _classify_line

    report: list = []
    earlier = Conventions((), report)
    earlier.learn_later(_classify_line("标签\t\t1\t2\t3\t"), 3, 1)
    earlier.learn_later(_classify_line("标签 | 1 | 2 | 3"), 3, 2)
    table = Conventions((), report)
    assert (table.seen("tab"), table.seen("pipe")) == ({(1, 1)}, {(0, 0)})
    row = _classify_line("其他标签\t\t\t2\t3\t")  # five cells after the label, the first blank
    assert table.readings(row, 3, 5) == [(1, ["", "2", "3"])]


def test_a_header_row_teaches_where_the_value_cells_of_rows_with_as_many_labels_start():
    """Tab text: a label cell followed by the three headers shows that value cells sit right
    after one label cell — taught, as long as no cell could be two cells run together."""
    from pipeline.parse.grid import Conventions
    from pipeline.parse.layout import _classify_line

    table = Conventions((("本年制发件数", "本年废止件数", "现行有效件数"),))
    header = _classify_line("信息内容\t本年制发件数\t本年废止件数\t现行有效件数")
    table.attach({}, {}, [(header, 1)], None)
    row = _classify_line("行政规范性文件\t\t\t1\t")
    assert table.taught(row, 3) and table.readings(row, 3, 2) == [(0, ["", "", "1"])]
    assert not table.taught(_classify_line("行政规范性文件\t\t\t12\t"), 3)  # 12 may be 1 and 2
    assert not table.taught(_classify_line("其他\t文件\t\t1\t"), 3)  # two label cells: not shown


def test_a_row_with_fewer_cells_than_the_header_has_columns_is_never_read_short():
    """A header row (label + three headers) shows where the columns start, not that a row of two
    cells has three: such a row lost a blank's position. It was once read as two cells of three
    (the third column not stored at all); now it is missing, with the reason."""
    from pipeline.parse.grid import Conventions
    from pipeline.parse.layout import _classify_line

    table = Conventions((("本年制发件数", "本年废止件数", "现行有效件数"),))
    table.attach({}, {}, [(_classify_line("信息内容\t本年制发件数\t本年废止件数\t现行有效件数"), 1)], None)
    assert table.readings(_classify_line("规章\t2\t5"), 3, 2) == []
    text = _sub(sample_bytes("004").decode("utf-8"), _RULES_004[0], "规章\t2\t5\n")
    r = parse(text)
    assert [k for _, k in cells(r, D, "regulations")] == ["missing"] * 3
    assert [(i.code, i.row_code) for i in r.issues if i.table_code == D] == [("too_few_values", "regulations")]


def test_cells_placed_for_another_width_are_stored_missing_not_shifted():
    """The last guard before cells are stored: a row placed with fewer or more cells than its
    columns (a reader's bug) is missing with an issue, every column kept."""
    from pipeline.parse.placing import place_blocks
    from pipeline.parse.tables import TableResult

    res = TableResult(D, True, "tab", "2021")
    columns = ("issued", "repealed", "in_force")
    place_blocks(D, [("regulations", columns), ("licensing", ("decisions",))],
                 {"regulations": (["2", "5"], [7, 7], None), "licensing": (["3"], [9], None)}, res)  # fmt: skip
    assert res.blocks[0] == (D, "regulations", columns, [None] * 3, ["missing"] * 3, [None] * 3, [None] * 3)
    assert res.blocks[1][3:5] == ([3.0], ["number"])
    assert [(i.code, i.line, i.row_code) for i in res.issues] == [(IssueCode.TOO_FEW_VALUES, 7, "regulations")]


def test_a_short_line_is_one_cell_of_at_most_40_characters():
    """What one-cell-per-line text is made of (layout.is_cell_per_line counts these lines)."""
    from pipeline.parse.layout import _classify_line

    expected = {
        "自然人": True,
        "\t12": True,
        "字" * 40: True,
        "字" * 41: False,  # too long
        "   " + "字" * 41: False,
        " " * 9 + "字" * 40: False,  # 49 characters with its indent
        "标签\t1\t2": False,  # several cells
        "1 | 2": False,
    }
    assert {line: _classify_line(line).short for line in expected} == expected


def test_rows_that_only_settle_together_are_kept_when_together_they_satisfy_the_identities():
    """Two rows with one uncertain reading each, whose identities can be assessed only when the
    other is placed: kept together, each noted as the one of its 1 reading; when an identity
    fails, neither is kept."""
    from pipeline.model import Issue
    from pipeline.parse.layout import _classify_line
    from pipeline.parse.placing import UNREAD, Grid, TableResult

    def grid() -> Grid:
        g = Grid("applications", {"granted": 2, "results_total": 2}, TableResult("applications", True, "tab", "2021"))
        g.ambiguous = {
            "granted": ([(1, ["3", ""])], _classify_line("（一）予以公开\t\t3\t\t"), 20, False),
            "results_total": ([(1, ["3", ""])], _classify_line("（七）总计\t\t3\t\t"), 30, False),
        }
        return g

    def verdict(holds: dict[str, bool]):
        # assessable only with both rows placed (as an identity between the two would be)
        return lambda code, cells: holds[code] if {"granted", "results_total"} <= g.placed.keys() else None

    g = grid()
    g.choose(verdict({"granted": True, "results_total": True}))
    assert {code: placed[:2] for code, placed in g.placed.items()} == {
        "granted": (["3", ""], [20, 20]),
        "results_total": (["3", ""], [30, 30]),
    }
    note = "row {}: of 1 reading(s) of '3' the layout allows, one satisfies the table's identities"
    assert g.res.issues == [
        Issue("resolved_by_identity", note.format("granted"), 20, "applications", "granted", "info"),
        Issue("resolved_by_identity", note.format("results_total"), 30, "applications", "results_total", "info"),
    ]
    g = grid()
    g.choose(verdict({"granted": True, "results_total": False}))  # one fails: neither is kept
    assert g.placed == {"granted": UNREAD, "results_total": UNREAD}
    assert [(i.code, i.row_code, i.severity) for i in g.res.issues] == [
        ("ambiguous_row", "granted", "error"),
        ("ambiguous_row", "results_total", "error"),
    ]


def test_a_row_printed_twice_with_the_same_values_is_kept_and_noted():
    text = sample_bytes("004").decode("utf-8")
    row = next(line for line in text.split("\n") if "8.属于行政查询事项" in line)
    r = parse(_sub(text, row, f"{row}\n{row}"))
    line = text.split("\n").index(row) + 2  # (1-based) the second print
    assert [(i.code, i.message, i.line, i.table_code, i.row_code, i.severity) for i in r.issues] == [
        ("duplicate_row", "row withheld_query_matter printed twice with the same values", line, A,
         "withheld_query_matter", "error"),
    ]  # fmt: skip
    assert cells(r, A, "withheld_query_matter") == _n(0, 0, 0, 0, 0, 0, 0)


def test_unlabelled_values_of_table_four_fill_the_free_groups_only_exactly():
    from pipeline.model import Issue
    from pipeline.parse.placing import TableResult
    from pipeline.parse.tables import _fill_free_groups

    def fill(n: int, groups: dict) -> tuple[dict, list]:
        res = TableResult(R, True, "tab", None)
        seq = [([str(k) for k in range(n)], [100 + k for k in range(n)])]
        _fill_free_groups(seq, groups, res)
        return groups, res.issues

    review = (["1"] * 5, [9] * 5)
    assert fill(10, {"review": review}) == (
        {"review": review, "litigation_direct": (["0", "1", "2", "3", "4"], [100, 101, 102, 103, 104]),
         "litigation_after_review": (["5", "6", "7", "8", "9"], [105, 106, 107, 108, 109])},
        [],
    )  # fmt: skip
    assert fill(10, {}) == ({}, [Issue("too_few_values", "table 四: only 10 of 15 values found", None, R)])
    assert fill(7, {}) == (
        {},
        [Issue("too_few_values", "table 四: 7 unlabelled values do not fill the groups", None, R)],
    )
    assert fill(20, {}) == (
        {},
        [Issue("too_many_values", "table 四: 20 unlabelled values do not fill the groups", None, R)],
    )
    assert fill(0, {}) == ({}, [])


def test_more_unlabelled_values_than_the_free_groups_hold_are_too_many():
    # one group labelled: 10 places left; 12 or 15 values are too many for them, 7 too few
    from pipeline.parse.placing import TableResult
    from pipeline.parse.tables import _fill_free_groups

    for n, code in ((12, "too_many_values"), (15, "too_many_values"), (7, "too_few_values")):
        res = TableResult(R, True, "tab", None)
        groups = {"review": (["1"] * 5, [9] * 5)}
        _fill_free_groups([(["0"] * n, [100] * n)], groups, res)
        assert list(groups) == ["review"], n
        assert [(i.code, i.message) for i in res.issues] == [
            (code, f"table 四: {n} unlabelled values do not fill the groups")
        ], n


def test_table_four_whose_only_data_row_is_printed_all_blank_is_fifteen_blanks():
    text = _sub(sample_bytes("004").decode("utf-8"), "\n" + "\t".join(["0"] * 15) + "\n", "\n" + "\t" * 14 + "\n")
    r = parse(text)
    for group in ("review", "litigation_direct", "litigation_after_review"):
        assert cells(r, R, group) == _n(None, None, None, None, None), group
    assert errors(r) == []
