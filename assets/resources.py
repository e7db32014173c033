"""Resources: where raw reports are read, the warehouse every Dagster step reads or publishes, and
where exports go.

Built from ``REPORTS_*`` environment variables with ``dg.EnvVar``, so they are resolved when a run
launches, never when the code location is imported (``make run``/``make dev`` export them; tests
pass literal values through ``build_defs(settings)``). There is deliberately no ``.env`` file:
Dagster lets a ``.env`` in the working directory override the environment, which would send a
run configured by its caller (the benchmark, a test) to the default paths.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipeline.run.settings import Settings
from pipeline.warehouse import Warehouse
from pipeline.warehouse.store import DEFAULT_MIN_APPLICATIONS


class RawReportsResource(dg.ConfigurableResource):
    """The raw report files (read recursively) and how many parser processes read them."""

    raw_dir: str
    workers: int = 1


class WarehouseResource(dg.ConfigurableResource):
    """The published DuckDB warehouse and the runs' scratch space next to it. Owns every connection
    the Dagster layer opens (read-only snapshots that no analyst's lock can refuse) and publishing."""

    path: str
    staging: str
    lock_timeout_s: float = 3600.0  # how long a run waits for another run writing this warehouse
    min_applications: int = DEFAULT_MIN_APPLICATIONS  # rates below it are not ranked (comparison_settings)

    @property
    def store(self) -> Warehouse:
        return Warehouse(Path(self.path), self.min_applications)

    @contextmanager
    def snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.store.snapshot() as con:
            yield con


class ExportDirResource(dg.ConfigurableResource):
    """Where the exports asset writes Parquet, CSV and the workbook (only the export job needs it)."""

    path: str


def run_settings(raw_reports: RawReportsResource, warehouse: WarehouseResource) -> Settings:
    """The domain core's settings for one run, from the two resources."""
    return Settings(
        Path(raw_reports.raw_dir),
        Path(warehouse.path),
        Path(warehouse.staging),
        raw_reports.workers,
        warehouse.lock_timeout_s,
        warehouse.min_applications,
    )


def build_resources(settings: Settings | None = None) -> dict[str, dg.ConfigurableResource]:
    """Resources from the environment (resolved at launch), or from explicit settings (tests)."""
    if settings is None:
        return {
            "raw_reports": RawReportsResource(
                raw_dir=dg.EnvVar("REPORTS_RAW_DIR"), workers=dg.EnvVar.int("REPORTS_WORKERS")
            ),
            "warehouse": WarehouseResource(
                path=dg.EnvVar("REPORTS_WAREHOUSE"),
                staging=dg.EnvVar("REPORTS_STAGING"),
                min_applications=dg.EnvVar.int("REPORTS_MIN_APPLICATIONS"),
            ),
            "export_dir": ExportDirResource(path=dg.EnvVar("REPORTS_EXPORT_DIR")),
        }
    return {
        "raw_reports": RawReportsResource(raw_dir=str(settings.raw_dir), workers=settings.workers),
        "warehouse": WarehouseResource(
            path=str(settings.warehouse), staging=str(settings.staging), min_applications=settings.min_applications
        ),
        "export_dir": ExportDirResource(path=str(settings.exports)),
    }
