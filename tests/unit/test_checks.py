"""Consistency checks: every identity per report, printed values kept, failures flag, warnings don't."""

from __future__ import annotations

import polars as pl
import pytest

from bench.synthetic import generate
from pipeline.parse.frames import parse_reports
from pipeline.validate.status import assess
from tests.conftest import sample_bytes


def _evaluate(*texts_or_bytes):
    reports, frames = parse_reports(
        (f"r{k}.txt", x if isinstance(x, bytes) else x.encode("utf-8")) for k, x in enumerate(texts_or_bytes)
    )
    res, statuses = assess(frames)
    return reports, res, statuses


def _row(res: pl.DataFrame, code: str) -> dict:
    rows = res.filter(pl.col("check_code") == code).to_dicts()
    assert len(rows) == 1, code
    return rows[0]


def test_every_identity_at_its_grain_on_a_sample():
    _, res, status = _evaluate(sample_bytes("004"))
    codes = res["check_code"].to_list()
    assert sum(c.startswith("A1.") for c in codes) == 7 and sum(c.startswith("A2.") for c in codes) == 7
    assert sum(c.startswith("A3.") for c in codes) == 25 and sum(c.startswith("D1.") for c in codes) == 200
    assert {c for c in codes if c.startswith("B")} == {
        "B1.review",
        "B2.litigation_direct",
        "B3.litigation_after_review",
    }
    assert set(res.filter(pl.col("severity") == "error")["status"]) == {"pass"}
    a1 = _row(res, "A1.natural_person")
    assert (a1["left_value"], a1["right_value"], a1["difference"]) == (2.0, 2.0, 0.0)
    assert status["status"].to_list() == ["ok"]


def test_wrong_totals_keep_printed_values_and_flag_the_report():
    text = (
        sample_bytes("004").decode("utf-8").replace("(七) 总计\t2\t0\t0\t0\t0\t0\t2", "(七) 总计\t2\t0\t0\t0\t0\t0\t3")
    )
    (report,), res, status = _evaluate(text)
    cell = next(c for c in report.cells if c[1] == "results_total" and c[2] == "total")
    assert cell[3] == 3.0  # as printed, not "corrected"
    a3 = _row(res, "A3.results_total")
    assert (a3["status"], a3["left_value"], a3["right_value"], a3["difference"]) == ("fail", 3.0, 2.0, 1.0)
    assert _row(res, "A1.total")["status"] == "fail" and _row(res, "A2.total")["status"] == "fail"
    assert status["status"].to_list() == ["flagged"] and "A1.total" in status["status_reason"][0]


def test_blank_total_is_its_own_finding_not_an_arithmetic_failure():
    lines = sample_bytes("003").decode("utf-8").split("\n")
    # one cell per line: the 总计 of 一、本年新收 (line 96, "\t3") printed blank
    assert lines[95] == "\t3"
    lines[95] = "\t"
    _, res, status = _evaluate("\n".join(lines))
    bt = _row(res, "blank_total.applications.new_received")
    assert (bt["status"], bt["severity"], bt["right_value"]) == ("fail", "warning", 3.0)
    blank_total_note = "uses a blank total with non-zero parts (see blank_total)"
    assert (_row(res, "A3.new_received")["status"], _row(res, "A3.new_received")["note"]) == (
        "not_assessable", blank_total_note)  # fmt: skip
    assert (_row(res, "A1.total")["status"], _row(res, "A1.total")["note"]) == ("not_assessable", blank_total_note)
    assert _row(res, "A1.natural_person")["status"] == "pass"
    assert status["status"].to_list() == ["ok"]  # a warning does not flag


def test_d1_negative_and_fractional_counts():
    text = (
        sample_bytes("004")
        .decode("utf-8")
        .replace("行政处罚\t17", "行政处罚\t-17")
        .replace("行政强制\t0", "行政强制\t2.5")
    )
    _, res, status = _evaluate(text)
    assert _row(res, "D1.active_disclosure.penalty.decisions")["status"] == "fail"
    assert _row(res, "D1.active_disclosure.coercion.decisions")["status"] == "fail"
    assert _row(res, "D1.active_disclosure.fees.amount_10k_yuan")["status"] == "pass"
    assert status["status"].to_list() == ["flagged"]


def test_narrative_mismatch_is_reported_as_a_warning():
    _, res, status = _evaluate(sample_bytes("002"))
    n1 = _row(res, "N1.applications_received")
    assert (n1["status"], n1["severity"], n1["left_value"], n1["right_value"]) == ("fail", "warning", 11.0, 0.0)
    assert status["status"].to_list() == ["ok"]


