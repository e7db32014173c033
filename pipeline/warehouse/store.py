"""The DuckDB warehouse: read its manifest, apply a staged run, publish atomically.

DuckDB takes one writer and blocks writers while anyone holds the file. So a run never writes
the file analysts open: it writes a private **candidate** and, when everything is loaded and
checkpointed, renames it over the warehouse (``os.replace`` is atomic on POSIX). An analyst's open
session keeps reading the old file (its inode lives on until they close it) and never sees
half-written data; a run killed before the rename leaves the warehouse exactly as it was, and the
next run starts from it again. The manifest lives inside the warehouse, so it is swapped with the
data it describes.

The candidate is the **spare** — the file published before this one, with the run since replayed
into it (:mod:`pipeline.warehouse.spare`) — so a run does not copy the warehouse; when the spare
cannot be trusted or written, a copy of the warehouse, as before.

What belongs here: the :class:`Warehouse` — file-level publishing and every connection the
pipeline opens to the warehouse. SQL text lives in ``sql/``, read through
:mod:`pipeline.warehouse.sql`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import polars as pl

from pipeline.catalogue import TABLES, VIEWS, WAREHOUSE_TABLES
from pipeline.vocabulary import row_labels
from pipeline.warehouse.reuse import refresh_narrative_reuse
from pipeline.warehouse.spare import Spare, Stat, file_stat
from pipeline.warehouse.sql import fetch, query, run_script, sql_text

# below this many applications received, a body-year gets no rate in the peer ranking (README)
DEFAULT_MIN_APPLICATIONS = 10

MANIFEST_SCHEMA = TABLES["file_manifest"].frame_schema(
    ("source_file", "size_bytes", "mtime_ns", "sha256", "status", "parsed_by")
)


@dataclass(frozen=True)
class LoadSummary:
    """What a published run left in the warehouse (run metadata): rows per table, a preview of
    each, and present reports per status. Views are not counted: counting an aggregate view means
    computing it, which a run should not pay for."""

    counts: dict[str, int] = field(default_factory=dict)
    previews: dict[str, tuple[tuple[str, ...], list[tuple]]] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    # what the run's candidate started as (new | copy | spare | spare + replay) and what it left as
    # the next run's spare (replay | copy | none): pipeline/warehouse/spare.py
    started_from: str = ""
    spare_kept: str = ""
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each phase of the load step


class _Laps(dict):
    """Wall seconds per phase, each from the end of the one before."""

    def __init__(self) -> None:
        super().__init__()
        self._t = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self[phase] = round(now - self._t, 3)
        self._t = now


@dataclass(frozen=True)
class Warehouse:
    """The published warehouse file, and how runs read and replace it."""

    path: Path
    min_applications: int = DEFAULT_MIN_APPLICATIONS  # written to comparison_settings by every run

    # ------------------------------------------------------------------ reading
    @contextmanager
    def snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection to the published warehouse that no analyst's lock can refuse:
        the file itself when it can be opened read-only, else a private copy of it."""
        try:
            con = duckdb.connect(str(self.path), read_only=True)
            copy = None
        except duckdb.Error:  # someone holds it read-write: read a copy (published files are complete)
            copy = self.path.with_name(f".{self.path.name}.snapshot-{os.getpid()}")
            shutil.copyfile(self.path, copy)
            con = duckdb.connect(str(copy), read_only=True)
        try:
            run_script(con, "monitoring/session.sql")
            yield con
        finally:
            con.close()
            if copy is not None:
                copy.unlink(missing_ok=True)

    def read_manifest(self, files: list[str] | None = None) -> pl.DataFrame:
        """The manifest of the published warehouse (empty when there is none yet): every file's
        row, or only those of `files`."""
        if not self.path.exists():
            return pl.DataFrame(schema=MANIFEST_SCHEMA)
        with self.snapshot() as con:
            if not fetch(con, "monitoring/has_table.sql", table_name="file_manifest")[0][0]:
                return pl.DataFrame(schema=MANIFEST_SCHEMA)
            if files is None:
                held = query(con, "plan/read_manifest.sql").pl()
            else:
                held = query(con, "plan/read_manifest_of.sql", files=files).pl()
        missing = [pl.lit(None, t).alias(name) for name, t in MANIFEST_SCHEMA.items() if name not in held.columns]
        return held.with_columns(missing).select(list(MANIFEST_SCHEMA)).cast(MANIFEST_SCHEMA)

    def holds_other_builds(self, build: str) -> bool:
        """Whether a present file of the published warehouse was parsed by another code build
        (or by code that did not record its build)."""
        if not self.path.exists():
            return False
        with self.snapshot() as con:
            if not fetch(con, "monitoring/has_table.sql", table_name="file_manifest")[0][0]:
                return False
            if not fetch(con, "monitoring/has_column.sql", table_name="file_manifest", column_name="parsed_by")[0][0]:
                return True
            return bool(fetch(con, "plan/other_builds.sql", build=build)[0][0])

    # ------------------------------------------------------------------ writing
    def candidate_path(self, run_key: str) -> Path:
        return self.path.with_name(f".{self.path.name}.candidate-{run_key}")

    def clear_stale_candidates(self) -> list[Path]:
        """Candidates left by killed runs (only this warehouse's; runs are serialised)."""
        stale = list(self.path.parent.glob(f".{self.path.name}.candidate-*"))
        for p in stale:
            p.unlink(missing_ok=True)
        return stale

    def load_and_publish(self, staged: Mapping[str, str], run_key: str, run_dir: Path | None = None) -> LoadSummary:
        """Apply a staged run (``staged``: the variables ``load/apply_run.sql`` reads, files under
        ``run_dir``) to a private candidate and atomically publish it. The candidate is the spare
        with the run before replayed (:mod:`pipeline.warehouse.spare`), else a copy of the
        warehouse; after publishing, the superseded file and this run's input (moved out of
        ``run_dir``) become the next run's spare."""
        spare, laps = Spare(self.path), _Laps()
        candidate, started_from, replay, base = self._start_candidate(run_key, spare, staged.get("build", ""))
        laps.lap("candidate")
        try:
            summary = _apply_run(candidate, staged, self.min_applications, replay, laps)
            linked = spare.link_superseded(base)
            _publish(candidate, self.path)
            laps.lap("publish")
        finally:
            candidate.unlink(missing_ok=True)
        kept = spare.keep(linked, run_dir, staged)
        laps.lap("spare")
        return replace(summary, started_from=started_from, spare_kept=kept, seconds=dict(laps))

    def _start_candidate(
        self, run_key: str, spare: Spare, build: str
    ) -> tuple[Path, str, dict[str, str] | None, Stat | None]:
        """A private file for this run to write: (its path, what it started as, the input to
        replay into it first, the stat of the published file it starts from) — the spare when it
        can be trusted, else a copy of the published warehouse (or a new empty file)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        cand = self.candidate_path(run_key)
        cand.unlink(missing_ok=True)
        taken = spare.take(cand, build)
        if taken is not None:
            replay, base = taken
            return cand, "spare + replay" if replay else "spare", replay, base
        spare.discard()
        base = file_stat(self.path)
        if base is None and not self.path.exists():
            return cand, "new", None, None
        shutil.copyfile(self.path, cand)
        return cand, "copy", None, base if file_stat(self.path) == base else None


def _apply_run(
    candidate: Path,
    staged: Mapping[str, str],
    min_applications: int,
    replay: Mapping[str, str] | None = None,
    laps: _Laps | None = None,
) -> LoadSummary:
    """Load a staged run into the candidate (one transaction; the run to replay first, when the
    candidate is the spare), then derive what depends on it."""
    con = duckdb.connect(str(candidate))
    try:
        run_script(con, "load/session.sql")
        run_script(con, "tables/schema.sql")
        con.register(
            "template_rows", pl.DataFrame(row_labels(), schema=TABLES["row_codes"].frame_schema(), orient="row")
        )
        con.begin()
        run_script(con, "load/row_codes.sql")
        for batch in (replay, staged) if replay else (staged,):
            run_script(con, "load/apply_run.sql", **batch)
            run_script(con, "load/lend_agency_keys.sql")
        con.commit()
        laps = laps if laps is not None else _Laps()
        laps.lap("apply")
        # the candidate is private until published, so a second transaction keeps the run atomic
        # for readers, and queries over committed (compressed) data are much faster
        con.begin()
        if fetch(con, "monitoring/has_table.sql", table_name="report_metrics")[0][0]:
            run_script(con, "load/drop_old_report_metrics.sql")
        run_script(con, "load/cross_year_checks.sql")
        laps.lap("cross_year_checks")
        create_comparison(con, min_applications, staged.get("build", ""))
        con.commit()
        laps.lap("comparison")
        # written out before narrative reuse: its smaller DuckDB cache can then let the blocks go
        # (an open transaction's changes cannot leave memory: at 10^6 reports the limit failed)
        run_script(con, "load/checkpoint.sql")
        laps.lap("checkpoint")
        create_evaluation(con, staged.get("build", ""), laps)
        run_script(con, "load/checkpoint.sql")
        summary = summarize(con)
        laps.lap("checkpoint_and_summary")
        return summary
    finally:
        con.close()


def create_views(
    con: duckdb.DuckDBPyConnection, min_applications: int = DEFAULT_MIN_APPLICATIONS, build: str = ""
) -> None:
    """Everything derived from the loaded tables: the comparison settings, the views (and the
    tables kept for them), narrative reuse, the evaluation views."""
    create_comparison(con, min_applications, build)
    create_evaluation(con, build)


def create_comparison(
    con: duckdb.DuckDBPyConnection, min_applications: int = DEFAULT_MIN_APPLICATIONS, build: str = ""
) -> None:
    """The comparison settings, the printed-shape and comparison views and the tables kept
    for them."""
    run_script(con, "load/comparison_settings.sql", min_applications=min_applications)
    refresh_kept(con, "views/printed_shape.sql", build)
    rules = metric_rules(build)
    if (
        fetch(con, "monitoring/has_table.sql", table_name="report_cell_metrics")[0][0]
        and fetch(con, "load/cell_metrics_stale.sql", metric_rules=rules)[0][0]
    ):
        run_script(con, "load/drop_cell_metrics.sql")
    run_script(con, "views/comparison.sql", metric_rules=rules)


def create_evaluation(con: duckdb.DuckDBPyConnection, build: str = "", laps: _Laps | None = None) -> None:
    """Narrative reuse (the changed years) and the evaluation views. Outside a transaction on a
    run's candidate (private until published): a statement that fails there fails the run."""
    laps = laps if laps is not None else _Laps()
    refresh_narrative_reuse(con, build)
    laps.lap("narrative_reuse")
    refresh_kept(con, "views/evaluation.sql", build)
    laps.lap("evaluation")


