"""Helpers for end-to-end tests: a raw directory, Dagster runs into a temporary warehouse, SQL."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import dagster as dg
import duckdb

from assets.definitions import INGEST_JOB, build_defs
from pipeline.catalogue import WAREHOUSE_TABLES
from pipeline.run.settings import Settings
from tests.conftest import SAMPLES


def make_raw(tmp: Path) -> Path:
    raw = tmp / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, raw / p.name)
    return raw


def settings_for(tmp: Path, raw: Path | None = None) -> Settings:
    return Settings(raw_dir=raw or tmp / "raw", warehouse=tmp / "warehouse.duckdb", staging=tmp / "staging", workers=1)


def job_env(settings: Settings, home: Path) -> dict[str, str]:
    """The environment a `dagster job execute` of the ingestion job needs for `settings`, with its
    own Dagster instance under `home` (created)."""
    home.mkdir(parents=True, exist_ok=True)
    return dict(
        os.environ,
        REPORTS_RAW_DIR=str(settings.raw_dir),
        REPORTS_WAREHOUSE=str(settings.warehouse),
        REPORTS_STAGING=str(settings.staging),
        REPORTS_WORKERS="1",
        REPORTS_MIN_APPLICATIONS="10",
        DAGSTER_HOME=str(home),
    )


def job_execute_cmd(*config: str) -> list[str]:
    """`dagster job execute` of the ingestion job (run from ROOT), with run config files."""
    cmd = [str(Path(sys.executable).parent / "dagster"), "job", "execute", "-m", "assets.definitions", "-j", INGEST_JOB]
    return cmd + [arg for path in config for arg in ("-c", path)]


def materialize(settings: Settings) -> dg.ExecuteInProcessResult:
    defs = build_defs(settings)
    result = defs.resolve_job_def(INGEST_JOB).execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    return result


def query(settings: Settings, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def dump(settings: Settings) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: for comparing whole warehouses."""
    return {t: sorted(query(settings, f"SELECT * FROM {t}"), key=repr) for t in WAREHOUSE_TABLES}