def test_injected_errors_are_caught_by_their_identity_and_clean_reports_never_fail():
    items = list(generate(800, seed=77, error_rate=0.08))
    parsed, frames = parse_reports((it.source_file, it.data) for it in items)
    res, _ = assess(frames)
    fails = res.filter((pl.col("status") == "fail") & (pl.col("severity") == "error"))
    na = res.filter(pl.col("status") == "not_assessable")
    failing = fails.group_by("report_id").agg(pl.col("check_code")).rows()
    failing = {rid: set(codes) for rid, codes in failing}
    unassessable = {rid: set(codes) for rid, codes in na.group_by("report_id").agg(pl.col("check_code")).rows()}
    injected = caught = clean = false_flags = 0
    for it, r in zip(items, parsed):
        got = failing.get(r.report_id, set())
        if it.truth.errors:
            injected += 1
            broken = {x for e in it.truth.errors for x in e.broken}
            hit = any(c == x or c.startswith(x + ".") for c in got for x in broken)
            unread = any(c == x or c.startswith(x + ".") for c in unassessable.get(r.report_id, ()) for x in broken)
            assert hit or (unread and r.issues), it.source_file  # caught, or its inputs unread and flagged
            caught += hit
        elif not any(c.expected_flag for c in it.cells):
            clean += 1
            false_flags += bool(got)
    assert injected > 40 and caught >= 0.9 * injected
    assert clean > 500 and false_flags == 0


CARRIED_004 = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t"
STATED_004 = "共收到依申请公开 2 条"


@pytest.mark.parametrize(
    ("stated", "status", "right"),
    [(2, "pass", 2.0), (3, "pass", 3.0), (4, "fail", 2.0)],  # 2 new; 2 new + 1 carried in = 3; 4 is neither
)
def test_n1_accepts_new_applications_or_new_plus_carried_in(stated, status, right):
    carried = "二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t"  # one application carried in
    text = sample_bytes("004").decode("utf-8").replace(CARRIED_004, carried)
    assert carried in text and STATED_004 in text
    _, res, _ = _evaluate(text.replace(STATED_004, f"共收到依申请公开{stated}条"))
    n1 = _row(res, "N1.applications_received")
    got = (n1["status"], n1["severity"], n1["left_value"], n1["right_value"])
    assert got == (status, "warning", float(stated), right)


def test_the_status_reason_names_parse_issues_before_failed_checks():
    text = sample_bytes("004").decode("utf-8")
    text = text.replace("(七) 总计\t2\t0\t0\t0\t0\t0\t2", "(七) 总计\t2\t0\t0\t0\t0\t0\t3")  # A1, A2, A3 fail
    text = text.replace("2.重复申请\t0\t0\t0\t0\t0\t0\t0", "2.重复申请\t0\t0\t0")  # a row that cannot be read
    _, res, status = _evaluate(text)
    assert _row(res, "A3.results_total")["status"] == "fail"
    assert status["status"].to_list() == ["flagged"]
    assert status["status_reason"][0].startswith("1 parse issue(s), first: row declined_duplicate")


def test_a1_reads_only_its_four_rows():
    """An unread or blank cell of a leaf row (1.属于国家秘密) concerns A2 and A3, not A1: A1 of
    that column still passes, with no note."""
    row = "\t(三) 不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0"
    text = (
        sample_bytes("004").decode("utf-8").replace(row, "\t(三) 不予公开\t1.属于国家秘密\t0\t-\t0（待核）\t0\t0\t0\t0")
    )
    _, res, _ = _evaluate(text)
    for column in ("commercial_enterprise", "research_institution"):
        a1 = _row(res, f"A1.{column}")
        assert (a1["status"], a1["note"], a1["left_value"], a1["right_value"]) == ("pass", None, 0.0, 0.0), column
    assert _row(res, "A2.research_institution")["status"] == "not_assessable"
    a2 = _row(res, "A2.commercial_enterprise")
    assert (a2["status"], a2["note"]) == ("pass", "blank/placeholder cells counted as 0")


def test_a_blank_total_over_zero_parts_is_no_finding_and_each_check_names_its_cells():
    """A total printed blank (-) whose parts are all 0 is a blank 0, not a blank_total finding;
    A3 of that row passes with a note. Each check names its table, row and column."""
    row = "2.重复申请\t0\t0\t0\t0\t0\t0\t0"
    _, res, status = _evaluate(sample_bytes("004").decode("utf-8").replace(row, "2.重复申请\t0\t0\t0\t0\t0\t0\t-"))
    assert not res.filter(pl.col("check_code").str.starts_with("blank_total")).height
    a3 = _row(res, "A3.declined_duplicate")
    assert (a3["status"], a3["note"]) == ("pass", "blank/placeholder cells counted as 0")
    grains = {
        "A1.natural_person": ("applications", None, "natural_person"),
        "A2.total": ("applications", None, "total"),
        "A3.declined_duplicate": ("applications", "declined_duplicate", "total"),
    }
    for code, grain in grains.items():
        r = _row(res, code)
        assert (r["table_code"], r["row_code"], r["column_code"]) == grain, code
    assert status["status"].to_list() == ["ok"]


def test_n1_is_not_assessable_when_the_table_cell_it_compares_is_unread():
    new = "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t"
    text = sample_bytes("004").decode("utf-8").replace(f"{new}2\t", f"{new}2（含）\t")  # its 总计 unread
    assert text != sample_bytes("004").decode("utf-8")
    _, res, _ = _evaluate(text)
    n1 = _row(res, "N1.applications_received")
    got = {
        k: n1[k] for k in ("table_code", "row_code", "column_code", "status", "severity", "left_value", "right_value")
    }
    assert got == {
        "table_code": "applications",
        "row_code": "new_received",
        "column_code": "total",
        "status": "not_assessable",
        "severity": "warning",
        "left_value": 2.0,
        "right_value": None,
    }
