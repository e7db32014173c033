"""A file holding many reports (a crawl dump) becomes one report per part, each with its own
cells; a file whose titles name several reports but which holds one report's tables is flagged,
never one silent ok report."""

from __future__ import annotations

import duckdb

from bench.synthetic import generate
from pipeline.run.settings import Settings
from pipeline.run.steps import run_all
from tests.conftest import sample_bytes

N = 2000


def test_a_20_mb_dump_of_2000_reports_becomes_2000_reports(tmp_path):
    items = list(generate(N, seed=77, error_rate=0.0, encodings=["utf-8"], cold=True))
    dump = b"\n\n".join(it.data.removeprefix(b"\xef\xbb\xbf") for it in items)
    assert len(dump) > 15_000_000
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "crawl-dump.txt").write_bytes(dump)
    run_all(Settings(raw, tmp_path / "w.duckdb", tmp_path / "staging"))
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    rows = con.execute(
        "SELECT r.part, r.agency, r.year, r.status, r.duplicate_of, count(c.report_id) "
        "FROM reports r LEFT JOIN cells c USING (report_id) GROUP BY ALL ORDER BY r.part"
    ).fetchall()
    con.close()
    assert len(rows) == N and [r[0] for r in rows] == list(range(1, N + 1))
    for (part, agency, year, status, duplicate_of, cells), item in zip(rows, items):
        assert (agency, year) == (item.truth.agency, item.truth.year), part
        assert status != "rejected" and duplicate_of is None, part
        assert cells == len(item.cells), part


def test_titles_of_several_reports_over_one_report_s_tables_are_flagged(tmp_path):
    one = sample_bytes("000").decode("utf-8")
    other_title = "大峪镇人民政府2023年政府信息公开工作年度报告"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "two-titles.txt").write_text(
        one + "\n\n" + other_title + "\n\n一、总体情况\n（内容缺失）\n", encoding="utf-8"
    )
    run_all(Settings(raw, tmp_path / "w.duckdb", tmp_path / "staging"))
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    (status, reason, part), *rest = con.execute("SELECT status, status_reason, part FROM reports").fetchall()
    codes = {c for (c,) in con.execute("SELECT code FROM parse_issues").fetchall()}
    con.close()
    assert rest == [] and part == 1
    assert status == "flagged" and "several_reports" in codes and "several" in reason
