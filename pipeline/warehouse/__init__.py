"""Storage: the DuckDB warehouse and the SQL that builds and reads it.

- :mod:`pipeline.warehouse.store` — the :class:`~pipeline.warehouse.store.Warehouse`: snapshots
  for readers, the manifest, loading a staged run into a private candidate and publishing it
  atomically;
- :mod:`pipeline.warehouse.sql` — the only loader of ``sql/`` files.

What belongs here: connections, transactions, publishing. What does not: parsing, checks (their
results arrive as staged parquet), run planning (``pipeline.run``), presentation
(``pipeline.report``).
"""

from pipeline.warehouse.store import LoadSummary, Warehouse

__all__ = ["LoadSummary", "Warehouse"]
