"""``python -m pipeline.run`` and its settings: every REPORTS_* variable read, the defaults when
unset, and the summary line a run prints (pipeline.run.settings, pipeline.run.__main__)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.run.__main__ import main
from pipeline.run.settings import Settings
from tests.conftest import SAMPLES


def test_settings_from_the_environment_and_their_defaults():
    env = {
        "REPORTS_RAW_DIR": "/in",
        "REPORTS_WAREHOUSE": "/out/w.duckdb",
        "REPORTS_STAGING": "/scratch",
        "REPORTS_WORKERS": "3",
        "REPORTS_LOCK_TIMEOUT_S": "12.5",
    }
    assert Settings.from_env(env) == Settings(Path("/in"), Path("/out/w.duckdb"), Path("/scratch"), 3, 12.5)
    assert Settings.from_env({}) == Settings(
        Path("data/raw"), Path("data/warehouse.duckdb"), Path("data/staging"), os.cpu_count() or 1, 3600.0
    )
    # the staging directory defaults to one beside the warehouse; empty values count as unset
    assert Settings.from_env({"REPORTS_WAREHOUSE": "/out/w.duckdb", "REPORTS_WORKERS": ""}).staging == Path(
        "/out/staging"
    )


def test_a_run_without_dagster_prints_what_it_did(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (sample,) = SAMPLES.glob("004_*.txt")
    shutil.copy(sample, raw / sample.name)
    monkeypatch.setenv("REPORTS_RAW_DIR", str(raw))
    monkeypatch.setenv("REPORTS_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("REPORTS_WORKERS", "1")
    monkeypatch.delenv("REPORTS_STAGING", raising=False)
    main()
    main()  # again: nothing new
    assert capsys.readouterr().out.split("\n") == [
        f"parsed 1 file(s), 0 unchanged, 0 missing; reports by status: {{'ok': 1}}; warehouse: {tmp_path / 'w.duckdb'}",
        f"parsed 0 file(s), 1 unchanged, 0 missing; reports by status: {{'ok': 1}}; warehouse: {tmp_path / 'w.duckdb'}",
        "",
    ]
