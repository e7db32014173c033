"""The code location loads, with the job, assets, checks, sensor and schedule users see in the UI."""

from __future__ import annotations

import dagster as dg

from assets.definitions import INGEST_JOB, build_defs, defs


def test_definitions_load_and_name_everything():
    assert defs.resolve_job_def(INGEST_JOB) is not None
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
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
    assert defs.resolve_sensor_def("new_report_files") is not None
    assert defs.resolve_schedule_def("daily_ingestion").cron_schedule == "0 3 * * *"


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
