"""End to end through the real Dagster job into a temporary DuckDB warehouse, asserting values in SQL."""

from __future__ import annotations

import os
import time

import pytest

from pipeline.vocabulary import expected_cells
from tests.conftest import sample_bytes
from tests.helpers import dump, make_raw, materialize, query, settings_for
from tests.unit.test_parse_samples import EXPECTED


@pytest.fixture()
def warehouse(tmp_path):
    settings = settings_for(tmp_path, make_raw(tmp_path))
    materialize(settings)
    return settings


def test_every_sample_cell_through_sql(warehouse):
    rows = query(
        warehouse,
        "SELECT r.source_file, c.table_code, c.row_code, c.column_code, c.value, c.value_kind "
        "FROM cells c JOIN reports r USING (report_id)",
    )
    got = {(f[:3], t, r, c): (v, k) for f, t, r, c, v, k in rows}
    assert len(got) == 5 * 200
    for sample, exp in EXPECTED.items():
        for key in expected_cells("2021"):
            value, kind = got[(sample, *key)]
            assert kind == "number"
            assert value == pytest.approx(exp["nonzero"].get(key, 0)), (sample, key)
    reports = query(warehouse, "SELECT source_file, agency, year, template_version, status FROM reports ORDER BY 1")
    assert [(f[:3], a, y, v, s) for f, a, y, v, s in reports] == [
        (s, EXPECTED[s]["agency"], EXPECTED[s]["year"], "2021", "ok") for s in sorted(EXPECTED)
    ]


def test_every_report_keeps_its_own_sections_facts_and_issues(warehouse):
    """Child rows belong to the report that produced them (no row joined to another report)."""
    from pipeline.parse.report import parse_report
    from tests.conftest import SAMPLES

    sections = query(
        warehouse, "SELECT r.source_file, s.section_code, s.line FROM sections s JOIN reports r USING (report_id)"
    )
    facts = query(
        warehouse, "SELECT r.source_file, f.fact_code, f.value FROM narrative_facts f JOIN reports r USING (report_id)"
    )
    for path in sorted(SAMPLES.glob("*.txt")):
        parsed = parse_report(path.read_bytes(), path.name)
        assert sorted((s, ln) for f, s, ln in sections if f == path.name) == sorted(
            (str(x.code), x.line) for x in parsed.sections
        )
        assert sorted((c, v) for f, c, v in facts if f == path.name) == sorted(
            (str(x.code), x.value) for x in parsed.facts
        )
    assert len(sections) == sum(len(parse_report(p.read_bytes(), p.name).sections) for p in SAMPLES.glob("*.txt"))


def test_parse_issues_are_loaded_once_for_the_report_that_raised_them(tmp_path):
    """A report whose row 行政处罚 prints two values for one column has one parse issue: it is loaded
    once, for that report only — not for the other reports of its chunk, nor again for a copy."""
    raw = make_raw(tmp_path)
    text = (raw / "004_10659aee92df145a.txt").read_text("utf-8")
    (raw / "004-penalty-twice.txt").write_text(text.replace("行政处罚\t17", "行政处罚\t17\t5"), "utf-8")
    (raw / "copy-of-004-penalty-twice.txt").write_bytes((raw / "004-penalty-twice.txt").read_bytes())
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    rows = query(
        settings,
        "SELECT r.source_file, i.code, i.message, i.line, i.table_code, i.row_code, i.severity "
        "FROM parse_issues i JOIN reports r USING (report_id)",
    )
    message = "row penalty: more values than the template has columns; cannot tell which belong where (printed: '17 5')"
    assert rows == [("004-penalty-twice.txt", "too_many_values", message, 40, "active_disclosure", "penalty", "error")]


def test_two_empty_files_are_each_rejected_as_empty_not_as_duplicates(tmp_path):
    raw = make_raw(tmp_path)
    (raw / "empty-a.txt").write_bytes(b"")
    (raw / "empty-b.txt").write_bytes(b"")  # (the same bytes: the same content id)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    rows = query(
        settings, "SELECT source_file, status, status_reason, duplicate_of FROM reports WHERE source_file LIKE 'empty%'"
    )
    assert sorted(rows) == [
        ("empty-a.txt", "rejected", "empty: file is empty (no text)", None),
        ("empty-b.txt", "rejected", "empty: file is empty (no text)", None),
    ]


