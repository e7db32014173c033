"""Presentation: self-contained HTML pages rendered from the warehouse, Chinese first with the
English in small type.

- :mod:`~pipeline.report.charts` — bilingual labels, inline-SVG charts, tables, notes, the page frame.
- :mod:`~pipeline.report.html` — the comparison page (``comparison.html``).
- :mod:`~pipeline.report.evaluation` — its timeliness, completeness, narrative reuse and X3 sections.
- :mod:`~pipeline.report.bodies` — a page per body (years side by side) and the index of bodies.
- :mod:`~pipeline.report.labels` — Chinese names of the codes the pages show.

What belongs here: turning query results into something a reader opens (layout, labels,
escaping, writing files atomically). The queries live in ``sql/report/`` and ``sql/queries/``;
nothing here computes a number SQL could.
"""
