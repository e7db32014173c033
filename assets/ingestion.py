"""Assets of one ingestion run: raw files → parsed → validated → warehouse tables → views.

Each asset calls one step of :mod:`pipeline.run.steps` (the same steps ``run_all`` calls); frames
travel between steps as parquet in the run's staging directory, and the assets pass only the
small :class:`~pipeline.run.plan.RunPlan`. Table and view descriptions come from the catalogue.
"""

import dagster as dg

from assets.resources import RawReportsResource, WarehouseResource, run_settings
from pipeline.catalogue import TABLES, VIEWS, WAREHOUSE_TABLES
from pipeline.run import steps
from pipeline.run.plan import RunPlan


def _preview(rows: list[tuple], header: tuple[str, ...]) -> dg.MetadataValue:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows]
    return dg.MetadataValue.md("\n".join(lines))


@dg.asset(
    group_name="ingest",
    description="Raw report files under REPORTS_RAW_DIR compared with the warehouse's "
    "manifest: what to (re)parse, what is unchanged, what disappeared. Reads only.",
)
def raw_files(
    context: dg.AssetExecutionContext, raw_reports: RawReportsResource, warehouse: WarehouseResource
) -> dg.Output[RunPlan]:
    run_plan = steps.plan_run(run_settings(raw_reports, warehouse), context.run.run_id)
    return dg.Output(
        run_plan,
        metadata={
            "to_parse": len(run_plan.to_parse),
            "unchanged": run_plan.unchanged,
            "missing": len(run_plan.missing),
            "waited_for_other_run_s": run_plan.lock_wait_s,
            "preview": _preview([(f, s) for f, s, _ in run_plan.to_parse[:10]], ("source_file", "size_bytes")),
        },
    )


@dg.asset(
    group_name="ingest",
    description="Every new or changed file parsed into long-form frames (cells, sections, "
    "parse issues, narrative facts), in parallel chunks, staged as parquet (staging left by killed runs is "
    "removed first).",
)
def parsed_reports(
    raw_files: RunPlan, raw_reports: RawReportsResource, warehouse: WarehouseResource
) -> dg.Output[RunPlan]:
    parsed = steps.parse_files(run_settings(raw_reports, warehouse), raw_files)
    return dg.Output(
        raw_files,
        metadata={
            "files": parsed.files,
            "cells": parsed.cells,
            "rejected": parsed.rejected,
            "chunks": len(parsed.chunks),
        },
    )


@dg.asset(
    group_name="ingest",
    description="Parsed frames validated against the pandera schemas (a violation is a bug and stops the run) and "
    "checked against the tables' own arithmetic (a failure flags the report).",
    check_specs=[
        dg.AssetCheckSpec(
            "pandera_schemas",
            asset="validated_reports",
            blocking=True,
            description="Types, allowed codes per table, uniqueness, signs of every parsed frame.",
        )
    ],
)
def validated_reports(parsed_reports: RunPlan, raw_reports: RawReportsResource, warehouse: WarehouseResource):
    try:
        checked = steps.validate_and_check(run_settings(raw_reports, warehouse), parsed_reports)
    except Exception as exc:  # pandera SchemaErrors: record the failed check, then stop the run
        yield dg.AssetCheckResult(
            check_name="pandera_schemas", passed=False, metadata={"error": dg.MetadataValue.text(str(exc)[:4000])}
        )
        raise
    yield dg.AssetCheckResult(check_name="pandera_schemas", passed=True, metadata={"chunks": len(checked.chunks)})
    yield dg.Output(
        parsed_reports,
        metadata={
            "ok": checked.total("ok"),
            "flagged": checked.total("flagged"),
            "rejected": checked.total("rejected"),
            "hard_check_failures": checked.total("check_failures"),
        },
    )


_TABLE_SPECS = [
    dg.AssetSpec(
        name, group_name="warehouse", description=TABLES[name].description, deps=["validated_reports"], kinds={"duckdb"}
    )
    for name in WAREHOUSE_TABLES
]
_VIEW_SPECS = [
    dg.AssetSpec(
        view.name, group_name="comparison", description=view.description, deps=list(view.depends_on), kinds={"duckdb"}
    )
    for view in VIEWS.values()
]


@dg.multi_asset(
    specs=_TABLE_SPECS + _VIEW_SPECS,
    description="Load the validated run into a copy of the warehouse and "
    "publish it atomically (candidates left by killed runs are removed first; the run's staging after).",
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    validated_reports: RunPlan,
    raw_reports: RawReportsResource,
    warehouse: WarehouseResource,
):
    summary = steps.load_and_publish(run_settings(raw_reports, warehouse), validated_reports, context.run.run_id)
    for name in WAREHOUSE_TABLES:
        header, rows = summary.previews[name]
        meta = {"row_count": dg.MetadataValue.int(summary.counts[name]), "preview": _preview(rows, header)}
        if name == "reports":
            meta.update({f"reports_{k}": v for k, v in summary.status.items()})
        yield dg.MaterializeResult(asset_key=name, metadata=meta)
    for view in VIEWS.values():  # (re)created in the same publish: computed when queried, or now (materialised)
        meta = {"view_sql": dg.MetadataValue.text(f"sql/{view.sql_file}")}
        if view.materialized:
            meta["materialized"] = dg.MetadataValue.bool(True)
        yield dg.MaterializeResult(asset_key=view.name, metadata=meta)
