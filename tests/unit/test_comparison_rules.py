"""The comparison views never compute a silently wrong number.

A property test builds 1,000 random small warehouses (seeded, 50 per DuckDB build) — unread
cells, printed blanks, blank totals over non-zero parts, identity failures, unresolved bodies,
two reports of one body in a year, aggregates, rejected and vanished files — and checks every
number of report_metrics,
agency_year_metrics, region_rollups, agency_yoy and agency_peer_rank against a plain-Python
recomputation from the cells (tests/metrics_model.py). Four tests pin the problems the rules fix.
"""

from __future__ import annotations

import math
import os
import random

import pytest

from pipeline.vocabulary import (
    APPLICATION_COLUMNS,
    REVIEW_COLUMN_CODES,
    REVIEW_ROW_CODES,
    application_row_codes,
    disclosure_columns,
)
from tests import metrics_model as model
from tests.sqlwarehouse import build

A, R = "applications", "review_litigation"
# 20 × 50 = 1,000 random warehouses per run; PROPERTY_BATCHES=200 runs 10,000
BATCHES = int(os.environ.get("PROPERTY_BATCHES", "20"))
WAREHOUSES_PER_BATCH = 50


# ------------------------------------------------------------------ random warehouses
def _cell(rng, value_max=9, noisy=True):
    kinds = ["number"] * 8 + (["blank", "placeholder", "missing"] if noisy else ["blank"])
    kind = rng.choice(kinds)
    return (float(rng.randint(0, value_max)), kind) if kind == "number" else (None, kind)


def _row_with_total(rng, parts, noisy=True):
    """Parts, and a total that is their sum — in a noisy report sometimes wrong, blank or unread;
    in a clean one sometimes blank over its parts (a publishing habit, derived)."""
    cells = {p: _cell(rng, noisy=noisy) for p in parts}
    how = rng.choice(["sum"] * 6 + (["wrong", "blank", "missing"] if noisy else ["blank"]))
    if how in ("sum", "wrong"):
        known = [v for v, k in cells.values() if k == "number"]
        cells["total"] = (float(sum(known) + (rng.randint(1, 5) if how == "wrong" else 0)), "number")
    else:
        cells["total"] = (None, "blank" if how == "blank" else "missing")
    return cells


def _random_report(rng, universe: int) -> dict:
    version = rng.choice(["2019", "2021"])
    noisy = rng.random() < 0.4  # else clean: numbers and blanks that add up, as most reports print
    cells = {}
    for row in application_row_codes(version):
        for col, cell in _row_with_total(rng, APPLICATION_COLUMNS[:-1], noisy).items():
            cells[(A, row, col)] = cell
    leaves = [r for r in application_row_codes(version) if r not in model.EDGE_ROWS]
    known = [_value(cells[(A, r, "total")], cells, r) for r in leaves]
    if None not in known and (not noisy or rng.random() < 0.5):  # results_total printed as the leaves' sum
        cells[(A, "results_total", "total")] = (float(sum(known)), "number")
    elif None not in known and rng.random() < 0.3:  # or one off it: not consistent (no tolerance but 1e-6)
        cells[(A, "results_total", "total")] = (float(sum(known) + 1), "number")
    for group in REVIEW_ROW_CODES:
        for col, cell in _row_with_total(rng, REVIEW_COLUMN_CODES[:-1], noisy).items():
            cells[(R, group, col)] = cell
    for row, cols in disclosure_columns(version).items():
        for col in cols:
            cells[("active_disclosure", row, col)] = _cell(rng, 99, noisy)
    key, level, province, city, code = rng.choice(BODIES)
    return {
        # each universe has its own years and keys, so many small warehouses share one DuckDB build
        "template_version": version, "year": 2000 + 10 * universe + rng.randint(0, 2),
        "agency_key": None if key is None else f"{key}#{universe}",
        "agency_level": level, "province": province, "city": city, "division_code": code,
        "is_aggregate": rng.random() < 0.1,
        "status": rng.choice(["ok"] * 5 + ["flagged", "rejected"]),
        "is_present": rng.random() < 0.9,
        "cells": cells,
    }  # fmt: skip


def _value(total, cells, row):
    """A leaf row's total as a reader sees it: printed, or its parts' sum when printed blank."""
    value, kind = total
    if kind == "number":
        return value
    if kind != "blank":
        return None
    parts = [cells[(A, row, c)] for c in APPLICATION_COLUMNS[:-1]]
    return None if any(k == "missing" for _, k in parts) else sum(v or 0.0 for v, _ in parts)


def random_warehouses(seed: int, count: int) -> list[dict]:
    """`count` small random warehouses (1–8 reports each), as one list of reports."""
    rng = random.Random(seed)
    return [_random_report(rng, u) for u in range(count) for _ in range(rng.randint(1, 8))]


