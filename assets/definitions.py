"""The code location: ``build_defs()`` returns a fresh ``Definitions``.

With no argument, resources read ``REPORTS_*`` environment variables when a run launches
(``dg.EnvVar``), so importing this module reads nothing; tests pass explicit settings.
"""

from __future__ import annotations

import dagster as dg

from assets.automation import MULTIPROCESS, build_automation
from assets.checks import build_checks
from assets.exports import exports
from assets.ingestion import parsed_reports, raw_files, validated_reports, warehouse_tables
from assets.report import body_pages, comparison_report
from assets.resources import build_resources
from pipeline.run.settings import Settings

INGEST_JOB = "ingest_reports"
EXPORT_JOB = "export_data"


def build_defs(settings: Settings | None = None) -> dg.Definitions:
    # the exports are not part of an ingestion run: a slow or failed export never delays or fails one
    job = dg.define_asset_job(
        INGEST_JOB,
        selection=dg.AssetSelection.all() - dg.AssetSelection.assets(exports),
        description="Ingest new/changed raw reports into the warehouse.",
        # a run's config picks in_process or multiprocess (the sensor: run_config_for in
        # assets/automation.py); by default chunks run in parallel processes. A cluster swaps this
        # for dagster-k8s's k8s_job_executor: each chunk a pod (docs/scaling.md)
        executor_def=dg.multi_or_in_process_executor,
        config=MULTIPROCESS,
    )
    export_job = dg.define_asset_job(
        EXPORT_JOB,
        selection=dg.AssetSelection.assets(exports),
        description="Export the published warehouse as Parquet, CSV and a workbook (only what changed).",
        executor_def=dg.in_process_executor,
    )
    sensor, schedule, after_ingestion = build_automation(job, export_job)
    return dg.Definitions(
        assets=[raw_files, parsed_reports, validated_reports, warehouse_tables, comparison_report, body_pages, exports],
        asset_checks=build_checks(),
        jobs=[job, export_job],
        sensors=[sensor, after_ingestion],
        schedules=[schedule],
        resources=build_resources(settings),
    )


defs = build_defs()
