"""Helpers for end-to-end tests: a raw directory, Dagster runs into a temporary warehouse, SQL."""

from __future__ import annotations

import shutil
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
