"""Keeping ``narrative_reuse`` current on a candidate warehouse: only the report years whose
inputs changed (their fingerprint, ``sql/load/reuse_years.sql``) are computed again, with the year
after each (its previous-year pairs point into it) — a one-file run does not pay for the whole
warehouse's narrative. The comparison itself is :mod:`pipeline.compare.reuse`.
"""

from __future__ import annotations

import contextlib

import duckdb
import polars as pl

from pipeline.catalogue import TABLES
from pipeline.compare.reuse import RULES, narrative_reuse, section_hashes
from pipeline.warehouse.sql import fetch, query, run_script

_BATCH = 20_000  # sections per batch: about 40 MB of text
ONE_PASS_YEARS = 2  # years computed in one pass at most (reading one more): the rest a year at a time
_PENDING_SCHEMA = {"report_id": pl.String, "section_code": pl.String, "body": pl.String}


def hash_pending_sections(con: duckdb.DuckDBPyConnection, years: list[int]) -> int:
    """Hash the sentences of the narrative sections of ``years`` not hashed yet into
    ``narrative_sentences``; how many sections. The text is streamed in batches and only hashes
    are kept, never the warehouse's whole narrative; a section is hashed once (its report id
    fixes its text), so a one-file run hashes one report's sections."""
    reader = query(con, "load/reuse_pending.sql", read_years=years).to_arrow_reader(_BATCH)
    parts = [section_hashes(pl.from_arrow(batch)) for batch in reader]
    new = pl.concat(parts) if parts else section_hashes(pl.DataFrame(schema=_PENDING_SCHEMA))
    con.register("new_sentences", new)
    try:
        run_script(con, "load/reuse_sentences_add.sql", reuse_rules=RULES)
    finally:
        con.unregister("new_sentences")
    return new.height


def reuse_inputs(con: duckdb.DuckDBPyConnection, years: list[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sections of ``years`` to compare and their sentence hashes (see
    :func:`pipeline.compare.reuse.sentence_sets`), from the kept hashes: hash first
    (:func:`hash_pending_sections`)."""
    rows = query(con, "load/reuse_input.sql", read_years=years).pl()
    return rows.drop("hashes"), rows.select("report_id", "section_code", "hashes")


def refresh_narrative_reuse(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Compute narrative reuse again where its inputs changed; the years computed.

    A year at a time, reading it and the year before it (what its rows depend on: its sections,
    and the previous year's for the previous-year pairs; every other rule is within a year —
    tests/unit/test_reuse.py), so memory follows two years' sections, not the warehouse's (at
    10^6 reports all years at once was the run's peak). When at most ``ONE_PASS_YEARS`` years are
    computed (a run that changed one year: that year and the one after it), they are computed in
    one pass instead, reading each year once (at 10^6 two passes took 30 s of a one-file run). The
    fingerprints are written with the last pass: until then none is stored, so a run that stops
    halfway computes every year again."""
    current = dict(fetch(con, "load/reuse_years.sql", reuse_rules=RULES))
    stored = dict(fetch(con, "load/reuse_stored_years.sql"))
    changed = {y for y in current.keys() | stored.keys() if current.get(y) != stored.get(y)}
    years = sorted(changed | {y + 1 for y in changed if y + 1 in current})
    if not years:
        return []
    run_script(con, "load/reuse_sentences_kept.sql", reuse_rules=RULES)
    fingerprints = pl.DataFrame(
        list(current.items()), schema=TABLES["narrative_reuse_years"].frame_schema(), orient="row"
    )
    one_pass = len(years) <= ONE_PASS_YEARS and years[-1] - years[0] == len(years) - 1  # (consecutive)
    passes = [years] if one_pass else [[year] for year in years]
    for group in passes:
        rows = _years_reuse(con, group)
        con.register("reuse_rows", rows)
        con.register("reuse_fingerprints", fingerprints if group is passes[-1] else fingerprints.clear())
        try:
            run_script(con, "load/narrative_reuse.sql", reuse_years=group)
        finally:
            con.unregister("reuse_rows")
            con.unregister("reuse_fingerprints")
        del rows
    return years


def _years_reuse(con: duckdb.DuckDBPyConnection, years: list[int]) -> pl.DataFrame:
    """The narrative_reuse rows of ``years`` (consecutive; their sections hashed first, and those of
    the year before the first)."""
    read_years = [years[0] - 1, *years]
    hash_pending_sections(con, read_years)
    inputs = reuse_inputs(con, read_years)
    # DuckDB's cache shrinks while polars compares (DuckDB's own queries above keep the run's
    # limit: at 10^6 reports the pending sections' anti-join did not fit in the small one); an
    # optimisation, skipped when DuckDB cannot let go
    with contextlib.suppress(duckdb.OutOfMemoryException):
        run_script(con, "load/reuse_session.sql")
    try:
        return narrative_reuse(*inputs, years)
    finally:
        del inputs
        run_script(con, "load/session.sql")
