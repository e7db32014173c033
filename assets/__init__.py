"""Dagster layer: thin wiring of the domain core in ``pipeline/`` into assets, checks and automation.

- ``resources``  — where raw reports are read, the warehouse (from REPORTS_* at launch);
- ``ingestion``  — one asset per run step (plan, parse, validate, load and publish) + tables and views;
- ``report``     — the HTML comparison page;
- ``checks``     — warning asset checks summarising the identities' results;
- ``automation`` — the sensor on the raw directory and the daily schedule;
- ``definitions``— ``build_defs()``, the code location.

What belongs here: Dagster objects and metadata. Anything a test could call without Dagster
belongs in ``pipeline/``.
"""
