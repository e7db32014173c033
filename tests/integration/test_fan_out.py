"""The chunk is the unit Dagster schedules: with the multiprocess executor, chunks are parsed and
checked in parallel processes, and the warehouse is the one an in-process run makes."""

from __future__ import annotations

import subprocess

import dagster as dg
import pandera.errors
import yaml

from assets.automation import IN_PROCESS, MULTIPROCESS, run_config_for
from pipeline.run.steps import CHUNK_SIZE, MAX_CHUNK_SIZE, chunk_size_for
from tests.conftest import ROOT, sample_bytes
from tests.helpers import dump, job_env, job_execute_cmd, make_raw, materialize, settings_for


def test_chunks_run_as_steps_of_the_multiprocess_executor(tmp_path):
    raw = make_raw(tmp_path / "fan")
    (raw / "more.txt").write_bytes(sample_bytes("002").replace(b"11", b"21"))  # 6 files: 3 chunks of 2
    settings = settings_for(tmp_path / "fan", raw)
    home = tmp_path / "home"
    config = {
        **MULTIPROCESS["execution"]["config"]["multiprocess"],
        "max_concurrent": 2,
    }
    run_config = {
        "execution": {"config": {"multiprocess": config}},
        "ops": {"parsed_reports": {"ops": {"file_chunks": {"config": {"files_per_chunk": 2}}}}},
    }
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(run_config), "utf-8")
    env = job_env(settings, home)
    cmd = job_execute_cmd(str(tmp_path / "run.yaml"))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        events = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_SUCCESS)
        steps = {e.step_key: e.dagster_event.pid for e in events}
        engine = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
    parse_steps = sorted(k for k in steps if k.startswith("parsed_reports.parse_chunk["))
    check_steps = sorted(k for k in steps if k.startswith("validated_reports.check_chunk["))
    assert parse_steps == [f"parsed_reports.parse_chunk[chunk_0000{k}]" for k in range(3)]
    assert len(check_steps) == 3
    # each step its own process, none of them the run's own
    run_pid = next(e.dagster_event.pid for e in engine if "multiprocess executor" in e.message)
    assert len({steps[k] for k in parse_steps + check_steps} | {run_pid}) == 7

    alone = settings_for(tmp_path / "alone", raw)  # the same files in one in-process run
    materialize(alone)
    assert dump(settings) == dump(alone)


def test_the_sensor_runs_a_batch_of_one_chunk_in_process_and_more_in_parallel():
    assert run_config_for(1) == run_config_for(CHUNK_SIZE) == IN_PROCESS
    assert run_config_for(CHUNK_SIZE + 1) == MULTIPROCESS
    start = MULTIPROCESS["execution"]["config"]["multiprocess"]["start_method"]
    assert start["forkserver"]["preload_modules"] == ["assets.definitions"]


def test_a_big_batch_gets_bigger_chunks_up_to_a_ceiling():
    # each step costs Dagster's own start, so 10^6 files are 200 chunks, not 500
    assert chunk_size_for(0) == chunk_size_for(200_000) == CHUNK_SIZE == 2000
    assert chunk_size_for(200_001) == 2001
    assert chunk_size_for(400_000) == 4000
    assert chunk_size_for(1_000_000) == chunk_size_for(10**7) == MAX_CHUNK_SIZE == 5000


def test_a_schema_violation_in_one_chunk_fails_the_blocking_check_and_loads_nothing(tmp_path, monkeypatch):
    from assets.definitions import INGEST_JOB, build_defs
    from pipeline.run import steps

    settings = settings_for(tmp_path, make_raw(tmp_path))
    checked = steps.check_chunk

    def violating(chunk_dir: str):
        if chunk_dir.endswith("chunk-00001"):
            raise pandera.errors.SchemaError(schema=None, data=None, message="column 'value' failed: negative")
        return checked(chunk_dir)

    monkeypatch.setattr(steps, "check_chunk", violating)
    job = build_defs(settings).resolve_job_def(INGEST_JOB)
    run_config = {"ops": {"parsed_reports": {"ops": {"file_chunks": {"config": {"files_per_chunk": 3}}}}}}
    result = job.execute_in_process(
        run_config=run_config, instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert not result.success
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == "pandera_schemas" and not evaluation.passed
    assert evaluation.metadata["error"].value == "chunk_00001: column 'value' failed: negative"
    assert evaluation.metadata["chunks"].value == 2
    assert "warehouse_tables" not in {e.step_key for e in result.get_step_success_events()}
    assert not settings.warehouse.exists()
