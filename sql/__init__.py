"""Every SQL statement of the pipeline, grouped by role (installed as the package ``pipeline.sql``).

- ``tables/``     the warehouse's DDL (columns as in pipeline/catalogue.py)
- ``load/``       what a run executes on its candidate warehouse, in order: session settings,
                  row codes, applying the staged run, cross-year checks, checkpoint
- ``plan/``       what a run reads of the published warehouse to decide what it parses (the
                  manifest; not part of the code build: it changes no row)
- ``views/``      the printed-shape views and the comparison layer
- ``queries/``    example analyses (documented in the README, timed by the benchmark)
- ``report/``     the queries behind the HTML comparison page
- ``monitoring/`` run metadata, asset checks and the benchmark's probes

Read them through :mod:`pipeline.warehouse.sql`. This file only makes the folder a package, so
installs carry it.
"""
