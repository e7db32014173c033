"""Resources: where raw files are read and the warehouse is written, from environment variables."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.settings import Settings


class ReportsConfig(dg.ConfigurableResource):
    """Paths and parallelism of an ingestion run (defaults: REPORTS_* environment variables)."""

    raw_dir: str
    warehouse: str
    staging: str
    workers: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> ReportsConfig:
        return cls(raw_dir=str(settings.raw_dir), warehouse=str(settings.warehouse), staging=str(settings.staging), workers=settings.workers)

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse)

    def run_dir(self, run_id: str) -> Path:
        return Path(self.staging) / run_id
