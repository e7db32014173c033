"""Each deviation class of report-format §7, on small inputs made from the samples."""

from __future__ import annotations

import pytest

from pipeline.parse.report import parse_report
from tests.conftest import sample_bytes

T = "\t"


def _base(prefix: str = "004") -> str:
    return sample_bytes(prefix).decode("utf-8")


def parse(text: str, encoding: str = "utf-8"):
    return parse_report(text.encode(encoding), "x.txt")


def cells(report) -> dict:
    return {(t, r, c): (v, k, raw) for t, r, c, v, k, raw, _ in report.cells}


def codes(report) -> list[str]:
    return [i.code for i in report.issues]


def _sub(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_blank_cell_inside_a_row_is_blank_not_zero():
    text = _sub(
        _base(),
        "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\t",
        "一、本年新收政府信息公开申请数量\t\t2\t\t0\t0\t0\t0\t2\t",
    )
    r = parse(text)
    c = cells(r)
    assert c[("applications", "new_received", "commercial_enterprise")] == (None, "blank", "")
    assert c[("applications", "new_received", "natural_person")][0] == 2
    assert c[("applications", "new_received", "total")][0] == 2
    assert r.issues == []


@pytest.mark.parametrize("mark", ["-", "—", "/", "无"])
def test_placeholders(mark):
    text = _sub(_base(), "行政许可\t0\t\t", f"行政许可\t{mark}\t\t")
    text = _sub(text, "3.其他\t\t0\t0", f"3.其他\t\t{mark}\t0")
    c = cells(parse(text))
    assert c[("active_disclosure", "licensing", "decisions")] == (None, "placeholder", mark)
    assert c[("applications", "other_other", "natural_person")] == (None, "placeholder", mark)


def test_shifted_rows_extra_leading_and_trailing_cells():
    text = _sub(
        _base(),
        "\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0",
        "\t\t\t\t6.属于四类过程性信息\t\t1\t0\t0\t0\t0\t0\t1\t\t\t",
    )
    c = cells(parse(text))
    assert c[("applications", "withheld_process_info", "natural_person")][0] == 1
    assert c[("applications", "withheld_process_info", "total")][0] == 1


def test_spaces_in_labels_and_half_width_brackets():
    text = _sub(_base(), "(七) 总计\t2", "( 七 ) 总 计\t2")
    text = _sub(
        text, "⇥(三) 不予公开⇥1.属于国家秘密".replace("⇥", T), "⇥（三）不予公开⇥1. 属于 国家秘密".replace("⇥", T)
    )
    text = _sub(text, "3.危及“三安全一稳定”\t0", '3.危及"三安全一稳定"\t0')
    r = parse(text)
    c = cells(r)
    assert c[("applications", "results_total", "total")][0] == 2
    assert c[("applications", "withheld_state_secret", "total")][0] == 0
    assert c[("applications", "withheld_security_stability", "total")][0] == 0
    assert r.issues == []


def test_truncated_and_misspelt_labels():
    text = _sub(_base("000"), "本年度止件数", "本年度止件数")  # 000 prints the typo already
    text = _sub(
        text,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开",
    )
    text = _sub(text, "2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    r = parse(text)
    assert r.issues == []
    assert cells(r)[("applications", "other_no_correction", "total")][0] == 0
    assert cells(r)[("active_disclosure", "regulations", "repealed")][0] == 0


def test_2019_template_tables():
    text = _base("000")
    text = _sub(
        text,
        "信息内容\t本年制发件数\t本年度止件数\t现行有效件数",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
    )
    text = _sub(text, "行政规范性文件\t0\t0\t0", "规范性文件\t2\t2\t9")
    text = _sub(
        text,
        "信息内容\t本年处理决定数量\t\t\n行政许可\t0\t\t",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t12\t-2\t1,017\n其他对外管理服务事项\t3\t+1\t0",
    )
    text = _sub(
        text,
        "信息内容\t本年处理决定数量\t\t\n行政处罚\t0\t\t\n行政强制\t0\t\t",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政处罚\t5\t0\t３８\n行政强制\t1\t0\t0",
    )
    text = _sub(
        text,
        "信息内容\t本年收费金额（单位：万元）\t\t\n行政事业性收费\t0\t\t",
        "信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t4\t-1\n第二十条第（九）项\t\t\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t7\t80618元",
    )
    start = text.index("\t(六) 其他处理\t1.")
    end = text.index("(七) 总计")
    text = text[:start] + "\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\n" + text[end:]
    r = parse(text)
    assert r.template_version == "2019"
    assert r.issues == []
    c = cells(r)
    assert c[("active_disclosure", "normative_documents", "published_total")][0] == 9
    assert c[("active_disclosure", "licensing", "items_change")][0] == -2
    assert c[("active_disclosure", "other_services", "items_change")][0] == 1
    assert c[("active_disclosure", "licensing", "decisions")] == (1017.0, "number", "1,017")
    assert c[("active_disclosure", "penalty", "decisions")] == (38.0, "number", "３８")
    assert c[("active_disclosure", "fees", "items_change")][0] == -1
    assert c[("active_disclosure", "procurement", "procurement_amount")] == (pytest.approx(8.0618), "number", "80618元")
    assert c[("applications", "other_handling", "total")][0] == 0
    assert ("applications", "other_other", "total") not in c
    assert len(r.cells) == 22 + 23 * 7 + 15


def test_a_2019_row_in_a_2021_table_is_an_unexpected_row_not_a_cell():
    """政府集中采购 (第二十条第（九）项) exists only in the 2019 template: printed in a 2021 report it
    is named in an issue (with its table and row) and left out of the cells."""
    from pipeline.model import Issue

    text = _sub(
        _base(),
        "行政事业性收费\t0\t\t\n",
        "行政事业性收费\t0\t\t\n第二十条第（九）项\t\t\t\n信息内容\t采购项目数量\t采购总金额\t\n政府集中采购\t3\t120\t\n",
    )
    r = parse(text)
    assert r.template_version == "2021"
    assert r.issues == [Issue("unexpected_row", "row procurement does not belong to the 2021 template", None,
                              "active_disclosure", "procurement", "error")]  # fmt: skip
    c = cells(r)
    assert not [k for k in c if k[1] == "procurement"] and c[("active_disclosure", "fees", "amount_10k_yuan")][0] == 0


def test_mixed_layouts_in_one_report():
    text = _base("004")
    # table 三 as pipes, table 四 one cell per line
    start, end = text.index("(本列数据"), text.index("\n\n四、政府信息公开行政复议")
    table3 = "\n".join(" | ".join(line.split("\t")) + " |" for line in text[start:end].split("\n"))
    text = text[:start] + table3 + text[end:]
    start = text.index("行政复议\t\t\t\t\t行政诉讼")
    end = text.index("\n\n五、")
    body = text[start:end].split("\n")
    cell_lines = []
    for line in body:
        cell_lines += ["\t" + c for c in line.split("\t")] + [""]
    text = text[:start] + "\n".join(cell_lines) + text[end:]
    r = parse(text)
    assert r.layouts == {"active_disclosure": "tab", "applications": "pipe", "review_litigation": "cell_per_line"}
    assert r.issues == []
    c = cells(r)
    assert c[("applications", "granted", "natural_person")][0] == 2
    assert c[("review_litigation", "litigation_after_review", "total")][0] == 0


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_encodings_and_crlf(encoding):
    text = _base("003").replace("\n", "\r\n")
    r = parse(text, encoding)
    assert r.agency == "新乡市牧野区人民政府"
    assert cells(r)[("active_disclosure", "licensing", "decisions")][0] == 15498
    assert r.issues == []
    recorded = {"gbk": "gb18030", "utf-8-sig": "utf-8-bom"}.get(encoding, encoding)
    assert r.encoding == recorded  # BOM-less UTF-16 by its byte order, not swapped


@pytest.mark.parametrize("sample", ["000", "001", "002", "003", "004"])
def test_bom_less_utf16_of_every_sample_reads_like_the_utf8(sample):
    utf8 = parse_report(sample_bytes(sample), "x.txt")
    for encoding in ("utf-16-le", "utf-16-be"):
        r = parse_report(sample_bytes(sample).decode("utf-8").encode(encoding), "x.txt")
        assert (r.encoding, r.cells, r.agency) == (encoding, utf8.cells, utf8.agency)


def test_nul_bytes_that_are_not_utf16_text_are_rejected():
    both_sides = bytes(range(256)) * 8 + bytes(range(255, -1, -1)) * 8  # NULs at even and odd offsets
    assert parse_report(both_sides, "x.bin").reject_reason.startswith("binary: ")
    odd_nuls = bytes(b for pair in zip(bytes(range(1, 255)) * 8, bytes(2032), strict=False) for b in pair)
    r = parse_report(odd_nuls, "x.bin")  # shaped like UTF-16-LE, but control characters, not text
    assert r.parse_status == "rejected" and r.reject_reason.startswith("binary: ")
    assert "does not read as utf-16-le text" in r.reject_reason


def test_cruft_lines_inside_a_table_are_skipped():
    text = _sub(_base(), "\t\t4.保护第三方合法权益", "- 4 -\n分享\n扫一扫在手机打开当前页面\n\t\t4.保护第三方合法权益")
    r = parse(text)
    assert r.issues == []
    assert cells(r)[("applications", "withheld_third_party", "total")][0] == 0


def test_digits_run_together_are_flagged_not_guessed():
    text = _sub(_base(), "(七) 总计\t2\t0\t0\t0\t0\t0\t2\t\t", "(七) 总计\t2000002\t\t")
    r = parse(text)
    assert "digits_run_together" in codes(r)
    c = cells(r)
    assert all(
        c[("applications", "results_total", col)][1] == "missing"
        for col in ("natural_person", "commercial_enterprise", "total")
    )
    assert c[("applications", "granted", "natural_person")][0] == 2  # the rest is kept


def test_wrong_value_count_missing_and_duplicated_rows_are_issues():
    text = _sub(_base(), "\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0", "\t\t2.重复申请\t0\t0\t0\t0\t0")
    text = _sub(text, "\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0\n", "")
    text = _sub(
        text,
        "\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0",
        "\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n\t\t8.属于行政查询事项\t1\t0\t0\t0\t0\t0\t1",
    )
    r = parse(text)
    assert {"too_few_values", "missing_row", "duplicate_row"} <= set(codes(r))
    c = cells(r)
    for row in ("declined_duplicate", "declined_publication", "withheld_query_matter"):
        assert c[("applications", row, "total")] == (None, "missing", None), row


def test_table_not_found_and_not_a_report():
    text = _base()
    r = parse(text[: text.index("四、政府信息公开行政复议")])
    assert "table_not_found" in codes(r)
    assert all(k == "missing" for t, _, _, _, k, _, _ in r.cells if t == "review_litigation")
    assert parse("今天天气很好。\n明天也很好。\n").parse_status == "rejected"


def test_text_in_a_value_cell_is_unread_and_flagged():
    text = _sub(_base(), "行政规范性文件\t1\t0\t1", "行政规范性文件\t1\t0\t1（含修订）")
    r = parse(text)
    assert "text_in_cell" in codes(r)
    assert cells(r)[("active_disclosure", "normative_documents", "in_force")] == (None, "text", "1（含修订）")


def test_a_garbled_value_is_never_taken_for_a_label():
    # "3+10" (3, +1, 0 run together) must not read as a label over an all-blank row
    text = _sub(_base(), "行政许可\t0\t\t", "行政许可\t3+10\t\t")
    r = parse(text)
    assert {"too_few_values", "digits_run_together", "text_in_cell"} & set(codes(r))
    assert cells(r)[("active_disclosure", "licensing", "decisions")][1] in ("missing", "text")
    assert cells(r)[("active_disclosure", "licensing", "decisions")][0] is None


def test_one_cell_per_line_blocks_keep_line_numbers_across_cruft_and_empty_runs():
    """Sample 003 prints one cell per line. A page number inside a row's block and a run of
    empty lines between rows change no value, and every cell keeps the line it is printed on."""
    base = _base("003")
    text = _sub(base, "\t6.属于四类过程性信息\n\t1\n", "\t6.属于四类过程性信息\n\t1\n第 3 页\n")
    text = _sub(text, "\t7.属于行政执法案卷", "\n\n\t7.属于行政执法案卷")
    before, after = parse(base), parse(text)
    assert after.issues == []
    lines = text.split("\n")
    got = {(t, r, c): (v, k, raw, ln) for t, r, c, v, k, raw, ln in after.cells}
    assert {key: v[:3] for key, v in got.items()} == {key: v[:3] for key, v in cells(before).items()}
    for key, (_, _, raw, ln) in got.items():
        if raw:  # every printed cell points at its own line
            assert lines[ln - 1].strip() == raw, key
    assert got[("applications", "withheld_process_info", "natural_person")][3] == 185
    assert got[("applications", "withheld_process_info", "commercial_enterprise")][3] == 187
    assert got[("applications", "withheld_enforcement_file", "natural_person")][3] == 199


def test_heading_cue_words_at_the_end_of_short_lines_only():
    from pipeline.parse.sections import _cue_line_ends, find_headings

    text = (
        "一、总体情况\n情况说明在此行的中间出现而不在行尾的很长一行\n二、主动公开政府信息情况\n"
        "问题123456\n问题1234567\n措施"
    )
    lines = text.split("\n")
    assert [lines[text.count("\n", 0, e)] for e in _cue_line_ends(text)] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "问题123456",
        "措施",
    ]
    assert find_headings(text) == {"overview": 0, "active_disclosure": 2}


# ---------------------------------------------------------------- never guess: values split from their label
NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"
NEW_LINE = f"{NEW}\t\t2\t0\t0\t0\t0\t0\t2\t"
CARRIED_LINE = f"{CARRIED}\t\t0\t0\t0\t0\t0\t0\t0\t"


def _values(report, row):
    return [cells(report)[("applications", row, c)][:2] for c in ("natural_person", "total")]


def test_values_on_the_line_after_their_wrapped_label_are_read():
    r = parse(_sub(_base(), NEW_LINE, f"{NEW}\n\t\t2\t0\t0\t0\t0\t0\t2\t"))
    assert _values(r, "new_received") == [(2.0, "number"), (2.0, "number")]
    assert r.issues == []


def test_values_after_two_pending_labels_are_never_given_to_either():
    text = _sub(
        _base(),
        f"{NEW_LINE}\n{CARRIED_LINE}",
        f"{NEW}\n{CARRIED}\n\t\t2\t0\t0\t0\t0\t0\t2\t\n\t\t0\t0\t0\t0\t0\t0\t0\t",
    )
    r = parse(text)
    assert _values(r, "new_received") == [(None, "missing")] * 2
    assert _values(r, "carried_in") == [(None, "missing")] * 2
    assert "orphan_values" in codes(r)
    orphan = next(i for i in r.issues if i.code == "orphan_values")
    assert "carried_in, new_received" in orphan.message  # the candidates are named, none chosen


def test_values_far_below_a_pending_label_are_not_given_to_it():
    r = parse(_sub(_base(), NEW_LINE, f"{NEW}\n\n\n\n\t\t2\t0\t0\t0\t0\t0\t2\t"))
    assert _values(r, "new_received") == [(None, "missing")] * 2
    assert {"orphan_values", "missing_row"} <= set(codes(r))


def test_bom_less_utf16_is_told_only_by_many_nuls_on_one_side():
    """NULs make a file UTF-16 only when there are enough of them (one in 64 bytes, at least 4)
    and more than twice as many on one side as on the other; anything else is binary."""
    from pipeline.parse.decoding import Decoded, DecodeError, decode

    binary = "binary file, not text: contains NUL bytes"
    text = "新乡市政府信息公开工作年度报告 2023\t12\t0\n" * 20
    assert decode(text.encode("utf-16-le")) == Decoded(text, "utf-16-le")
    assert decode(text.encode("utf-16-be")) == Decoded(text, "utf-16-be")
    few = b"a" * 2000 + b"b\x00" * 3 + b"c" * 2000  # NULs only at odd offsets, but 3 of them
    assert decode(few) == DecodeError("binary", binary)
    both = (b"a\x00" * 40 + b"\x00a" * 30) * 10  # many NULs on both sides, neither twice the other
    assert decode(both) == DecodeError("binary", binary)
    both_be = (b"\x00a" * 40 + b"a\x00" * 30) * 10
    assert decode(both_be) == DecodeError("binary", binary)
    # every byte of a side counts: 30 NULs at odd offsets (the high bytes of tabs and newlines in
    # UTF-16-LE), 10 at even ones (the low byte of 一 U+4E00): three times as many, so UTF-16-LE
    lines = "一、总体情况\n" * 10 + "行政许可\t0\t\t\n" * 4
    assert decode(lines.encode("utf-16-le")) == Decoded(lines, "utf-16-le")
    assert decode(lines.encode("utf-16-be")) == Decoded(lines, "utf-16-be")


def test_only_the_first_4_kib_are_sniffed_for_nul_bytes():
    """A NUL byte in the first 4,096 bytes makes a file binary (or BOM-less UTF-16); one after
    them is a stray character of a text file, read as it is."""
    from pipeline.parse.decoding import Decoded, DecodeError, decode

    lines = "一、总体情况\n" * 215  # 4,085 bytes of UTF-8
    late = lines + " " * 11 + "\x00" + lines  # the NUL is byte 4,096 (0-based): not sniffed
    assert decode(late.encode("utf-8")) == Decoded(late, "utf-8")
    early = lines + " " * 10 + "\x00" + lines  # byte 4,095: the last one sniffed
    assert decode(early.encode("utf-8")) == DecodeError("binary", "binary file, not text: contains NUL bytes")


def test_page_numbers_and_web_page_cruft_inside_tables_are_cruft_and_numbers_are_not():
    from pipeline.parse.text import is_cruft

    cruft = ["9/12", "  0 / 3", "- 4 -", "第 3 页 共 9 页", "当前位置：首页", "分享到", "正文"]
    kept = ["12", "9月/10月 情况", "a/b", "", "行政许可", "\t9"]
    assert [is_cruft(s) for s in cruft + kept] == [True] * len(cruft) + [False] * len(kept)


def test_reports_before_2019_are_narrative_only_and_2019_is_read():
    base = _base()  # 004: 大峪镇人民政府 2023 年…
    r2019, r2018 = (parse(_sub(base, "2023 年", f"{year} 年")) for year in (2019, 2018))
    assert (r2019.year, r2019.issues, len(r2019.cells)) == (2019, [], 200)
    assert (r2018.year, codes(r2018), r2018.cells, r2018.template_version) == (2018, ["pre_template_report"], [], None)
