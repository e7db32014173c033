"""Keeping ``narrative_reuse`` current on a candidate warehouse: only the report years whose
inputs changed (their fingerprint, ``sql/load/reuse_years.sql``) are computed again — around the
changed reports when they are few (only the rows they can move), else from scratch with the year
after each (its previous-year pairs point into it) — so a one-file run does not pay for the whole
warehouse's narrative, nor for its year's. The comparison itself is :mod:`pipeline.compare.reuse`.
"""

from __future__ import annotations

import contextlib

import duckdb
import polars as pl

from pipeline.catalogue import TABLES
from pipeline.compare.reuse import BOILERPLATE_BODIES, RULES, narrative_reuse, reuse_around, section_hashes
from pipeline.warehouse.sql import fetch, query, run_script

_BATCH = 20_000  # sections per batch: about 40 MB of text
ONE_PASS_YEARS = 2  # years computed in one pass at most (reading one more): the rest a year at a time
# a year changed by at most this many reports is computed around the change, any more from
# scratch: at 10^6 reports (2026-12-02, a year of 183k reports) around 1 report took 3.4 s, 10
# reports 5.4 s, 179 reports 5.7 s; from scratch, the year and the year after, 4.1 s
AROUND_UP_TO = 3
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
    """Compute narrative reuse again where its inputs changed; the years whose rows were computed.

    A year whose reports changed by at most ``AROUND_UP_TO`` of them (narrative_reuse_reports
    against the current reports: added, gone, or compared as another body) is computed around
    the change (:func:`_around_change`): only the rows those reports can move, reading the
    sections that share a counted sentence with them — a one-file run's cost follows the file,
    not the year (at 10^6 reports a year from scratch took 2.4–9.9 s of a one-file run).

    Any other changed year is computed from scratch with the year after it (its previous-year
    pairs point into it): a year at a time, reading it and the year before it (what its rows
    depend on: its sections, and the previous year's for the previous-year pairs; every other
    rule is within a year — tests/unit/test_reuse.py), so memory follows two years' sections, not
    the warehouse's. When at most ``ONE_PASS_YEARS`` years are computed they are computed in one
    pass instead, reading each year once.

    What the rows are computed from (the changed years' reports, every year's fingerprint) is
    written after the last year: until then it is the last run's, so a run that stops halfway
    computes the same years again."""
    current = {
        year: (fingerprint, reports)
        for year, fingerprint, reports in fetch(con, "load/reuse_years.sql", reuse_rules=RULES)
    }
    stored = dict(fetch(con, "load/reuse_stored_years.sql"))
    changed = sorted(y for y in current.keys() | stored.keys() if current.get(y, (None,))[0] != stored.get(y))
    if not changed:
        return []
    run_script(con, "load/reuse_sentences_kept.sql", reuse_rules=RULES)
    changes = query(con, "load/reuse_report_changes.sql", reuse_years=changed, reuse_rules=RULES).pl()
    # from scratch: a year changed by many reports (or new rules: every report), and a changed year
    # after one computed from scratch (its pairs into that year are computed there already)
    scratch: set[int] = set()
    for year in changed:
        count = changes.filter(pl.col("year") == year)["report_id"].n_unique()
        if count > AROUND_UP_TO or year - 1 in scratch:
            scratch.add(year)
    years = sorted(scratch | {y + 1 for y in scratch if y + 1 in current})
    one_pass = len(years) <= ONE_PASS_YEARS and years[-1] - years[0] == len(years) - 1 if years else False
    for group in [years] if one_pass else [[year] for year in years]:
        rows = _years_reuse(con, group)
        con.register("reuse_rows", rows)
        try:
            run_script(con, "load/narrative_reuse.sql", reuse_years=group)
        finally:
            con.unregister("reuse_rows")
        del rows
    around = [year for year in changed if year not in scratch]
    for year in around:
        _around_change(con, year, changes.filter(pl.col("year") == year))
    fingerprints = pl.DataFrame(
        [(year, fingerprint) for year, (fingerprint, _) in current.items()],
        schema=TABLES["narrative_reuse_years"].frame_schema(),
        orient="row",
    )
    con.register("reuse_fingerprints", fingerprints)
    try:
        run_script(con, "load/reuse_done.sql", reuse_years=changed, reuse_rules=RULES)
    finally:
        con.unregister("reuse_fingerprints")
    return sorted(set(years) | {y for year in around for y in (year, year + 1) if y in current})


