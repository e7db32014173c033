"""Keeping ``narrative_reuse`` current on a candidate warehouse: only the report years whose
inputs changed (their fingerprint, ``sql/load/reuse_years.sql``) are computed again, with the year
after each (its previous-year pairs point into it) — a one-file run does not pay for the whole
warehouse's narrative. The comparison itself is :mod:`pipeline.compare.reuse`.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.catalogue import TABLES
from pipeline.compare.reuse import RULES, narrative_reuse, sentence_hashes
from pipeline.warehouse.sql import fetch, query, run_script

_BATCH = 20_000  # sections per batch: about 40 MB of text
_INPUT_SCHEMA = {"report_id": pl.String, "body_key": pl.String, "year": pl.Int32, "section_code": pl.String,
                 "body": pl.String}  # fmt: skip


def reuse_inputs(con: duckdb.DuckDBPyConnection, years: list[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sections of ``years`` to compare and their sentence hashes. The text is streamed in
    batches and cut as it comes: only hashes are kept, never the warehouse's whole narrative."""
    reader = query(con, "load/reuse_input.sql", read_years=years).to_arrow_reader(_BATCH)
    parts = [sentence_hashes(pl.from_arrow(batch)) for batch in reader]
    if not parts:
        return sentence_hashes(pl.DataFrame(schema=_INPUT_SCHEMA))
    return pl.concat([p[0] for p in parts]), pl.concat([p[1] for p in parts])


def refresh_narrative_reuse(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Compute narrative reuse again where its inputs changed; the years computed."""
    current = dict(fetch(con, "load/reuse_years.sql", reuse_rules=RULES))
    stored = dict(fetch(con, "load/reuse_stored_years.sql"))
    changed = {y for y in current.keys() | stored.keys() if current.get(y) != stored.get(y)}
    years = sorted(changed | {y + 1 for y in changed if y + 1 in current})
    if not years:
        return []
    read_years = sorted(set(years) | {y - 1 for y in years})
    run_script(con, "load/reuse_session.sql")
    try:
        con.register("reuse_rows", narrative_reuse(*reuse_inputs(con, read_years), years))
    finally:
        run_script(con, "load/session.sql")
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
