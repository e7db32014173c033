"""The printed-shape and completeness views read per-report results kept between runs
(sql/views/printed_shape.sql, sql/views/evaluation.sql). They must answer exactly what the views
computed on the fly answered (tests/data/views_on_the_fly.sql), and what is kept must follow every
change a run makes: reused while its report stands, gone with it, computed for a new one, and
computed again for every report when the rules change or a kept table is missing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pytest

from bench.synthetic import generate
from pipeline.run.settings import Settings
from pipeline.run.steps import run_all
from pipeline.warehouse.sql import split_statements
from pipeline.warehouse.store import KEPT_DROP, create_views, kept_tables
from tests.integration.test_incremental_derived import _dump, _edit, _rows, _write
from tests.sqlwarehouse import build

ON_THE_FLY = Path(__file__).parents[1] / "data" / "views_on_the_fly.sql"
VIEWS = ("active_disclosure_wide", "applications_wide", "review_litigation_wide", "report_completeness")
KEPT = [t for f in KEPT_DROP for t in kept_tables(f)]
# a report's marks: one value in each kept table, which a report computed again loses
MARKS = {
    "active_disclosure_wide_kept": "issued",
    "applications_wide_kept": "total",
    "review_litigation_wide_kept": "review_total",
    "report_completeness_kept": "completeness_score",
}


def assert_as_on_the_fly(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every view has the columns (names, types) and the rows (as a multiset) of its on-the-fly
    definition; rows per view."""
    for statement in split_statements(ON_THE_FLY.read_text(encoding="utf-8")):
        con.execute(statement)
    rows = {}
    for view in VIEWS:
        columns = [c[:2] for c in con.execute(f"DESCRIBE {view}").fetchall()]
        assert columns == [c[:2] for c in con.execute(f"DESCRIBE on_the_fly_{view}").fetchall()], view
        for a, b in ((view, f"on_the_fly_{view}"), (f"on_the_fly_{view}", view)):
            extra = con.execute(f"SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b} LIMIT 3").fetchall()
            assert extra == [], (a, extra)
        rows[view] = con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
    return rows


# ------------------------------------------------------------------ hand-made warehouse
def _edge_reports() -> list[dict]:
    codes = ("overview", "active_disclosure", "applications", "review_litigation", "problems_improvements")
    six = {s: "正文" for s in (*codes, "other_matters")}
    cells = {
        ("active_disclosure", "regulations", "issued"): (2.0, "number"),
        ("active_disclosure", "regulations", "in_force"): (None, "text"),
        ("active_disclosure", "penalty", "decisions"): (7.0, "number"),
        ("review_litigation", "review", "upheld"): (1.0, "number"),
        ("review_litigation", "review", "total"): (None, "blank"),
        ("review_litigation", "litigation_direct", "total"): (3.0, "number"),
        ("applications", "granted", "natural_person"): (5.0, "number"),
        ("applications", "granted", "total"): (None, "missing"),
    }
    return [
        {"cells": cells, "sections": {**six, "preamble": "标题"}},  # complete
        {
            "cells": cells,
            "sections": {"overview": "正文"},
            "issues": [
                ("table_not_found", "review_litigation", None),
                ("missing_row", "applications", "granted"),
                ("missing_row", "applications", "no_such_row"),
            ],
        },
        {"template_version": "2019", "agency": None, "year": None, "cells": cells},
        {"is_present": False, "cells": cells, "sections": six},  # a removed file
        {"status": "rejected", "cells": cells},  # a duplicate
        {"status": "flagged", "agency_key": "110000:x", "sections": six},
        {"cells": {("applications", "granted", "total"): (1.0, "number")}},
    ]


def test_the_views_answer_what_they_answered_on_the_fly_on_hand_made_reports():
    con = build(_edge_reports())
    rows = assert_as_on_the_fly(con)
    # not vacuous: the two reports that are not current are in no view, the others where they have cells
    assert rows["report_completeness"] == 5 and rows["review_litigation_wide"] == 3
    assert rows["active_disclosure_wide"] == 3 * 2 and rows["applications_wide"] > 5 * 20
    assert con.execute("SELECT count(*) FROM report_completeness WHERE rows_printed < rows_required").fetchone() == (1,)


def _marks(con: duckdb.DuckDBPyConnection, report_id: str) -> dict[str, list]:
    out = {}
    for table, column in MARKS.items():
        values = con.execute(f"SELECT {column} FROM {table} WHERE report_id = ?", [report_id]).fetchall()
        out[table] = sorted(v for (v,) in values if v is not None)
    return out


