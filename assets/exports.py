"""The exports: Parquet, CSV and the newsroom workbook written from the published warehouse (group `exports`).

Its own job (``export_data``, ``make export``), started after every successful ingestion by the
sensor in :mod:`assets.automation`: it reads a snapshot, so it never blocks a run, and a failed
export never fails one.
"""

from pathlib import Path

import dagster as dg

from assets.resources import ExportDirResource, WarehouseResource
from pipeline.catalogue import VIEWS, WAREHOUSE_TABLES
from pipeline.export import export_warehouse
from pipeline.export.spec import DATASETS, SHEETS

_ASSETS = set(VIEWS) | set(WAREHOUSE_TABLES)  # a listed source the catalogue does not know yet is no dependency


@dg.asset(
    group_name="exports",
    deps=sorted({s.name for s in (*DATASETS, *SHEETS)} & _ASSETS),
    kinds={"parquet", "csv", "excel"},
    description="The comparison views and long tables as Parquet (hive-partitioned by year) and CSV (UTF-8 with "
    "BOM), and a workbook of the headline views, under REPORTS_EXPORT_DIR. Incremental: a file is rewritten only "
    "when its rows changed.",
)
def exports(warehouse: WarehouseResource, export_dir: ExportDirResource) -> dg.MaterializeResult:
    out = Path(export_dir.path)
    summary = export_warehouse(warehouse.store, out)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(out.resolve())),
            "files": summary.files,
            "written": len(summary.written),
            "unchanged": summary.unchanged,
            "removed": len(summary.removed),
            "seconds": summary.seconds,
            "rows": dg.MetadataValue.json(summary.rows),
            "notes": dg.MetadataValue.json(summary.notes),
        }
    )
