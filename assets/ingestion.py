"""Assets of one ingestion run: raw files → parsed → validated → warehouse tables → views.

Each asset calls one step of :mod:`pipeline.ingest`; frames travel between steps as parquet in
the run's staging directory, and the assets pass only the small :class:`FileChanges` plan.
"""


import shutil

import dagster as dg

from assets.resources import ReportsConfig
from pipeline import ingest, warehouse
from pipeline.ingest import FileChanges

WAREHOUSE_TABLES = {
    "reports": "One row per ingested file: body, year, template, status (ok/flagged/rejected) and why.",
    "cells": "Every template cell in long form: table/row/column codes, value, value_kind, raw text, line.",
    "sections": "Narrative sections 一…六 (and the preamble) with their headings and bodies.",
    "parse_issues": "Everything the parser could not read with certainty, with code, message and line.",
    "check_results": "Arithmetic identities (A1–A3, B1–B3, D1), blank totals, narrative (N1), cross-year (X1, X2).",
    "narrative_facts": "Numbers stated in the narrative (applications received, review and litigation cases).",
    "file_manifest": "Path, size, mtime, sha256 and presence of every raw file seen: the incremental state.",
}
COMPARISON_VIEWS = {
    "report_metrics": "Harmonised metrics per report (applications, outcome shares, review/litigation, decisions, fees).",
    "agencies": "The agency dimension: canonical body, level, kind, region and division code.",
    "agency_year_metrics": "Metrics per body and year (the unit of comparison).",
    "agency_yoy": "Year-over-year changes per body.",
    "agency_peer_rank": "Rank of each body among peers of the same level in the same region.",
    "region_rollups": "Rollups by region and level, region-wide aggregate reports left out.",
    "applications_wide": "Table 三 per report in its printed shape (rows × applicant columns).",
    "active_disclosure_wide": "Table 二 per report in its printed shape.",
    "review_litigation_wide": "Table 四 per report: the 15 numbers as one row.",
    "flagged_reports": "Flagged reports with a one-line reason, worst first.",
}


def _preview(rows: list[tuple], header: tuple[str, ...]) -> dg.MetadataValue:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows]
    return dg.MetadataValue.md("\n".join(lines))


@dg.asset(group_name="ingest", description="Raw report files under REPORTS_RAW_DIR compared with the warehouse's manifest: what to (re)parse, what is unchanged, what disappeared.")
def raw_files(context: dg.AssetExecutionContext, reports_config: ReportsConfig) -> dg.Output[FileChanges]:
    stale = warehouse.clear_stale_candidates(reports_config.warehouse_path)
    run_dir = reports_config.run_dir(context.run.run_id)
    stale += ingest.clear_stale_runs(run_dir.parent, run_dir)
    shutil.rmtree(run_dir, ignore_errors=True)
    changes = ingest.plan(reports_config.raw_path, warehouse.read_manifest(reports_config.warehouse_path), run_dir)
    return dg.Output(
        changes,
        metadata={
            "to_parse": len(changes.to_parse),
            "unchanged": changes.unchanged,
            "missing": len(changes.missing),
            "stale_leftovers_removed": len(stale),
            "preview": _preview([(f, s) for f, s, _ in changes.to_parse[:10]], ("source_file", "size_bytes")),
        },
    )


@dg.asset(group_name="ingest", description="Every new or changed file parsed into long-form frames (cells, sections, parse issues, narrative facts), in parallel chunks.")
def parsed_reports(raw_files: FileChanges, reports_config: ReportsConfig) -> dg.Output[FileChanges]:
    stats = ingest.parse_files(reports_config.raw_path, raw_files, reports_config.workers)
    return dg.Output(
        raw_files,
        metadata={
            "files": sum(s["files"] for s in stats),
            "cells": sum(s["cells"] for s in stats),
            "rejected": sum(s["rejected"] for s in stats),
            "chunks": len(stats),
        },
    )


@dg.asset(
    group_name="ingest",
    description="Parsed frames validated against the pandera models (a violation is a bug and stops the run) and checked against the tables' own arithmetic (a failure flags the report).",
    check_specs=[dg.AssetCheckSpec("pandera_schemas", asset="validated_reports", blocking=True, description="Types, allowed codes per table, uniqueness, signs of every parsed frame.")],
)
def validated_reports(parsed_reports: FileChanges, reports_config: ReportsConfig):
    try:
        stats = ingest.validate_and_check(parsed_reports, reports_config.workers)
    except Exception as exc:  # pandera SchemaErrors: record the failed check, then stop the run
        yield dg.AssetCheckResult(check_name="pandera_schemas", passed=False, metadata={"error": dg.MetadataValue.text(str(exc)[:4000])})
        raise
    yield dg.AssetCheckResult(check_name="pandera_schemas", passed=True, metadata={"chunks": len(stats)})
    yield dg.Output(
        parsed_reports,
        metadata={
            "ok": sum(s.get("ok", 0) for s in stats),
            "flagged": sum(s.get("flagged", 0) for s in stats),
            "rejected": sum(s.get("rejected", 0) for s in stats),
            "hard_check_failures": sum(s.get("check_failures", 0) for s in stats),
        },
    )


_WIDE = ("applications_wide", "active_disclosure_wide", "review_litigation_wide", "flagged_reports")
_TABLE_SPECS = [
    dg.AssetSpec(name, group_name="warehouse", description=desc, deps=["validated_reports"], kinds={"duckdb"})
    for name, desc in WAREHOUSE_TABLES.items()
]
_VIEW_SPECS = [
    dg.AssetSpec(name, group_name="comparison", description=desc, deps=list(WAREHOUSE_TABLES), kinds={"duckdb"})
    for name, desc in COMPARISON_VIEWS.items()
]


@dg.multi_asset(specs=_TABLE_SPECS + _VIEW_SPECS, description="Load the validated run into a copy of the warehouse and publish it atomically.")
def warehouse_tables(context: dg.AssetExecutionContext, validated_reports: FileChanges, reports_config: ReportsConfig):
    summary = ingest.load_and_publish(validated_reports, reports_config.warehouse_path, context.run.run_id)
    shutil.rmtree(validated_reports.run_dir, ignore_errors=True)
    for name in WAREHOUSE_TABLES:
        header, rows = summary["previews"][name]
        meta = {"row_count": dg.MetadataValue.int(summary["counts"][name]), "preview": _preview(rows, header)}
        if name == "reports":
            meta.update({f"reports_{k}": v for k, v in summary["status"].items()})
        yield dg.MaterializeResult(asset_key=name, metadata=meta)
    for name in COMPARISON_VIEWS:  # (re)created in the same publish; computed when queried
        yield dg.MaterializeResult(asset_key=name, metadata={"view_sql": dg.MetadataValue.text("sql/comparison.sql" if name not in _WIDE else "sql/views.sql")})
