"""Narrative reuse (pipeline/compare/reuse.py, pipeline/warehouse/reuse.py): copied sections are
found, unrelated ones are not, the LSH candidates lose nothing above the flag against exact
all-pairs, and a run computes again only the years whose reports changed."""

from __future__ import annotations

import itertools
import random

import polars as pl
import pytest

from pipeline.compare.reuse import (
    BOILERPLATE_BODIES,
    REUSE_FLAG,
    STORED_SIMILARITY,
    narrative_reuse,
    sentence_hashes,
    sentence_sets,
)
from pipeline.warehouse.reuse import refresh_narrative_reuse, reuse_rules
from tests.sqlwarehouse import build

CHARS = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def _sentence(rng: random.Random) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(10, 30)))


def _text(sentences: list[str]) -> str:
    return "。".join(sentences) + "。"


def _frame(rows: list[tuple[str, str, int, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["report_id", "body_key", "year", "section_code", "body"], orient="row")


def _inputs(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    return sentence_hashes(frame)


def _reuse(frame: pl.DataFrame) -> pl.DataFrame:
    return narrative_reuse(*_inputs(frame))


def _pairs(out: pl.DataFrame, relation: str) -> dict:
    part = out.filter(pl.col("relation") == relation)
    return {(r["report_id"], r["other_report_id"]): r for r in part.iter_rows(named=True)}


def test_a_copied_section_with_small_edits_is_found_and_unrelated_ones_are_not():
    rng = random.Random(1)
    original = [_sentence(rng) for _ in range(12)]
    edited = original[:]
    edited[3] = edited[3][:5] + "改" + edited[3][6:]  # a character changed in two sentences
    edited[7] = edited[7] + "有关"
    rows = [("a", "甲", 2023, "overview", _text(original)), ("b", "乙", 2023, "overview", _text(edited))]
    rows += [(f"u{i}", f"丙{i}", 2023, "overview", _text([_sentence(rng) for _ in range(12)])) for i in range(20)]
    found = _pairs(_reuse(_frame(rows)), "other_body")
    assert set(found) == {("a", "b"), ("b", "a")}
    pair = found[("a", "b")]
    assert (pair["sentences"], pair["other_sentences"], pair["shared_sentences"]) == (12, 12, 10)
    assert pair["similarity"] == pytest.approx(10 / 14) and pair["reused"]


def test_one_year_computed_alone_equals_that_year_of_the_whole_computation():
    """A run computes only the years that changed, reading the year before for previous-year
    pairs; that year's sections can sort after every wanted one (their ids index the signatures)."""
    rng = random.Random(3)
    shared = [_sentence(rng) for _ in range(10)]
    rows = [(f"z{i}", f"体{i}", 2022, "overview", _text(shared[:6] + [_sentence(rng) for _ in range(4)]))
            for i in range(6)]  # fmt: skip
    rows += [(f"a{i}", f"体{i}", 2023, "overview", _text(shared[:7] + [_sentence(rng) for _ in range(3)]))
             for i in range(6)]  # fmt: skip
    frame = _frame(rows)
    whole = _reuse(frame).filter(pl.col("year") == 2023)
    alone = narrative_reuse(*_inputs(frame), [2023])
    assert alone.equals(whole)
    assert set(_pairs(alone, "other_body")) == {(f"a{i}", f"a{j}") for i in range(6) for j in range(6) if i != j}
    assert len(_pairs(alone, "previous_year")) == 6


def test_last_years_text_with_new_numbers_and_wrapped_lines_is_the_same_text():
    rng = random.Random(2)
    sentences = [_sentence(rng) + f"共{n}件" for n in range(6)]
    this_year = _text([s.replace("共", "共1") for s in sentences])  # every number changed
    wrapped = "\n".join(this_year[i : i + 30] for i in range(0, len(this_year), 30))  # pdftotext hard wraps
    rows = [("r22", "甲", 2022, "problems_improvements", _text(sentences)),
            ("r23", "甲", 2023, "problems_improvements", wrapped)]  # fmt: skip
    out = _reuse(_frame(rows))
    (row,) = out.to_dicts()
    assert (row["report_id"], row["relation"], row["other_report_id"], row["other_year"]) == (
        "r23", "previous_year", "r22", 2022)  # fmt: skip
    assert row["similarity"] == 1.0 and row["reused"]


def test_previous_year_pairs_are_kept_whatever_their_similarity_and_skip_gaps_and_double_reports():
    rng = random.Random(3)

    def section():
        return _text([_sentence(rng) for _ in range(5)])

    rows = [("x21", "甲", 2021, "overview", section()), ("x22", "甲", 2022, "overview", section()),
            ("x24", "甲", 2024, "overview", section()),  # 2023 missing: no pair for 2024
            ("y22", "乙", 2022, "overview", section()), ("y23a", "乙", 2023, "overview", section()),
            ("y23b", "乙", 2023, "overview", section())]  # fmt: skip
    previous = _pairs(_reuse(_frame(rows)), "previous_year")
    assert set(previous) == {("x22", "x21")}
    assert previous[("x22", "x21")]["similarity"] == 0.0 and not previous[("x22", "x21")]["reused"]


def test_template_sentences_printed_by_many_bodies_and_short_sections_do_not_count():
    rng = random.Random(4)
    template = [_sentence(rng) for _ in range(6)]
    rows = [(f"r{i}", f"机关{i}", 2023, "other_matters", _text(template + [_sentence(rng)]))
            for i in range(BOILERPLATE_BODIES)]  # fmt: skip
    sets, sizes = sentence_sets(*_inputs(_frame(rows)))
    assert sets.height == 0 and sizes.height == 0  # one own sentence each: below MIN_SENTENCES
    assert _reuse(_frame(rows)).height == 0
    nine = _reuse(_frame(rows[: BOILERPLATE_BODIES - 1]))  # below the threshold: the template counts
    assert nine.filter(pl.col("relation") == "other_body").height == (BOILERPLATE_BODIES - 1) * (BOILERPLATE_BODIES - 2)


def _planted_corpus(seed: int) -> pl.DataFrame:
    """Sections of one year, many of them copies of another body's with 0–8 of 12 sentences
    replaced: similarities spread from 1 down to 0.2."""
    rng = random.Random(seed)
    rows = []
    for i in range(150):
        code = ("overview", "problems_improvements")[i % 2]
        if rows and rng.random() < 0.6:
            donor = rng.choice([r for r in rows if r[3] == code]) if any(r[3] == code for r in rows) else None
        else:
            donor = None
        if donor is None:
            sentences = [_sentence(rng) for _ in range(12)]
        else:
            sentences = donor[4][:-1].split("。")
            for j in rng.sample(range(12), rng.randint(0, 8)):
                sentences[j] = _sentence(rng)
        rows.append((f"s{i:03d}", f"b{i:03d}", 2023, code, _text(sentences)))
    return _frame(rows)


@pytest.mark.parametrize("seed", range(3))
def test_lsh_candidates_against_exact_all_pairs(seed):
    frame = _planted_corpus(seed)
    sets, sizes = sentence_sets(*_inputs(frame))
    by_sid = {sid: set(group["h"]) for (sid,), group in sets.group_by("sid")}
    meta = {r["sid"]: r for r in sizes.iter_rows(named=True)}
    exact = {}
    for a, b in itertools.combinations(sorted(by_sid), 2):  # every pair, the reference
        if meta[a]["section_code"] != meta[b]["section_code"]:
            continue
        similarity = len(by_sid[a] & by_sid[b]) / len(by_sid[a] | by_sid[b])
        if similarity >= STORED_SIMILARITY:
            exact[(meta[a]["report_id"], meta[b]["report_id"])] = similarity
            exact[(meta[b]["report_id"], meta[a]["report_id"])] = similarity
    found = {k: r["similarity"] for k, r in _pairs(_reuse(frame), "other_body").items()}
    assert set(found) <= set(exact)  # nothing LSH proposes is kept unless it truly is that similar
    assert all(found[k] == pytest.approx(exact[k]) for k in found)  # and its similarity is the exact one
    flagged = {k for k, v in exact.items() if v >= REUSE_FLAG}
    assert flagged and flagged <= set(found)  # no pair above the flag is lost
    assert len(found) >= 0.85 * len(exact)  # between 0.5 and 0.7 a few may be missed (P ≥ 0.93 per pair)


def _warehouse_reports() -> list[dict]:
    rng = random.Random(5)
    base = [_sentence(rng) for _ in range(8)]
    reports = []
    for year in (2021, 2022, 2023):
        for body in ("A", "B"):
            text = base if body == "A" else [_sentence(rng) for _ in range(8)]
            reports.append({"agency_key": f"41:{body}", "year": year, "sections": {"overview": _text(text)}})
    return reports


def test_the_warehouse_keeps_reuse_and_recomputes_only_changed_years():
    reports = _warehouse_reports()
    con = build(reports)
    rows = con.execute(
        "SELECT report_id, relation, other_report_id, year, similarity, reused FROM narrative_reuse ORDER BY ALL"
    ).fetchall()
    a = {2021: f"{0:016x}", 2022: f"{2:016x}", 2023: f"{4:016x}"}
    assert [r for r in rows if r[4] == 1.0] == [
        (a[2022], "previous_year", a[2021], 2022, 1.0, True),
        (a[2023], "previous_year", a[2022], 2023, 1.0, True),
    ]
    assert refresh_narrative_reuse(con) == []  # nothing changed: nothing computed
    con.execute("UPDATE reports SET agency_key = '41:C' WHERE report_id = ?", [a[2022]])
    assert refresh_narrative_reuse(con) == [2022, 2023]  # the changed year and the one after
    again = con.execute("SELECT report_id, relation, other_report_id FROM narrative_reuse ORDER BY ALL").fetchall()
    changed = build([{**r, "agency_key": "41:C"} if k == 2 else r for k, r in enumerate(reports)])
    assert (
        again
        == changed.execute("SELECT report_id, relation, other_report_id FROM narrative_reuse ORDER BY ALL").fetchall()
    )
    assert (a[2022], "previous_year", a[2021]) not in again


def test_changed_reuse_rules_recompute_every_year(monkeypatch):
    """The rules (thresholds, the polars version) are part of each year's fingerprint: after an
    upgrade every year is computed again, then none."""
    from pipeline.warehouse import reuse

    con = build(_warehouse_reports())
    assert refresh_narrative_reuse(con) == []
    monkeypatch.setattr(reuse, "RULES", reuse.RULES + "/changed")
    assert refresh_narrative_reuse(con) == [2021, 2022, 2023]
    assert refresh_narrative_reuse(con) == []


def test_another_parser_build_hashes_again_and_recomputes_every_year():
    """A report keeps its id (the hash of its text) when another parser build parses it again,
    but its sections may be cut otherwise: its sentences are hashed again, every year computed
    again."""
    con = build(_warehouse_reports())
    hashed = con.execute("SELECT report_id, section_code, hashes FROM narrative_sentences ORDER BY ALL").fetchall()
    con.execute("UPDATE narrative_sentences SET hashes = [1, 2, 3]")  # what the earlier build cut
    assert refresh_narrative_reuse(con) == []  # the same build: kept
    assert refresh_narrative_reuse(con, build="another build") == [2021, 2022, 2023]
    again = con.execute(
        "SELECT report_id, section_code, hashes, rules FROM narrative_sentences ORDER BY ALL"
    ).fetchall()
    assert [r[:3] for r in again] == hashed
    assert {r[3] for r in again} == {reuse_rules("another build")}
    assert refresh_narrative_reuse(con, build="another build") == []


def _printers(reports: list[dict]) -> dict[tuple[int, str], dict[str, list[int]]]:
    """(year, sentence) of the present reports' overviews -> the bodies printing it -> their reports."""
    printers: dict[tuple[int, str], dict[str, list[int]]] = {}
    for k, r in enumerate(reports):
        if r.get("is_present", True):
            for sentence in set(r["sections"]["overview"].split("。")[:-1]):
                printers.setdefault((r["year"], sentence), {}).setdefault(r["agency_key"], []).append(k)
    return printers


def _shared_pool_reports(seed: int) -> list[dict]:
    """Three years of 36 bodies whose overviews draw 6 of 24 shared sentences (each printed by
    about 9 bodies a year: around the boilerplate threshold) and 3 of their own; a third repeat
    their previous year, some copy another body. Four more reports wait, not present: the last
    prints a sentence one body short of the threshold."""
    rng = random.Random(seed)
    reports = []
    for year in (2021, 2022, 2023):
        pool = [_sentence(rng) for _ in range(24)]
        for body in range(36):
            earlier = [r for r in reports if r["agency_key"] == f"41:{body}" and r["year"] == year - 1]
            if earlier and rng.random() < 0.33:
                sections = dict(earlier[0]["sections"])
            elif reports and rng.random() < 0.1:
                sections = dict(rng.choice([r for r in reports if r["year"] == year] or reports)["sections"])
            else:
                sections = {
                    "overview": _text(rng.sample(pool, 6) + [_sentence(rng) for _ in range(3)]),
                    "problems_improvements": _text(rng.sample(pool[:8], 2) + [_sentence(rng) for _ in range(2)]),
                }
            reports.append({"agency_key": f"41:{body}", "year": year, "sections": sections})
    # a sentence one body short of template text, which the last report waiting prints
    year, sentence = min(k for k, v in _printers(reports).items() if len(v) == BOILERPLATE_BODIES - 1)
    for k in range(3):  # added later: new bodies, and a second report of body 3 in 2022
        base = reports[rng.randrange(len(reports))]
        reports.append({"agency_key": "41:3" if k == 0 else f"41:new{k}", "year": 2022, "is_present": False,
                        "sections": {"overview": base["sections"]["overview"] + _text([_sentence(rng)])}})  # fmt: skip
    sections = {"overview": _text([sentence] + [_sentence(rng) for _ in range(3)])}
    reports.append({"agency_key": "41:new3", "year": year, "is_present": False, "sections": sections})
    return reports


@pytest.mark.parametrize("seed", range(3))
def test_a_change_computed_around_equals_the_warehouse_computed_from_scratch(monkeypatch, seed):
    """A year changed by up to AROUND_UP_TO reports is computed only around them: added,
    removed, deleted and re-keyed reports, ten at once, sentences crossing the boilerplate
    threshold either way, a body with two reports. After each change the rows and the kept
    template sentences equal a build from scratch of the same reports; over the threshold
    (lowered here), the year is computed from scratch."""
    from pipeline.warehouse import reuse

    reports = _shared_pool_reports(seed)
    con = build(reports)
    scratch_calls = []
    from_scratch = reuse._years_reuse
    monkeypatch.setattr(reuse, "_years_reuse", lambda *a: scratch_calls.append(a) or from_scratch(*a))
    rid = [f"{k:016x}" for k in range(len(reports))]
    rows = "SELECT * EXCLUDE (similarity), round(similarity, 12) FROM narrative_reuse ORDER BY ALL"
    n = len(reports)
    # a sentence reaches the boilerplate threshold, then one falls below it (a body printing one
    # at the threshold, in one report, goes)
    risen = [*reports[:-1], {**reports[-1], "is_present": True}]
    fall = min(
        ks[0] for bodies in _printers(risen).values() if len(bodies) == BOILERPLATE_BODIES
        for ks in bodies.values() if len(ks) == 1
    )  # fmt: skip
    many = [k for k, r in enumerate(reports) if r["year"] == 2022 and r["agency_key"]][1:30:3]
    steps = [
        (f"UPDATE reports SET is_present = true WHERE report_id = '{rid[n - 1]}'", {n - 1: {"is_present": True}}),
        (f"UPDATE reports SET is_present = false WHERE report_id = '{rid[fall]}'", {fall: {"is_present": False}}),
        (f"UPDATE reports SET is_present = true WHERE report_id = '{rid[n - 4]}'", {n - 4: {"is_present": True}}),
        (
            f"UPDATE reports SET is_present = true WHERE report_id IN ('{rid[n - 3]}', '{rid[n - 2]}')",
            {n - 3: {"is_present": True}, n - 2: {"is_present": True}},
        ),
        (f"UPDATE reports SET is_present = false WHERE report_id = '{rid[45]}'", {45: {"is_present": False}}),
        (f"UPDATE reports SET agency_key = '41:7' WHERE report_id = '{rid[50]}'", {50: {"agency_key": "41:7"}}),
        (f"DELETE FROM reports WHERE report_id = '{rid[60]}'", {60: {"is_present": False}}),
        (f"UPDATE reports SET agency_key = NULL WHERE report_id = '{rid[10]}'", {10: {"agency_key": None}}),
        # many reports of a year at once, each compared as another body
        (
            "UPDATE reports SET agency_key = agency_key || 'x' WHERE year = 2022 AND report_id IN "
            f"({', '.join(repr(rid[k]) for k in many)})",
            {k: {"agency_key": reports[k]["agency_key"] + "x"} for k in many},
        ),
    ]
    template = "SELECT * FROM narrative_boilerplate ORDER BY ALL"
    seen, counts = [con.execute(rows).fetchall()], [con.execute(template).fetchall()]
    for sql, edit in steps:
        con.execute(sql)
        for k, fields in edit.items():
            reports[k] = {**reports[k], **fields}
        assert reuse.refresh_narrative_reuse(con)
        assert not scratch_calls, sql  # computed around the change
        # the reference: every year from scratch (the reference build's calls are not counted),
        # the template sentences kept too
        reference = build(reports)
        assert con.execute(rows).fetchall() == reference.execute(rows).fetchall(), sql
        assert con.execute(template).fetchall() == reference.execute(template).fetchall(), sql
        scratch_calls.clear()
        seen.append(con.execute(rows).fetchall())
        counts.append(con.execute(template).fetchall())
    assert all(a != b for a, b in itertools.pairwise(seen))  # each change moved rows
    # and sentences crossed the threshold both ways (a kept count rose to it, one fell below)
    sets = [{r[:3] for r in c} for c in counts]
    assert any(b - a for a, b in itertools.pairwise(sets)) and any(a - b for a, b in itertools.pairwise(sets))
    kinds = {r[2] for r in seen[-1]}
    assert kinds == {"previous_year", "other_body"}
    assert reuse.refresh_narrative_reuse(con) == []
    # more reports of a year than AROUND_UP_TO: that year from scratch, the same rows
    monkeypatch.setattr(reuse, "AROUND_UP_TO", 3)
    moved = [k for k, r in enumerate(reports) if r["year"] == 2022 and r.get("is_present", True)]
    for k in moved[: reuse.AROUND_UP_TO + 1]:
        con.execute(f"UPDATE reports SET agency_key = '41:moved{k}' WHERE report_id = '{rid[k]}'")
        reports[k] = {**reports[k], "agency_key": f"41:moved{k}"}
    assert reuse.refresh_narrative_reuse(con) == [2022, 2023]
    assert [a[1] for a in scratch_calls] == [[2022, 2023]]
    assert con.execute(rows).fetchall() == build(reports).execute(rows).fetchall()
