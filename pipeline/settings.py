"""Settings from environment variables, with the defaults the README documents.

- ``REPORTS_RAW_DIR``   where raw report files are read (default ``data/raw``)
- ``REPORTS_WAREHOUSE`` the DuckDB file analysts query (default ``data/warehouse.duckdb``)
- ``REPORTS_STAGING``   scratch space for one run's parsed frames (default: ``staging/`` next to
  the warehouse); a killed run leaves only this behind, and the next run clears it.
- ``REPORTS_WORKERS``   parser processes (default: the machine's cores)

What belongs here: reading configuration. Nothing else reads ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    staging: Path
    workers: int

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        warehouse = Path(overrides.get("warehouse") or os.environ.get("REPORTS_WAREHOUSE", "data/warehouse.duckdb"))
        return cls(
            raw_dir=Path(overrides.get("raw_dir") or os.environ.get("REPORTS_RAW_DIR", "data/raw")),
            warehouse=warehouse,
            staging=Path(overrides.get("staging") or os.environ.get("REPORTS_STAGING", warehouse.parent / "staging")),
            workers=int(overrides.get("workers") or os.environ.get("REPORTS_WORKERS", os.cpu_count() or 1)),
        )
