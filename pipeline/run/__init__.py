"""Run steps: one ingestion run as plain functions the Dagster assets and ``python -m pipeline.run`` share.

- :mod:`~pipeline.run.settings` — where a run reads and writes (the only reader of the environment);
- :mod:`~pipeline.run.plan`     — raw directory vs the published manifest → :class:`RunPlan`;
- :mod:`~pipeline.run.staging`  — the run's parquet scratch space, per chunk;
- :mod:`~pipeline.run.steps`    — plan → parse → validate and check → load and publish.

What belongs here: sequencing the layers below (parse, validate, warehouse) and fanning out over
chunks. What does not: how a report is read (``pipeline.parse``), what is checked
(``pipeline.validate``), how the warehouse is written (``pipeline.warehouse``), Dagster (``assets/``).
"""
