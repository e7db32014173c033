"""HTML input: a report web page → the report text the label-driven reader takes (pipeline.parse.html).

The real page (shuyang-fgj-2023, Word-generated HTML with rowspans and blank 法人 cells) is read
end to end and every template cell checked; small hand-made pages pin down the rendering (spans,
blank cells, charset, chrome) and the rejections.
"""

from __future__ import annotations

import random

import lxml.html
import pytest

from pipeline.model import ParsedReport
from pipeline.parse.html import html_to_text, table_grid
from pipeline.parse.inputs import InputRejected, table_row
from pipeline.parse.report import parse_report, parse_text
from pipeline.vocabulary import APPLICANT_CODES, application_row_codes, expected_cells
from tests.conftest import SHARED, shared_path

ORIGINALS = SHARED / "corpus" / "originals"
NAME = "shuyang-fgj-2023.html"

ORGS = APPLICANT_CODES[1:]  # the five 法人或其他组织 columns

# (table, row, column) → value, read off the page's cells (and the corpus README's key values)
SHUYANG_VALUES = {
    # 二、主动公开: 第二十条第（一）项 (规章, 规范性文件), （五）, （六）, （八）
    ("active_disclosure", "regulations", "issued"): 0,
    ("active_disclosure", "regulations", "repealed"): 0,
    ("active_disclosure", "regulations", "in_force"): 0,
    ("active_disclosure", "normative_documents", "issued"): 8,
    ("active_disclosure", "normative_documents", "repealed"): 0,
    ("active_disclosure", "normative_documents", "in_force"): 18,
    ("active_disclosure", "licensing", "decisions"): 0,
    ("active_disclosure", "penalty", "decisions"): 0,
    ("active_disclosure", "coercion", "decisions"): 0,
    ("active_disclosure", "fees", "amount_10k_yuan"): 0,
    # 三、申请: 自然人 and 总计 (26 new, 26 granted, every other row 0)
    ("applications", "new_received", "natural_person"): 26,
    ("applications", "new_received", "total"): 26,
    ("applications", "carried_in", "natural_person"): 0,
    ("applications", "carried_in", "total"): 0,
    ("applications", "granted", "natural_person"): 26,
    ("applications", "granted", "total"): 26,
    ("applications", "partially_granted", "total"): 0,
    ("applications", "withheld_state_secret", "total"): 0,
    ("applications", "withheld_query_matter", "natural_person"): 0,
    ("applications", "unavailable_not_held", "total"): 0,
    ("applications", "unavailable_unclear", "total"): 0,
    ("applications", "declined_petition", "total"): 0,
    ("applications", "declined_confirmation", "natural_person"): 0,
    ("applications", "other_no_correction", "total"): 0,
    ("applications", "other_fee_unpaid", "natural_person"): 0,
    ("applications", "other_other", "total"): 0,
    ("applications", "results_total", "natural_person"): 26,
    ("applications", "results_total", "total"): 26,
    ("applications", "carried_forward", "natural_person"): 0,
    ("applications", "carried_forward", "total"): 0,
    # 四、复议诉讼: one review pending, nothing else
    ("review_litigation", "review", "upheld"): 0,
    ("review_litigation", "review", "corrected"): 0,
    ("review_litigation", "review", "other"): 0,
    ("review_litigation", "review", "pending"): 1,
    ("review_litigation", "review", "total"): 1,
    ("review_litigation", "litigation_direct", "upheld"): 0,
    ("review_litigation", "litigation_direct", "pending"): 0,
    ("review_litigation", "litigation_direct", "total"): 0,
    ("review_litigation", "litigation_after_review", "upheld"): 0,
    ("review_litigation", "litigation_after_review", "other"): 0,
    ("review_litigation", "litigation_after_review", "total"): 0,
}


@pytest.fixture(scope="module")
def shuyang() -> bytes:
    return shared_path("corpus", "originals", NAME).read_bytes()  # (fails, not skips, without ../shared)