def test_a_copy_of_a_held_report_adds_no_rows_to_it(tmp_path):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    original = next(raw.glob("000_*.txt"))
    (raw / "copy-of-000.txt").write_bytes(original.read_bytes())
    materialize(settings)
    rows = query(
        settings,
        "SELECT r.source_file, r.status, r.duplicate_of, count(c.report_id) FROM reports r "
        "LEFT JOIN cells c USING (report_id) GROUP BY ALL ORDER BY 1",
    )
    got = {f: (status, dup, n) for f, status, dup, n in rows}
    assert got["copy-of-000.txt"] == ("rejected", original.name, 0)
    assert got[original.name] == ("ok", None, 200)  # its cells once, not again for the copy


def test_wide_views_and_checks(warehouse):
    assert query(
        warehouse,
        "SELECT natural_person, total FROM applications_wide "
        "WHERE agency = '新乡市牧野区人民政府' AND row_code = 'unavailable_not_held'",
    ) == [(2.0, 2.0)]
    assert query(
        warehouse,
        "SELECT review_total, litigation_direct_total FROM review_litigation_wide WHERE agency = '大峪镇人民政府'",
    ) == [(0.0, 0.0)]
    assert query(
        warehouse,
        "SELECT decisions FROM active_disclosure_wide WHERE agency = '大峪镇人民政府' AND row_code = 'penalty'",
    ) == [(17.0,)]
    # every hard check passes on the samples; 002's narrative (11 applications) disagrees with its table
    assert query(warehouse, "SELECT count(*) FROM check_results WHERE severity = 'error' AND status = 'fail'") == [(0,)]
    assert query(
        warehouse,
        "SELECT r.source_file, c.left_value, c.right_value FROM check_results c JOIN reports r USING (report_id) "
        "WHERE c.check_code = 'N1.applications_received' AND c.status = 'fail'",
    ) == [("002_40bb0e4b02e0555b.txt", 11.0, 0.0)]
    assert query(warehouse, "SELECT count(*) FROM flagged_reports") == [(0,)]


def test_rerun_gives_identical_warehouse(tmp_path):
    settings = settings_for(tmp_path, make_raw(tmp_path))
    materialize(settings)
    first = dump(settings)
    materialize(settings)
    assert dump(settings) == first
    # and a fresh build from scratch equals the incremental one
    settings.warehouse.unlink()
    materialize(settings)
    assert dump(settings) == first


