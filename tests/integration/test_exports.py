"""Exports on a multi-year synthetic warehouse (flagged reports, a rejected file without a year):
Parquet partitions equal the tables per year, the CSV round-trips with its BOM and Chinese intact,
the workbook read back with openpyxl equals the views, a second export rewrites nothing, a changed
warehouse rewrites only the partitions whose rows changed, and a listed view the warehouse lacks
is skipped with a note."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import polars as pl
import pytest

from assets.definitions import EXPORT_JOB, build_defs
from bench.synthetic import generate
from pipeline.export import export_warehouse
from pipeline.export.files import MANIFEST, NULL_PARTITION, flat_lists
from pipeline.export.spec import DATASETS, LABELS, SHEETS, WORKBOOK, Dataset, Sheet
from pipeline.run.settings import Settings
from pipeline.run.steps import run_all
from pipeline.warehouse import Warehouse

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("exports")
    raw = tmp / "raw"
    for it in generate(60, seed=1515, error_rate=0.1):
        path = raw / it.source_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(it.data)
    (raw / "not-a-report.txt").write_text("会议通知：请各单位准时参加。\n" * 20, encoding="utf-8")  # rejected: no year
    run_all(Settings(raw, tmp / "w.duckdb", tmp / "staging"))
    return tmp / "w.duckdb"


@pytest.fixture()
def warehouse(built, tmp_path) -> Warehouse:
    """A private copy per test (some tests change it)."""
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(built, copy)
    return Warehouse(copy)


def _rows(warehouse: Warehouse, sql: str, params=()) -> pl.DataFrame:
    con = duckdb.connect(str(warehouse.path), read_only=True)
    try:
        return con.sql(sql, params=list(params)).pl()
    finally:
        con.close()


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
    }


def test_the_warehouse_has_what_the_exports_must_handle(warehouse):
    years = _rows(warehouse, "SELECT year, count(*) AS n FROM reports GROUP BY year")
    assert years.height >= 4 and years["year"].null_count() == 1  # several years, and the rejected file's NULL
    assert _rows(warehouse, "SELECT count(*) AS n FROM flagged_reports")["n"][0] > 0


def test_parquet_partitions_equal_the_tables_per_year(warehouse, tmp_path):
    out = tmp_path / "exports"
    summary = export_warehouse(warehouse, out)
    assert not summary.notes
    for year in _rows(warehouse, "SELECT DISTINCT year FROM reports")["year"]:
        part = NULL_PARTITION if year is None else year
        stem = "unknown_year" if year is None else year
        got = pl.read_parquet(out / f"parquet/reports/year={part}/reports_{stem}.parquet")
        want = _rows(warehouse, "SELECT * FROM reports WHERE year IS NOT DISTINCT FROM ? ORDER BY ALL", [year])
        assert "year" not in got.columns  # hive style: in the path
        assert got.equals(want.drop("year"))
        # a report-keyed table falls in its report's year, the year is not added to its columns
        path = out / f"parquet/cells/year={part}/cells_{stem}.parquet"
        want_cells = _rows(
            warehouse,
            "SELECT c.* FROM cells c JOIN reports r USING (report_id) WHERE r.year IS NOT DISTINCT FROM ? ORDER BY ALL",
            [year],
        )
        if want_cells.height == 0:  # the rejected file has no cells: no partition
            assert year is None and not path.exists()
            continue
        cells = pl.read_parquet(path)
        assert cells.equals(want_cells) and cells.columns == want_cells.columns
    # read as one hive dataset, every exported source equals the warehouse's rows
    for dataset in DATASETS:
        got = pl.read_parquet(out / "parquet" / dataset.name / "**/*.parquet", hive_partitioning=True)
        want = _rows(warehouse, f"SELECT * FROM {dataset.name}")
        assert got.height == want.height == summary.rows[dataset.name]
        if got.height:
            got = got.select(want.columns).cast(want.schema)
            assert got.sort(want.columns, nulls_last=True).equals(want.sort(want.columns, nulls_last=True))
    # a view without a year is one file
    assert (out / "parquet/agencies/agencies.parquet").is_file()


def test_csv_round_trips_with_bom_and_chinese(warehouse, tmp_path):
    out = tmp_path / "exports"
    export_warehouse(warehouse, out)
    for year in _rows(warehouse, "SELECT DISTINCT year FROM agency_year_metrics")["year"]:
        path = out / f"csv/agency_year_metrics/year={year}/agency_year_metrics_{year}.csv"
        data = path.read_bytes()
        assert data.startswith(BOM) and data.count(BOM) == 1
        want = flat_lists(_rows(warehouse, "SELECT * FROM agency_year_metrics WHERE year = ? ORDER BY ALL", [year]))
        got = pl.read_csv(path, schema=want.schema)
        assert got.equals(want)  # every column kept, year included
    agencies = out / "csv/agencies/agencies.csv"
    want = flat_lists(_rows(warehouse, "SELECT * FROM agencies ORDER BY ALL"))
    assert pl.read_csv(agencies, schema=want.schema).equals(want)
    text = agencies.read_bytes()[len(BOM) :].decode("utf-8")
    name = want["latest_name"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in name) and name in text  # Chinese intact


def test_workbook_cells_equal_the_views(warehouse, tmp_path):
    out = tmp_path / "exports"
    export_warehouse(warehouse, out)
    book = openpyxl.load_workbook(out / WORKBOOK)
    assert book.sheetnames == [s.name for s in SHEETS]
    for sheet in SHEETS:
        ws = book[sheet.name]
        want = flat_lists(_rows(warehouse, f"SELECT * FROM {sheet.name} ORDER BY ALL"))
        keys = [(o.lstrip("-"), o.startswith("-")) for o in sheet.order]
        want = want.sort([k for k, _ in keys], descending=[d for _, d in keys], nulls_last=True, maintain_order=True)
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == want.columns
        assert list(rows[1]) == [LABELS.get(c) for c in want.columns]  # openpyxl reads an empty label as None
        # an empty text (an empty `derived` list) is an empty cell; a number keeps 16 significant
        # digits (xlsxwriter's %.16g; Excel shows 15)
        expected = [[None if v == "" else v for v in r] for r in want.iter_rows()]
        assert len(rows) - 2 == len(expected)
        for got, row in zip(rows[2:], expected):
            assert [pytest.approx(v, rel=1e-15) if isinstance(v, float) else v for v in row] == list(got)
        assert ws.freeze_panes == "B3"
        assert all(ws.column_dimensions[c].width >= 6 for c in ("A", "B"))
    aym = book["agency_year_metrics"]
    header = [c.value for c in aym[1]]
    share = header.index("granted_share") + 1
    shares = [c for (c,) in aym.iter_rows(min_row=3, min_col=share, max_col=share) if c.value is not None]
    assert shares and all(c.number_format == "0.0%" for c in shares)
    assert "本年新收政府信息公开申请数量" in [c.value for c in aym[2]]


def test_a_second_export_rewrites_nothing_and_two_exports_are_identical(warehouse, tmp_path):
    first = export_warehouse(warehouse, tmp_path / "a")
    assert len(first.written) == first.files > 20
    before = _tree(tmp_path / "a")
    again = export_warehouse(warehouse, tmp_path / "a")
    assert again.written == () and again.removed == () and again.unchanged == first.files
    assert _tree(tmp_path / "a") == before  # bytes and mtimes (the manifest too)
    export_warehouse(warehouse, tmp_path / "b")
    assert {k: v[0] for k, v in _tree(tmp_path / "b").items()} == {k: v[0] for k, v in before.items()}


def test_a_changed_warehouse_rewrites_only_the_changed_partitions(warehouse, tmp_path):
    out = tmp_path / "exports"
    export_warehouse(warehouse, out)
    before = _tree(out)
    con = duckdb.connect(str(warehouse.path))
    year, gone = con.execute("SELECT min(year), max(year) FROM reports").fetchone()
    # a cell of one report of `year` reads differently; `gone` loses its narrative facts
    con.execute(
        "UPDATE cells SET raw = coalesce(raw, '') || '*' WHERE report_id = "
        "(SELECT min(report_id) FROM reports WHERE year = ?) AND row_code = 'new_received'",
        [year],
    )
    con.execute("DELETE FROM narrative_facts WHERE report_id IN (SELECT report_id FROM reports WHERE year = ?)", [gone])
    con.close()
    summary = export_warehouse(warehouse, out)
    assert sorted(summary.written) == [
        f"csv/cells/year={year}/cells_{year}.csv",
        f"parquet/cells/year={year}/cells_{year}.parquet",
    ]
    assert sorted(summary.removed) == [
        f"csv/narrative_facts/year={gone}/narrative_facts_{gone}.csv",
        f"parquet/narrative_facts/year={gone}/narrative_facts_{gone}.parquet",
    ]
    assert not (out / f"parquet/narrative_facts/year={gone}").exists()  # the empty partition folder too
    after = _tree(out)
    for rel, (data, mtime) in after.items():
        if rel not in summary.written and rel != MANIFEST:
            assert before[rel] == (data, mtime), rel
    assert after[MANIFEST][0] != before[MANIFEST][0]


def test_a_listed_view_the_warehouse_lacks_is_skipped_with_a_note(warehouse, tmp_path):
    out = tmp_path / "exports"
    summary = export_warehouse(
        warehouse, out, (*DATASETS, Dataset("view_not_built_yet")), (*SHEETS, Sheet("sheet_not_built_yet", ("-year",)))
    )
    assert summary.notes == {
        "view_not_built_yet": "not in the warehouse: skipped",
        f"{WORKBOOK}:sheet_not_built_yet": "not in the warehouse: sheet left out",
    }
    assert '"view_not_built_yet": "not in the warehouse: skipped"' in (out / MANIFEST).read_text(encoding="utf-8")
    assert not (out / "parquet/view_not_built_yet").exists()
    assert openpyxl.load_workbook(out / WORKBOOK, read_only=True).sheetnames == [s.name for s in SHEETS]
    assert summary.rows["cells"] > 0  # the others exported as usual


def test_an_export_reads_a_warehouse_someone_holds_open_for_writing(warehouse, tmp_path):
    con = duckdb.connect(str(warehouse.path))  # an analyst's read-write session: the snapshot reads a copy
    try:
        summary = export_warehouse(warehouse, tmp_path / "exports")
    finally:
        con.close()
    assert summary.rows["reports"] == _rows(warehouse, "SELECT count(*) AS n FROM reports")["n"][0]


def test_the_export_job_materializes_the_exports_asset(warehouse, tmp_path):
    settings = Settings(tmp_path / "raw", warehouse.path, tmp_path / "staging", export_dir=tmp_path / "out")
    result = (
        build_defs(settings).resolve_job_def(EXPORT_JOB).execute_in_process(instance=dg.DagsterInstance.ephemeral())
    )
    assert result.success
    (event,) = result.get_asset_materialization_events()
    meta = event.materialization.metadata
    assert meta["files"].value == meta["written"].value > 0 and meta["notes"].value == {}
    assert (tmp_path / "out" / WORKBOOK).is_file()


def test_a_workbook_column_is_as_wide_as_its_widest_text_plus_two():
    """Width in characters: the widest of the column's name, its label (a CJK character counts 2;
    a label wider than 16 wraps) and its values (a number at most 14), plus 2, between 6 and 50."""
    from pipeline.export.workbook import _width

    assert _width(pl.Series(["ab", "abcdefgh"]), "x", "", False) == 10.0
    assert _width(pl.Series(["新乡市人民政府"]), "x", "", False) == 16.0
    assert _width(pl.Series(["x"]), "granted_share_x", "", False) == 17.0  # the name
    assert _width(pl.Series(["a"]), "year", "本年新收政府信息公开申请数量", False) == 18.0  # 16: wraps
    assert _width(pl.Series([123456789012345678.0]), "n", "", True) == 16.0  # 14 at most for a number
    assert _width(pl.Series([1.0]), "n", "", True) == 6.0  # the least
    assert _width(pl.Series(["x" * 80]), "x", "", False) == 50.0  # the most