def _check_shuyang(report: ParsedReport) -> None:
    assert report.parse_status == "parsed", report.reject_reason
    assert report.agency == "沭阳县发展和改革局"
    assert report.year == 2023
    assert report.template_version == "2021"
    assert str(report.published_on) == "2024-01-17"
    assert [i for i in report.issues if i.severity == "error"] == []

    got = {(t, r, c): (v, k, raw) for t, r, c, v, k, raw, _line in report.cells}
    assert sorted(got) == sorted(expected_cells("2021"))  # every template cell of the three tables
    assert [key for key, (_v, kind, _raw) in got.items() if kind == "missing"] == []
    for key, want in SHUYANG_VALUES.items():
        assert got[key][:2] == (want, "number"), key
    # every 法人或其他组织 cell of table 三 is a blank cell on the page, not 0
    for row in application_row_codes("2021"):
        for col in ORGS:
            assert got[("applications", row, col)] == (None, "blank", ""), (row, col)
        # and every 总计 equals the 自然人 column (the only applicants)
        assert got[("applications", row, "total")][0] == got[("applications", row, "natural_person")][0]
    kinds = [k for _v, k, _raw in got.values()]
    assert (kinds.count("number"), kinds.count("blank")) == (75, 125)


def test_real_page_through_parse_report(shuyang):
    report = parse_report(shuyang, NAME)
    _check_shuyang(report)
    assert report.encoding == "utf-8"


def test_real_page_text_through_parse_text(shuyang):
    text, encoding = html_to_text(shuyang)
    assert encoding == "utf-8"
    _check_shuyang(parse_text(text, NAME, ParsedReport(NAME, "0" * 16, "0" * 64, len(shuyang))))


def test_real_page_rows(shuyang):
    lines = html_to_text(shuyang)[0].split("\n")
    # a cell a rowspan covers is an empty cell in its place, never a copy of the spanning text:
    # every row of a group keeps its columns
    assert table_row(["三、本年度办理结果", "（一）予以公开", "26", "", "", "", "", "", "26"]) in lines
    assert table_row(["", "（三）不予公开", "1.属于国家秘密", "0", "", "", "", "", "", "0"]) in lines
    assert table_row(["", "", "2.其他法律行政法规禁止公开", "0", "", "", "", "", "", "0"]) in lines
    assert table_row(["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "", "26"]) in lines
    assert table_row(["规范性文件", "8", "0", "18"]) in lines
    assert table_row(["0", "0", "0", "1", "1"] + ["0"] * 10) in lines
    # a label split across <span>s reads whole; narrative lines stay lines; chrome is gone
    assert table_row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]) in lines
    assert "一、总体情况" in lines
    assert "沭阳县发展和改革局2023年政府信息公开年度报告" in lines
    assert lines[-3:] == ["沭阳县发展和改革局", "2024年1月17日", ""]
    for chrome in ("首页", "走进沭阳", "繁體版", "无障碍", "var websiteId"):
        assert not any(chrome in line for line in lines), chrome


