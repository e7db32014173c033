"""Comparisons across reports that SQL does not do well, computed in Python over frames the
warehouse hands over: narrative reuse (near-duplicate sections by MinHash/LSH).

What belongs here: pure functions from polars frames to polars frames, no connection, no files.
The warehouse layer reads their input and stores their output (``sql/views/narrative_reuse.sql``);
the comparisons SQL can express (metrics, ranks, timeliness, completeness) live in ``sql/views/``.
"""
