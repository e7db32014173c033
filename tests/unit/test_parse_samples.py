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
