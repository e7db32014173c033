"""Automation: a sensor that starts a run when files under REPORTS_RAW_DIR change, a daily schedule,
and an export after every successful ingestion run.

The sensor's cursor is a high-water mark (the newest mtime/ctime seen, in ns), not a list of
files, so it stays one number at 10^6 files. Which files a run then parses is decided by the run
itself against the warehouse manifest, so a missed or repeated tick never loses or doubles data.
"""

from pathlib import Path

import dagster as dg

from assets.resources import RawReportsResource
from pipeline.run.plan import changed_since
from pipeline.run.steps import CHUNK_SIZE

# Chunks in parallel processes, forked from a server that has imported the code once (a spawned
# process per step imports Dagster and the parser again: the five samples took 33 s, not 15 s).
MULTIPROCESS = {
    "execution": {
        "config": {"multiprocess": {"start_method": {"forkserver": {"preload_modules": ["assets.definitions"]}}}}
    }
}
IN_PROCESS = {"execution": {"config": {"in_process": {}}}}


def run_config_for(changed_files: int) -> dict:
    """A batch of one chunk or less runs in the run's own process (nothing to run in parallel, and
    each step process costs Dagster's own start: docs/scaling.md); more in parallel."""
    return IN_PROCESS if changed_files <= CHUNK_SIZE else MULTIPROCESS


def build_automation(job, export_job):
    @dg.sensor(
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Requests an ingestion run when files under REPORTS_RAW_DIR are new or changed.",
    )
    def new_report_files(context: dg.SensorEvaluationContext, raw_reports: RawReportsResource):
        high_water = int(context.cursor or 0)
        count, newest = changed_since(Path(raw_reports.raw_dir), high_water)
        if count == 0:
            return dg.SkipReason(f"no file changed since {high_water}")
        return dg.SensorResult(
            run_requests=[
                dg.RunRequest(
                    run_key=f"files-upto-{newest}", run_config=run_config_for(count), tags={"changed_files": str(count)}
                )
            ],
            cursor=str(newest),
        )

    daily = dg.ScheduleDefinition(
        name="daily_ingestion",
        job=job,
        cron_schedule="0 3 * * *",
        execution_timezone="Asia/Shanghai",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Daily catch-up run (anything the sensor missed, files that disappeared).",
    )

    @dg.run_status_sensor(
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[job],
        request_job=export_job,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Refreshes the exports after every successful ingestion run (its own run: an export "
        "never delays or fails an ingestion).",
    )
    def export_after_ingestion(context: dg.RunStatusSensorContext):
        return dg.RunRequest(run_key=f"export-after-{context.dagster_run.run_id}")

    return new_report_files, daily, export_after_ingestion
