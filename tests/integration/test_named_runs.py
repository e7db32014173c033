"""A run given the files to look at (the sensor names the few it saw change) looks at those only:
it parses the new and changed ones among them, marks the named ones that are gone missing, and
leaves every other file as the warehouse holds it — so it ends where a run listing the whole
directory ends whenever the named files are all that changed. A new build still reaches every
file, and a name that leaves the raw directory is refused."""

from __future__ import annotations

import pytest

from pipeline.run.settings import Settings
from pipeline.run.steps import _release_writer_lock, plan_run, run_all
from pipeline.warehouse.store import Warehouse
from tests.conftest import sample_bytes
from tests.helpers import dump, make_raw, query, settings_for

pytestmark = pytest.mark.slow  # several runs each: left out of mutation runs (make mutate)

CHANGED = "001_0ef1220ad327047a.txt"
GONE = "002_40bb0e4b02e0555b.txt"


def _status(settings) -> dict[str, str]:
    return dict(query(settings, "SELECT source_file, status FROM file_manifest"))


def test_a_named_run_looks_at_the_named_files_only(tmp_path):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    listing = Settings(raw, tmp_path / "listing.duckdb", tmp_path / "listing-staging", workers=1)
    run_all(settings)
    run_all(listing)
    (raw / "sub").mkdir()
    (raw / "sub" / "new.txt").write_bytes(sample_bytes("003").replace(b"15498", b"20001"))
    (raw / CHANGED).write_bytes(sample_bytes("001").replace(b"\n", b"\r\n"))
    (raw / GONE).unlink()

    summary = run_all(settings, "named-1", files=["sub/new.txt", CHANGED, "never-there.txt"])
    assert not summary.plan.listed
    assert sorted(f for f, _, _ in summary.plan.to_parse) == [CHANGED, "sub/new.txt"]
    assert summary.plan.missing == [] and summary.plan.unchanged == 0
    manifest = _status(settings)
    assert manifest["sub/new.txt"] == "present" and manifest[GONE] == "present"  # not named: as it was

    summary = run_all(settings, "named-2", files=[GONE, "sub/new.txt"])
    assert summary.plan.missing == [GONE] and summary.plan.to_parse == [] and summary.plan.unchanged == 1
    assert _status(settings)[GONE] == "missing"

    summary = run_all(listing, "listing")  # the same changes seen by listing the directory
    assert summary.plan.listed and summary.plan.unchanged == 3 and summary.plan.missing == [GONE]
    assert dump(settings) == dump(listing)


def test_a_named_run_under_a_new_build_lists_everything(tmp_path, monkeypatch):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    run_all(settings)
    assert not Warehouse(settings.warehouse).holds_other_builds(_build())
    monkeypatch.setattr("pipeline.run.steps.code_build", lambda: "a newer build")
    assert Warehouse(settings.warehouse).holds_other_builds("a newer build")
    try:
        run_plan = plan_run(settings, "new-build", files=["000_bc4e10f4a2091828.txt"])
    finally:
        _release_writer_lock(settings)
    assert run_plan.listed and len(run_plan.to_parse) == 5


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/passwd", "a//b.txt", "./x.txt", ""])
def test_a_name_outside_the_raw_directory_is_refused(tmp_path, name):
    settings = settings_for(tmp_path, make_raw(tmp_path))
    with pytest.raises(ValueError, match="relative to the raw directory"):
        plan_run(settings, "bad-name", files=[name])


def _build() -> str:
    from pipeline.run.build import code_build

    return code_build()


def test_the_sensors_run_config_names_the_files_to_the_job(tmp_path):
    import dagster as dg

    from assets.automation import run_config_for
    from assets.definitions import INGEST_JOB, build_defs

    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    run_all(settings)
    (raw / "new.txt").write_bytes(sample_bytes("003").replace(b"15498", b"20002"))
    (raw / GONE).unlink()  # not named: stays present
    config = run_config_for(1, ["new.txt"])
    assert config["ops"] == {"raw_files": {"config": {"files": ["new.txt"]}}}
    job = build_defs(settings).resolve_job_def(INGEST_JOB)
    result = job.execute_in_process(run_config={"ops": config["ops"]}, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    (plan_event,) = [e for e in result.get_asset_materialization_events() if e.asset_key.path == ["raw_files"]]
    metadata = plan_event.materialization.metadata
    assert metadata["looked_at"].value == "the files named in run config" and metadata["to_parse"].value == 1
    assert _status(settings)["new.txt"] == "present" and _status(settings)[GONE] == "present"