def _around_change(con: duckdb.DuckDBPyConnection, year: int, changes: pl.DataFrame) -> None:
    """Narrative reuse of ``year`` computed around its changed reports (``changes``: change
    'added' | 'removed', report_id, year, body_key; a report compared as another body is both):
    the rows :func:`pipeline.compare.reuse.reuse_around` computes, from the sections it needs,
    found by their sentences (``sql/load/reuse_postings.sql``)."""
    hash_pending_sections(con, [year - 1, year, year + 1])
    added = changes.filter(pl.col("change") == "added").select("report_id", "body_key")
    removed = changes.filter(pl.col("change") == "removed").select("report_id", "body_key")
    keys = ["report_id", "section_code"]
    lists = _lists_of(con, changes.select("report_id").unique())
    added_sections = added.join(lists, on="report_id")
    removed_sections = removed.join(lists, on="report_id")
    # the sentences whose body count may have moved, counted now and before the change
    touched = _exploded(pl.concat([added_sections, removed_sections])).select("section_code", "h").unique()
    now = _postings(con, [year], touched.with_columns(year=pl.lit(year, pl.Int32)))
    before = pl.concat(
        [
            now.join(added, on=["report_id", "body_key"], how="anti").select("section_code", "body_key", "h"),
            _exploded(removed_sections).select("section_code", "body_key", "h"),
        ]
    )
    counted = [
        frame.group_by("section_code", "h").agg(pl.col("body_key").n_unique().alias(name))
        for frame, name in ((now, "now"), (before, "before"))
    ]
    kept = pl.col("now").fill_null(0) < BOILERPLATE_BODIES
    flipped = (
        touched.join(counted[0], on=["section_code", "h"], how="left")
        .join(counted[1], on=["section_code", "h"], how="left")
        .filter(kept != (pl.col("before").fill_null(0) < BOILERPLATE_BODIES))
    )
    # changed: the added sections and those printing a sentence the boilerplate rule now counts
    # otherwise (their sentence sets changed)
    changed = pl.concat(
        [
            added_sections.select(*keys, "body_key"),
            now.join(flipped, on=["section_code", "h"], how="semi").select(*keys, "body_key"),
        ]
    ).unique(keys)
    changed_lists = _lists_of(con, changed.select("report_id").unique()).join(changed, on=keys)
    # the sections sharing a counted sentence with a changed one, and every count their sentences need
    shared = _postings(
        con,
        [year],
        _exploded(changed_lists).select("section_code", "h").unique().with_columns(year=pl.lit(year, pl.Int32)),
    )
    spread = shared.group_by("year", "section_code", "h").agg(bodies=pl.col("body_key").n_unique())
    neighbours = (
        shared.join(spread.filter(pl.col("bodies") < BOILERPLATE_BODIES), on=["year", "section_code", "h"], how="semi")
        .select(*keys, "body_key")
        .unique(keys)
        .join(changed, on=keys, how="anti")
    )
    neighbour_lists = _lists_of(con, neighbours.select("report_id").unique()).join(neighbours, on=keys)
    # every section of the bodies concerned in the year before to the year after
    bodies = pl.concat([changes.select("body_key"), changed.select("body_key")]).unique()
    body_lists = _body_sections(con, bodies, [year - 1, year, year + 1])
    local = pl.concat(
        [
            changed_lists.with_columns(year=pl.lit(year, pl.Int32)),
            neighbour_lists.with_columns(year=pl.lit(year, pl.Int32)),
            body_lists,
        ],
        how="diagonal_relaxed",
    ).unique(keys)
    uncounted = (
        _exploded(local)
        .select("year", "section_code", "h")
        .unique()
        .join(spread, on=["year", "section_code", "h"], how="anti")
    )
    more = _postings(con, sorted({year - 1, year, year + 1}), uncounted)
    spread = pl.concat([spread, more.group_by("year", "section_code", "h").agg(bodies=pl.col("body_key").n_unique())])
    body_reports = body_lists.filter(pl.col("year").is_in([year, year + 1])).select("report_id").unique()
    rows = reuse_around(
        local.select("report_id", "body_key", "year", "section_code"),
        local.select(*keys, "hashes"),
        spread,
        year,
        changed,
        body_reports,
    )
    registered = {
        "reuse_rows": rows,
        "reuse_dirty_sections": pl.concat([changed.select(keys), removed_sections.select(keys)]),
        "reuse_dirty_reports": pl.concat([body_reports, removed.select("report_id")]),
    }
    for name, frame in registered.items():
        con.register(name, frame)
    try:
        run_script(con, "load/narrative_reuse_around.sql", reuse_year=year)
    finally:
        for name in registered:
            con.unregister(name)


def _exploded(lists: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence hash (h) of sections with their hash lists."""
    return lists.explode("hashes").drop_nulls("hashes").rename({"hashes": "h"})


def _registered(
    con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame, sql_file: str, **variables
) -> pl.DataFrame:
    con.register(name, frame)
    try:
        return query(con, sql_file, **variables).pl()
    finally:
        con.unregister(name)


def _lists_of(con: duckdb.DuckDBPyConnection, reports: pl.DataFrame) -> pl.DataFrame:
    """(report_id, section_code, hashes) of ``reports`` (report_id), held or gone."""
    return _registered(con, "reuse_wanted", reports, "load/reuse_lists_of.sql")


def _postings(con: duckdb.DuckDBPyConnection, years: list[int], wanted: pl.DataFrame) -> pl.DataFrame:
    """(report_id, section_code, year, body_key, h): the current sections of ``years`` printing a
    sentence of ``wanted`` (year, section_code, h)."""
    wanted = wanted.select(pl.col("year").cast(pl.Int32), "section_code", pl.col("h").cast(pl.UInt64))
    return _registered(con, "reuse_wanted_hashes", wanted, "load/reuse_postings.sql", read_years=years)


def _body_sections(con: duckdb.DuckDBPyConnection, bodies: pl.DataFrame, years: list[int]) -> pl.DataFrame:
    """(report_id, body_key, year, section_code, hashes): every narrative section of ``bodies``
    (body_key) in ``years``."""
    return _registered(con, "reuse_wanted_bodies", bodies, "load/reuse_body_sections.sql", read_years=years)


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
