"""The input stage's own rules: telling formats apart, the table-row shape every reader writes,
and where a file holding many reports is cut (pipeline.parse.inputs, pipeline.parse.split)."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from pipeline.parse.inputs import input_format, table_row
from pipeline.parse.split import split_reports, title_lines
from tests.conftest import sample_bytes


def _zip(names: list[str]) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "report.txt", "pdf"),  # the bytes decide, not the name
        (b"\xef\xbb\xbf %PDF-1.4", "a.bin", "pdf"),
        (_zip(["word/document.xml"]), "a.docx", "docx"),
        (_zip(["xl/workbook.xml"]), "a.docx", "text"),  # a zip of something else: not Word
        (b"PK\x03\x04 broken", "a.docx", "text"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page.txt", "html"),  # a browser save as .txt
        (b"\n  <html lang='zh'>", "page", "html"),
        (b"<table><tr><td>1</td></tr></table>", "t.txt", "html"),
        (b"plain text", "page.HTML", "html"),
        (b"plain text", "page.shtml", "html"),
        (b"plain text", "page.xhtml", "html"),
        (b"plain text", "page.htm", "html"),
        ("<政府信息公开年报>\n一、总体情况".encode(), "r.txt", "text"),  # a bracket is not markup
        (b"<2023> report", "r.txt", "text"),
        ("新乡市2023年政府信息公开工作年度报告".encode(), "r.md", "text"),
    ],
)
def test_the_format_of_a_file(data, name, expected):
    assert input_format(data, name) == expected


def test_a_table_row_keeps_every_cell_in_its_place_on_one_line():
    assert table_row(["行政 许可", "", " 3 ", "a|b｜c", "x\ny"]) == "| 行政 许可 |  | 3 | a/b/c | x y |"


def test_title_lines_name_body_and_year_and_skip_sentences():
    lines = [
        "新乡市牧野区人民政府",
        "",
        "2021年政府信息公开工作年度报告",  # its body on the line above
        "根据要求，现发布本机关2021年政府信息公开工作年度报告。",  # a sentence, not a title
        "信丰县公安局2022年",
        "政府信息公开工作年度报告",  # a title wrapped over two lines
        "市科委编制了 2024 年度政务公开工作",
        "报告，报告全文包括总体情况",  # a sentence wrapped before its 报告
    ]
    assert title_lines(lines) == [(0, ("新乡市牧野区人民政府", 2021)), (4, ("信丰县公安局", 2022))]


def test_a_dump_is_cut_where_each_part_has_its_own_tables():
    texts = [sample_bytes(s).decode("utf-8") for s in ("000", "001", "003")]
    parts, several = split_reports("\n".join(texts))
    assert not several and [p.strip() for p in parts] == [t.strip() for t in texts]
    one = texts[0]
    # the same title repeated (a page header), a closing title, a title with nothing after it:
    # still one report
    title = one.strip().split("\n")[0]
    for text in (one.replace("\n一、", f"\n{title}\n一、", 1), one + f"\n\n{title}\n", f"{title}\n\n{one}"):
        assert split_reports(text) == ([text], False)
    # another report's title over this report's tables only: not cut, and said so
    assert split_reports(one + "\n\n大峪镇人民政府2023年政府信息公开工作年度报告\n一、总体情况\n") == (
        [one + "\n\n大峪镇人民政府2023年政府信息公开工作年度报告\n一、总体情况\n"],
        True,
    )


def test_every_rejection_says_what_the_file_is():
    """The recorded reasons (reports.status_reason) of files that hold no report, exactly."""
    from pipeline.parse.report import parse_report

    cases = {
        ("empty.html", b""): "html: empty HTML page",
        ("blank.html", b"   \n\t "): "html: empty HTML page",
        ("ws.txt", b" \n \t\r\n"): "empty: file is empty (no text)",
        ("ideographic.txt", "\u3000\u3000\n\u00a0".encode()): "empty: file holds only whitespace",
        ("nopages.pdf", b"%PDF-1.4\n%%EOF\n"): None,  # broken: its own wording, checked below
    }
    for (name, data), reason in cases.items():
        report = parse_report(data, name)
        assert report.parse_status == "rejected", name
        if reason is not None:
            assert report.reject_reason == reason, name
    assert parse_report(b"%PDF-1.4\n%%EOF\n", "nopages.pdf").reject_reason.startswith("pdf: broken PDF: ")


def test_plain_utf8_is_recorded_as_utf_8():
    from pipeline.parse.report import parse_report

    assert parse_report(sample_bytes("000"), "x.txt").encoding == "utf-8"
    assert parse_report(sample_bytes("000").decode().encode("gb18030"), "x.txt").encoding == "gb18030"


def test_a_rejected_file_of_any_format_is_identified_by_its_bytes(monkeypatch):
    """A rejected file's report_id is the first 16 hex of its bytes' sha256, whatever the reader
    that refused it — also when a reader crashes (a bug, recorded as a parser error)."""
    import hashlib

    from pipeline.parse import report as report_module

    files = {"broken.pdf": b"%PDF-1.4\n%%EOF\n", "empty.html": b"", "bad.docx": _zip(["word/document.xml"])}
    for name, data in files.items():
        (rejected,) = report_module.parse_file(data, name)
        sha = hashlib.sha256(data).hexdigest()
        assert (rejected.parse_status, rejected.report_id, rejected.sha256) == ("rejected", sha[:16], sha), name

    def crash(fmt, data):
        raise RuntimeError("reader bug")

    monkeypatch.setattr(report_module, "read_input", crash)
    data = b"<html><body><p>x</p></body></html>"
    (rejected,) = report_module.parse_file(data, "page.html")
    assert rejected.report_id == hashlib.sha256(data).hexdigest()[:16]
    assert (rejected.input_format, rejected.reject_reason) == (
        "html",
        "parser error: html reader: RuntimeError: reader bug",
    )


def test_a_title_starting_with_guanyu_names_the_body_after_it():
    """关于…年度报告 (a notice's title): 关于 is no part of the body's name."""
    from pipeline.parse.metadata import clean_agency, find_title

    assert clean_agency("关于新乡市卫生健康委员会") == "新乡市卫生健康委员会"
    lines = ["关于新乡市卫生健康委员会2023年政府信息公开工作年度报告", "一、总体情况"]
    assert find_title(lines) == ("新乡市卫生健康委员会", 2023, 1, 1)


def test_a_format_no_reader_reads_is_a_programming_error_that_names_it():
    from pipeline.parse.inputs import read_input

    with pytest.raises(ValueError, match=r"^not an input format read here: xls$"):
        read_input("xls", b"")


@pytest.mark.parametrize("label", ["发布时间", "发布日期"])
def test_a_publication_date_labelled_at_the_end_of_a_long_report_is_found(label):
    from datetime import date

    from pipeline.parse.metadata import find_published_on

    lines = [
        "新乡市2023年政府信息公开工作年度报告",
        *["本机关认真落实条例。"] * 70,
        f"{label}：2024年1月15日 浏览次数：12",
        "",
    ]
    assert find_published_on(lines, 1, 2023) == date(2024, 1, 15)
    assert find_published_on(lines[:-2], 1, 2023) is None  # no date at all


def test_a_date_alone_on_a_line_counts_within_the_last_six_lines_only():
    """After the title's lines, a date alone on a line is the publication date when it is among
    the report's last six lines (where the signature is), not higher up in the text."""
    from datetime import date

    from pipeline.parse.metadata import find_published_on

    head = ["新乡市2023年政府信息公开工作年度报告", *["本机关认真落实条例。"] * 70]
    signed = [*head, "新乡市人民政府办公室", "2024年1月15日", "", "", "", "", ""]
    assert find_published_on(signed, 1, 2023) == date(2024, 1, 15)  # the 6th line from the end
    assert find_published_on([*signed, ""], 1, 2023) is None  # the 7th


def test_a_file_of_two_reports_is_cut_in_two():
    texts = [sample_bytes(s).decode("utf-8") for s in ("000", "003")]
    parts, several = split_reports("\n".join(texts))
    assert not several and [p.strip() for p in parts] == [t.strip() for t in texts]
