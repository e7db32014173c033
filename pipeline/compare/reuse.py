"""Narrative reuse: which narrative sections repeat the same body's previous report, or another
body's report of the same year.

A section is compared as the set of its sentences (README "Narrative reuse"):
- the narrative sections are 一 overview, 五 problems_improvements and 六 other_matters (二–四 are
  the tables; identical tables are the cross-year check X3);
- a sentence is the text between 。！？；(and their half-width forms) with whitespace removed
  (hard-wrapped PDF lines join again) and every run of digits masked — a report that copies last
  year's text and updates its numbers is reuse; sentences shorter than ``MIN_SENTENCE_CHARS`` are
  headings or fragments and are dropped (:func:`sentence_hashes`, a year at a time: only the
  hashes are kept);
- a
  sentence printed in the same section by ``BOILERPLATE_BODIES`` or more bodies in one year is
  template text every body is given, and is dropped too;
- a section with fewer than ``MIN_SENTENCES`` sentences left is not compared.

similarity = Jaccard of the two sentence sets = shared / (this + other − shared), exact.
Previous-year pairs (the body's report of the year before) are known and all computed; pairs with
other bodies come from MinHash signatures and LSH banding within a year and section — never all pairs —
and are kept when the exact similarity is at least ``STORED_SIMILARITY``; ``REUSE_FLAG`` marks
reuse. Hashing is seeded, so a re-run finds the same pairs.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import polars as pl

from pipeline.catalogue import TABLES

NARRATIVE_SECTIONS = ("overview", "problems_improvements", "other_matters")
MIN_SENTENCE_CHARS = 8
MIN_SENTENCES = 3
BOILERPLATE_BODIES = 10
STORED_SIMILARITY = 0.5
REUSE_FLAG = 0.7
# 20 bands of 3 rows: a pair at similarity 0.7 becomes a candidate with probability 0.9998, at 0.5
# with 0.93, at 0.2 with 0.15 (1 - (1 - s^3)^20); candidates are then measured exactly.
BANDS, ROWS = 20, 3
_SEED = 20261130
# a run computes again every year whose fingerprint holds a different value of this (polars'
# hashes, which pick the LSH candidates, are stable only within one polars version)
# ("boilerplate kept": the warehouse keeps each year's boilerplate sentences, narrative_boilerplate —
# a warehouse computed before it has none, so every year is computed once again)
RULES = (
    f"sentences/{MIN_SENTENCE_CHARS}/{MIN_SENTENCES}/{BOILERPLATE_BODIES}/{STORED_SIMILARITY}/{REUSE_FLAG}"
    f"/polars {pl.__version__}/boilerplate kept"
)

REUSE_SCHEMA = TABLES["narrative_reuse"].frame_schema()


def section_hashes(sections: pl.DataFrame) -> pl.DataFrame:
    """(report_id, section_code, hashes): the distinct sentence hashes of every narrative section of
    ``sections`` (report_id, section_code, body), an empty list when no sentence counts — what the
    warehouse keeps per section (``narrative_sentences``), so a section's text is hashed once."""
    narrative = sections.filter(pl.col("section_code").is_in(NARRATIVE_SECTIONS)).select(
        "report_id", "section_code", "body"
    )
    hashed = (
        narrative.select(
            "report_id",
            "section_code",
            sentence=pl.col("body")
            .str.replace_all(r"\s+", "")
            .str.replace_all(r"[0-9０-９]+", "#")
            .str.replace_all(r"[。！？；!?;]", "\n")
            .str.split("\n"),
        )
        .explode("sentence")
        .filter(pl.col("sentence").str.len_chars() >= MIN_SENTENCE_CHARS)
        .select("report_id", "section_code", h=pl.col("sentence").hash(seed=_SEED))
        .group_by("report_id", "section_code")
        .agg(hashes=pl.col("h").unique().sort())
    )
    return (
        narrative.select("report_id", "section_code")
        .unique()
        .join(hashed, on=["report_id", "section_code"], how="left")
        .with_columns(pl.col("hashes").fill_null(pl.lit([], dtype=pl.List(pl.UInt64))))
    )