BODIES = [
    ("110000:人民政府", "province", "北京市", None, "110000"),
    ("120000:人民政府", "province", "天津市", None, "120000"),
    ("410700:人民政府", "city", "河南省", "新乡市", "410700"),
    ("410711:人民政府", "county", "河南省", "新乡市", "410711"),
    ("410711:教育局", "department", "河南省", "新乡市", "410711"),
    ("410702:教育局", "department", "河南省", "新乡市", "410702"),
    (None, "township", None, None, None),  # a body whose region is unresolved: no key
    (None, None, None, None, None),  # not even a level
]


# ------------------------------------------------------------------ comparing
def _same(got, want) -> bool:
    if isinstance(want, float) or isinstance(got, float):
        if got is None or want is None:
            return got is None and want is None
        if math.isnan(got):
            return False  # a NaN where a number or NULL belongs
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    return got == want


def _rows(con, sql):
    rel = con.sql(sql)
    return [dict(zip(rel.columns, r)) for r in rel.fetchall()]


def _check_report_metrics(con, reports):
    current = [(f"{k:016x}", r) for k, r in enumerate(reports) if r["is_present"] and r["status"] != "rejected"]
    got = {row["report_id"]: row for row in _rows(con, "SELECT * FROM report_metrics")}
    assert set(got) == {rid for rid, _ in current}
    metrics = []
    for rid, rep in current:
        want = model.report_metrics(rep)
        for name, value in want.items():
            assert _same(got[rid][name], value), (rid, name, got[rid][name], value)
        metrics.append(
            {
                **want,
                **{
                    k: rep[k]
                    for k in (
                        "agency_key",
                        "year",
                        "is_aggregate",
                        "agency_level",
                        "province",
                        "city",
                        "division_code",
                        "template_version",
                    )
                },
            }
        )
    return metrics


def _check_groups(got_rows, want, key_of, label):
    got = {key_of(row): row for row in got_rows}
    assert set(got) == set(want), label
    for key, row in want.items():
        for name, value in row.items():
            assert _same(got[key][name], value), (label, key, name, got[key][name], value)


def _check_yoy_and_ranks(con, years):
    yoy = {(r["agency_key"], r["year"]): r for r in _rows(con, "SELECT * FROM agency_yoy")}
    want = {(k, y) for (k, y) in years if (k, y - 1) in years}
    assert set(yoy) == want
    for (k, y), row in yoy.items():
        cur, prev = years[(k, y)], years[(k, y - 1)]
        change = None if cur["applications_received"] is None or prev["applications_received"] is None else (
            cur["applications_received"] - prev["applications_received"])  # fmt: skip
        assert _same(row["applications_received_change"], change)
        for name in ("review_total", "litigation_total", "penalty_decisions", "granted_share", "withheld_share"):
            a, b = cur[name], prev[name]
            assert _same(row[f"{name}_change"], None if a is None or b is None else a - b), name
        gap = None if cur["carried_in"] is None or prev["carried_forward"] is None else (
            cur["carried_in"] - prev["carried_forward"])  # fmt: skip
        assert _same(row["carry_over_gap"], gap)
    ranks = _rows(con, "SELECT agency_key, year, peers, applications_rank FROM agency_peer_rank")
    for r in ranks:
        assert not years[(r["agency_key"], r["year"])]["is_aggregate"]
        assert 1 <= r["applications_rank"] <= r["peers"]


@pytest.mark.parametrize("seed", range(BATCHES))
def test_every_view_equals_a_plain_recomputation(seed):
    reports = random_warehouses(seed, WAREHOUSES_PER_BATCH)
    con = build(reports, zero_applications=False)
    metrics = _check_report_metrics(con, reports)
    years = model.agency_year_metrics(metrics)
    _check_groups(_rows(con, "SELECT * FROM agency_year_metrics"), years,
                  lambda r: (r["agency_key"], r["year"]), "agency_year_metrics")  # fmt: skip
    rollups = model.region_rollups(metrics)
    _check_groups(_rows(con, "SELECT * FROM region_rollups"), rollups,
                  lambda r: (r["rollup"], r["year"], r["province"], r["city"],
                             r["agency_level"], r["template_version"]), "region_rollups")  # fmt: skip
    left_out = {}
    for m in metrics:
        left_out[m["year"]] = left_out.get(m["year"], 0) + m["is_aggregate"]
    nation = _rows(con, "SELECT year, aggregate_reports_left_out FROM region_rollups WHERE rollup = 'nation'")
    assert {r["year"]: r["aggregate_reports_left_out"] for r in nation} == {
        y: n for y, n in left_out.items() if any(not m["is_aggregate"] and m["year"] == y for m in metrics)
    }
    _check_yoy_and_ranks(con, years)
    bodies: dict = {}
    for m in metrics:
        if m["agency_key"] is not None:
            bodies.setdefault(m["agency_key"], []).append(m["year"])
    agencies = _rows(con, "SELECT agency_key, first_year, last_year, reports FROM agencies")
    assert {r["agency_key"]: (r["first_year"], r["last_year"], r["reports"]) for r in agencies} == {
        k: (min(ys), max(ys), len(ys)) for k, ys in bodies.items()
    }
    shares = _rows(con, "SELECT granted_share, withheld_share FROM region_rollups UNION ALL "
                        "SELECT granted_share, withheld_share FROM agency_year_metrics")  # fmt: skip
    assert all(v is None or 0 <= v <= 1 for r in shares for v in r.values())  # never above 100 %