def test_real_page_in_gbk(shuyang):
    gbk = shuyang.replace(
        b'<meta charset="utf-8" />', b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    gbk = gbk.decode("utf-8").encode("gb18030")
    text, encoding = html_to_text(gbk)
    assert (text, encoding) == (html_to_text(shuyang)[0], "gb18030")


# ------------------------------------------------------------------ hand-made pages

TITLE = "<h1>某某局2023年政府信息公开工作年度报告</h1>"


def _page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!doctype html><html><head>{head}<title>站点</title></head><body>{TITLE}{body}</body></html>".encode()


def _lines(body: str) -> list[str]:
    text, _ = html_to_text(_page(body))
    assert text.endswith("\n")
    return text.split("\n")[1:-1]  # the title line and the final empty string aside


def _table(html: str):
    return lxml.html.fragment_fromstring(html)


SPANS = """<table>
<tr><td rowspan="2">A</td><td colspan="2">B</td></tr>
<tr><td>C</td><td>D</td></tr>
<tr><td>E</td><td>F</td><td>G</td></tr>
</table>"""


def test_grid_expands_spans_with_none():
    assert table_grid(_table(SPANS)) == [["A", "B", None], [None, "C", "D"], ["E", "F", "G"]]


def test_grid_edge_spans():
    # rowspan=0 runs to the last row; a span past the last row is cut; a short row is padded with None
    html = """<table><tbody>
    <tr><th rowspan="0">X</th><td>1</td><td rowspan="9">Y</td></tr>
    <tr><td>2</td></tr>
    <tr><td><p>3</p><p>4</p></td><td>&nbsp;</td><td>extra</td></tr>
    <tr></tr>
    </tbody></table>"""
    assert table_grid(_table(html)) == [
        ["X", "1", "Y", None, None],
        [None, "2", None, None, None],
        [None, "34", None, "", "extra"],
        [None, None, None, None, None],
    ]


def test_grid_skips_nested_table_cells():
    html = "<table><tr><td>a<table><tr><td>in1</td><td>in2</td></tr></table></td><td>b</td></tr></table>"
    assert table_grid(_table(html)) == [["a", "b"]]


def test_span_rows_are_not_repeated_in_text():
    """A rowspan leaves an empty cell in the rows it covers; a colspan stays one cell."""
    lines = _lines(SPANS)
    assert lines == [table_row(["A", "B"]), table_row(["", "C", "D"]), table_row(["E", "F", "G"])]


def test_blank_cells_keep_their_place():
    row = (
        "<tr><td>行政许可</td><td></td><td>&nbsp;</td><td><p>&nbsp;</p></td>"
        "<td><span></span></td><td><p style='x'><span>\u3000</span><o:p></o:p></p></td><td>3</td></tr>"
    )
    assert _lines(f"<table>{row}</table>") == [table_row(["行政许可", "", "", "", "", "", "3"])]
    assert _lines(f"<table>{row}</table>")[0] == "| 行政许可 |  |  |  |  |  | 3 |"


def test_cell_text_joins_blocks_and_spans_without_separator():
    cell = (
        '<td>\n  <p><span lang="EN">申请人情</span><span>况</span><o:p></o:p></p>\n'
        "  <p><span>（自然人）</span></p><br>第二\n行</td>"
    )
    assert _lines(f"<table><tr>{cell}<td> 1 </td></tr></table>") == [table_row(["申请人情况（自然人）第二行", "1"])]


def test_blocks_start_lines_inline_joins():
    body = (
        "<div><p><span>一、</span><b>总体</b><font>情况</font></p>"
        "<p>第一行<br>第二行</p><ul><li>甲</li><li>乙 <a href='#'>丙</a></li></ul>"
        "<p>&nbsp;</p><p>\u3000\u3000本年度   共 收到\n申请</p></div><section>节</section>"
    )
    assert _lines(body) == ["一、总体情况", "第一行", "第二行", "甲", "乙 丙", "本年度 共 收到申请", "节"]


def test_word_html_soup():
    body = (
        "<!--[if gte mso 9]><xml><w:WordDocument>Print</w:WordDocument></xml><![endif]-->"
        "<p class=MsoNormal><![if !supportLists]><span>1.<span>&nbsp;&nbsp;</span></span><![endif]>"
        "<span style='font-family:仿宋'>属于</span><span>国家秘密</span><o:p>&nbsp;</o:p></p>"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        "<style>p{color:red}</style><script>var x = '年报';</script>"
    )
    assert _lines(body) == ["1. 属于国家秘密"]  # (outside a cell, &nbsp; is a space)


def test_nested_table_rows_follow_the_outer_row():
    body = (
        "<table><tr><td>外</td><td>1</td><td><table><tr><td>内</td><td>2</td></tr>"
        "<tr><td>内二</td><td></td></tr></table></td></tr><tr><td>下</td><td>3</td></tr></table>"
    )
    assert _lines(body) == [
        table_row(["外", "1", ""]),
        table_row(["内", "2"]),
        table_row(["内二", ""]),
        table_row(["下", "3"]),
    ]


def test_layout_table_is_written_as_blocks():
    paragraphs = "".join(f"<p>第{i}段：本机关认真贯彻落实政府信息公开条例，持续推进政务公开。</p>" for i in range(4))
    body = (
        f"<table width='100%'><tr><td>{paragraphs}<table><tr><td>行政许可</td><td>5</td></tr></table></td></tr></table>"
    )
    lines = _lines(body)
    assert lines[:4] == [f"第{i}段：本机关认真贯彻落实政府信息公开条例，持续推进政务公开。" for i in range(4)]
    assert lines[4:] == [table_row(["行政许可", "5"])]


def test_a_cell_with_a_table_and_two_lines_of_its_own_lays_out_the_page():
    """Two lines of its own beside a table make a cell page layout (written as blocks); one line
    beside a table is a data cell (its row written as a row, the nested table's rows after it)."""
    inner = "<table><tr><td>行政许可</td><td>5</td></tr></table>"
    assert _lines(f"<table><tr><td><p>概述一</p><p>概述二</p>{inner}</td><td>注</td></tr></table>") == [
        "概述一",
        "概述二",
        table_row(["行政许可", "5"]),
        "注",
    ]
    assert _lines(f"<table><tr><td><p>概述一</p>{inner}</td><td>注</td></tr></table>") == [
        table_row(["概述一", "注"]),
        table_row(["行政许可", "5"]),
    ]


def test_a_caption_keeps_the_text_after_its_inline_parts():
    assert _lines("<table><caption>表一<b>主动</b>公开情况</caption><tr><td>a</td><td>1</td></tr></table>") == [
        "表一主动公开情况",
        table_row(["a", "1"]),
    ]


def test_a_cell_wrapped_in_a_form_inside_its_row_belongs_to_the_row():
    # (the parser keeps a <form> between <tr> and <td>: the cell is still the row's own)
    assert _lines("<table><tr><form><td>一、本年新收</td></form><td>3</td></tr></table>") == [
        table_row(["一、本年新收", "3"])
    ]


def test_gbk_page_decodes_as_gb18030():
    html = f'<html><head><meta charset="gbk"></head><body>{TITLE}<p>本年新收申请３件</p></body></html>'
    text, encoding = html_to_text(html.encode("gbk"))
    assert encoding == "gb18030"
    assert text.split("\n")[:2] == ["某某局2023年政府信息公开工作年度报告", "本年新收申请３件"]


@pytest.mark.parametrize(
    "head",
    [
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<meta charset=GB2312>",
        "",  # no declaration: UTF-8 fails, GB18030 reads it
        '<meta charset="iso-8859-1">',  # a Western declaration is not believed for Chinese text
    ],
)
def test_gbk_declarations_and_fallback(head):
    html = f"<html><head>{head}</head><body>{TITLE}<p>正文</p></body></html>"
    assert html_to_text(html.encode("gb18030")) == ("某某局2023年政府信息公开工作年度报告\n正文\n", "gb18030")


def test_bom_and_utf8_fallback():
    assert html_to_text(b"\xef\xbb\xbf" + _page("<p>x</p>", head=""))[1] == "utf-8-bom"
    assert html_to_text(_page("<p>x</p>", head=""))[1] == "utf-8"
    # a page that kept its old gb2312 meta after moving to UTF-8
    assert html_to_text(_page("<p>正文</p>", head="<meta charset=gb2312>")) == (
        "某某局2023年政府信息公开工作年度报告\n正文\n",
        "utf-8",
    )
    utf16 = _page("<p>正文</p>", head="").decode("utf-8").encode("utf-16")
    assert html_to_text(utf16) == ("某某局2023年政府信息公开工作年度报告\n正文\n", "utf-16")


def test_chrome_is_dropped():
    body = (
        "<div id='topNav'><a>首页</a><a>政府信息公开</a></div>"
        "<nav><ul><li>导航一</li></ul></nav><header>网站横幅</header>"
        "<div class='Breadcrumb'>当前位置：首页 &gt; 年报</div>"
        "<div class='main'><p>正文第一段</p><div class='share-bar'>分享到：微信</div>"
        "<span class='btn-print'>打印本页</span><p>正文第二段</p></div>"
        "<div class='side-menu'>相关链接</div><div id='SideBar'>热点</div><div class='tool-toolbar'>字号</div>"
        "<div class='footer'>版权所有 网站标识码</div><footer>联系我们</footer>"
        "<div style='display:none'>隐藏</div><p hidden>也隐藏</p>"
    )
    assert _lines(body) == ["正文第一段", "正文第二段"]


def test_chrome_holding_the_report_is_kept():
    page = (
        "<html><body><div class='article-header'><h1>某局2023年政府信息公开工作年度报告</h1>"
        "<div class='share'>分享</div></div>"
        "<div id='printArea'><p>一、总体情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td>"
        "<td>3</td></tr></table></div></body></html>"
    )
    text, _ = html_to_text(page.encode())
    assert text.split("\n") == [
        "某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        table_row(["一、本年新收政府信息公开申请数量", "3"]),
        "",
    ]


def test_table_header_cells_are_not_chrome():
    body = "<table><tr><th class='header'>项目</th><td class='nav'>1</td></tr></table>"
    assert _lines(body) == [table_row(["项目", "1"])]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n ",
        b"<html><head><title>2023\xe5\xb9\xb4\xe6\x8a\xa5</title></head><body></body></html>",  # 年报 in the title only
        "<html><body><p>欢迎访问本网站</p><table><tr><td>1</td></tr></table></body></html>".encode(),
        "<html><body><nav>政府信息公开 年报</nav><div class='footer'>年度报告</div></body></html>".encode(),
        b"<html><body><script>document.write('\xe5\xb9\xb4\xe6\x8a\xa5')</script></body></html>",
    ],
)
def test_pages_without_report_text_are_rejected(data):
    with pytest.raises(InputRejected, match=r"HTML page|empty"):
        html_to_text(data)


