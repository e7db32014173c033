"""The code location loads, with the job, assets, checks, sensor and schedule users see in the UI."""

from __future__ import annotations

import dagster as dg
import pytest

from assets.definitions import EXPORT_JOB, INGEST_JOB, build_defs, defs


def test_definitions_load_and_name_everything():
    job = defs.resolve_job_def(INGEST_JOB)
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    # chunks in parallel processes unless a run's config says in_process (the sensor's small batches)
    assert job.name == "ingest_reports" and job.executor_def.name == "multi_or_in_process_executor"
    # every asset but the exports, which have their own job (a failed export never fails an ingestion)
    assert {k.to_user_string() for k in job.asset_layer.executable_asset_keys} == keys - {"exports"}
    export_job = defs.resolve_job_def(EXPORT_JOB)
    assert {k.to_user_string() for k in export_job.asset_layer.executable_asset_keys} == {"exports"}
    assert {
        "raw_files",
        "parsed_reports",
        "validated_reports",
        "reports",
        "cells",
        "sections",
        "parse_issues",
        "check_results",
        "file_manifest",
        "applications_wide",
        "flagged_reports",
    } <= keys
    assert defs.resolve_sensor_def("new_report_files").job_name == INGEST_JOB
    after = defs.resolve_sensor_def("export_after_ingestion")  # exports refreshed after each ingestion
    assert after.job_name == EXPORT_JOB
    schedule = defs.resolve_schedule_def("daily_ingestion")
    assert (schedule.cron_schedule, schedule.execution_timezone, schedule.job_name) == (
        "0 3 * * *",
        "Asia/Shanghai",
        INGEST_JOB,
    )


def test_importing_the_code_location_reads_no_environment(monkeypatch):
    import importlib

    import assets.definitions

    for name in (
        "REPORTS_RAW_DIR",
        "REPORTS_WAREHOUSE",
        "REPORTS_STAGING",
        "REPORTS_WORKERS",
        "REPORTS_MIN_APPLICATIONS",
    ):
        monkeypatch.delenv(name, raising=False)
    reloaded = importlib.reload(assets.definitions)  # no REPORTS_* set: the code location still loads
    job = reloaded.defs.resolve_job_def(INGEST_JOB)
    with pytest.raises(Exception, match="REPORTS_"):  # the settings are resolved when a run launches
        job.execute_in_process(instance=dg.DagsterInstance.ephemeral())


def test_lineage_runs_raw_to_views():
    graph = build_defs().resolve_asset_graph()
    key = dg.AssetKey
    assert key("raw_files") in graph.get(key("parsed_reports")).parent_keys
    assert key("validated_reports") in graph.get(key("cells")).parent_keys
    assert key("cells") in graph.get(key("applications_wide")).parent_keys


def test_schema_check_is_blocking():
    from assets.ingestion import validated_reports

    specs = {spec.name: spec for spec in validated_reports.check_specs}
    assert specs["pandera_schemas"].blocking
