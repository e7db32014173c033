"""Keeping ``narrative_reuse`` current on a candidate warehouse: only the report years whose
inputs changed (their fingerprint, ``sql/load/reuse_years.sql``) are computed again — around the
changed reports when they are few (only the rows they can move), else from scratch with the year
after each (its previous-year pairs point into it) — so a one-file run does not pay for the whole
warehouse's narrative, nor for its year's. The comparison itself is :mod:`pipeline.compare.reuse`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import duckdb
import polars as pl

from pipeline.catalogue import TABLES
from pipeline.compare.reuse import (
    BOILERPLATE_BODIES,
    RULES,
    boilerplate_sentences,
    narrative_reuse,
    reuse_around,
    section_hashes,
)
from pipeline.warehouse.sql import fetch, query, run_script

_BATCH = 20_000  # sections per batch: about 40 MB of text
ONE_PASS_YEARS = 2  # years computed in one pass at most (reading one more): the rest a year at a time
# a year changed by at most this many reports is computed around the change, any more from
# scratch: at 10^6 reports (2026-12-02, a year of 183k reports, its template sentences kept)
# the whole refresh around 1 report took 1.2–1.3 s, 140 reports 1.2 s, 5,000 1.8 s, 20,000
# 2.4 s; from scratch, the year and the year after, 8.5–8.9 s
AROUND_UP_TO = 5_000
_PENDING_SCHEMA = {"report_id": pl.String, "section_code": pl.String, "body": pl.String}


def reuse_rules(build: str) -> str:
    """What narrative reuse is computed under: the rules (:data:`pipeline.compare.reuse.RULES`) and
    the parser build (``build``: the run's, pipeline/run/build.py) — another build may cut a
    report's sections otherwise, so its sentences are hashed again and every year computed again
    (the run re-parses every file anyway)."""
    return f"{RULES}/build {build}"


def hash_pending_sections(con: duckdb.DuckDBPyConnection, years: list[int], rules: str) -> int:
    """Hash the sentences of the narrative sections of ``years`` not hashed yet into
    ``narrative_sentences`` (under ``rules``, :func:`reuse_rules`); how many sections. The text is
    streamed in batches and only hashes are kept, never the warehouse's whole narrative; a
    section is hashed once (its report id and the parser build fix its text), so a one-file run
    hashes one report's sections."""
    reader = query(con, "load/reuse_pending.sql", read_years=years).to_arrow_reader(_BATCH)
    parts = [section_hashes(pl.from_arrow(batch)) for batch in reader]
    new = pl.concat(parts) if parts else section_hashes(pl.DataFrame(schema=_PENDING_SCHEMA))
    con.register("new_sentences", new)
    try:
        run_script(con, "load/reuse_sentences_add.sql", reuse_rules=rules)
    finally:
        con.unregister("new_sentences")
    return new.height


def reuse_inputs(con: duckdb.DuckDBPyConnection, years: list[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sections of ``years`` to compare and their sentence hashes (see
    :func:`pipeline.compare.reuse.sentence_sets`), from the kept hashes: hash first
    (:func:`hash_pending_sections`)."""
    rows = query(con, "load/reuse_input.sql", read_years=years).pl()
    return rows.drop("hashes"), rows.select("report_id", "section_code", "hashes")


def refresh_narrative_reuse(con: duckdb.DuckDBPyConnection, build: str = "") -> list[int]:
    """Compute narrative reuse again where its inputs changed; the years whose rows were computed
    (``build``: see :func:`reuse_rules`).

    A year whose reports changed by at most ``AROUND_UP_TO`` of them (narrative_reuse_reports
    against the current reports: added, gone, or compared as another body) is computed around
    the change (:func:`_around_change`): only the rows those reports can move, reading the
    sections that share a counted sentence with them — a one-file run's cost follows the file,
    not the year (at 10^6 reports a year from scratch took 2.4–9.9 s of a one-file run). The
    year's template sentences (narrative_boilerplate) are kept up to date from the changed
    bodies' sections alone (:func:`_around_plan`).

    Any other changed year is computed from scratch with the year after it (its previous-year
    pairs point into it): a year at a time, reading it and the year before it (what its rows
    depend on: its sections, and the previous year's for the previous-year pairs; every other
    rule is within a year — tests/unit/test_reuse.py), so memory follows two years' sections, not
    the warehouse's. When at most ``ONE_PASS_YEARS`` years are computed they are computed in one
    pass instead, reading each year once.

    What the rows are computed from (the changed years' reports and template sentences, every
    year's fingerprint) is written after the last year: until then it is the last run's, so a
    run that stops halfway computes the same years again."""
    rules = reuse_rules(build)
    current = {
        year: (fingerprint, reports)
        for year, fingerprint, reports in fetch(con, "load/reuse_years.sql", reuse_rules=rules)
    }
    stored = dict(fetch(con, "load/reuse_stored_years.sql"))
    changed = sorted(y for y in current.keys() | stored.keys() if current.get(y, (None,))[0] != stored.get(y))
    if not changed:
        return []
    run_script(con, "load/reuse_sentences_kept.sql", reuse_rules=rules)
    changes = query(con, "load/reuse_report_changes.sql", reuse_years=changed, reuse_rules=rules).pl()
    # from scratch: a year changed by many reports (or new rules: every report), and a changed year
    # after one computed from scratch (its pairs into that year are computed there already)
    scratch: set[int] = set()
    for year in changed:
        count = changes.filter(pl.col("year") == year)["report_id"].n_unique()
        if count > AROUND_UP_TO or year - 1 in scratch:
            scratch.add(year)
    years = sorted(scratch | {y + 1 for y in scratch if y + 1 in current})
    one_pass = len(years) <= ONE_PASS_YEARS and years[-1] - years[0] == len(years) - 1 if years else False
    # each computed year's template sentences after this run (the others': as kept)
    boilerplate: dict[int, pl.DataFrame] = {}
    for group in [years] if one_pass else [[year] for year in years]:
        rows, found = _years_reuse(con, group, rules)
        boilerplate |= {year: found.filter(pl.col("year") == year) for year in group}
        con.register("reuse_rows", rows)
        try:
            run_script(con, "load/narrative_reuse.sql", reuse_years=group)
        finally:
            con.unregister("reuse_rows")
        del rows
    around = [
        _around_plan(con, year, changes.filter(pl.col("year") == year), rules)
        for year in changed
        if year not in scratch
    ]
    boilerplate |= {plan.year: plan.boilerplate for plan in around}
    for plan in around:
        _around_change(con, plan, boilerplate)
    fingerprints = pl.DataFrame(
        [(year, fingerprint) for year, (fingerprint, _) in current.items()],
        schema=TABLES["narrative_reuse_years"].frame_schema(),
        orient="row",
    )
    kept = pl.concat(
        [pl.DataFrame(schema=TABLES["narrative_boilerplate"].frame_schema()), *boilerplate.values()],
        how="vertical_relaxed",
    )
    registered = {"reuse_fingerprints": fingerprints, "reuse_boilerplate_rows": kept, "reuse_changes": changes}
    for name, frame in registered.items():
        con.register(name, frame)
    try:
        run_script(
            con, "load/reuse_done.sql", reuse_years=changed, reuse_rules=rules, boilerplate_years=sorted(boilerplate)
        )
    finally:
        for name in registered:
            con.unregister(name)
    return sorted(set(years) | {y for plan in around for y in (plan.year, plan.year + 1) if y in current})


@dataclass(frozen=True)
class _AroundPlan:
    """A year changed by a few reports, read once: what :func:`_around_change` computes from.

    changes: change 'added' | 'removed', report_id, year, body_key (a report compared as another
    body is both); added, removed: (report_id, body_key) of each; lists: the kept hashes of the
    changed reports' sections (report_id, section_code, hashes); body_lists: every section of the
    changed bodies from the year before to the year after (report_id, body_key, year,
    section_code, hashes); boilerplate: the year's template sentences after the change;
    flipped: the sentences (section_code, h) the change moved across the boilerplate threshold;
    postings: the current sections of the year printing a sentence of ``scanned``
    (:func:`_postings`) — every sentence of the added sections not template text before, and
    every flipped one."""

    year: int
    changes: pl.DataFrame
    added: pl.DataFrame
    removed: pl.DataFrame
    lists: pl.DataFrame
    body_lists: pl.DataFrame
    boilerplate: pl.DataFrame
    flipped: pl.DataFrame
    scanned: pl.DataFrame
    postings: pl.DataFrame


def _around_plan(con: duckdb.DuckDBPyConnection, year: int, changes: pl.DataFrame, rules: str) -> _AroundPlan:
    """Read what a change of a few reports of ``year`` moves, and the year's template sentences
    after it (:class:`_AroundPlan`). A sentence's body count moves only by the changed bodies:
    kept counts (narrative_boilerplate) move by how many of them print it now less before
    (their current sections, less the added reports, plus the removed ones), exactly; a sentence
    not kept was printed by fewer than BOILERPLATE_BODIES bodies, so only one that more of them
    print now can cross, and it is counted from the year's sections (one scan, for the added
    sections' sentences that are not template text: at 10^6 reports a one-file run's scans
    returned 1.85 M postings while the template sentences were counted there)."""
    hash_pending_sections(con, [year - 1, year, year + 1], rules)
    added = changes.filter(pl.col("change") == "added").select("report_id", "body_key")
    removed = changes.filter(pl.col("change") == "removed").select("report_id", "body_key")
    lists = _lists_of(con, changes.select("report_id").unique())
    body_lists = _body_sections(con, changes.select("body_key").unique(), [year - 1, year, year + 1])
    held = _exploded(body_lists.filter(pl.col("year") == year)).select("report_id", "body_key", "section_code", "h")
    held_before = pl.concat(
        [
            held.join(added, on=["report_id", "body_key"], how="anti"),
            _exploded(removed.join(lists, on="report_id")).select("report_id", "body_key", "section_code", "h"),
        ]
    )
    counts = [
        frame.select("body_key", "section_code", "h")
        .unique()
        .group_by("section_code", "h")
        .agg(pl.len().cast(pl.Int32).alias(name))
        for frame, name in ((held, "now"), (held_before, "before"))
    ]
    moved = (
        counts[0]
        .join(counts[1], on=["section_code", "h"], how="full", coalesce=True)
        .select("section_code", "h", delta=pl.col("now").fill_null(0) - pl.col("before").fill_null(0))
        .filter(pl.col("delta") != 0)
    )
    kept = (
        query(con, "load/reuse_boilerplate.sql", read_years=[year])
        .pl()
        .join(moved, on=["section_code", "h"], how="left")
        .with_columns((pl.col("bodies") + pl.col("delta").fill_null(0)).cast(pl.Int32))
        .drop("delta")
    )
    flipped_out = kept.filter(pl.col("bodies") < BOILERPLATE_BODIES).select("section_code", "h")
    rising = moved.filter(pl.col("delta") > 0).join(kept, on=["section_code", "h"], how="anti")
    added_hashes = _exploded(added.join(lists, on="report_id")).select("section_code", "h")
    scanned = (
        pl.concat([added_hashes.join(kept, on=["section_code", "h"], how="anti"), flipped_out])
        .unique()
        .sort("section_code", "h")
    )
    postings = _postings(con, [year], scanned.with_columns(year=pl.lit(year, pl.Int32)))
    counted = postings.group_by("section_code", "h").agg(bodies=pl.col("body_key").n_unique().cast(pl.Int32))
    flipped_in = counted.join(rising, on=["section_code", "h"], how="semi").filter(
        pl.col("bodies") >= BOILERPLATE_BODIES
    )
    boilerplate = pl.concat(
        [
            kept.filter(pl.col("bodies") >= BOILERPLATE_BODIES),
            flipped_in.select(pl.lit(year, pl.Int32).alias("year"), "section_code", "h", "bodies"),
        ]
    ).sort("section_code", "h")
    return _AroundPlan(
        year=year,
        changes=changes,
        added=added,
        removed=removed,
        lists=lists,
        body_lists=body_lists,
        boilerplate=boilerplate,
        flipped=pl.concat([flipped_out, flipped_in.select("section_code", "h")]),
        scanned=scanned,
        postings=postings,
    )


def _around_change(con: duckdb.DuckDBPyConnection, plan: _AroundPlan, boilerplate: dict[int, pl.DataFrame]) -> None:
    """Narrative reuse of ``plan.year`` computed around its changed reports: the rows
    :func:`pipeline.compare.reuse.reuse_around` computes, from the sections it needs, found by
    their sentences (``sql/load/reuse_postings.sql``). ``boilerplate``: the template sentences of
    the years computed in this run, after it (every other year's are as kept)."""
    year, keys = plan.year, ["report_id", "section_code"]
    added_sections = plan.added.join(plan.lists, on="report_id")
    removed_sections = plan.removed.join(plan.lists, on="report_id")
    # changed: the added sections and those printing a sentence the boilerplate rule now counts
    # otherwise (their sentence sets changed)
    changed = pl.concat(
        [
            added_sections.select(*keys, "body_key"),
            plan.postings.join(plan.flipped, on=["section_code", "h"], how="semi").select(*keys, "body_key"),
        ]
    ).unique(keys)
    changed_lists = _lists_of(con, changed.select("report_id").unique()).join(changed, on=keys)
    # the sections sharing a counted sentence with a changed one (the added sections' are scanned already)
    counted = (
        _exploded(changed_lists)
        .select("section_code", "h")
        .unique()
        .join(plan.boilerplate, on=["section_code", "h"], how="anti")
    )
    unscanned = counted.join(plan.scanned, on=["section_code", "h"], how="anti")
    shared = plan.postings.join(counted, on=["section_code", "h"], how="semi")
    if unscanned.height:
        shared = pl.concat([shared, _postings(con, [year], unscanned.with_columns(year=pl.lit(year, pl.Int32)))])
    neighbours = shared.select(*keys, "body_key").unique(keys).join(changed, on=keys, how="anti")
    neighbour_lists = _lists_of(con, neighbours.select("report_id").unique()).join(neighbours, on=keys)
    # every section of the bodies concerned in the year before to the year after
    more_bodies = changed.select("body_key").unique().join(plan.changes.select("body_key"), on="body_key", how="anti")
    body_lists = plan.body_lists
    if more_bodies.height:
        body_lists = pl.concat([body_lists, _body_sections(con, more_bodies, [year - 1, year, year + 1])])
    local = pl.concat(
        [
            changed_lists.with_columns(year=pl.lit(year, pl.Int32)),
            neighbour_lists.with_columns(year=pl.lit(year, pl.Int32)),
            body_lists,
        ],
        how="diagonal_relaxed",
    ).unique(keys)
    read = [y for y in (year - 1, year, year + 1) if y not in boilerplate]
    template = pl.concat(
        [
            query(con, "load/reuse_boilerplate.sql", read_years=read).pl(),
            *(boilerplate[y] for y in (year - 1, year, year + 1) if y in boilerplate),
        ],
        how="vertical_relaxed",
    )
    body_reports = body_lists.filter(pl.col("year").is_in([year, year + 1])).select("report_id").unique()
    rows = reuse_around(
        local.select("report_id", "body_key", "year", "section_code"),
        local.select(*keys, "hashes"),
        template,
        year,
        changed,
        body_reports,
    )
    registered = {
        "reuse_rows": rows,
        "reuse_dirty_sections": pl.concat([changed.select(keys), removed_sections.select(keys)]),
        "reuse_dirty_reports": pl.concat([body_reports, plan.removed.select("report_id")]),
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


def _years_reuse(con: duckdb.DuckDBPyConnection, years: list[int], rules: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The narrative_reuse rows of ``years`` (consecutive; their sections hashed first, and those of
    the year before the first) and the template sentences of the years read
    (:func:`pipeline.compare.reuse.boilerplate_sentences`)."""
    read_years = [years[0] - 1, *years]
    hash_pending_sections(con, read_years, rules)
    inputs = reuse_inputs(con, read_years)
    # DuckDB's cache shrinks while polars compares (DuckDB's own queries above keep the run's
    # limit: at 10^6 reports the pending sections' anti-join did not fit in the small one); an
    # optimisation, skipped when DuckDB cannot let go
    with contextlib.suppress(duckdb.OutOfMemoryException):
        run_script(con, "load/reuse_session.sql")
    try:
        found = boilerplate_sentences(*inputs)
        return narrative_reuse(*inputs, years, found), found
    finally:
        del inputs
        run_script(con, "load/session.sql")
