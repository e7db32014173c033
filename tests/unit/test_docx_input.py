"""Word (.docx) input: a sample report rebuilt as a Word document (its tab-separated table rows as
Word tables, group labels as vertically merged cells) reads every cell the text version reads,
with the same values; broken Word files are rejected with a reason."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from docx import Document

from pipeline.parse.docx import docx_to_text
from pipeline.parse.inputs import InputRejected, input_format
from pipeline.parse.report import parse_report
from tests.conftest import sample_bytes

SAMPLE = "000"


def _as_docx(text: str, merge_groups: bool) -> bytes:
    """Paragraphs for prose; each run of tab-separated lines becomes one Word table (as wide as
    its widest row). With `merge_groups`, a group label cell followed by rows that leave the
    first cell empty becomes one vertically merged cell, as Word prints 三、本年度办理结果."""
    doc = Document()
    lines = text.splitlines()
    k = 0
    while k < len(lines):
        if "\t" not in lines[k]:
            if lines[k].strip():
                doc.add_paragraph(lines[k])
            k += 1
            continue
        block = []
        while k < len(lines) and "\t" in lines[k]:
            block.append(lines[k].split("\t"))
            k += 1
        width = max(len(r) for r in block)
        table = doc.add_table(rows=len(block), cols=width)
        for i, row in enumerate(block):
            for j, cell in enumerate(row):
                table.cell(i, j).text = cell
        if merge_groups:
            for i in range(len(block) - 1):
                if block[i][0] and not block[i + 1][0] and block[i + 1][1:]:
                    end = i + 1
                    while end + 1 < len(block) and not block[end + 1][0]:
                        end += 1
                    table.cell(i, 0).merge(table.cell(end, 0))
                    table.cell(i, 0).text = block[i][0]
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("merge_groups", [False, True])
def test_a_word_report_reads_as_its_text(merge_groups):
    text_report = parse_report(sample_bytes(SAMPLE), SAMPLE)
    data = _as_docx(sample_bytes(SAMPLE).decode("utf-8"), merge_groups)
    assert input_format(data, "report.docx") == "docx"
    word = parse_report(data, "report.docx")
    assert word.input_format == "docx" and word.parse_status == "parsed"
    assert (word.agency, word.year, word.template_version) == (
        text_report.agency,
        text_report.year,
        text_report.template_version,
    )
    got = {c[:3]: c[3:5] for c in word.cells}
    expected = {c[:3]: c[3:5] for c in text_report.cells}
    assert got == expected
    assert sum(kind == "number" for _, kind in got.values()) > 100
    assert not [i for i in word.issues if i.severity == "error"]


def test_broken_word_files_are_rejected_with_a_reason():
    with pytest.raises(InputRejected, match="broken Word file"):
        docx_to_text(b"PK\x03\x04 not really a zip")
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # a zip of something else
        z.writestr("word/document.xml", "<not-xml")
    with pytest.raises(InputRejected, match="broken Word file"):
        docx_to_text(buf.getvalue())
    empty = BytesIO()
    Document().save(empty)
    report = parse_report(empty.getvalue(), "empty.docx")
    assert report.parse_status == "rejected" and report.reject_reason == "docx: Word file with no text"


def _document(body: str) -> bytes:
    """A .docx holding only word/document.xml with the given body XML (WordprocessingML)."""
    xml = f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _cell(text: str, merge: str | None = None) -> str:
    props = "" if merge is None else f"<w:tcPr>{merge}</w:tcPr>"
    return f"<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_a_vertically_merged_cell_appears_once_where_it_starts():
    """Word writes the cells a vertical merge covers as <w:vMerge/> or <w:vMerge w:val="continue"/>
    (both mean continue) and the first one as w:val="restart": the covered cells are left out."""
    rows = [
        [_cell("三、本年度办理结果", '<w:vMerge w:val="restart"/>'), _cell("（一）予以公开"), _cell("12")],
        [_cell("", "<w:vMerge/>"), _cell("（二）部分公开"), _cell("3")],
        [_cell("", '<w:vMerge w:val="continue"/>'), _cell("（三）不予公开"), _cell("0")],
    ]
    table = "<w:tbl>" + "".join(f"<w:tr>{''.join(r)}</w:tr>" for r in rows) + "</w:tbl>"
    heading = "<w:p><w:r><w:t>新乡市牧野区人民政府2023年政府信息公开工作年度报告</w:t></w:r></w:p>"
    assert docx_to_text(_document(heading + table)).split("\n") == [
        "新乡市牧野区人民政府2023年政府信息公开工作年度报告",
        "| 三、本年度办理结果 | （一）予以公开 | 12 |",
        "| （二）部分公开 | 3 |",
        "| （三）不予公开 | 0 |",
    ]


def test_entities_declared_in_a_word_file_are_not_expanded():
    """An entity the file declares for itself (the start of a billion-laughs bomb; the parser
    lifts its size limits for big documents) is left as a reference, never replaced by its text."""
    heading = "<w:p><w:r><w:t>新乡市牧野区人民政府2023年政府信息公开工作年度报告</w:t></w:r></w:p>"
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "哈哈哈"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"{heading}<w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    assert docx_to_text(buf.getvalue()) == "新乡市牧野区人民政府2023年政府信息公开工作年度报告"


def test_a_word_file_needs_20_characters_of_text():
    """Fewer than 20 characters other than white space: no text; 20 are enough."""
    twenty = "<w:p><w:r><w:t>新乡市 人民政府 2023 年度报告 一二三四五</w:t></w:r></w:p>"  # 20 without the spaces
    assert docx_to_text(_document(twenty)) == "新乡市 人民政府 2023 年度报告 一二三四五"
    with pytest.raises(InputRejected, match=r"^Word file with no text$"):
        docx_to_text(_document(twenty.replace("四五", "四")))
