"""The comparison layer's rules, recomputed in plain Python from the cells (no SQL).

This is the documented rule set of sql/views/comparison.sql (README "Comparison layer") written a
second time, independently, so a test can compare every number of every view with it:

- a number is its value, a printed blank/placeholder is 0, an unread cell is unknown;
- a 总计 printed blank is the sum of its parts when all are known (derived when not 0);
- a results_total total still unknown is the sum of the leaf rows' totals when all are known;
- a metric is unknown when any cell it needs is; shares and rates exist only where the numbers
  they divide add up; aggregates divide sums over the same reports.
"""

from __future__ import annotations

from collections import defaultdict

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_service_org", "other_org")  # fmt: skip
EDGE_ROWS = ("new_received", "carried_in", "results_total", "carried_forward")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
EPS = 1e-6


def _sum(values):
    values = list(values)
    return None if any(v is None for v in values) else float(sum(values))


def _read(cell):
    value, kind = cell
    if kind in ("missing", "text"):
        return None
    return 0.0 if kind in ("blank", "placeholder") else float(value)


def _share(part, whole):
    return part / whole if part is not None and whole is not None and whole > 0 else None


def _row_total(cells, table, row, parts):
    """(value, derived) of a row's total cell under the blank-total rule."""
    cell = cells[(table, row, "total")]
    if cell[1] in ("blank", "placeholder"):
        s = _sum(_read(cells[(table, row, c)]) for c in parts)
        return s, s is not None and s != 0
    return _read(cell), False


def report_metrics(rep: dict) -> dict:
    cells = rep["cells"]
    rows = sorted({r for t, r, _ in cells if t == "applications"})
    totals = {r: _row_total(cells, "applications", r, APPLICANTS) for r in rows}
    leaves = [r for r in rows if r not in EDGE_ROWS]
    leaf_sum = _sum(totals[r][0] for r in leaves)
    if totals["results_total"][0] is None and leaf_sum is not None:
        totals["results_total"] = (leaf_sum, True)

    def metric(selected):
        return _sum(totals[r][0] for r in selected), any(totals[r][1] for r in selected)

    groups = {
        "applications_received": ["new_received"], "carried_in": ["carried_in"], "granted": ["granted"],
        "partially_granted": ["partially_granted"], "withheld": [r for r in rows if r.startswith("withheld_")],
        "withheld_process_info": ["withheld_process_info"],
        "unavailable": [r for r in rows if r.startswith("unavailable_")],
        "declined": [r for r in rows if r.startswith("declined_")],
        "other_handling": [r for r in rows if r.startswith("other_")],
        "results_total": ["results_total"], "carried_forward": ["carried_forward"],
    }  # fmt: skip
    m, derived = {}, []
    for name, selected in groups.items():
        m[name], d = metric(selected)
        if d and name != "withheld_process_info":
            derived.append(name)
    m["outcomes_consistent"] = (
        leaf_sum is not None and m["results_total"] is not None and abs(leaf_sum - m["results_total"]) <= EPS
    )
    for name in ("granted", "partially_granted", "withheld", "unavailable", "declined"):
        m[f"{name}_share"] = _share(m[name], m["results_total"]) if m["outcomes_consistent"] else None
    m["substantive_disclosure_rate"] = _share(*_substantive(m)) if m["outcomes_consistent"] else None

    review = {g: _row_total(cells, "review_litigation", g, REVIEW_PARTS)
              for g in ("review", "litigation_direct", "litigation_after_review")}  # fmt: skip

    def parts(group):
        return _sum(_read(cells[("review_litigation", group, c)]) for c in REVIEW_PARTS)

    def corrected(group):
        return _read(cells[("review_litigation", group, "corrected")])

    m["review_total"], m["review_corrected"] = review["review"][0], corrected("review")
    m["review_consistent"] = _close(parts("review"), m["review_total"])
    m["review_correction_rate"] = _share(m["review_corrected"], m["review_total"]) if m["review_consistent"] else None
    lit = ("litigation_direct", "litigation_after_review")
    m["litigation_total"] = _sum(review[g][0] for g in lit)
    m["litigation_corrected"] = _sum(corrected(g) for g in lit)
    m["litigation_consistent"] = all(_close(parts(g), review[g][0]) for g in lit)
    m["litigation_correction_rate"] = (
        _share(m["litigation_corrected"], m["litigation_total"]) if m["litigation_consistent"] else None
    )
    if review["review"][1]:
        derived.append("review_total")
    if any(review[g][1] for g in lit):
        derived.append("litigation_total")
    m.update(_active_disclosure(cells))
    m["derived"] = derived
    return m


def _substantive(m) -> tuple:
    """实质公开率's (numerator, denominator): granted + partially granted over every request
    decided on its substance (+ withheld + unavailable); unknown when a part is."""
    parts = [m[n] for n in ("granted", "partially_granted", "withheld", "unavailable")]
    if any(p is None for p in parts):
        return None, None
    return parts[0] + parts[1], float(sum(parts))


def _close(a, b):
    return a is not None and b is not None and abs(a - b) <= EPS