def sentence_hashes(sections: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(sections compared, their distinct sentence hashes) of ``sections`` (report_id, body_key,
    year, section_code, body): the first without the text; the second (report_id, section_code,
    hashes) as :func:`section_hashes` makes it."""
    narrative = sections.filter(pl.col("section_code").is_in(NARRATIVE_SECTIONS) & pl.col("year").is_not_null())
    return narrative.drop("body"), section_hashes(narrative)


def _section_id() -> pl.Expr:
    """A narrative section's index in NARRATIVE_SECTIONS, from its section_code."""
    return (
        pl.col("section_code")
        .replace_strict(NARRATIVE_SECTIONS, range(len(NARRATIVE_SECTIONS)), return_dtype=pl.Int8)
        .alias("section_id")
    )


def _hashed(sections: pl.DataFrame, sentences: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(meta, hashed) of the sections compared (report_id, body_key, year, section_code) and their
    distinct sentence hashes (report_id, section_code, hashes: a list per section, as the
    warehouse keeps them in ``narrative_sentences``). The lists are exploded only after each
    section has its integer id: a row per sentence then carries no string (at 10^6 reports two
    years' sentences are tens of millions of rows).

    meta: one row per section — sid, report_id, body_id (a hash of body_key), year, section_id
    (its index in NARRATIVE_SECTIONS), section_code; hashed: one row per (sid, h) with the
    section's body_id, year and section_id."""
    meta = (
        sections.filter(pl.col("section_code").is_in(NARRATIVE_SECTIONS))
        .sort("report_id", "section_code")
        .with_row_index("sid")
        .with_columns(
            pl.col("sid").cast(pl.Int64),
            body_id=pl.col("body_key").hash(seed=_SEED),
            section_id=_section_id(),
        )
        .drop("body_key")
    )
    hashed = (
        sentences.unique(["report_id", "section_code"])
        .join(
            meta.select("report_id", "section_code", "sid", "body_id", "year", "section_id"),
            on=["report_id", "section_code"],
        )
        .select("sid", "body_id", "year", "section_id", h="hashes")
        .explode("h")
        .drop_nulls("h")
    )
    return meta, hashed


def _boilerplate_of(hashed: pl.DataFrame) -> pl.DataFrame:
    """(year, section_id, h, bodies) of the sentences ``hashed`` prints in the same section by
    BOILERPLATE_BODIES or more bodies in one year."""
    return (
        hashed.group_by("year", "section_id", "h")
        .agg(bodies=pl.col("body_id").n_unique().cast(pl.Int32))
        .filter(pl.col("bodies") >= BOILERPLATE_BODIES)
    )


def boilerplate_sentences(sections: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """The template text of whole years of ``sections`` and ``sentences`` (as for
    :func:`sentence_sets`): (year, section_code, h, bodies) — every sentence printed in the
    same section by BOILERPLATE_BODIES or more bodies in one year, and how many. The warehouse
    keeps it per year (``narrative_boilerplate``) so that a change is computed around without
    counting the year's sentences again."""
    found = _boilerplate_of(_hashed(sections, sentences)[1])
    return found.select(
        pl.col("year").cast(pl.Int32),
        section_code=pl.col("section_id").replace_strict(
            range(len(NARRATIVE_SECTIONS)), NARRATIVE_SECTIONS, return_dtype=pl.String
        ),
        h="h",
        bodies="bodies",
    ).sort("year", "section_code", "h")


def sentence_sets(
    sections: pl.DataFrame, sentences: pl.DataFrame, boilerplate: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(sets, sizes) from the sections compared (report_id, body_key, year, section_code) and their
    distinct sentence hashes (report_id, section_code, hashes), see :func:`_hashed`.

    sets: one row per (sid, h) that counts — a section's id and a sentence hash;
    sizes: one row per section compared — sid, report_id, body_id (a hash of body_key), year,
    section_id (its index in NARRATIVE_SECTIONS), section_code, n (its sentences).

    The boilerplate rule counts the bodies printing each sentence among ``sections``, or drops
    the sentences of ``boilerplate`` (year, section_code, h: as :func:`boilerplate_sentences`
    gives it, for every year of ``sections``) — a change computed around (:func:`reuse_around`)
    reads only some of a year's sections.
    """
    meta, hashed = _hashed(sections, sentences)
    # template text: printed in the same section by many bodies in one year
    dropped = (
        _boilerplate_of(hashed)
        if boilerplate is None
        else boilerplate.select(pl.col("year").cast(meta["year"].dtype), _section_id(), pl.col("h").cast(pl.UInt64))
    )
    kept = hashed.join(dropped, on=["year", "section_id", "h"], how="anti")
    sets = kept.filter(pl.len().over("sid") >= MIN_SENTENCES).select("sid", "h").sort("sid", "h")
    sizes = sets.group_by("sid").agg(n=pl.len().cast(pl.Int32)).join(meta, on="sid").sort("sid")
    return sets, sizes


def _measure(pairs: pl.DataFrame, sets: pl.DataFrame, sizes: pl.DataFrame) -> pl.DataFrame:
    """Exact shared sentence counts and Jaccard similarity of (sid, other_sid) pairs."""
    shared = (
        pairs.join(sets, on="sid")
        .join(sets.rename({"sid": "other_sid"}), on=["other_sid", "h"])
        .group_by("sid", "other_sid")
        .agg(shared_sentences=pl.len().cast(pl.Int32))
    )
    me = sizes.select("sid", "report_id", "year", "section_code", sentences="n")
    other = sizes.select(other_sid="sid", other_report_id="report_id", other_year="year", other_sentences="n")
    return (
        pairs.join(me, on="sid")
        .join(other, on="other_sid")
        .join(shared, on=["sid", "other_sid"], how="left")
        .with_columns(pl.col("shared_sentences").fill_null(0))
        .with_columns(
            similarity=pl.col("shared_sentences")
            / (pl.col("sentences") + pl.col("other_sentences") - pl.col("shared_sentences"))
        )
    )


def _previous_year_pairs(sizes: pl.DataFrame) -> pl.DataFrame:
    """Each section with the same body's section of the year before (a body with two reports in
    one year is left out rather than guessed, as in the cross-year checks)."""
    single = sizes.filter(pl.len().over("body_id", "year", "section_id") == 1)
    prev = single.select("body_id", "section_id", "year", other_sid="sid").with_columns(pl.col("year") + 1)
    return single.join(prev, on=["body_id", "section_id", "year"]).select(
        "sid", "other_sid", relation=pl.lit("previous_year")
    )


def minhash_signatures(sets: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(sids, signatures) of the sentence hash sets (sorted by sid): each section's sid, and its
    BANDS * ROWS uint64 MinHash values — min over the set of (a·h + b) mod 2^64, one (a, b) per
    permutation (multiply-add hashing). One row per section in ``sets``, none for the others (the
    years read only for previous-year pairs: a row for every sid read was 0.7 GB at 10^6)."""
    rng = np.random.default_rng(_SEED)
    perms = BANDS * ROWS
    a = rng.integers(1, 2**63, size=perms, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=perms, dtype=np.uint64)
    sid = sets["sid"].to_numpy()
    h = sets["h"].to_numpy()
    if len(h) == 0:
        return np.empty(0, dtype=np.int64), np.empty((0, perms), dtype=np.uint64)
    starts = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])
    sig = np.empty((len(starts), perms), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(perms):
            sig[:, i] = np.minimum.reduceat(a[i] * h + b[i], starts)
    return sid[starts], sig


def _candidate_pairs(sets: pl.DataFrame, sizes: pl.DataFrame) -> pl.DataFrame:
    """Pairs of sections of different bodies, same year and section, sharing an LSH bucket."""
    owners, sig = minhash_signatures(sets)
    present = sizes["sid"].to_numpy()
    # (every section of sizes has its sentences in sets: sizes is counted from them)
    banded = sig[np.searchsorted(owners, present)].reshape(len(present), BANDS, ROWS)
    group = (sizes["year"].cast(pl.Int64) * len(NARRATIVE_SECTIONS) + sizes["section_id"]).to_numpy()
    with np.errstate(over="ignore"):  # one bucket key per (section, band): its rows, band, year and section
        keys = (
            banded[:, :, 0] * np.uint64(0x9E3779B97F4A7C15)
            ^ banded[:, :, 1] * np.uint64(0xC2B2AE3D27D4EB4F)
            ^ banded[:, :, 2]
            ^ np.arange(BANDS, dtype=np.uint64) * np.uint64(0x165667B19E3779F9)
            ^ group.astype(np.uint64)[:, None] * np.uint64(0xD6E8FEB86659FD93)
        ).reshape(-1)
    # most buckets hold one section: keep the keys seen twice or more (a sort, not a hash table)
    order = np.sort(keys)
    repeated = order[1:][order[1:] == order[:-1]]
    shared = np.isin(keys, repeated)
    members = pl.DataFrame(
        {
            "sid": np.repeat(present, BANDS)[shared],
            "body_id": np.repeat(sizes["body_id"].to_numpy(), BANDS)[shared],
            "group": np.repeat(group, BANDS)[shared],
            "key": keys[shared],
        }
    )
    return (
        members.join(members, on=["key", "group"], suffix="_o")  # (group again: a key collision)
        .filter(pl.col("body_id") != pl.col("body_id_o"))
        .select("sid", other_sid="sid_o")
        .unique()
        .with_columns(relation=pl.lit("other_body"))
    )


def narrative_reuse(
    sections: pl.DataFrame,
    sentences: pl.DataFrame,
    years: Collection[int] | None = None,
    boilerplate: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The ``narrative_reuse`` rows (:data:`REUSE_SCHEMA`) of the sections of ``years`` (all when
    None), sorted. ``sections`` and ``sentences`` (see :func:`sentence_sets`) must hold every
    section of those years and of the years before them; ``boilerplate``, when given, is
    :func:`boilerplate_sentences` of them (counted here otherwise)."""
    sets, sizes = sentence_sets(sections, sentences, boilerplate)
    wanted = sizes if years is None else sizes.filter(pl.col("year").is_in(list(years)))
    # signatures only of the wanted sections (the years before are read for previous-year pairs
    # only; their sids can exceed every wanted one)
    wanted_sets = sets if years is None else sets.filter(pl.col("sid").is_in(wanted["sid"].implode()))
    pairs = pl.concat([_previous_year_pairs(sizes), _candidate_pairs(wanted_sets, wanted)])
    pairs = pairs.filter(pl.col("sid").is_in(wanted["sid"].implode()))
    return _stored_rows(pairs, sets, sizes)


def _stored_rows(pairs: pl.DataFrame, sets: pl.DataFrame, sizes: pl.DataFrame) -> pl.DataFrame:
    """The rows kept of (sid, other_sid, relation) pairs, measured: every previous-year pair, the
    other-body pairs at least STORED_SIMILARITY alike; sorted."""
    measured = _measure(pairs, sets, sizes).filter(
        (pl.col("relation") == "previous_year") | (pl.col("similarity") >= STORED_SIMILARITY)
    )
    out = measured.with_columns(reused=pl.col("similarity") >= REUSE_FLAG)
    return out.select([pl.col(name).cast(dtype) for name, dtype in REUSE_SCHEMA.items()]).sort(
        "report_id", "section_code", "relation", "other_report_id"
    )


def reuse_around(
    sections: pl.DataFrame,
    sentences: pl.DataFrame,
    boilerplate: pl.DataFrame,
    year: int,
    changed: pl.DataFrame,
    body_reports: pl.DataFrame,
) -> pl.DataFrame:
    """The ``narrative_reuse`` rows a change of a few reports of ``year`` moves, as
    :func:`narrative_reuse` over the whole warehouse would compute them:
    - the other-body rows of ``year`` with a section of ``changed`` (report_id, section_code: the
      changed reports' sections and those whose sentences the boilerplate rule now counts
      differently) on either side;
    - the previous-year rows of ``year`` and the year after of the reports ``body_reports``
      (report_id: every report of the bodies concerned in those years).

    ``sections`` and ``sentences`` (as for :func:`sentence_sets`) must hold the changed sections,
    every section of ``year`` sharing a counted sentence with one (no other can be 0.5 alike:
    LSH buckets are a function of a section's own sentences, so the candidates among these are
    the candidates among all), and every section of the bodies of ``body_reports`` in the year
    before ``year`` to the year after; ``boilerplate`` the template sentences of those years
    (:func:`boilerplate_sentences` of the whole years)."""
    sets, sizes = sentence_sets(sections, sentences, boilerplate)
    keys = ["report_id", "section_code"]
    dirty = sizes.join(changed.select(keys).unique(), on=keys, how="semi")["sid"].implode()
    in_year = sizes.filter(pl.col("year") == year)
    other_body = _candidate_pairs(sets.filter(pl.col("sid").is_in(in_year["sid"].implode())), in_year).filter(
        pl.col("sid").is_in(dirty) | pl.col("other_sid").is_in(dirty)
    )
    concerned = sizes.filter(
        pl.col("year").is_in([year, year + 1]) & pl.col("report_id").is_in(body_reports["report_id"].implode())
    )["sid"].implode()
    previous_year = _previous_year_pairs(sizes).filter(pl.col("sid").is_in(concerned))
    return _stored_rows(pl.concat([previous_year, other_body]), sets, sizes)