def _mark(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    for table, col in MARKS.items():
        con.execute(f"UPDATE {table} SET {col} = -1 WHERE report_id = ?", [report_id])


def test_kept_results_follow_the_reports_they_were_computed_for():
    con = build(_edge_reports())
    first, removed = "0000000000000000", "0000000000000001"
    _mark(con, first)
    marked = _marks(con, first)
    assert all(values and set(values) == {-1} for values in marked.values())
    create_views(con)  # nothing changed: what is kept stands (the marks show it was not computed again)
    assert _marks(con, first) == marked
    assert con.execute("SELECT total FROM applications_wide WHERE report_id = ? LIMIT 1", [first]).fetchone() == (-1,)

    # a report leaves the current ones: its kept rows go; a report comes: its rows are computed
    con.execute("UPDATE reports SET is_present = false WHERE report_id = ?", [removed])
    outside = "report_id IS NULL OR report_id NOT IN (SELECT report_id FROM current_reports)"
    for view in VIEWS:  # current or not is read at query time: the report leaves the views before any run
        assert con.execute(f"SELECT count(*) FROM {view} WHERE {outside}").fetchone() == (0,), view
    con.execute("UPDATE reports SET is_present = true WHERE report_id = '0000000000000003'")
    create_views(con)
    for table in KEPT:
        held = {r for (r,) in con.execute(f"SELECT DISTINCT report_id FROM {table}").fetchall()}
        assert removed not in held and "0000000000000003" in held, table
    assert _marks(con, first) == marked
    # what the id does not fix is read at query time
    con.execute("UPDATE reports SET agency = '改名后', source_file = 'moved.txt' WHERE report_id = ?", [first])
    assert con.execute("SELECT DISTINCT agency FROM applications_wide WHERE report_id = ?", [first]).fetchall() == [
        ("改名后",)
    ]
    assert con.execute("SELECT source_file FROM report_completeness WHERE report_id = ?", [first]).fetchone() == (
        "moved.txt",
    )

    # other rules (another build, or views/*.sql edited): every report computed again
    create_views(con, build="another build")
    assert _marks(con, first) != marked
    assert_as_on_the_fly(con)
    for sql_file in KEPT_DROP:
        (index, *_) = kept_tables(sql_file)
        assert con.execute(f"SELECT count(DISTINCT rules) FROM {index}").fetchone() == (1,)


@pytest.mark.parametrize("missing", KEPT)
def test_a_kept_table_missing_makes_its_file_compute_every_report_again(missing):
    con = build(_edge_reports())
    con.execute(f"DROP TABLE {missing}")
    # (left alone, the list of reports computed would claim reports whose rows are gone, or, gone
    # itself, have every report's rows inserted a second time)
    create_views(con)
    rows = assert_as_on_the_fly(con)
    assert all(n > 0 for n in rows.values())


# ------------------------------------------------------------------ through runs
@pytest.fixture(scope="module")
def corpus():
    return list(generate(120, seed=2718, error_rate=0.2))


def _truncated(data: bytes) -> bytes:
    """The report without table 四 and what follows it: a table not found, sections missing."""
    text = data.decode("utf-8")
    return text[: text.index("四、政府信息公开行政复议")].encode("utf-8")


def test_runs_keep_the_views_as_on_the_fly_and_as_a_run_from_scratch(tmp_path, corpus):
    raw = tmp_path / "raw"
    settings = Settings(raw, tmp_path / "w.duckdb", tmp_path / "staging", workers=1)
    items = sorted((it for it in corpus if it.data.decode("utf-8", "replace").count("四、政府信息公开行政复议") == 1),
                   key=lambda it: it.source_file)  # fmt: skip
    _write(raw, items[:-1])
    run_all(settings)
    wh = settings.warehouse
    kept, removed, changed, renamed, touched = (items[k] for k in (10, 20, 30, 40, 50))
    rid = {it.source_file: _rows(wh, "SELECT report_id FROM reports WHERE source_file = ?", [it.source_file])[0][0]
           for it in (kept, removed, changed, renamed, touched)}  # fmt: skip
    con = duckdb.connect(str(wh))
    try:
        _mark(con, rid[kept.source_file])
        marked = _marks(con, rid[kept.source_file])
    finally:
        con.close()

    _write(raw, items[-1:])  # one new file: the rest is kept, the new report computed
    (raw / removed.source_file).unlink()
    (raw / changed.source_file).write_bytes(_truncated(changed.data))
    (raw / renamed.source_file).rename(raw / f"{renamed.source_file}.moved.txt")
    os.utime(raw / touched.source_file, ns=(time.time_ns(), time.time_ns()))
    run_all(settings)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert _marks(con, rid[kept.source_file]) == marked
        new = {r for (r,) in con.execute("SELECT report_id FROM current_reports").fetchall()}
        for table in KEPT:
            held = {r for (r,) in con.execute(f"SELECT DISTINCT report_id FROM {table}").fetchall()}
            assert held <= new and rid[removed.source_file] not in held and rid[changed.source_file] not in held, table
        completeness = con.execute(
            "SELECT tables_missing, sections_missing FROM report_completeness JOIN reports USING (report_id) "
            "WHERE reports.source_file = ?",
            [changed.source_file],
        ).fetchone()
        assert completeness[0] == ["review_litigation"] and completeness[1] >= 2
        moved = "SELECT source_file FROM report_completeness WHERE report_id = ?"
        assert con.execute(moved, [rid[renamed.source_file]]).fetchone()[0].endswith(".moved.txt")
    finally:
        con.close()

    _edit(wh, "UPDATE printed_shape_reports SET rules = 'older rules'")
    _edit(wh, "UPDATE report_completeness_kept SET rules = 'older rules'")
    run_all(settings)  # other rules: every report computed again, the marks gone
    con = duckdb.connect(str(wh))
    try:
        assert all(-1 not in values for values in _marks(con, rid[kept.source_file]).values())
        assert_as_on_the_fly(con)
    finally:
        con.close()
    scratch = Settings(raw, tmp_path / "scratch.duckdb", tmp_path / "staging2", workers=1)
    run_all(scratch)
    assert _dump(wh) == _dump(scratch.warehouse)
