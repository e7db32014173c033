"""Validation: is a batch of parsed frames what the pipeline promised, and does each report add up?

- :mod:`~pipeline.validate.schemas`    pandera schemas from the catalogue (a violation is a bug: the run stops);
- :mod:`~pipeline.validate.identities` the tables' own arithmetic (A1–A3, B1–B3, D1, blank totals, N1) per report;
- :mod:`~pipeline.validate.status`     ok / flagged / rejected and the one-line reason.

Cross-year identities (X1, X2) need other years' reports and run in SQL at load
(``sql/load/cross_year_checks.sql``). The Dagster asset checks that *summarise* these results
for the UI live in ``assets/checks.py``.

What belongs here: frame transformations, no I/O.
"""
