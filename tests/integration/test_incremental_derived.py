"""What a run keeps instead of computing again — the cross-year checks of pairs checked before,
each report's cell metrics, printed shapes and completeness — must leave the warehouse a
from-scratch build would make, and must be computed again exactly when what they depend on
changes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from bench.synthetic import generate
from pipeline.run.settings import Settings
from pipeline.run.steps import run_all

# derived rows compared with a from-scratch build (sorted: row order is not a property); a
# removed file's report keeps its own rows, marked not present, which a build from scratch never saw
_PRESENT = "report_id IN (SELECT report_id FROM reports WHERE is_present)"
# the printed shapes' and completeness' kept tables, and the views that read them (test_kept_views.py)
KEPT_FOR_VIEWS = (
    "printed_shape_reports",
    "active_disclosure_wide_kept",
    "applications_wide_kept",
    "review_litigation_wide_kept",
    "report_completeness_kept",
)
KEPT_VIEWS = ("active_disclosure_wide", "applications_wide", "review_litigation_wide", "report_completeness")
DERIVED = {
    "check_results": f"SELECT * FROM check_results WHERE {_PRESENT}",
    "cross_year_pairs": "SELECT * FROM cross_year_pairs",
    "report_metrics": "SELECT * FROM report_metrics",
    "report_cell_metrics": "SELECT * FROM report_cell_metrics",
    "narrative_reuse": "SELECT * FROM narrative_reuse",
    "narrative_sentences": f"SELECT * FROM narrative_sentences WHERE {_PRESENT}",
    "narrative_boilerplate": "SELECT * FROM narrative_boilerplate",
    **{name: f"SELECT * FROM {name}" for name in KEPT_FOR_VIEWS + KEPT_VIEWS},
}


def _rows(warehouse: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _dump(warehouse: Path) -> dict[str, list[tuple]]:
    return {name: sorted(_rows(warehouse, sql), key=repr) for name, sql in DERIVED.items()}


def _write(raw: Path, items) -> None:
    for it in items:
        path = raw / it.source_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(it.data)


def _edit(warehouse: Path, sql: str) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(sql)
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus():
    # errors injected, so some cross-year checks fail and some metrics are inconsistent
    return list(generate(240, seed=5151, error_rate=0.2))


def test_runs_in_steps_equal_one_run_from_scratch(tmp_path, corpus):
    raw = tmp_path / "raw"
    settings = Settings(raw, tmp_path / "w.duckdb", tmp_path / "staging", workers=1)
    by_year = sorted(corpus, key=lambda it: it.source_file)
    # the years arrive out of order: later years first, then the earlier ones they pair with
    _write(raw, [it for it in by_year if it.source_file.startswith(("2022", "2023"))])
    run_all(settings)
    _write(raw, by_year)
    run_all(settings)
    # a changed file (new content, new id), a removed one, and one touched (same content, parsed again)
    changed, removed, touched = by_year[3], by_year[40], by_year[80]
    (raw / changed.source_file).write_bytes(changed.data.replace("人民政府".encode(), "人民政府 ".encode(), 1))
    (raw / removed.source_file).unlink()
    os.utime(raw / touched.source_file, ns=(time.time_ns(), time.time_ns()))
    run_all(settings)
    incremental = _dump(settings.warehouse)

    scratch = Settings(raw, tmp_path / "scratch.duckdb", tmp_path / "staging2", workers=1)
    run_all(scratch)
    assert incremental == _dump(scratch.warehouse)
    # not vacuous: pairs were checked, some fail, and metrics exist for every current report
    x = _rows(scratch.warehouse, "SELECT status, count(*) FROM check_results WHERE check_code LIKE 'X%' GROUP BY 1")
    assert dict(x).get("fail", 0) > 0 and dict(x).get("pass", 0) > 100
    assert len(incremental["cross_year_pairs"]) > 20
    current = _rows(scratch.warehouse, "SELECT count(*) FROM reports WHERE is_present AND status <> 'rejected'")
    assert len(incremental["report_metrics"]) == current[0][0] > 200


def test_kept_results_are_reused_and_computed_again_when_their_inputs_change(tmp_path, corpus):
    raw = tmp_path / "raw"
    settings = Settings(raw, tmp_path / "w.duckdb", tmp_path / "staging", workers=1)
    items = sorted(corpus, key=lambda it: it.source_file)
    _write(raw, items[:-1])
    run_all(settings)
    wh = settings.warehouse
    pair = _rows(
        wh,
        "SELECT p.report_id, p.prev_report_id FROM cross_year_pairs p JOIN reports r ON r.report_id = p.prev_report_id "
        "WHERE r.encoding = 'utf-8' ORDER BY p.report_id LIMIT 1",  # (its file gets a line appended below)
    )[0]
    metric_report = _rows(wh, "SELECT report_id FROM report_cell_metrics ORDER BY report_id LIMIT 1")[0][0]
    # mark a kept result: a run that computed it again would overwrite the mark
    _edit(wh, f"UPDATE check_results SET note = 'kept' WHERE report_id = '{pair[0]}' AND check_code LIKE 'X%'")
    _edit(wh, f"UPDATE report_cell_metrics SET granted = -1 WHERE report_id = '{metric_report}'")
    _edit(wh, f"UPDATE narrative_sentences SET hashes = [1, 2, 3] WHERE report_id = '{metric_report}'")
    hashed = _rows(wh, "SELECT count(*) FROM narrative_sentences")[0][0]

    _write(raw, items[-1:])  # one new file: the kept results stand
    run_all(settings)
    assert {n for (n,) in _rows(wh, "SELECT note FROM check_results WHERE report_id = ? AND check_code LIKE 'X%'",
                                [pair[0]])} == {"kept"}  # fmt: skip
    assert _rows(wh, "SELECT granted FROM report_metrics WHERE report_id = ?", [metric_report]) == [(-1.0,)]
    kept = _rows(wh, "SELECT hashes FROM narrative_sentences WHERE report_id = ?", [metric_report])
    assert kept and {tuple(h) for (h,) in kept} == {(1, 2, 3)}  # not hashed again
    new_sections = _rows(wh, "SELECT count(*) FROM sections s JOIN reports r USING (report_id) WHERE r.source_file = ? "
                             "AND s.section_code IN ('overview', 'problems_improvements', 'other_matters')",
                         [items[-1].source_file])[0][0]  # fmt: skip
    assert _rows(wh, "SELECT count(*) FROM narrative_sentences")[0][0] == hashed + new_sections

    # the earlier report of the pair parsed again: the pair is checked again
    prev_file = _rows(wh, "SELECT source_file FROM reports WHERE report_id = ?", [pair[1]])[0][0]
    os.utime(raw / prev_file, ns=(time.time_ns(), time.time_ns()))
    run_all(settings)
    notes = {n for (n,) in _rows(wh, "SELECT note FROM check_results WHERE report_id = ? AND check_code LIKE 'X%'",
                                 [pair[0]])}  # fmt: skip
    assert notes and "kept" not in notes
    # the later report parsed again: its check results are loaded again, its pair checked again
    x_rows = "SELECT check_code, status, note FROM check_results WHERE report_id = ? AND check_code LIKE 'X%'"
    before = sorted(_rows(wh, x_rows, [pair[0]]))
    later_file = _rows(wh, "SELECT source_file FROM reports WHERE report_id = ?", [pair[0]])[0][0]
    os.utime(raw / later_file, ns=(time.time_ns(), time.time_ns()))
    run_all(settings)
    assert sorted(_rows(wh, x_rows, [pair[0]])) == before

    # the earlier report replaced by a corrected one under another name: the pair is a new one
    corrected = raw / f"{prev_file}.corrected.txt"
    corrected.write_bytes((raw / prev_file).read_bytes() + "\n（更正版）\n".encode())
    (raw / prev_file).unlink()
    run_all(settings)
    new_prev = _rows(wh, "SELECT report_id FROM reports WHERE source_file = ?", [str(corrected.relative_to(raw))])[0][0]
    assert new_prev != pair[1]
    assert {n.rsplit(" ", 1)[-1] for (_, _, n) in _rows(wh, x_rows, [pair[0]])} == {new_prev}  # "…year report <id>"

    # other metric rules (a new comparison.sql or parser build): every report computed again
    _edit(wh, "UPDATE report_cell_metrics SET metric_rules = 'older rules'")
    run_all(settings)
    granted = _rows(wh, "SELECT granted FROM report_metrics WHERE report_id = ?", [metric_report])[0][0]
    assert granted is None or granted >= 0
    assert _rows(wh, "SELECT DISTINCT metric_rules = 'older rules' FROM report_cell_metrics") == [(False,)]


def test_a_warehouse_without_kept_results_gets_them(tmp_path, corpus):
    """A warehouse of earlier code: no cross_year_pairs rows (its X rows all recomputed, none
    doubled), no report_cell_metrics table and no kept printed shapes or completeness."""
    raw = tmp_path / "raw"
    settings = Settings(raw, tmp_path / "w.duckdb", tmp_path / "staging", workers=1)
    _write(raw, corpus)
    run_all(settings)
    before = _dump(settings.warehouse)
    _edit(settings.warehouse, "DELETE FROM cross_year_pairs")
    _edit(settings.warehouse, "DROP TABLE report_cell_metrics")
    for table in KEPT_FOR_VIEWS:
        _edit(settings.warehouse, f"DROP TABLE {table}")
    shutil.rmtree(settings.staging, ignore_errors=True)
    run_all(settings)
    assert _dump(settings.warehouse) == before
