"""One ingestion run, step by step: discover files → parse (chunks, in parallel) → validate and
check → load into a candidate warehouse → publish.

Each step is a plain function over paths and frames; the Dagster assets in ``assets/`` call them
one per asset, and tests and benchmarks call them directly. Between steps, frames live as parquet
files in a per-run staging directory, so memory is bounded by one chunk, not by the run.

Incremental: a file whose (size, mtime) matches the manifest is not re-parsed; a changed file is
re-parsed and replaces its rows; a file that disappeared keeps its rows, marked not present.

What belongs here: the run's steps and its staging layout.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import checks, warehouse
from pipeline.frames import FrameBuilder, ParsedFrames
from pipeline.parser import parse_report
from pipeline.schemas import validate_frames

CHUNK_SIZE = 2000


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the orchestrator runs threads, and a forked child can inherit a held lock
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
FRAME_NAMES = ("reports", "cells", "sections", "issues", "facts")


@dataclass(frozen=True)
class FileChanges:
    """What a run has to do, against the published manifest."""

    run_dir: str
    to_parse: list[tuple[str, int, int]]  # (source_file, size_bytes, mtime_ns)
    unchanged: int
    missing: list[str]

    @property
    def empty(self) -> bool:
        return not self.to_parse and not self.missing


def _files(raw_dir: Path):
    """(DirEntry, stat) of every regular, non-hidden file under raw_dir, without following links."""
    stack = [raw_dir]
    while stack:
        d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except FileNotFoundError:
            continue
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                stack.append(Path(e.path))
            elif e.is_file() and not e.name.startswith("."):
                yield e, e.stat()


def scan(raw_dir: Path) -> pl.DataFrame:
    """Every regular file under raw_dir: relative path, size, mtime (ns)."""
    rows = [(Path(e.path).relative_to(raw_dir).as_posix(), st.st_size, st.st_mtime_ns) for e, st in _files(raw_dir)]
    return pl.DataFrame(rows, schema={"source_file": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64}, orient="row").sort(
        "source_file"
    )


def clear_stale_runs(staging: Path, keep: Path) -> list[Path]:
    """Staging directories left by killed runs (runs are serialised, so any other is stale)."""
    stale = [p for p in staging.glob("*") if p.is_dir() and p.resolve() != keep.resolve()] if staging.exists() else []
    for p in stale:
        shutil.rmtree(p, ignore_errors=True)
    return stale


def changed_since(raw_dir: Path, high_water_ns: int) -> tuple[int, int]:
    """(files changed after the high-water mark, new high-water mark) — for the sensor's cursor.

    Uses max(mtime, ctime): a file copied in with its old mtime preserved still gets a new ctime."""
    count, newest = 0, high_water_ns
    for _entry, st in _files(raw_dir):
        ts = max(st.st_mtime_ns, st.st_ctime_ns)
        if ts > high_water_ns:
            count += 1
            newest = max(newest, ts)
    return count, newest


def plan(raw_dir: Path, manifest: pl.DataFrame, run_dir: Path) -> FileChanges:
    files = scan(raw_dir)
    known = manifest.filter(pl.col("status") == "present").select("source_file", "size_bytes", "mtime_ns")
    changed = files.join(known, on=["source_file", "size_bytes", "mtime_ns"], how="anti")
    missing = known.join(files, on="source_file", how="anti")["source_file"].to_list()
    return FileChanges(str(run_dir), changed.rows(), files.height - changed.height, sorted(missing))


def _parse_chunk(args: tuple[str, str, list[tuple[str, int, int]]]) -> dict:
    """Worker: parse one chunk of files and write its frames (runs in a child process)."""
    raw_dir, out_dir, files = args
    builder = FrameBuilder()
    seen: dict[str, str] = {}
    for source_file, _size, _mtime in files:
        try:
            data = (Path(raw_dir) / source_file).read_bytes()
        except OSError as exc:
            data = None
            report = parse_report(b"", source_file)
            report.reject_reason = f"unreadable file: {exc}"
        if data is not None:
            report = parse_report(data, source_file)
        # same content twice in one chunk: the later path keeps a row, its content is not repeated
        if report.parse_status == "parsed" and report.report_id in seen:
            report.blocks, report.sections, report.issues, report.facts = [], [], [], []
        else:
            seen.setdefault(report.report_id, source_file)
        builder.add(report)
    frames = builder.build()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _write(frames, out)
    return {"chunk": out.name, "files": len(files), "cells": frames.cells.height, "rejected": int((frames.reports["parse_status"] == "rejected").sum())}


def _write(frames: ParsedFrames, out: Path) -> None:
    """Each frame to parquet, tagged with its chunk (the load joins children on report and chunk)."""
    for name in FRAME_NAMES:
        _tagged(getattr(frames, name), out).write_parquet(out / f"{name}.parquet")


def _tagged(frame: pl.DataFrame, out: Path) -> pl.DataFrame:
    return frame.with_columns(chunk=pl.lit(out.name, pl.Categorical))


def parse_files(raw_dir: Path, changes: FileChanges, workers: int = 1) -> list[dict]:
    """Parse every file to (re)parse, in chunks, with `workers` processes."""
    parsed_dir = Path(changes.run_dir) / "parsed"
    shutil.rmtree(parsed_dir, ignore_errors=True)
    chunks = [changes.to_parse[i : i + CHUNK_SIZE] for i in range(0, len(changes.to_parse), CHUNK_SIZE)]
    jobs = [(str(raw_dir), str(parsed_dir / f"chunk-{k:05d}"), c) for k, c in enumerate(chunks)]
    if workers > 1 and len(jobs) > 1:
        with _pool(workers) as pool:
            return list(pool.map(_parse_chunk, jobs))
    return [_parse_chunk(job) for job in jobs]


def _read_chunk(chunk_dir: Path) -> ParsedFrames:
    return ParsedFrames(**{n: pl.read_parquet(chunk_dir / f"{n}.parquet").drop("chunk") for n in FRAME_NAMES})


def _validate_chunk(chunk_dir_s: str) -> dict:
    """Schema validation (raises on a violation: a bug stops the run) + checks + statuses."""
    chunk_dir = Path(chunk_dir_s)
    frames = validate_frames(_read_chunk(chunk_dir))
    results, status = checks.assess(frames)
    _tagged(results, chunk_dir).write_parquet(chunk_dir / "checks.parquet")
    _tagged(status, chunk_dir).write_parquet(chunk_dir / "status.parquet")
    counts = status["status"].value_counts()
    return {"chunk": chunk_dir.name, **dict(zip(counts["status"], counts["count"])), "check_failures": int(((results["status"] == "fail") & (results["severity"] == "error")).sum())}


def validate_and_check(changes: FileChanges, workers: int = 1) -> list[dict]:
    chunk_dirs = sorted(str(p) for p in (Path(changes.run_dir) / "parsed").glob("chunk-*"))
    if workers > 1 and len(chunk_dirs) > 1:
        with _pool(workers) as pool:
            return list(pool.map(_validate_chunk, chunk_dirs))
    return [_validate_chunk(d) for d in chunk_dirs]


def staged_globs(changes: FileChanges) -> tuple[dict[str, str], str]:
    """The parquet globs load.sql reads, and the parquet of missing files."""
    run = Path(changes.run_dir)
    parsed = run / "parsed"
    run.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(
        [(f, s, m) for f, s, m in changes.to_parse],
        schema={"source_file": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64},
        orient="row",
    ).write_parquet(run / "manifest.parquet")
    pl.DataFrame({"source_file": changes.missing}, schema={"source_file": pl.String}).write_parquet(run / "missing.parquet")
    names = {
        "staged_reports": "reports", "staged_cells": "cells", "staged_sections": "sections",
        "staged_issues": "issues", "staged_facts": "facts", "staged_checks": "checks", "staged_status": "status",
    }
    globs = {var: str(parsed / "chunk-*" / f"{name}.parquet") for var, name in names.items()}
    if not changes.to_parse:  # nothing parsed: empty frames so the SQL still reads a schema
        empty = parsed / "chunk-empty"
        empty.mkdir(parents=True, exist_ok=True)
        _write_empty(empty)
    globs["staged_manifest"] = str(run / "manifest.parquet")
    return globs, str(run / "missing.parquet")


def _write_empty(out: Path) -> None:
    """Empty frames with the staged schemas, for runs that only mark missing files."""
    frames = FrameBuilder().build()
    _write(frames, out)
    results, status = checks.assess(frames)
    _tagged(results, out).write_parquet(out / "checks.parquet")
    _tagged(status, out).write_parquet(out / "status.parquet")


def load_and_publish(changes: FileChanges, warehouse_path: Path, run_key: str) -> dict:
    """Apply the staged run to a candidate copy and atomically publish it."""
    globs, missing = staged_globs(changes)
    candidate = warehouse.start_candidate(warehouse_path, run_key)
    try:
        counts = warehouse.apply_run(candidate, globs, missing)
        warehouse.publish(candidate, warehouse_path)
    finally:
        candidate.unlink(missing_ok=True)
    return counts


def run_all(raw_dir: Path, warehouse_path: Path, staging: Path, run_key: str = "local", workers: int = 1) -> dict:
    """The whole run without Dagster (tests, benchmarks)."""
    warehouse.clear_stale_candidates(warehouse_path)
    run_dir = staging / run_key
    clear_stale_runs(staging, run_dir)
    shutil.rmtree(run_dir, ignore_errors=True)
    changes = plan(raw_dir, warehouse.read_manifest(warehouse_path), run_dir)
    parse_files(raw_dir, changes, workers)
    validate_and_check(changes, workers)
    summary = load_and_publish(changes, warehouse_path, run_key)
    shutil.rmtree(run_dir, ignore_errors=True)
    return {"parsed": len(changes.to_parse), "unchanged": changes.unchanged, "missing": len(changes.missing), **summary}
