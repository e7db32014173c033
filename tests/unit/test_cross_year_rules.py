"""The cross-year checks (sql/load/cross_year_checks.sql) on random small warehouses, against a
plain-Python recomputation of the documented rules:

- a body is its agency_key; only present, non-rejected reports with a key and a year take part,
  and a body with two reports in one year is left out of that year;
- X1.<column>: carried_in (year t) = carried_forward (year t−1) of the same body, per column;
- X2.<row>: in_force (t) = in_force (t−1) + issued (t) − repealed (t), for the rows 规章 and
  规范性文件 printed with all three columns;
- X3.<table>: a table whose every cell equals the year before's (same cells, blank = 0), three of
  them not 0, fails (numbers copied); left/right are the two years' non-zero cell counts;
- a blank cell counts 0; a missing or text cell on either side makes the check not_assessable;
  equal within 1e-6 passes (1e-6 itself passes), otherwise fails.
"""

from __future__ import annotations

import random

import pytest

from pipeline.warehouse.sql import run_script
from tests.sqlwarehouse import build

COLUMNS = ("natural_person", "commercial_enterprise", "total")
KINDS = ("number",) * 10 + ("blank", "missing", "text")


def _printed(rng: random.Random, value: float) -> tuple[float | None, str]:
    """A cell holding `value` as a report may print it: the number, a blank for 0, or unread."""
    kind = rng.choice(KINDS)
    if kind in ("missing", "text"):
        return None, kind
    if value == 0 and (kind == "blank" or rng.random() < 0.3):
        return None, "blank"
    if kind == "blank":
        return None, "blank"  # a blank where a number belongs: counts 0, so the chain breaks
    return value, "number"


def _warehouse(seed: int) -> list[dict]:
    """Bodies over years whose numbers mostly chain (so that checks pass as often as they fail),
    now and then off by 1e-6 (passes) or 1e-3 (fails)."""
    rng = random.Random(seed)
    reports = []
    for body in range(rng.randint(2, 5)):
        key = None if rng.random() < 0.15 else f"41{body:04d}:人民政府"
        forward = {col: float(rng.randint(0, 3)) for col in COLUMNS}
        in_force = {row: float(rng.randint(0, 5)) for row in ("regulations", "normative_documents")}
        for year in sorted(rng.sample(range(2019, 2026), rng.randint(1, 5))):
            for _ in range(2 if rng.random() < 0.1 else 1):  # now and then two reports in one year
                cells = {}
                for col in COLUMNS:
                    carried_in = forward[col] if rng.random() < 0.7 else float(rng.randint(0, 3))
                    carried_in += rng.choice((0.0, 0.0, 0.0, 1e-6, 1e-3))
                    forward[col] = float(rng.randint(0, 3))
                    if rng.random() < 0.95:
                        cells[("applications", "carried_in", col)] = _printed(rng, carried_in)
                    if rng.random() < 0.95:
                        cells[("applications", "carried_forward", col)] = _printed(rng, forward[col])
                for row in ("regulations", "normative_documents"):
                    issued, repealed = float(rng.randint(0, 2)), float(rng.randint(0, 2))
                    now = in_force[row] + issued - repealed if rng.random() < 0.7 else float(rng.randint(0, 5))
                    in_force[row] = now
                    for col, value in (("issued", issued), ("repealed", repealed), ("in_force", now)):
                        if rng.random() < 0.93:  # a row printed without one of its columns is left out
                            cells[("active_disclosure", row, col)] = _printed(rng, value)
                if reports and reports[-1]["agency_key"] == key and rng.random() < 0.2:
                    cells = dict(reports[-1]["cells"])  # last year's tables printed again (X3)
                reports.append({
                    "agency_key": key, "year": year, "cells": cells,
                    "status": rng.choice(("ok", "ok", "ok", "flagged", "rejected")),
                    "is_present": rng.random() < 0.9,
                })  # fmt: skip
    return reports


