"""Tiny warehouses built directly in SQL, for testing views on hand-made numbers.

`build(reports)` creates the schema, inserts one `reports` row and the applications/review cells
per report from plain dicts, and creates the views — no parsing, so a test states exactly the
numbers a view sees.
"""

from __future__ import annotations

import duckdb

from pipeline.catalogue import TABLES
from pipeline.vocabulary import APPLICATION_COLUMNS, application_row_codes
from pipeline.warehouse.sql import run_script

REPORT_DEFAULTS = {
    "source_file": None,
    "sha256": "0" * 64,
    "size_bytes": 1,
    "encoding": "utf-8",
    "agency": "机关",
    "year": 2023,
    "template_version": "2021",
    "published_on": None,
    "status": "ok",
    "status_reason": None,
    "duplicate_of": None,
    "layout_active_disclosure": "tab",
    "layout_applications": "tab",
    "layout_review_litigation": "tab",
    "agency_key": None,
    "agency_level": "county",
    "agency_kind": "government",
    "province": None,
    "city": None,
    "county": None,
    "division_code": None,
    "region_note": None,
    "is_aggregate": False,
    "is_present": True,
}


def build(reports: list[dict]) -> duckdb.DuckDBPyConnection:
    """A warehouse holding `reports`: each a dict of `reports` columns plus `cells`, a dict
    (table, row, column) → (value, value_kind); unnamed application cells are the number 0."""
    con = duckdb.connect()
    run_script(con, "tables/schema.sql")
    columns = [c.name for c in TABLES["reports"].table_columns()]
    for k, rep in enumerate(reports):
        row = {**REPORT_DEFAULTS, "report_id": f"{k:016x}", "source_file": f"r{k}.txt", **rep}
        con.execute(f"INSERT INTO reports VALUES ({', '.join('?' * len(columns))})", [row[c] for c in columns])
        cells = {
            ("applications", r, c): (0.0, "number")
            for r in application_row_codes(row["template_version"])
            for c in APPLICATION_COLUMNS
        }
        cells.update(rep.get("cells", {}))
        con.executemany(
            "INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (row["report_id"], t, r, c, v, kind, None if v is None else str(v), 1)
                for (t, r, c), (v, kind) in cells.items()
            ],
        )
    for name in ("views/printed_shape.sql", "views/comparison.sql"):
        run_script(con, name)
    return con
