"""Keeping ``narrative_reuse`` current on a candidate warehouse: only the report years whose
inputs changed (their fingerprint, ``sql/load/reuse_years.sql``) are computed again, with the year
after each (its previous-year pairs point into it) — a one-file run does not pay for the whole
warehouse's narrative. The comparison itself is :mod:`pipeline.compare.reuse`.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.catalogue import TABLES
from pipeline.compare.reuse import RULES, narrative_reuse
from pipeline.warehouse.sql import fetch, query, run_script


def refresh_narrative_reuse(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Compute narrative reuse again where its inputs changed; the years computed."""
    current = dict(fetch(con, "load/reuse_years.sql", reuse_rules=RULES))
    stored = dict(fetch(con, "load/reuse_stored_years.sql"))
    changed = {y for y in current.keys() | stored.keys() if current.get(y) != stored.get(y)}
    years = sorted(changed | {y + 1 for y in changed if y + 1 in current})
    if not years:
        return []
    read_years = sorted(set(years) | {y - 1 for y in years})
    sections = query(con, "load/reuse_input.sql", read_years=read_years).pl()
    con.register("reuse_rows", narrative_reuse(sections, years))
    con.register(
        "reuse_fingerprints",
        pl.DataFrame(list(current.items()), schema=TABLES["narrative_reuse_years"].frame_schema(), orient="row"),
    )
    try:
        run_script(con, "load/narrative_reuse.sql", reuse_years=years)
    finally:
        con.unregister("reuse_rows")
        con.unregister("reuse_fingerprints")
    return years