def _expected(reports: list[dict]) -> set[tuple]:
    ids = {k: f"{k:016x}" for k in range(len(reports))}
    taking = [(k, r) for k, r in enumerate(reports) if r["is_present"] and r["status"] != "rejected"]
    taking = [(k, r) for k, r in taking if r["agency_key"] is not None and r["year"] is not None]
    count: dict = {}
    for _, r in taking:
        count[(r["agency_key"], r["year"])] = count.get((r["agency_key"], r["year"]), 0) + 1
    by_year = {(r["agency_key"], r["year"]): k for k, r in taking if count[(r["agency_key"], r["year"])] == 1}
    out = set()
    for (key, year), k in by_year.items():
        prev = by_year.get((key, year - 1))
        if prev is None:
            continue
        cur, before = reports[k]["cells"], reports[prev]["cells"]
        for col in COLUMNS:
            a, b = cur.get(("applications", "carried_in", col)), before.get(("applications", "carried_forward", col))
            if a is None or b is None:
                continue
            difference = (a[0] or 0) - (b[0] or 0)
            out.add((ids[k], f"X1.{col}", _status([a, b], difference), _r(a[0]), _r(b[0]), _r(difference)))
        for row in ("regulations", "normative_documents"):
            now = [cur.get(("active_disclosure", row, c)) for c in ("issued", "repealed", "in_force")]
            then = [before.get(("active_disclosure", row, c)) for c in ("issued", "repealed", "in_force")]
            if None in now or None in then:
                continue
            (issued, _), (repealed, _), (in_force, _) = now
            expected = (then[2][0] or 0) + (issued or 0) - (repealed or 0)
            difference = (in_force or 0) - expected
            out.add((ids[k], f"X2.{row}", _status(now + then, difference), _r(in_force), _r(expected), _r(difference)))
        for table in ("applications", "active_disclosure"):
            mine, theirs = _table(cur, table), _table(before, table)
            if mine and theirs:
                out.add((ids[k], f"X3.{table}", _same_table(mine, theirs), _nonzero(mine), _nonzero(theirs), None))
    return out


def _table(cells: dict, table: str) -> dict:
    return {(r, c): v for (t, r, c), v in cells.items() if t == table}


def _nonzero(table: dict) -> float:
    return float(sum(v not in (None, 0) for v, _ in table.values()))


def _same_table(mine: dict, theirs: dict) -> str:
    """X3: every cell the same (blank = 0) as the year before, three not 0: fail; unread: not assessable."""
    if any(kind in ("missing", "text") for _, kind in [*mine.values(), *theirs.values()]):
        return "not_assessable"
    same = mine.keys() == theirs.keys() and all((mine[c][0] or 0) == (theirs[c][0] or 0) for c in mine)
    return "fail" if same and _nonzero(mine) >= 3 else "pass"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 9)


def _status(cells: list[tuple], difference: float) -> str:
    if any(kind in ("missing", "text") for _, kind in cells):
        return "not_assessable"
    return "pass" if abs(difference) <= 1e-6 else "fail"


def _checked(reports: list[dict], select: str) -> list[tuple]:
    """The cross-year checks run on a warehouse of `reports`; the rows of `select`."""
    con = build(reports, zero_applications=False)
    run_script(con, "load/cross_year_checks.sql")
    return con.execute(select).fetchall()


@pytest.mark.parametrize("seed", range(40))
def test_cross_year_checks_equal_a_plain_recomputation(seed):
    reports = _warehouse(seed)
    got = _checked(
        reports,
        "SELECT report_id, check_code, status, left_value, right_value, difference FROM check_results "
        "WHERE check_code LIKE 'X%'",
    )
    assert {(*r[:3], *map(_r, r[3:])) for r in got} == _expected(reports)


def test_the_edge_cases_each_appear():
    """The random warehouses above exercise every rule (so the comparison can fail)."""
    outcomes: dict[str, set[str]] = {"X1": set(), "X2": set(), "X3": set()}
    for seed in range(40):
        for _, code, status, *_ in _expected(_warehouse(seed)):
            outcomes[code[:2]].add(status)
    everything = {"pass", "fail", "not_assessable"}
    assert outcomes == {"X1": everything, "X2": everything, "X3": everything}


def test_a_difference_of_exactly_1e_6_passes_and_blanks_count_0():
    cells_2022 = {("applications", "carried_forward", "total"): (1e-6, "number"),
                  ("applications", "carried_forward", "natural_person"): (None, "blank")}  # fmt: skip
    cells_2023 = {("applications", "carried_in", "total"): (0.0, "number"),
                  ("applications", "carried_in", "natural_person"): (0.0, "number")}  # fmt: skip
    con = build(
        [
            {"agency_key": "k", "year": 2022, "cells": cells_2022},
            {"agency_key": "k", "year": 2023, "cells": cells_2023},
        ],
        zero_applications=False,
    )
    run_script(con, "load/cross_year_checks.sql")
    got = dict(con.execute("SELECT check_code, status FROM check_results").fetchall())
    assert got == {"X1.total": "pass", "X1.natural_person": "pass", "X3.applications": "pass"}


