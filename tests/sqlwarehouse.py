"""Tiny warehouses built directly in SQL, for testing views on hand-made numbers.

`build(reports)` creates the schema, inserts one `reports` row per dict and its cells, and creates
the views — no parsing, so a test states exactly the numbers a view sees.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.catalogue import TABLES
from pipeline.vocabulary import APPLICATION_COLUMNS, application_row_codes
from pipeline.warehouse.sql import run_script
from pipeline.warehouse.store import create_views

REPORT_DEFAULTS = {
    "sha256": "0" * 64, "size_bytes": 1, "encoding": "utf-8", "agency": "机关", "year": 2023,
    "template_version": "2021", "published_on": None, "status": "ok", "status_reason": None, "duplicate_of": None,
    "layout_active_disclosure": "tab", "layout_applications": "tab", "layout_review_litigation": "tab",
    "agency_key": None, "agency_level": "county", "agency_kind": "government", "province": None, "city": None,
    "county": None, "division_code": None, "region_note": None, "is_aggregate": False, "is_present": True,
    "agency_lent_from": None, "input_format": "text", "part": 1,
}  # fmt: skip


def build(reports: list[dict], zero_applications: bool = True, min_applications: int = 0) -> duckdb.DuckDBPyConnection:
    """A warehouse holding `reports`: each a dict of `reports` columns plus `cells`, a dict
    (table, row, column) → (value, value_kind), and optionally `sections` and `issues`. With
    `zero_applications`, application cells a report does not name are the number 0.
    ``min_applications`` 0: every body-year is ranked."""
    report_columns = TABLES["reports"].table_columns()
    report_rows, cell_rows = [], []
    for k, rep in enumerate(reports):
        row = {**REPORT_DEFAULTS, "report_id": f"{k:016x}", "source_file": f"r{k}.txt", **rep}
        report_rows.append(tuple(row[c.name] for c in report_columns))
        cells = {}
        if zero_applications:
            cells = {
                ("applications", r, c): (0.0, "number")
                for r in application_row_codes(row["template_version"])
                for c in APPLICATION_COLUMNS
            }
        cells.update(rep.get("cells", {}))
        cell_rows += [
            (row["report_id"], t, r, c, v, kind, None if v is None else str(v), 1)
            for (t, r, c), (v, kind) in cells.items()
        ]
    con = duckdb.connect()
    run_script(con, "tables/schema.sql")
    report_schema = {c.name: pl.String if c.sql == "VARCHAR" else c.dtype for c in report_columns}
    con.register("new_reports", pl.DataFrame(report_rows, schema=report_schema, orient="row"))
    cell_schema = {c.name: pl.String if c.sql == "VARCHAR" else c.dtype for c in TABLES["cells"].table_columns()}
    con.register("new_cells", pl.DataFrame(cell_rows, schema=cell_schema, orient="row"))
    con.execute("INSERT INTO reports SELECT * FROM new_reports")
    con.execute("INSERT INTO cells SELECT * FROM new_cells")
    for k, rep in enumerate(reports):  # sections: {code: body}; issues: [(code, table_code, row_code)]
        rid = f"{k:016x}"
        for line, (code, body) in enumerate(rep.get("sections", {}).items(), start=1):
            con.execute("INSERT INTO sections VALUES (?, ?, NULL, ?, ?)", [rid, code, line, body])
        for code, table, row in rep.get("issues", ()):
            con.execute("INSERT INTO parse_issues VALUES (?, ?, 'test', NULL, ?, ?, 'error')", [rid, code, table, row])
    create_views(con, min_applications)
    return con
