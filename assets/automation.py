"""Automation: a sensor that starts a run when files under REPORTS_RAW_DIR change, a daily schedule,
and an export after every successful ingestion run.

The sensor's cursor is a high-water mark (the newest mtime/ctime seen, in ns), not a list of
files, so it stays one number at 10^6 files. Which files a run then parses is decided by the run
itself against the warehouse manifest, so a repeated tick never doubles data. A tick that saw a
few files names them to its run, which looks at those only (its plan does not list 10^6 files);
what such a run misses — a file deleted unseen, the files of a failed run — the daily schedule's
run, which lists everything, catches.
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
# Up to this many changed files the sensor names them to the run, which then looks at those only;
# more, and the run lists the whole raw directory (a long list in run config buys little then).
NAMED_UP_TO = 1000


def run_config_for(changed_files: int, files: list[str] | None = None) -> dict:
    """A batch of one chunk or less runs in the run's own process (nothing to run in parallel, and
    each step process costs Dagster's own start: docs/scaling.md); more in parallel. `files`, the
    changed files by name, spare the run listing the whole raw directory (pipeline/run/plan.py)."""
    config = dict(IN_PROCESS if changed_files <= CHUNK_SIZE else MULTIPROCESS)
    if files is not None:
        config["ops"] = {"raw_files": {"config": {"files": files}}}
    return config


def build_automation(job, export_job):
    @dg.sensor(
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Requests an ingestion run when files under REPORTS_RAW_DIR are new or changed.",
    )
    def new_report_files(context: dg.SensorEvaluationContext, raw_reports: RawReportsResource):
        high_water = int(context.cursor or 0)
        changes = changed_since(Path(raw_reports.raw_dir), high_water, named_up_to=NAMED_UP_TO)
        if changes.count == 0:
            return dg.SkipReason(f"no file changed since {high_water}")
        return dg.SensorResult(
            run_requests=[
                dg.RunRequest(
                    run_key=f"files-upto-{changes.newest_ns}",
                    run_config=run_config_for(changes.count, changes.files),
                    tags={"changed_files": str(changes.count)},
                )
            ],
            cursor=str(changes.newest_ns),
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
