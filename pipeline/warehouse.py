"""The DuckDB warehouse: read its manifest, apply a staged run, publish atomically.

DuckDB takes one writer and blocks writers while anyone holds the file. So a run never writes
the file analysts open: it writes a **candidate copy** and, when everything is loaded and
checkpointed, renames it over the warehouse (``os.replace`` is atomic on POSIX). An analyst's open
session keeps reading the old file (its inode lives on until they close it) and never sees
half-written data; a run killed before the rename leaves the warehouse exactly as it was, and the
next run starts from it again. The manifest lives inside the warehouse, so it is swapped with the
data it describes.

What belongs here: file-level publishing and running the ``sql/*.sql`` files. SQL text lives in
``sql/``, not here.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipeline.vocabulary import row_labels

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
MANIFEST_SCHEMA = {"source_file": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64, "sha256": pl.String, "status": pl.String}


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Execute a sql/ file statement by statement (so errors name the statement)."""
    for statement in split_statements(sql_file(name)):
        con.execute(statement)


_COMMENT = re.compile(r"--[^\n]*")


def split_statements(sql: str) -> list[str]:
    """Statements of a sql/ file (our files keep `--` and `;` out of string literals)."""
    return [s.strip() for s in _COMMENT.sub("", sql).split(";") if s.strip()]


@contextmanager
def snapshot_connection(warehouse: Path):
    """A read-only connection to the published warehouse that no analyst's lock can refuse:
    the file itself when it can be opened read-only, else a private copy of it."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        copy = None
    except duckdb.Error:  # someone holds it read-write: read a copy (published files are complete)
        copy = warehouse.with_name(f".{warehouse.name}.snapshot-{os.getpid()}")
        shutil.copyfile(warehouse, copy)
        con = duckdb.connect(str(copy), read_only=True)
    try:
        yield con
    finally:
        con.close()
        if copy is not None:
            copy.unlink(missing_ok=True)


def read_manifest(warehouse: Path) -> pl.DataFrame:
    """The manifest of the published warehouse (empty when there is none yet)."""
    if not warehouse.exists():
        return pl.DataFrame(schema=MANIFEST_SCHEMA)
    with snapshot_connection(warehouse) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "file_manifest" not in tables:
            return pl.DataFrame(schema=MANIFEST_SCHEMA)
        return con.sql("SELECT source_file, size_bytes, mtime_ns, sha256, status FROM file_manifest").pl().cast(MANIFEST_SCHEMA)


def query_file(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    """Rows of a one-statement sql/ file (e.g. ``queries/carry_over_breaks.sql``)."""
    (statement,) = split_statements(sql_file(name))
    return con.execute(statement).fetchall()


def candidate_path(warehouse: Path, run_key: str) -> Path:
    return warehouse.with_name(f".{warehouse.name}.candidate-{run_key}")


def clear_stale_candidates(warehouse: Path) -> list[Path]:
    """Candidates left by killed runs (only this warehouse's)."""
    stale = list(warehouse.parent.glob(f".{warehouse.name}.candidate-*"))
    for p in stale:
        p.unlink(missing_ok=True)
    return stale


def apply_run(candidate: Path, staged: dict[str, str], missing_files: str) -> dict:
    """Load a staged run into the candidate (one transaction); return its :func:`summarize`."""
    con = duckdb.connect(str(candidate))
    try:
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET memory_limit = '1GB'")  # spills to disk beyond this: the run's RSS stays bounded
        run_script(con, "schema.sql")
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM row_codes")
        con.executemany("INSERT INTO row_codes VALUES (?, ?, ?, ?)", row_labels())
        for name, glob in staged.items():
            con.execute(f"SET VARIABLE {name} = ?", [glob])
        con.execute("SET VARIABLE missing_files = ?", [missing_files])
        run_script(con, "load.sql")
        con.execute("COMMIT")
        # the candidate is private until publish(), so a second transaction keeps the run atomic
        # for readers, and queries over committed (compressed) data are much faster
        con.execute("BEGIN TRANSACTION")
        run_script(con, "checks_cross_year.sql")
        run_script(con, "views.sql")
        run_script(con, "comparison.sql")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        return summarize(con)
    finally:
        con.close()


TABLES = ("reports", "cells", "sections", "parse_issues", "check_results", "narrative_facts", "file_manifest")


def summarize(con: duckdb.DuckDBPyConnection, preview_rows: int = 5) -> dict:
    """Row counts, status counts and a small preview of every table (run metadata). Views are not
    counted here: counting an aggregate view means computing it, which a run should not pay for."""
    out: dict = {"counts": {}, "previews": {}}
    for name in TABLES:
        out["counts"][name] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        rel = con.sql(f"SELECT * FROM {name} LIMIT {preview_rows}")
        out["previews"][name] = (tuple(rel.columns), rel.fetchall())
    out["status"] = dict(con.execute("SELECT status, count(*) FROM reports WHERE is_present GROUP BY status").fetchall())
    return out


def start_candidate(warehouse: Path, run_key: str) -> Path:
    """A private copy of the published warehouse for this run to write (or a new empty file)."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    cand = candidate_path(warehouse, run_key)
    cand.unlink(missing_ok=True)
    if warehouse.exists():
        shutil.copyfile(warehouse, cand)
    return cand


def publish(candidate: Path, warehouse: Path) -> None:
    """Atomically replace the warehouse with the fully loaded, checkpointed candidate."""
    fd = os.open(candidate, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(candidate, warehouse)
    wal = Path(str(warehouse) + ".wal")
    wal.unlink(missing_ok=True)  # the candidate was checkpointed; a stale WAL belongs to the old file
