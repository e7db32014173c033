"""Assets of one ingestion run: raw files → parsed → validated → warehouse tables → views.

Each asset calls one step of :mod:`pipeline.run.steps` (the same steps ``run_all`` calls); frames
travel between steps as parquet in the run's staging directory, and the assets pass only the
small :class:`~pipeline.run.plan.RunPlan`. Table and view descriptions come from the catalogue.
"""

import dagster as dg
import pandera.errors as pa_errors

from assets.resources import RawReportsResource, WarehouseResource, run_settings
from pipeline.catalogue import TABLES, VIEWS, WAREHOUSE_TABLES
from pipeline.run import steps
from pipeline.run.plan import RunPlan


def _preview(rows: list[tuple], header: tuple[str, ...]) -> dg.MetadataValue:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows]
    return dg.MetadataValue.md("\n".join(lines))


class RawFilesConfig(dg.Config):
    # the files to look at, relative to REPORTS_RAW_DIR (the sensor names the few it saw change);
    # None: list the whole directory
    files: list[str] | None = None


@dg.asset(
    group_name="ingest",
    description="Raw report files under REPORTS_RAW_DIR compared with the warehouse's "
    "manifest: what to (re)parse, what is unchanged, what disappeared. Reads only.",
)
def raw_files(
    context: dg.AssetExecutionContext,
    config: RawFilesConfig,
    raw_reports: RawReportsResource,
    warehouse: WarehouseResource,
) -> dg.Output[RunPlan]:
    run_plan = steps.plan_run(run_settings(raw_reports, warehouse), context.run.run_id, config.files)
    return dg.Output(
        run_plan,
        metadata={
            "looked_at": "the whole raw directory" if run_plan.listed else "the files named in run config",
            "to_parse": len(run_plan.to_parse),
            "unchanged": run_plan.unchanged,
            "missing": len(run_plan.missing),
            "waited_for_other_run_s": run_plan.lock_wait_s,
            "preview": _preview([(f, s) for f, s, _ in run_plan.to_parse[:10]], ("source_file", "size_bytes")),
        },
    )


# ------------------------------------------------------------------ parsing and checking, per chunk
# The chunk (2,000 files, more in a big batch: steps.chunk_size_for) is the unit Dagster
# schedules: a dynamic output per chunk, one step per chunk, so the job's executor decides where
# chunks run — in this process, in parallel processes (multiprocess), or in pods
# (k8s_job_executor), by configuration alone.


def _mapping_key(chunk_dir: str) -> str:
    return chunk_dir.rsplit("/", 1)[-1].replace("-", "_")


class ChunkConfig(dg.Config):
    # memory is bounded by one chunk's frames; 0: by the batch's size (steps.chunk_size_for)
    files_per_chunk: int = 0


@dg.op(out=dg.DynamicOut(), description="The run's files in chunks, each with its staging directory.")
def file_chunks(config: ChunkConfig, raw_files: RunPlan, raw_reports: RawReportsResource, warehouse: WarehouseResource):
    for job in steps.chunk_jobs(run_settings(raw_reports, warehouse), raw_files, config.files_per_chunk):
        yield dg.DynamicOutput(job, mapping_key=_mapping_key(job[1]))


@dg.op(description="Parse one chunk of files and stage its frames as parquet.")
def parse_chunk(job) -> steps.ChunkParsed:
    return steps.parse_chunk(job)


@dg.op(description="The parsed chunks summed up.")
def parsed_summary(raw_files: RunPlan, chunks: list) -> dg.Output[RunPlan]:
    parsed = steps.ParseResult(tuple(chunks))
    return dg.Output(
        raw_files,
        metadata={"files": parsed.files, "cells": parsed.cells, "rejected": parsed.rejected, "chunks": len(chunks)},
    )


@dg.graph_asset(
    group_name="ingest",
    description="Every new or changed file parsed into long-form frames (cells, sections, "
    "parse issues, narrative facts), one step per chunk of files, staged as parquet (staging left by "
    "killed runs is removed first).",
)
def parsed_reports(raw_files: RunPlan):
    return parsed_summary(raw_files, file_chunks(raw_files).map(parse_chunk).collect())


@dg.op(out=dg.DynamicOut(), description="The staging directories of the run's parsed chunks.")
def parsed_chunks(parsed_reports: RunPlan):
    for chunk_dir in steps.staged_chunks(parsed_reports):
        yield dg.DynamicOutput(chunk_dir, mapping_key=_mapping_key(chunk_dir))


@dg.op(description="Validate one chunk's frames (pandera) and check its arithmetic; a schema violation is kept.")
def check_chunk(chunk_dir: str):  # a ChunkChecked, or the violation's text
    try:
        return steps.check_chunk(chunk_dir)
    except (pa_errors.SchemaError, pa_errors.SchemaErrors) as exc:  # a bug: the check records it, stops the run
        return f"{_mapping_key(chunk_dir)}: {exc}"[:4000]


_SCHEMA_CHECK = dg.AssetCheckSpec(
    "pandera_schemas",
    asset="validated_reports",
    blocking=True,
    description="Types, allowed codes per table, uniqueness, signs of every parsed frame.",
)


@dg.op(out={"result": dg.Out(), "schemas": dg.Out(dagster_type=dg.Nothing, is_required=False)})
def validated_summary(parsed_reports: RunPlan, chunks: list):
    errors = [c for c in chunks if isinstance(c, str)]
    yield dg.AssetCheckResult(
        check_name=_SCHEMA_CHECK.name,
        asset_key=_SCHEMA_CHECK.asset_key,
        passed=not errors,
        metadata={"chunks": len(chunks), **({"error": dg.MetadataValue.text(errors[0])} if errors else {})},
    )
    checked = steps.CheckResult(tuple(c for c in chunks if not isinstance(c, str)))
    yield dg.Output(
        parsed_reports,
        "result",
        metadata={
            "ok": checked.total("ok"),
            "flagged": checked.total("flagged"),
            "rejected": checked.total("rejected"),
            "hard_check_failures": checked.total("check_failures"),
        },
    )


@dg.graph_asset(
    group_name="ingest",
    description="Parsed frames validated against the pandera schemas (a violation is a bug and stops the run) and "
    "checked against the tables' own arithmetic (a failure flags the report), one step per chunk.",
    check_specs=[_SCHEMA_CHECK],
)
def validated_reports(parsed_reports: RunPlan):
    result, schemas = validated_summary(parsed_reports, parsed_chunks(parsed_reports).map(check_chunk).collect())
    return {"result": result, "validated_reports_pandera_schemas": schemas}


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
            meta.update(started_from=summary.started_from, spare_kept=summary.spare_kept)
            meta.update({f"seconds_{phase}": seconds for phase, seconds in summary.seconds.items()})
        yield dg.MaterializeResult(asset_key=name, metadata=meta)
    for view in VIEWS.values():  # (re)created in the same publish, computed when queried
        meta = {"view_sql": dg.MetadataValue.text(f"sql/{view.sql_file}")}
        if view.kept:  # per-report results kept between runs: only the run's new reports computed
            meta["kept_tables"] = dg.MetadataValue.text(", ".join(view.kept))
        yield dg.MaterializeResult(asset_key=view.name, metadata=meta)