def kept_rules(sql_file: str, build: str) -> str:
    """The fingerprint kept with the per-report results a views file keeps between runs: that
    file's text and the parser build (``build``: the run's, pipeline/run/build.py). Results
    computed under another one are computed again."""
    digest = hashlib.sha256(sql_text(sql_file).encode() + b"\0" + build.encode())
    return digest.hexdigest()[:16]


def metric_rules(build: str) -> str:
    """The fingerprint kept with each report's cell metrics (views/comparison.sql)."""
    return kept_rules("views/comparison.sql", build)


# The views files that keep per-report results between runs, and the file that drops what they keep.
# The tables are those pipeline/catalogue.py lists as kept by the file's views; the first lists every
# report computed, with the `rules` it was computed under.
KEPT_DROP = {
    "views/printed_shape.sql": "load/drop_printed_shape_kept.sql",
    "views/evaluation.sql": "load/drop_completeness_kept.sql",
}


def kept_tables(sql_file: str) -> tuple[str, ...]:
    """The per-report tables the views of ``sql_file`` keep (pipeline/catalogue.py), in order."""
    return tuple(dict.fromkeys(t for v in VIEWS.values() if v.sql_file == sql_file for t in v.kept))


def refresh_kept(con: duckdb.DuckDBPyConnection, sql_file: str, build: str) -> None:
    """Run a views file that keeps per-report results (``KEPT_DROP``), computing only the reports it has
    not computed. What it kept is dropped first, so that every report is computed again, when it
    was computed under other rules, or when one of its tables is missing (the others would claim
    reports whose rows are not there)."""
    rules = kept_rules(sql_file, build)
    tables = kept_tables(sql_file)
    held = [fetch(con, "monitoring/has_table.sql", table_name=t)[0][0] for t in tables]
    if any(held) and (not all(held) or fetch(con, "load/kept_stale.sql", kept_table=tables[0], kept_rules=rules)[0][0]):
        run_script(con, KEPT_DROP[sql_file])
    run_script(con, sql_file, kept_rules=rules)


def summarize(con: duckdb.DuckDBPyConnection, preview_rows: int = 5) -> LoadSummary:
    """Row counts, a small preview of every warehouse table, and present reports per status."""
    counts, previews = {}, {}
    for name in WAREHOUSE_TABLES:
        counts[name] = fetch(con, "monitoring/row_count.sql", table_name=name)[0][0]
        rel = query(con, "monitoring/preview.sql", table_name=name, preview_rows=preview_rows)
        previews[name] = (tuple(rel.columns), rel.fetchall())
    return LoadSummary(counts, previews, dict(fetch(con, "monitoring/status_counts.sql")))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(candidate: Path, warehouse: Path) -> None:
    """Atomically replace the warehouse with the fully loaded, checkpointed candidate: its bytes
    reach the disk before the rename, and the rename reaches the disk (the directory is synced)
    before the run reports success — a power cut leaves the old warehouse or the new one."""
    _fsync(candidate)
    os.replace(candidate, warehouse)
    _fsync(warehouse.parent)
    wal = Path(str(warehouse) + ".wal")
    wal.unlink(missing_ok=True)  # the candidate was checkpointed; a stale WAL belongs to the old file
