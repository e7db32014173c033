"""Timeliness and completeness (sql/views/evaluation.sql) on multi-year warehouses with known
answers: a table of deadline edge cases, and random corpora recomputed in plain Python from the
rules README "Evaluation measures" states."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest

from pipeline.vocabulary import application_row_codes
from tests.sqlwarehouse import build


def _deadline(level: str | None, kind: str, year: int) -> tuple[str | None, date | None]:
    if level is None:
        return None, None
    if year <= 2018:
        return "regulation_2008", date(year + 1, 3, 31)
    if kind == "government" and level in ("province", "city", "county"):
        return "government_report", date(year + 1, 3, 31)
    if level in ("township", "street_office"):
        return "township_practice", date(year + 1, 1, 31)
    if level == "zone":
        return "zone_committee", date(year + 1, 1, 31)
    return "department", date(year + 1, 1, 31)


def _timeliness(level, kind, year, published_on) -> tuple:
    rule, deadline = _deadline(level, kind, year)
    if deadline is None or published_on is None or published_on <= date(year, 12, 31):
        status = "not_assessable"
    else:
        status = "on_time" if published_on <= deadline else "late"
    late = None
    if deadline is not None and published_on is not None and published_on > date(year, 12, 31):
        late = max((published_on - deadline).days, 0)
    return rule, deadline, status, late


EDGE_CASES = [
    # level, kind, year, published_on → rule, deadline, timeliness, days_late
    ("county", "government", 2023, date(2024, 3, 31), "government_report", date(2024, 3, 31), "on_time", 0),
    ("county", "government", 2023, date(2024, 4, 1), "government_report", date(2024, 3, 31), "late", 1),
    ("department", "department", 2023, date(2024, 1, 31), "department", date(2024, 1, 31), "on_time", 0),
    ("department", "department", 2023, date(2024, 2, 10), "department", date(2024, 1, 31), "late", 10),
    ("department", "government_office", 2020, date(2021, 3, 1), "department", date(2021, 1, 31), "late", 29),
    ("township", "government", 2022, date(2023, 2, 1), "township_practice", date(2023, 1, 31), "late", 1),
    ("street_office", "street_office", 2022, date(2023, 1, 5), "township_practice", date(2023, 1, 31), "on_time", 0),
    ("zone", "zone_committee", 2021, date(2022, 3, 1), "zone_committee", date(2022, 1, 31), "late", 29),
    ("department", "department", 2018, date(2019, 3, 31), "regulation_2008", date(2019, 3, 31), "on_time", 0),
    ("province", "government", 2018, date(2019, 4, 2), "regulation_2008", date(2019, 3, 31), "late", 2),
    ("city", "government", 2019, date(2020, 3, 20), "government_report", date(2020, 3, 31), "on_time", 0),
    ("county", "government", 2023, None, "government_report", date(2024, 3, 31), "not_assessable", None),
    ("county", "government", 2023, date(2023, 6, 1), "government_report", date(2024, 3, 31), "not_assessable", None),
    (None, "department", 2023, date(2024, 1, 2), None, None, "not_assessable", None),
]


def test_deadlines_and_their_edge_cases():
    reports = [
        {"agency_level": level, "agency_kind": kind, "year": year, "published_on": published_on}
        for level, kind, year, published_on, *_ in EDGE_CASES
    ]
    con = build(reports)
    got = con.execute(
        "SELECT deadline_rule, deadline, timeliness, days_late FROM timeliness ORDER BY report_id"
    ).fetchall()
    assert got == [tuple(case[4:]) for case in EDGE_CASES]
    # the plain-Python rule below is the same rule (the random corpora rely on it)
    assert [_timeliness(*case[:4]) for case in EDGE_CASES] == [tuple(case[4:]) for case in EDGE_CASES]
    notes = [r[0] for r in con.execute("SELECT note FROM timeliness ORDER BY report_id").fetchall()]
    assert notes[-3:] == ["no publication date printed", "printed date inside the report year", "body level unknown"]


LEVELS = [("county", "government"), ("department", "department"), ("township", "government"),
          ("street_office", "street_office"), ("zone", "zone_committee"), ("city", "government")]  # fmt: skip
YEARS = range(2018, 2024)


def _corpus(seed: int) -> list[dict]:
    rng = random.Random(seed)
    reports = []
    places = [("甲省", "一市"), ("甲省", "二市"), ("乙省", "三市"), ("乙省", None)]
    for body in range(rng.randint(8, 20)):
        level, kind = rng.choice(LEVELS)
        province, city = rng.choice(places)
        resolved = rng.random() > 0.15
        key = None if rng.random() < 0.1 else f"{body:06d}:机关"
        for year in sorted(rng.sample(YEARS, rng.randint(1, len(YEARS)))):
            for _ in range(2 if rng.random() < 0.08 else 1):
                month = rng.choice((1, 1, 2, 3, 3, 4, 6))
                published = date(year + 1, month, rng.choice((1, 15, 28, 31 if month in (1, 3) else 28)))
                if rng.random() < 0.2:
                    published = None
                elif rng.random() < 0.05:
                    published = date(year, 11, 30)  # a date inside the report year
                reports.append({
                    "agency_key": key, "agency_level": level, "agency_kind": kind, "year": year,
                    "province": province, "city": city, "division_code": "000000" if resolved else None,
                    "published_on": published, "status": rng.choice(("ok", "ok", "flagged", "rejected")),
                    "is_present": rng.random() < 0.95,
                })  # fmt: skip
    return reports


def _by_region(reports: list[dict]) -> dict:
    current = [r for r in reports if r["is_present"] and r["status"] != "rejected"]
    years = {r["year"] for r in current}
    bodies: dict = {}
    status: dict = defaultdict(set)
    for r in current:
        if r["agency_key"] is None:
            continue
        b = bodies.setdefault(r["agency_key"], {"unresolved": False, "first": r["year"], "place": None})
        b["unresolved"] |= r["division_code"] is None
        b["first"] = min(b["first"], r["year"])
        b["place"] = (r["province"], r["city"])
        status[(r["agency_key"], r["year"])].add(
            _timeliness(r["agency_level"], r["agency_kind"], r["year"], r["published_on"])[2]
        )
    counts: dict = defaultdict(lambda: defaultdict(int))
    for key, b in bodies.items():
        province, city = ("(region unresolved)", None) if b["unresolved"] else b["place"]
        for year in years:
            seen = status.get((key, year))
            state = "missing" if not seen else next(s for s in ("on_time", "late", "not_assessable") if s in seen)
            groups = (("city", year, province, city), ("province", year, province, None), ("nation", year, None, None))
            for group in groups:
                c = counts[group]
                c["bodies_expected"] += 1
                c["reported"] += state != "missing"
                c[state] += 1
                c["missing_after_first_report"] += state == "missing" and year > b["first"]
    out = {}
    for group, c in counts.items():
        judged = c["on_time"] + c["late"]
        share = c["on_time"] / judged if judged else None
        out[group] = (c["bodies_expected"], c["reported"], c["on_time"], c["late"], c["not_assessable"],
                      c["missing"], c["missing_after_first_report"], share)  # fmt: skip
    return out


@pytest.mark.parametrize("seed", range(25))
def test_timeliness_per_report_and_per_region_equal_a_plain_recomputation(seed):
    reports = _corpus(seed)
    con = build(reports)
    got = con.execute(
        "SELECT report_id, deadline_rule, deadline, timeliness, days_late FROM timeliness ORDER BY report_id"
    ).fetchall()
    want = [
        (f"{k:016x}", *_timeliness(r["agency_level"], r["agency_kind"], r["year"], r["published_on"]))
        for k, r in enumerate(reports)
        if r["is_present"] and r["status"] != "rejected"
    ]
    assert got == want
    rows = con.execute(
        "SELECT rollup, year, province, city, bodies_expected, reported, on_time, late, not_assessable, missing, "
        "missing_after_first_report, on_time_share FROM timeliness_by_region"
    ).fetchall()
    assert {tuple(r[:4]): tuple(r[4:]) for r in rows} == _by_region(reports)


def test_the_random_corpora_hold_every_case():
    states = set()
    for seed in range(25):
        for _, on_time, late, na, missing, after, _ in (v[1:] for v in _by_region(_corpus(seed)).values()):
            states |= {s for s, n in (("on_time", on_time), ("late", late), ("na", na), ("missing", missing),
                                      ("after", after), ("before_first", missing - after)) if n}  # fmt: skip
    assert states == {"on_time", "late", "na", "missing", "after", "before_first"}


SIX = ("overview", "active_disclosure", "applications", "review_litigation", "problems_improvements", "other_matters")


def test_completeness_counts_sections_tables_and_rows():
    review = {("review_litigation", row, col): (None, "missing")
              for row in ("review", "litigation_direct", "litigation_after_review")
              for col in ("upheld", "corrected", "other", "pending", "total")}  # fmt: skip
    whole = {"sections": {"preamble": "前言", **{code: "正文" for code in SIX}}}
    broken = {
        "sections": {"preamble": "前言", **{code: "正文" for code in SIX[:4]}},
        "cells": review,
        "issues": [("table_not_found", "review_litigation", None), ("missing_row", "applications", "granted")],
    }
    con = build([whole, broken, {}])
    got = con.execute(
        "SELECT sections_present, sections_missing, tables_present, tables_missing, rows_required, rows_printed, "
        "rows_missing, completeness_score FROM report_completeness ORDER BY report_id"
    ).fetchall()
    rows = len(application_row_codes("2021"))
    broken_score = round(100 * (4 / 6 + 2 / 3 + (rows + 3 - 4) / (rows + 3)) / 3, 1)
    assert got == [
        (6, 0, 3, [], rows, rows, [], 100.0),
        (4, 2, 2, ["review_litigation"], rows + 3, rows - 1,
         ["applications/granted", "review_litigation/litigation_after_review", "review_litigation/litigation_direct",
          "review_litigation/review"], broken_score),
        (0, 6, 3, [], rows, rows, [], round(100 * (0 + 1 + 1) / 3, 1)),
    ]  # fmt: skip