def test_incremental_new_changed_and_removed_files(tmp_path):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    before = dict(query(settings, "SELECT source_file, report_id FROM reports"))

    # a new file: only it is parsed
    text = (raw / "004_10659aee92df145a.txt").read_text("utf-8")
    (raw / "new_copy_changed.txt").write_text(text.replace("行政处罚⇥17".replace("⇥", "\t"), "行政处罚\t18"), "utf-8")
    result = materialize(settings)
    meta = result.asset_materializations_for_node("raw_files")[0].metadata
    assert meta["to_parse"].value == 1 and meta["unchanged"].value == 5
    assert query(
        settings,
        "SELECT decisions FROM active_disclosure_wide a JOIN reports r USING (report_id) "
        "WHERE r.source_file = 'new_copy_changed.txt' AND a.row_code = 'penalty'",
    ) == [(18.0,)]

    # a changed file replaces its rows (new content → new report_id, old rows gone)
    path = raw / "000_bc4e10f4a2091828.txt"
    path.write_text(path.read_text("utf-8").replace("规章\t0\t0\t0", "规章\t2\t0\t2"), "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    materialize(settings)
    new_id = query(settings, "SELECT report_id FROM reports WHERE source_file = '000_bc4e10f4a2091828.txt'")[0][0]
    assert new_id != before["000_bc4e10f4a2091828.txt"]
    assert query(settings, "SELECT count(*) FROM cells WHERE report_id = ?", [before["000_bc4e10f4a2091828.txt"]]) == [
        (0,)
    ]
    assert query(
        settings,
        "SELECT value FROM cells WHERE report_id = ? AND row_code = 'regulations' AND column_code = 'issued'",
        [new_id],
    ) == [(2.0,)]

    # a removed file keeps its rows, marked not present
    (raw / "001_0ef1220ad327047a.txt").unlink()
    materialize(settings)
    assert query(settings, "SELECT is_present FROM reports WHERE source_file = '001_0ef1220ad327047a.txt'") == [
        (False,)
    ]
    assert query(settings, "SELECT status FROM file_manifest WHERE source_file = '001_0ef1220ad327047a.txt'") == [
        ("missing",)
    ]
    rid = before["001_0ef1220ad327047a.txt"]
    assert query(settings, "SELECT count(*) FROM cells WHERE report_id = ?", [rid]) == [(200,)]
    assert query(settings, "SELECT count(*) FROM applications_wide WHERE report_id = ?", [rid]) == [(0,)]


def test_a_renamed_file_keeps_its_report(tmp_path):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    rid = query(settings, "SELECT report_id FROM reports WHERE source_file = '004_10659aee92df145a.txt'")[0][0]
    cells = query(settings, "SELECT count(*) FROM cells WHERE report_id = ?", [rid])[0][0]
    report = "SELECT source_file, is_present, duplicate_of FROM reports WHERE report_id = ?"

    # renamed between two runs: the report moves to the new path (not a duplicate of a gone file)
    (raw / "004_10659aee92df145a.txt").rename(raw / "renamed.txt")
    materialize(settings)
    assert query(settings, report, [rid]) == [("renamed.txt", True, None)]
    assert query(settings, "SELECT count(*) FROM reports WHERE duplicate_of IS NOT NULL") == [(0,)]
    assert query(settings, "SELECT count(*) FROM report_metrics WHERE report_id = ?", [rid]) == [(1,)]
    assert query(settings, "SELECT count(*) FROM cells WHERE report_id = ?", [rid]) == [(cells,)]
    assert query(settings, "SELECT status FROM file_manifest WHERE source_file = '004_10659aee92df145a.txt'") == [
        ("missing",)
    ]

    # removed, then back under another name in a later run (this run crashed on the report's key)
    (raw / "renamed.txt").unlink()
    materialize(settings)
    assert query(settings, report, [rid]) == [("renamed.txt", False, None)]
    (raw / "back.txt").write_bytes(sample_bytes("004"))
    materialize(settings)
    assert query(settings, report, [rid]) == [("back.txt", True, None)]
    assert query(settings, "SELECT count(*) FROM cells WHERE report_id = ?", [rid]) == [(cells,)]
    assert query(settings, "SELECT count(*) FROM report_metrics WHERE report_id = ?", [rid]) == [(1,)]


def test_a_warehouse_of_older_code_is_migrated_and_parsed_again(tmp_path):
    import duckdb

    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    fresh = dump(settings)
    # as an earlier version left it: no parse_issues.severity, no file_manifest.parsed_by, a table
    # report_metrics
    con = duckdb.connect(str(settings.warehouse))
    con.execute("ALTER TABLE parse_issues DROP COLUMN severity")
    con.execute("ALTER TABLE file_manifest DROP COLUMN parsed_by")
    con.execute("DROP VIEW report_metrics")  # a table, rebuilt by every run, before it became a view
    con.execute("CREATE TABLE report_metrics AS SELECT 1 AS x")
    con.close()
    result = materialize(settings)
    meta = result.asset_materializations_for_node("raw_files")[0].metadata
    assert meta["to_parse"].value == 5 and meta["unchanged"].value == 0  # every file, once
    assert dump(settings) == fresh
    # the next run with the same code parses nothing
    meta = materialize(settings).asset_materializations_for_node("raw_files")[0].metadata
    assert meta["to_parse"].value == 0 and meta["unchanged"].value == 5
