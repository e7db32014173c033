"""The per-report tables kept for the printed-shape and completeness views, on a copy of a bench
warehouse (the file given is changed: never the published one).

- ``scratch``: drop what is kept and compute it for every report, as the first run (or a run under
  new rules) does; seconds per views file and for the checkpoint after it. Run it under
  ``/usr/bin/time -v`` for its peak RSS.
- ``changes N``: N one-file runs as ``make bench`` makes them: a new report (a present report's rows
  copied under a new id and path) and the one added by the run before marked missing; seconds per
  views file for each run.
- ``latency``: every view counted (``sql/monitoring/row_count.sql``) and every example query run, three
  times each, as ``bench/run.py`` times them (it keeps the best).

``python -m bench.kept_views scratch /tmp/w.duckdb``; each step in the connection settings of a run
(``sql/load/session.sql``), the printed shapes inside a transaction as a run computes them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from pipeline.warehouse.sql import fetch, run_script, sql_files
from pipeline.warehouse.store import KEPT_DROP, refresh_kept

BUILD = "bench"  # the rules' parser build: any fixed string (scratch and changes must agree)
ADDED = "zz-kept-views/"  # the path prefix of the reports the one-file runs add


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    run_script(con, "load/session.sql")
    return con


def _refresh(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Both views files brought up to date, as a run does: seconds per step."""
    out = {}
    t = time.perf_counter()
    con.begin()
    refresh_kept(con, "views/printed_shape.sql", BUILD)
    con.commit()
    out["printed_shape_s"] = time.perf_counter() - t
    t = time.perf_counter()
    run_script(con, "load/checkpoint.sql")
    out["checkpoint_s"] = time.perf_counter() - t
    t = time.perf_counter()
    refresh_kept(con, "views/evaluation.sql", BUILD)
    out["completeness_s"] = time.perf_counter() - t
    t = time.perf_counter()
    run_script(con, "load/checkpoint.sql")
    out["checkpoint_after_s"] = time.perf_counter() - t
    return {k: round(v, 2) for k, v in out.items()}


def scratch(path: Path) -> dict[str, float]:
    con = _connect(path)
    try:
        for drop in KEPT_DROP.values():
            run_script(con, drop)
        run_script(con, "load/checkpoint.sql")
        return _refresh(con)
    finally:
        con.close()


# a one-file run's change, in SQL: the report added by the run before goes missing, a copy of a
# present report (its cells, sections and parse issues) arrives under a new id
_CHANGE = [
    "UPDATE reports SET is_present = false WHERE starts_with(source_file, $prefix) AND is_present",
    "CREATE OR REPLACE TEMP TABLE donor AS SELECT * FROM reports "
    "WHERE is_present AND status <> 'rejected' AND NOT starts_with(source_file, $prefix) "
    "ORDER BY hash(report_id, $k) LIMIT 1",
    "INSERT INTO reports SELECT * REPLACE ($id AS report_id, $prefix || $k || '.txt' AS source_file) FROM donor",
    "INSERT INTO cells SELECT * REPLACE ($id AS report_id) FROM cells WHERE report_id = (SELECT report_id FROM donor)",
    "INSERT INTO sections SELECT * REPLACE ($id AS report_id) FROM sections "
    "WHERE report_id = (SELECT report_id FROM donor)",
    "INSERT INTO parse_issues SELECT * REPLACE ($id AS report_id) FROM parse_issues "
    "WHERE report_id = (SELECT report_id FROM donor)",
]


def changes(path: Path, runs: int) -> list[dict[str, float]]:
    con = _connect(path)
    out = []
    try:
        for k in range(runs):
            con.begin()
            params = {"prefix": ADDED, "k": str(k), "id": f"ffff{time.time_ns():012x}"[-16:]}
            for statement in _CHANGE:
                con.execute(statement, {n: v for n, v in params.items() if f"${n}" in statement})
            con.commit()
            out.append(_refresh(con))
            print(f"one-file run {k + 1}: {out[-1]}", flush=True)
    finally:
        con.close()
    return out


def latency(path: Path) -> dict[str, list[float]]:
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    try:
        views = [v for (v,) in fetch(con, "monitoring/views.sql")]
        jobs = [(f"view:{v}", "monitoring/row_count.sql", {"table_name": v}) for v in views]
        jobs += [(f"query:{Path(name).stem}", name, {}) for name in sql_files("queries")]
        for label, name, variables in jobs:
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                fetch(con, name, **variables)
                runs.append(round(time.perf_counter() - t, 3))
            out[label] = runs
            print(f"{label:40s} best {min(runs):6.3f}  median {sorted(runs)[1]:6.3f}  runs {runs}", flush=True)
    finally:
        con.close()
    return out


if __name__ == "__main__":
    what, warehouse = sys.argv[1], Path(sys.argv[2])
    if what == "scratch":
        print(scratch(warehouse), flush=True)
    elif what == "changes":
        changes(warehouse, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    elif what == "latency":
        latency(warehouse)
    else:
        raise SystemExit(__doc__)