def test_a_table_printed_again_with_the_same_numbers_fails_x3_zeros_and_one_case_pass():
    table = {("applications", "new_received", "total"): (7.0, "number"),
             ("applications", "new_received", "natural_person"): (7.0, "number"),
             ("applications", "granted", "total"): (3.0, "number"),
             ("applications", "partially_granted", "total"): (None, "blank")}  # fmt: skip
    one_case = {("review_litigation", "review", "corrected"): (1.0, "number"),
                ("review_litigation", "review", "total"): (1.0, "number")}  # fmt: skip
    zeros = {("active_disclosure", "licensing", "decisions"): (0.0, "number")}
    reports = [{"agency_key": "k", "year": y, "cells": {**table, **zeros, **one_case}} for y in (2021, 2022)]
    blank_now_zero = ("applications", "partially_granted", "total")
    reports.append({"agency_key": "k", "year": 2023, "cells": {**table, blank_now_zero: (0.0, "number")}})
    got = _checked(
        reports,
        "SELECT report_id, check_code, status, left_value, note FROM check_results WHERE check_code LIKE 'X3.%' "
        "ORDER BY 1, 2",
    )
    note = "compared with the previous year report {:016x}".format
    assert got == [
        (f"{1:016x}", "X3.active_disclosure", "pass", 0.0, note(0)),
        (f"{1:016x}", "X3.applications", "fail", 3.0, note(0)),
        (f"{1:016x}", "X3.review_litigation", "pass", 2.0, note(0)),
        (f"{2:016x}", "X3.applications", "fail", 3.0, note(1)),
    ]  # a blank and a printed 0 are the same number; a table of zeros, or one case and its total, copies nothing


def _in_force_rows(in_force: tuple, issued: tuple, repealed: tuple) -> dict:
    row = {"in_force": in_force, "issued": issued, "repealed": repealed}
    return {("active_disclosure", "regulations", col): cell for col, cell in row.items()}


def test_x2_reads_a_blank_in_force_as_0_and_passes_within_1e_6():
    """现行有效件数 printed blank is 0 (README: a printed blank is 0), so 2 in force, none issued
    and 2 repealed chain to a blank; an in_force 1e-6 off its chain still passes."""
    zero = (0.0, "number")
    reports = [
        {"agency_key": "k", "year": 2021, "cells": _in_force_rows((2.0, "number"), zero, zero)},
        {"agency_key": "k", "year": 2022, "cells": _in_force_rows((None, "blank"), zero, (2.0, "number"))},
        {"agency_key": "k", "year": 2023, "cells": _in_force_rows((1e-6, "number"), zero, zero)},
    ]
    got = _checked(reports, "SELECT report_id, status, left_value, right_value, difference FROM check_results "
                            "WHERE check_code = 'X2.regulations' ORDER BY 1")  # fmt: skip
    assert got == [(f"{1:016x}", "pass", None, 0.0, 0.0), (f"{2:016x}", "pass", 1e-6, 0.0, 1e-6)]


def test_x2_compares_only_reports_of_the_2021_template():
    """The 2019 template's 规章 row has other columns (本年新制作, 本年新公开, 对外公开总数量), and
    table 二's other 2019 rows three columns too: a 2019→2020 pair and a 2020→2021 pair (the
    template changed) have no X2 result; 2021→2022 has."""
    old = {("active_disclosure", row, col): (1.0, "number")
           for row, cols in (("regulations", ("created", "published", "published_total")),
                             ("licensing", ("items_prior_year", "items_change", "decisions")))
           for col in cols}  # fmt: skip
    new = _in_force_rows((5.0, "number"), (1.0, "number"), (0.0, "number"))
    reports = [{"agency_key": "k", "year": y, "cells": old, "template_version": "2019"} for y in (2019, 2020)]
    reports += [{"agency_key": "k", "year": y, "cells": new} for y in (2021, 2022)]
    got = _checked(reports, "SELECT report_id, check_code, status FROM check_results WHERE check_code LIKE 'X2.%'")
    assert got == [(f"{3:016x}", "X2.regulations", "fail")]  # 5 ≠ 5 + 1 − 0


def test_x3_tells_tables_apart_whose_numbers_each_appear_twice():
    """Every 总计 equal to its one applicant column: each number printed twice. 5 → 7 is no copy
    (the fingerprint once cancelled numbers that appear an even number of times), 7 → 7 is."""

    def table(value: float) -> dict:
        rows, columns = ("new_received", "granted", "results_total"), ("natural_person", "total")
        return {("applications", r, c): (value, "number") for r in rows for c in columns}

    reports = [{"agency_key": "k", "year": y, "cells": table(v)} for y, v in ((2022, 5.0), (2023, 7.0), (2024, 7.0))]
    got = _checked(reports, "SELECT report_id, status, left_value, right_value FROM check_results "
                            "WHERE check_code = 'X3.applications' ORDER BY 1")  # fmt: skip
    assert got == [(f"{1:016x}", "pass", 6.0, 6.0), (f"{2:016x}", "fail", 6.0, 6.0)]
