"""Asset checks that summarise each run's data findings on the warehouse (the Checks tab).

Schema violations block (see ``validated_reports``); data findings warn: how many reports fail
which identity, with a sample, so an analyst sees at a glance what the run brought in. The
findings themselves are computed by ``pipeline.validate`` and ``sql/load/cross_year_checks.sql``.
"""

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.warehouse.sql import fetch


def _check(name: str, family: str, description: str):
    @dg.asset_check(asset="check_results", name=name, description=description)
    def _fn(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.snapshot() as con:
            rows = fetch(con, "monitoring/check_summary.sql", family=family)
        failing = sum(r[1] for r in rows)
        table = "\n".join(
            ["| identity | reports failing | sample report |", "|---|---|---|"]
            + [f"| {c} | {n} | {s} |" for c, n, s in rows[:25]]
        )
        return dg.AssetCheckResult(
            passed=failing == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"reports_failing": failing, "by_identity": dg.MetadataValue.md(table if rows else "no failures")},
        )

    return _fn


def build_checks():
    return [
        _check(
            "arithmetic_identities",
            "A|B|D",
            "Reports failing A1–A3 (勾稽关系), B1–B3 or D1, per identity, with a sample.",
        ),
        _check("blank_totals", "blank_total", "Reports printing a blank 总计 over non-zero parts."),
        _check("narrative_vs_table", "N1", "Reports whose narrative numbers disagree with their tables (N1)."),
        _check(
            "cross_year", "X", "Bodies whose carried_in / in_force chain breaks between consecutive years (X1, X2)."
        ),
    ]
