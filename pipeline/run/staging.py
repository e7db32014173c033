"""A run's scratch space: parsed and checked frames as parquet, one directory per chunk.

Layout under ``<staging>/<run key>/``::

    parsed/chunk-00000/<frame>.parquet   the catalogue's STAGED_FRAMES, each tagged with its chunk
    manifest.parquet                     the files this run parsed (path, size, mtime)
    missing.parquet                      the files that disappeared

Between steps, frames live here, so memory is bounded by one chunk, not by the run; the load
step reads them with DuckDB (``load/apply_run.sql``), joining children to reports on
(report_id, chunk).

What belongs here: the staging layout, writing and reading it, and removing what killed runs left.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from pipeline.catalogue import PARSED_FRAMES, STAGED_FRAMES
from pipeline.parse.frames import ParsedFrames
from pipeline.run.build import code_build
from pipeline.run.plan import FILE_STAT_SCHEMA, RunPlan

CHUNK_GLOB = "chunk-*"


def parsed_dir(run_dir: str | Path) -> Path:
    return Path(run_dir) / "parsed"


def chunk_dir(run_dir: str | Path, k: int) -> Path:
    return parsed_dir(run_dir) / f"chunk-{k:05d}"


def chunk_dirs(run_dir: str | Path) -> list[Path]:
    return sorted(parsed_dir(run_dir).glob(CHUNK_GLOB))


def write_frames(out: Path, frames: dict[str, pl.DataFrame]) -> None:
    """Each frame to ``<name>.parquet``, tagged with its chunk (the load joins on report and chunk)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.with_columns(chunk=pl.lit(out.name, pl.Categorical)).write_parquet(out / f"{name}.parquet")


def read_parsed(out: Path) -> ParsedFrames:
    return ParsedFrames(**{n: pl.read_parquet(out / f"{n}.parquet").drop("chunk") for n in PARSED_FRAMES})


def clear_stale_runs(staging: Path, keep: Path) -> list[Path]:
    """Staging directories left by killed runs (runs are serialised, so any other is stale)."""
    stale = [p for p in staging.glob("*") if p.is_dir() and p.resolve() != keep.resolve()] if staging.exists() else []
    for p in stale:
        shutil.rmtree(p, ignore_errors=True)
    return stale


def stage_file_lists(run_plan: RunPlan) -> dict[str, str]:
    """Write the run's file lists; the variables ``load/apply_run.sql`` reads, glob per frame."""
    run = Path(run_plan.run_dir)
    run.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(run_plan.to_parse, schema=FILE_STAT_SCHEMA, orient="row").write_parquet(run / "manifest.parquet")
    pl.DataFrame({"source_file": run_plan.missing}, schema={"source_file": pl.String}).write_parquet(
        run / "missing.parquet"
    )
    variables = {f"staged_{name}": str(parsed_dir(run) / CHUNK_GLOB / f"{name}.parquet") for name in STAGED_FRAMES}
    variables["staged_manifest"] = str(run / "manifest.parquet")
    variables["missing_files"] = str(run / "missing.parquet")
    variables["build"] = code_build()  # recorded per file in the manifest
    return variables