# ------------------------------------------------------------------ the four problems, pinned
def _apps(**totals) -> dict:
    """Application cells of a 2021 report: every cell 0, the named rows' totals (and their
    natural_person cell, so the row adds up) as given."""
    cells = {(A, r, c): (0.0, "number") for r in application_row_codes("2021") for c in APPLICATION_COLUMNS}
    cells.update({(R, g, c): (0.0, "number") for g in REVIEW_ROW_CODES for c in REVIEW_COLUMN_CODES})
    for row, value in totals.items():
        cells[(A, row, "total")] = value
        if value[1] == "number":
            cells[(A, row, "natural_person")] = value
    return cells


def _body(**kw):
    return {"agency_key": "410711:教育局", "agency_level": "department", "province": "河南省", "city": "新乡市",
            "division_code": "410711", "year": 2019, **kw}  # fmt: skip


def test_a_share_divides_over_the_same_reports_as_its_numerator():
    # before: granted 50 over results 100 + 805 (a report whose 予以公开 could not be read) = 5.5 %
    unread = {**_apps(results_total=(805.0, "number"), partially_granted=(805.0, "number")),
              (A, "granted", "total"): (None, "missing")}  # fmt: skip
    con = build([_body(cells=_apps(granted=(50.0, "number"), partially_granted=(50.0, "number"),
                                   results_total=(100.0, "number"))),
                 _body(cells=unread)], zero_applications=False)  # fmt: skip
    got = con.execute("SELECT reports, outcome_reports, granted_share FROM agency_year_metrics").fetchall()
    assert got == [(2, 1, 0.5)]  # after: 50 / 100, over 1 of the 2 reports


def test_a_report_without_a_resolved_body_still_counts_in_every_total():
    con = build([_body(cells=_apps(new_received=(7.0, "number"))),
                 {"agency_key": None, "division_code": None, "year": 2019, "agency_level": "township",
                  "cells": _apps(new_received=(5.0, "number"))}], zero_applications=False)  # fmt: skip
    nation = con.execute("SELECT reports, applications_received, reports_without_body FROM region_rollups "
                         "WHERE rollup = 'nation'").fetchall()  # fmt: skip
    assert nation == [(2, 12.0, 1)]  # before: 1 report, 7 applications (the unresolved one vanished)
    unresolved = con.execute("SELECT applications_received FROM region_rollups WHERE rollup = 'province' "
                             "AND province = '(region unresolved)'").fetchall()  # fmt: skip
    assert unresolved == [(5.0,)]


def test_outcome_rows_that_overshoot_their_total_are_left_out_of_shares():
    overshoot = _apps(granted=(90.0, "number"), partially_granted=(39.0, "number"), results_total=(100.0, "number"))
    fine = _apps(granted=(10.0, "number"), partially_granted=(10.0, "number"), results_total=(20.0, "number"))
    con = build([_body(cells=overshoot), _body(cells=fine, agency_key="410711:人民政府")], zero_applications=False)
    rm = dict(con.execute("SELECT source_file, outcomes_consistent FROM report_metrics").fetchall())
    assert rm == {"r0.txt": False, "r1.txt": True}
    got = con.execute("SELECT outcome_reports, granted_share FROM region_rollups WHERE rollup = 'nation'").fetchall()
    assert got == [(1, 0.5)]  # before: (90 + 10) / 120 stacked with 49 / 120 … = 124 % in all


def test_a_blank_total_over_known_parts_is_their_sum_marked_derived():
    cells = _apps(granted=(5.0, "number"), results_total=(5.0, "number"))
    cells[(A, "new_received", "natural_person")] = (3.0, "number")
    cells[(A, "new_received", "legal_service_org")] = (2.0, "number")
    cells[(A, "new_received", "total")] = (None, "blank")
    con = build([_body(cells=cells)], zero_applications=False)
    got = con.execute("SELECT applications_received, derived FROM report_metrics").fetchall()
    assert got == [(5.0, ["applications_received"])]  # before: NULL
    printed = con.execute("SELECT value, value_kind FROM cells WHERE row_code = 'new_received' "
                          "AND column_code = 'total'").fetchall()  # fmt: skip
    assert printed == [(None, "blank")]  # the printed cell stays as printed


def test_no_derivation_across_an_unread_part():
    cells = _apps()
    cells[(A, "new_received", "natural_person")] = (3.0, "number")
    cells[(A, "new_received", "other_org")] = (None, "missing")
    cells[(A, "new_received", "total")] = (None, "blank")
    con = build([_body(cells=cells)], zero_applications=False)
    assert con.execute("SELECT applications_received, derived FROM report_metrics").fetchall() == [(None, [])]
