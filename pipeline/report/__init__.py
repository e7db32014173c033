"""Presentation: the self-contained HTML comparison page rendered from the warehouse.

- :mod:`~pipeline.report.html` — query results → inline-SVG charts and tables in one HTML file.

What belongs here: turning query results into something a reader opens. The queries live in
``sql/report/`` and ``sql/queries/``.
"""
