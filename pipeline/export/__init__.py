"""Data out: the published warehouse written as files for people who do not query DuckDB.

- :mod:`~pipeline.export.spec` — **what** is exported: the datasets (views and long tables),
  the sheets of the newsroom workbook, the Chinese column labels. Adding a view is one line there.
- :mod:`~pipeline.export.files` — how: Parquet (hive-partitioned by year) and CSV (UTF-8 with BOM)
  per dataset, read through a snapshot connection; idempotent and incremental (a manifest of
  content keys; a file is rewritten only when its rows changed, always via a temp name and a rename).
- :mod:`~pipeline.export.workbook` — the ``.xlsx`` workbook of the headline views (xlsxwriter).

What belongs here: turning warehouse rows into files, deterministically. It reads the warehouse
(``pipeline.warehouse``) and nothing above it; no Dagster (``assets/exports.py`` wires it). The
queries live in ``sql/export/``.
"""

from pipeline.export.files import ExportSummary, export_warehouse

__all__ = ["ExportSummary", "export_warehouse"]
