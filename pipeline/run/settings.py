"""Settings of a run: where raw files are read, where the warehouse and the run's scratch live,
how many parser processes.

The Dagster layer builds these from its resources (environment variables resolved when a run
launches); the plain-Python entry point ``python -m pipeline.run`` calls :meth:`Settings.from_env`,
the only reader of the environment, when it starts — never at import time.

- ``REPORTS_RAW_DIR``   where raw report files are read (default ``data/raw``)
- ``REPORTS_WAREHOUSE`` the DuckDB file analysts query (default ``data/warehouse.duckdb``)
- ``REPORTS_STAGING``   scratch space for one run's parsed frames (default: ``staging/`` next to
  the warehouse); a killed run leaves only this behind, and the next run clears it.
- ``REPORTS_WORKERS``   parser processes (default: the machine's cores)
- ``REPORTS_LOCK_TIMEOUT_S`` how long a run waits for another run writing the same warehouse
  (default 3600)
- ``REPORTS_MIN_APPLICATIONS`` below this many applications received a body-year gets no rate in
  the peer ranking (default 10; stored in the warehouse's ``comparison_settings``)
- ``REPORTS_EXPORT_DIR`` where ``make export`` writes Parquet, CSV and the workbook (default:
  ``exports/`` next to the warehouse, i.e. ``data/exports``)

What belongs here: the settings type and reading it from the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.warehouse.store import DEFAULT_MIN_APPLICATIONS


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    staging: Path
    workers: int = 1
    lock_timeout_s: float = 3600.0
    min_applications: int = DEFAULT_MIN_APPLICATIONS
    export_dir: Path | None = None  # None: exports/ next to the warehouse

    @property
    def exports(self) -> Path:
        return self.export_dir or self.warehouse.parent / "exports"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        warehouse = Path(env.get("REPORTS_WAREHOUSE") or "data/warehouse.duckdb")
        return cls(
            raw_dir=Path(env.get("REPORTS_RAW_DIR") or "data/raw"),
            warehouse=warehouse,
            staging=Path(env.get("REPORTS_STAGING") or warehouse.parent / "staging"),
            workers=int(env.get("REPORTS_WORKERS") or os.cpu_count() or 1),
            lock_timeout_s=float(env.get("REPORTS_LOCK_TIMEOUT_S") or 3600),
            min_applications=int(env.get("REPORTS_MIN_APPLICATIONS") or DEFAULT_MIN_APPLICATIONS),
            export_dir=Path(env["REPORTS_EXPORT_DIR"]) if env.get("REPORTS_EXPORT_DIR") else None,
        )
