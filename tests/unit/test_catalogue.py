"""The table catalogue is the one declaration: the DDL, the frames and the pandera schemas follow it."""

from __future__ import annotations

from dataclasses import fields

import duckdb
import pandera.errors
import polars as pl
import pytest

from pipeline.catalogue import PARSED_FRAMES, STAGED_FRAMES, TABLES, VIEWS, WAREHOUSE_TABLES
from pipeline.model import ParsedReport
from pipeline.parse.frames import FrameBuilder, ParsedFrames, parse_reports, report_row
from pipeline.validate.schemas import frame_schema, validate_frames
from pipeline.warehouse.sql import run_script, sql_files, sql_text
from tests.conftest import sample_bytes


def _ddl() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    run_script(con, "tables/schema.sql")
    return con


@pytest.mark.parametrize("name", [t.name for t in TABLES.values() if t.in_warehouse])
def test_schema_sql_declares_the_catalogue_columns_in_order_with_types_and_nulls(name):
    got = [(r[0], r[1], r[2] == "YES") for r in _ddl().execute(f"DESCRIBE {name}").fetchall()]
    want = [(c.name, c.sql, c.nullable) for c in TABLES[name].table_columns()]
    assert got == want


def test_schema_sql_holds_no_table_the_catalogue_lacks():
    tables = {r[0] for r in _ddl().execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {t.name for t in TABLES.values() if t.in_warehouse}
    assert set(WAREHOUSE_TABLES) < tables


def test_frames_are_the_catalogue_frames():
    assert tuple(f.name for f in fields(ParsedFrames)) == PARSED_FRAMES
    assert set(STAGED_FRAMES) <= set(TABLES)
    _, frames = parse_reports([("004.txt", sample_bytes("004"))])
    for name, frame in frames.items():
        assert frame.schema == pl.Schema(TABLES[name].frame_schema()), name
    assert len(report_row(ParsedReport("x", "0" * 16, "0" * 64, 0))) == len(TABLES["reports"].frame_schema())
    empty = FrameBuilder().build()
    assert all(frame.height == 0 for _, frame in empty.items())


def test_every_view_is_created_by_its_sql_file():
    for view in VIEWS.values():
        assert f"CREATE OR REPLACE VIEW {view.name} AS" in sql_text(view.sql_file), view.name


def test_every_kept_table_is_created_by_its_views_file_and_dropped_with_the_others():
    """A views file keeping per-report results creates every table its views list as kept, and
    its drop file drops all of them (one left behind would claim reports whose rows are gone)."""
    from pipeline.warehouse.store import KEPT_DROP, kept_rules, kept_tables

    for view in VIEWS.values():
        for table in view.kept:
            assert f"CREATE TABLE IF NOT EXISTS {table} (" in sql_text(view.sql_file), (view.name, table)
    for sql_file, drop in KEPT_DROP.items():
        dropped = {line.removeprefix("DROP TABLE IF EXISTS ").rstrip(";") for line in sql_text(drop).splitlines()
                   if line.startswith("DROP TABLE")}  # fmt: skip
        assert dropped == set(kept_tables(sql_file)), sql_file
    # the rules name the file's text, not only the parser build
    assert len({kept_rules(f, "build") for f in KEPT_DROP} | {kept_rules(next(iter(KEPT_DROP)), "other")}) == 3


def test_sql_ships_as_package_data():
    assert "queries/carry_over_breaks.sql" in sql_files("queries")
    assert "CREATE TABLE IF NOT EXISTS reports" in sql_text("tables/schema.sql")


def _frames(**replace) -> ParsedFrames:
    _, frames = parse_reports([("004.txt", sample_bytes("004"))])
    return ParsedFrames(**{**dict(frames.items()), **replace})


def test_the_schemas_accept_what_the_parser_produces():
    validate_frames(_frames())
    assert set(frame_schema("cells").columns) == set(TABLES["cells"].frame_schema())


@pytest.mark.parametrize(
    ("frame", "change", "rule"),
    [
        (
            "cells",
            lambda f: f.with_columns(column_code=pl.lit("amount_10k_yuan").cast(f["column_code"].dtype)),
            "allowed_codes_per_table",
        ),
        ("cells", lambda f: f.with_columns(value=pl.lit(-1.0)), "non_negative_except_items_change"),
        ("cells", lambda f: f.with_columns(value=pl.lit(None, pl.Float64)), "value_iff_number"),
        ("reports", lambda f: f.with_columns(parse_status=pl.lit("rejected")), "rejected_have_reason"),
        ("reports", lambda f: f.with_columns(agency_level=pl.lit("empire")), "isin"),
        ("reports", lambda f: f.with_columns(report_id=pl.lit("abc")), "str_length"),
        ("reports", lambda f: f.with_columns(report_id=pl.lit("0" * 17)), "str_length"),  # one too long
        (
            "parse_issues",
            lambda f: pl.DataFrame([("0" * 16, "a_guess", "m", 1, None, None, "error")], schema=f.schema, orient="row"),
            "isin",
        ),
        ("sections", lambda f: pl.concat([f, f.head(1)]), "unique"),
    ],
)
def test_a_broken_promise_stops_validation(frame, change, rule):
    frames = _frames()
    broken = _frames(**{frame: change(getattr(frames, frame))})
    with pytest.raises(pandera.errors.SchemaErrors) as err:
        validate_frames(broken)
    assert rule in str(err.value)


def test_every_row_code_of_both_templates_has_an_order_and_a_label():
    """row_codes (the wide views' row_order and label) holds every row a report of either template
    can have, once; 2019's single （六）其他处理 sorts where 2021's （六） rows begin."""
    from pipeline.vocabulary import APPLICATION_ROWS, DISCLOSURE_BLOCKS, REVIEW_ROWS, row_labels

    rows = row_labels()
    got = {(t, r): (k, label) for t, r, k, label in rows}
    assert len(got) == len(rows)
    want = {("applications", s.code) for version in ("2021", "2019") for s in APPLICATION_ROWS[version]}
    want |= {("active_disclosure", r) for v in ("2021", "2019") for b in DISCLOSURE_BLOCKS[v] for r, _ in b.rows}
    want |= {("review_litigation", r) for r, _ in REVIEW_ROWS}
    assert set(got) == want
    sixth = got[("applications", "other_no_correction")][0]
    assert got[("applications", "other_handling")] == (sixth, "（六）其他处理")
    assert got[("active_disclosure", "procurement")] == (7, "政府集中采购")