def _active_disclosure(cells):
    def cell(row, col):
        key = ("active_disclosure", row, col)
        return _read(cells[key]) if key in cells else 0.0  # (absent: the template has no such cell)

    present = {(r, c) for t, r, c in cells if t == "active_disclosure"}

    def value(row, col):
        return cell(row, col) if (row, col) in present else None

    fee_items = [cell("fees", c) for c in ("items_prior_year", "items_change") if ("fees", c) in present]
    return {
        "regulations_issued": value("regulations", "issued"),
        "regulations_in_force": value("regulations", "in_force"),
        "normative_documents_issued": value("normative_documents", "issued"),
        "normative_documents_in_force": value("normative_documents", "in_force"),
        "licensing_decisions": value("licensing", "decisions"),
        "penalty_decisions": value("penalty", "decisions"),
        "coercion_decisions": value("coercion", "decisions"),
        "fee_revenue_10k_yuan": value("fees", "amount_10k_yuan"),
        "fee_items_2019": _sum(fee_items) if fee_items else None,
    }


def current(reports: list[dict]) -> list[dict]:
    return [r for r in reports if r["is_present"] and r["status"] != "rejected"]


def _sql_sum(values):
    known = [v for v in values if v is not None]
    return float(sum(known)) if known else None


def _consistent_share(group, part, whole, flag):
    basis = [m for m in group if m[flag]]
    return _share(_sql_sum(m[part] for m in basis), _sql_sum(m[whole] for m in basis))


def aggregate(group: list[dict]) -> dict:
    """The sums, counts, shares and rates agency_year_metrics and region_rollups share."""
    return {
        "reports": len(group),
        "applications_received": _sql_sum(m["applications_received"] for m in group),
        "applications_reports": sum(m["applications_received"] is not None for m in group),
        "results_total": _sql_sum(m["results_total"] for m in group),
        "outcome_reports": sum(m["outcomes_consistent"] and m["results_total"] > 0 for m in group),
        "granted_share": _consistent_share(group, "granted", "results_total", "outcomes_consistent"),
        "withheld_share": _consistent_share(group, "withheld", "results_total", "outcomes_consistent"),
        "substantive_disclosure_rate": _share(
            _sql_sum(_substantive(m)[0] for m in group if m["outcomes_consistent"]),
            _sql_sum(_substantive(m)[1] for m in group if m["outcomes_consistent"]),
        ),
        "review_total": _sql_sum(m["review_total"] for m in group),
        "review_rate_reports": sum(m["review_consistent"] and m["review_total"] > 0 for m in group),
        "review_correction_rate": _consistent_share(group, "review_corrected", "review_total", "review_consistent"),
        "litigation_total": _sql_sum(m["litigation_total"] for m in group),
        "penalty_decisions": _sql_sum(m["penalty_decisions"] for m in group),
        "fee_revenue_10k_yuan": _sql_sum(m["fee_revenue_10k_yuan"] for m in group),
    }


SUMMED_PER_BODY_YEAR = (
    "carried_in", "granted", "partially_granted", "withheld", "withheld_process_info", "unavailable", "declined",
    "other_handling", "carried_forward", "review_corrected", "litigation_corrected", "regulations_issued",
    "normative_documents_issued", "normative_documents_in_force", "licensing_decisions", "coercion_decisions",
)  # fmt: skip


def agency_year_metrics(metrics: list[dict]) -> dict:
    groups = defaultdict(list)
    for m in metrics:
        if m["agency_key"] is not None:
            groups[(m["agency_key"], m["year"])].append(m)
    out = {}
    for key, group in groups.items():
        row = aggregate(group)
        row["litigation_rate_reports"] = sum(m["litigation_consistent"] and m["litigation_total"] > 0 for m in group)
        row["litigation_correction_rate"] = _consistent_share(
            group, "litigation_corrected", "litigation_total", "litigation_consistent")  # fmt: skip
        for name in SUMMED_PER_BODY_YEAR:  # every other metric agency_year_metrics sums
            row[name] = _sql_sum(m[name] for m in group)
        row["is_aggregate"] = any(m["is_aggregate"] for m in group)
        row["derived"] = sorted({d for m in group for d in m["derived"]})
        out[key] = row
    return out


def region_rollups(metrics: list[dict]) -> dict:
    """(rollup, year, province, city, level, template_version) → aggregate; aggregates left out."""
    groups = defaultdict(list)
    for m in metrics:
        if m["is_aggregate"]:
            continue
        province = "(region unresolved)" if m["division_code"] is None else m["province"]
        city = None if m["division_code"] is None else m["city"]
        level = m["agency_level"] or "(level unknown)"
        y, tv = m["year"], m["template_version"]
        for key in (("city", y, province, city, level, None), ("province", y, province, None, level, None),
                    ("nation by level", y, None, None, level, None), ("nation by template", y, None, None, None, tv),
                    ("nation", y, None, None, None, None)):  # fmt: skip
            groups[key].append(m)
    out = {}
    for key, group in groups.items():
        row = aggregate(group)
        row["bodies"] = len({m["agency_key"] for m in group if m["agency_key"] is not None})
        row["reports_without_body"] = sum(m["agency_key"] is None for m in group)
        out[key] = row
    return out
