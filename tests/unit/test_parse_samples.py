"""Every table cell of the five bundled samples, against tests/data/samples_expected.json (read off the files).

Each sample's tables are mostly zeros; a sample's expectation is "every template cell is the
number 0, except these", so all 10 + 175 + 15 cells per report are asserted.
"""

from __future__ import annotations

import pytest

from pipeline.parse.report import parse_report
from pipeline.vocabulary import expected_cells
from tests.conftest import expected, sample_bytes

SAMPLES = expected("samples_expected.json")
EXPECTED = {
    sample: {**spec, "nonzero": {tuple(key.split("/")): value for key, value in spec["nonzero"].items()}}
    for sample, spec in SAMPLES.items()
}


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_every_cell_of_sample(sample):
    exp = EXPECTED[sample]
    report = parse_report(sample_bytes(sample), f"{sample}.txt")
    assert report.parse_status == "parsed"
    assert report.agency == exp["agency"]
    assert report.year == exp["year"]
    assert report.template_version == "2021"
    assert str(report.published_on) == str(exp["published_on"]) if exp["published_on"] else report.published_on is None
    assert set(report.layouts.values()) == {exp["layout"]}
    assert report.issues == []

    got = {(t, r, c): (v, k, raw) for t, r, c, v, k, raw, _line in report.cells}
    template = expected_cells("2021")
    assert len(template) == 10 + 175 + 15
    assert sorted(got) == sorted(template)
    for key in template:
        value, kind, _raw = got[key]
        want = exp["nonzero"].get(key, 0)
        assert kind == "number", key
        assert value == pytest.approx(want), key
    # raw text is kept as printed
    if sample == "003":
        assert got[("active_disclosure", "fees", "amount_10k_yuan")][2] == "94.0121"


def test_cell_line_numbers_point_at_the_printed_value():
    report = parse_report(sample_bytes("003"), "003.txt")
    lines = sample_bytes("003").decode("utf-8").split("\n")
    for t, r, c, _value, _kind, raw, line in report.cells:
        assert lines[line - 1].strip() == raw, (t, r, c)


def test_sample_sections_found_including_003_without_numbering():
    report = parse_report(sample_bytes("003"), "003.txt")
    codes = [s.code for s in report.sections]
    assert codes == [
        "preamble",
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
        "problems_improvements",
        "other_matters",
    ]
    by = {s.code: s for s in report.sections}
    assert by["overview"].title is None and "1300余条" in by["overview"].body
    assert by["problems_improvements"].title == "存在的主要问题及改进情况"
    assert "信息处理费" in by["other_matters"].body


def test_sample_002_narrative_states_11_applications():
    report = parse_report(sample_bytes("002"), "002.txt")
    facts = {f[0]: f[1] for f in report.facts}
    assert facts["applications_received"] == 11
    assert facts["review_cases"] == 0


@pytest.mark.parametrize(("sample", "line"), [("000", 11), ("001", 15), ("002", 9), ("003", 9), ("004", 15)])
def test_narrative_facts_point_at_the_line_that_states_them(sample, line):
    """A section body starts after blank lines under its heading: the fact's line is still the
    line the sentence is printed on (it is the evidence shown next to a failed N1 check)."""
    from pipeline.normalize import fold

    data = sample_bytes(sample)
    report = parse_report(data, f"{sample}.txt")
    lines = data.decode("utf-8-sig").split("\n")
    first = report.facts[0]
    assert first[0] == "applications_received" and first[2] == line
    for _, _, ln, sentence in report.facts:
        assert sentence[:12] in fold(lines[ln - 1])


def test_sections_start_at_their_heading_and_their_body_below_it():
    from pipeline.model import Section
    from pipeline.parse.sections import cut_sections

    title = "新乡市2023年政府信息公开工作年度报告"
    lines = [title, "", "# 一、总体情况", "", "本年度共主动公开信息12条。", "二、主动公开政府信息情况", "规章 0"]
    assert cut_sections(lines, {"overview": 2, "active_disclosure": 5}, 1) == [
        Section("preamble", None, 1, title, 1),
        Section("overview", "一、总体情况", 3, "本年度共主动公开信息12条。", 5),
        Section("active_disclosure", "二、主动公开政府信息情况", 6, "规章 0", 7),
    ]
    # no title found (title_end 0): no preamble
    assert cut_sections(lines[2:], {"overview": 0, "active_disclosure": 3}, 0) == [
        Section("overview", "一、总体情况", 1, "本年度共主动公开信息12条。", 3),
        Section("active_disclosure", "二、主动公开政府信息情况", 4, "规章 0", 5),
    ]
    # the overview without a heading of its own (sample 003): the text between title and first heading
    lines = [title, "本年度共主动公开信息12条。", "二、主动公开政府信息情况", "规章 0"]
    assert cut_sections(lines, {"active_disclosure": 2}, 1) == [
        Section("preamble", None, 1, title, 1),
        Section("overview", None, 2, "本年度共主动公开信息12条。", 2),
        Section("active_disclosure", "二、主动公开政府信息情况", 3, "规章 0", 4),
    ]


def test_a_narrative_fact_keeps_ten_characters_before_its_statement_and_four_after():
    """The evidence shown beside a failed N1 check: the statement with some context, folded;
    only narrative sections are searched, the first statement of each kind wins."""
    from pipeline.model import NarrativeFact, Section
    from pipeline.parse.narrative import extract_facts

    body = (
        "本机关全年共主动公开政府信息一千余条。\n\n"
        "在过去一年里本机关认真落实各项要求共收到政府信息公开申请12件，均已按时答复办结。\n"
        "全年未发生行政复议，行政诉讼案件为3件，其余无。\n再次收到申请5件。"
    )
    sections = [Section("overview", None, 3, body, 5), Section("active_disclosure", "二、", 20, "收到申请99件", 21)]
    assert extract_facts(sections) == [
        NarrativeFact("applications_received", 12.0, 7, "关认真落实各项要求共收到政府信息公开申请12件,均已按"),
        NarrativeFact("litigation_cases", 3.0, 8, "全年未发生行政复议,行政诉讼案件为3件,其余无"),
    ]