def test_binary_junk_is_rejected():
    rng = random.Random(7)
    for n in (1, 64, 4096, 50_000):
        with pytest.raises(InputRejected):
            html_to_text(rng.randbytes(n))
    with pytest.raises(InputRejected, match="binary"):
        html_to_text(b"\x00\x01\x02\x03" * 1000)


def test_broken_markup_never_raises_anything_else(shuyang):
    rng = random.Random(11)
    pages = [shuyang[:n] for n in range(0, len(shuyang), 7919)]
    for _ in range(10):  # random bytes flipped in the real page
        b = bytearray(shuyang)
        for _ in range(40):
            b[rng.randrange(len(b))] = rng.randrange(256)
        pages.append(bytes(b))
    pages += [bytes(rng.choice(b"<>/&;=\"' \ntdrp") for _ in range(2000)) + "年报".encode() for _ in range(10)]
    pages += [
        "<table><td rowspan=x colspan=-2>年报<tr><td rowspan=99999>1</table></td></tr>".encode(),
        "<?xml version='1.0' encoding='gbk'?><html><body><p>年报</p></body></html>".encode("gbk"),
        b"<div>" * 3000 + "年报".encode(),
        b"<" * 5000,
    ]
    read = 0
    for data in pages:
        try:
            text, _ = html_to_text(data)
        except InputRejected as exc:
            assert str(exc)
        else:
            read += 1
            assert "\f" not in text and "\x00" not in text
    assert read > len(pages) // 2
