"""The code location: ``build_defs()`` returns a fresh ``Definitions`` so tests and CLIs can
override settings (paths, workers) without touching the environment."""

from __future__ import annotations

import dagster as dg

from assets.automation import build_automation
from assets.checks import build_checks
from assets.ingestion import parsed_reports, raw_files, validated_reports, warehouse_tables
from assets.report import comparison_report
from assets.resources import ReportsConfig
from pipeline.settings import Settings

INGEST_JOB = "ingest_reports"


def build_defs(settings: Settings | None = None) -> dg.Definitions:
    settings = settings or Settings.from_env()
    config = ReportsConfig.from_settings(settings)
    job = dg.define_asset_job(INGEST_JOB, selection=dg.AssetSelection.all(), description="Ingest new/changed raw reports into the warehouse.", executor_def=dg.in_process_executor)
    sensor, schedule = build_automation(job, config)
    return dg.Definitions(
        assets=[raw_files, parsed_reports, validated_reports, warehouse_tables, comparison_report],
        asset_checks=build_checks(),
        jobs=[job],
        sensors=[sensor],
        schedules=[schedule],
        resources={"reports_config": config},
    )


defs = build_defs()
