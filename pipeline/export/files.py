"""Parquet and CSV of every dataset, the workbook, and the manifest that keeps re-exports incremental.

Layout under the export directory (one folder per dataset, a partition per year when it has one)::

    manifest.json                                   every file: content key, sha256, bytes, rows; notes
    parquet/<dataset>/year=2023/<dataset>_2023.parquet   hive style; `year` is in the path, not the file
    parquet/<dataset>/<dataset>.parquet             a dataset without a year
    csv/<dataset>/year=2023/<dataset>_2023.csv      UTF-8 with BOM; every column of the source
    disclosure_headlines.xlsx                       the newsroom workbook (pipeline.export.workbook)

Rows of a report-keyed table (cells, sections, …) fall in their report's year; rows without a year
in ``year=__HIVE_DEFAULT_PARTITION__`` (Hive's name for NULL, which DuckDB and polars read back as NULL).

**Deterministic.** Every query orders by all its columns (``ORDER BY ALL``), the writers are
fixed (polars, xlsxwriter with a fixed creation date), so the same warehouse gives the same bytes.

**Incremental.** Each file has a *content key*: a digest of its rows (polars' row hashes, in order),
its schema and the build of the code that renders it. A file whose key is the one the manifest
recorded, and which is still there at its recorded size, is left alone: a second export of the
same warehouse writes nothing, and a run that changed one year's reports rewrites that year's
files only. A file is written to a temp name beside it and renamed into place, so a reader never
sees half a file; files of partitions that disappeared (a year with no reports left, a dataset no
longer exported) are removed. One export at a time per directory (a lock file beside it).

What belongs here: partitions, files, the manifest. What is exported: :mod:`pipeline.export.spec`.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files as package_files
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from pipeline.export import workbook
from pipeline.export.spec import DATASETS, LABELS, SHEETS, WORKBOOK, Dataset, Sheet
from pipeline.warehouse import Warehouse
from pipeline.warehouse.lock import WriterLock
from pipeline.warehouse.sql import fetch, query

MANIFEST = "manifest.json"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
_TMP = ".export-tmp"
_LOCK_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class ExportSummary:
    """What one export did (the asset's metadata, the benchmark's numbers)."""

    out_dir: Path
    files: int  # files the export holds now
    written: tuple[str, ...]  # relative paths (re)written by this export
    removed: tuple[str, ...]  # relative paths of partitions that disappeared
    notes: dict[str, str] = field(default_factory=dict)  # skipped sources, truncated sheets
    rows: dict[str, int] = field(default_factory=dict)  # per dataset
    seconds: float = 0.0

    @property
    def unchanged(self) -> int:
        return self.files - len(self.written)


def export_warehouse(
    warehouse: Warehouse,
    out_dir: Path,
    datasets: Sequence[Dataset] = DATASETS,
    sheets: Sequence[Sheet] = SHEETS,
) -> ExportSummary:
    """Export the published warehouse into `out_dir` (through a snapshot: a run is never blocked)."""
    start = time.perf_counter()
    if not warehouse.path.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse.path}: build it first (make run)")
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = WriterLock(out_dir, f"export-{os.getpid()}")  # .<dir>.lock beside it: the directory holds the export only
    lock.acquire(_LOCK_TIMEOUT_S)
    try:
        for stale in out_dir.rglob(f"*{_TMP}"):  # left by a killed export; under the lock none is live
            stale.unlink(missing_ok=True)
        previous = _read_manifest(out_dir)
        out = _Output(out_dir, previous.get("files", {}))
        notes: dict[str, str] = {}
        described: dict[str, dict] = {}
        with warehouse.snapshot() as con:
            sources = {name: tuple(columns) for name, columns in fetch(con, "export/sources.sql")}
            for dataset in datasets:
                if dataset.name not in sources:
                    notes[dataset.name] = "not in the warehouse: skipped"
                    continue
                described[dataset.name] = _export_dataset(con, out, dataset, sources[dataset.name])
            _export_workbook(con, out, sheets, sources, notes)
        removed = out.remove_stale()
        manifest = {
            "about": "Exported from the disclosure warehouse; README.md, section Exports. Keys: content "
            "digests that decide whether a file is rewritten; sha256 and bytes: of the file.",
            "datasets": described,
            "notes": notes,
            "files": dict(sorted(out.files.items())),
        }
        _write_text_if_changed(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    finally:
        lock.release()
    return ExportSummary(
        out_dir,
        files=len(out.files),
        written=tuple(out.written),
        removed=tuple(removed),
        notes=notes,
        rows={name: d["rows"] for name, d in described.items()},
        seconds=round(time.perf_counter() - start, 3),
    )


# ------------------------------------------------------------------ datasets
def _export_dataset(con: duckdb.DuckDBPyConnection, out: _Output, dataset: Dataset, columns: tuple[str, ...]) -> dict:
    """Write one dataset's files; its manifest entry (how it is partitioned, rows, files)."""
    name = dataset.name
    if dataset.by_year and "year" in columns:
        by, years_sql, rows_sql = "year", "export/years_of_column.sql", "export/rows_of_year.sql"
    elif dataset.by_year and "report_id" in columns:
        by, years_sql, rows_sql = "year of the report", "export/years_of_report.sql", "export/rows_of_report_year.sql"
    else:
        frame = query(con, "export/rows.sql", source=name).pl()
        paths = _write_formats(out, f"{name}", name, frame, frame)
        return {"partitioned_by": None, "rows": frame.height, "files": paths}
    rows, paths = 0, []
    # one query per year keeps one partition in memory at a time (cells: millions of rows)
    for (year,) in fetch(con, years_sql, source=name):
        frame = query(con, rows_sql, source=name, year=year).pl()
        folder = f"{name}/year={NULL_PARTITION if year is None else year}"
        stem = f"{name}_{'unknown_year' if year is None else year}"  # Excel cannot open two files of one name
        # hive style: the partition column lives in the path; the CSV keeps every column for spreadsheets
        in_parquet = frame.drop("year") if by == "year" else frame
        paths += _write_formats(out, folder, stem, in_parquet, frame)
        rows += frame.height
    return {"partitioned_by": by, "rows": rows, "files": paths}


def _write_formats(out: _Output, folder: str, stem: str, parquet: pl.DataFrame, csv: pl.DataFrame) -> list[str]:
    """The partition's two files (`parquet` is `csv` less the partition column, so one key serves both)."""
    parquet_path, csv_path = f"parquet/{folder}/{stem}.parquet", f"csv/{folder}/{stem}.csv"
    rows = content_key(csv, "rows")
    out.put(parquet_path, f"{rows}:parquet", parquet.height, lambda tmp: _write_parquet(parquet, tmp))
    out.put(csv_path, f"{rows}:csv", csv.height, lambda tmp: _write_csv(csv, tmp))
    return [parquet_path, csv_path]


def _write_parquet(frame: pl.DataFrame, path: Path) -> None:
    frame.write_parquet(path, compression="zstd", statistics=True)


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    # the BOM tells Excel the file is UTF-8 (without it, Chinese opens as mojibake)
    flat_lists(frame).write_csv(path, include_bom=True)


def flat_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns (agencies.names_printed, derived) as one text cell, items joined by '; '."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(pl.col(c).list.eval(pl.element().cast(pl.String)).list.join("; ") for c in lists)


# ------------------------------------------------------------------ workbook
def _export_workbook(
    con: duckdb.DuckDBPyConnection, out: _Output, sheets: Sequence[Sheet], sources: dict, notes: dict[str, str]
) -> None:
    frames: list[tuple[str, pl.DataFrame]] = []
    for sheet in sheets:
        if sheet.name not in sources:
            notes[f"{WORKBOOK}:{sheet.name}"] = "not in the warehouse: sheet left out"
            continue
        frame = _ordered(query(con, "export/rows.sql", source=sheet.name).pl(), sheet.order)
        if frame.height > workbook.MAX_ROWS:
            notes[f"{WORKBOOK}:{sheet.name}"] = (
                f"{frame.height} rows, more than a sheet holds: the first {workbook.MAX_ROWS} (the CSV has all)"
            )
            frame = frame.head(workbook.MAX_ROWS)
        frames.append((sheet.name, frame))
    if not frames:
        return
    key = hashlib.sha256()
    for name, frame in frames:
        labels = [LABELS.get(c, "") for c in frame.columns]
        key.update(f"{name}\0{labels}\0{content_key(frame, 'xlsx')}\0".encode())
    rows = sum(f.height for _, f in frames)
    out.put(WORKBOOK, key.hexdigest()[:32], rows, lambda tmp: workbook.write(tmp, frames, LABELS))


def _ordered(frame: pl.DataFrame, order: tuple[str, ...]) -> pl.DataFrame:
    """The reader's order, stable over the query's total order (names a view lacks are ignored)."""
    keys = [(o.lstrip("-"), o.startswith("-")) for o in order if o.lstrip("-") in frame.columns]
    if not keys:
        return frame
    return frame.sort([k for k, _ in keys], descending=[d for _, d in keys], nulls_last=True, maintain_order=True)


# ------------------------------------------------------------------ content keys, files, manifest
@cache
def render_build() -> str:
    """A digest of what turns rows into bytes: this package's writers, sql/export/, the library
    versions. When it changes, every file is rendered again once (and replaced only if its bytes differ)."""
    here = Path(__file__).parent
    digest = hashlib.sha256(f"polars {pl.__version__}; xlsxwriter {xlsxwriter.__version__}".encode())
    for name in ("files.py", "workbook.py"):
        digest.update((here / name).read_bytes())
    sql = package_files("pipeline.sql").joinpath("export")
    for f in sorted((f for f in sql.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name):
        digest.update(f.name.encode() + f.read_bytes())
    return digest.hexdigest()


def content_key(frame: pl.DataFrame, kind: str) -> str:
    """A digest of a frame's rows in order (64-bit row hashes: a changed row goes unnoticed with
    odds of 2^-64), its schema, and the render build."""
    digest = hashlib.sha256(f"{render_build()}\0{kind}\0{frame.schema}\0{frame.height}\0".encode())
    if frame.height and frame.width:
        hashes = frame.hash_rows(seed=0).rechunk().to_arrow()  # u64, no nulls: one data buffer
        digest.update(hashes.buffers()[1][hashes.offset * 8 : (hashes.offset + len(hashes)) * 8])
    return digest.hexdigest()[:32]


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class _Output:
    """The files of one export: kept when their content key is unchanged, else rendered to a temp
    name and renamed into place."""

    def __init__(self, root: Path, previous: dict[str, dict]):
        self.root, self.previous = root, previous
        self.files: dict[str, dict] = {}
        self.written: list[str] = []

    def put(self, rel: str, key: str, rows: int, render: Callable[[Path], None]) -> None:
        path, before = self.root / rel, self.previous.get(rel)
        if before and before["key"] == key and path.is_file() and path.stat().st_size == before["bytes"]:
            self.files[rel] = before
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}{_TMP}")
        render(tmp)
        entry = {"key": key, "sha256": _sha256(tmp), "bytes": tmp.stat().st_size, "rows": rows}
        if path.is_file() and path.stat().st_size == entry["bytes"] and _sha256(path) == entry["sha256"]:
            tmp.unlink()  # a new key (new code, lost manifest) but the same bytes: the file stays untouched
        else:
            os.replace(tmp, path)
            self.written.append(rel)
        self.files[rel] = entry

    def remove_stale(self) -> list[str]:
        """Delete the files the last export wrote and this one did not (and folders left empty)."""
        gone = sorted(set(self.previous) - set(self.files))
        for rel in gone:
            path = self.root / rel
            if not path.resolve().is_relative_to(self.root.resolve()):
                continue  # the manifest is ours, but never delete outside the export directory
            path.unlink(missing_ok=True)
            for folder in path.parents:
                if folder == self.root or not folder.is_relative_to(self.root) or any(folder.iterdir()):
                    break
                folder.rmdir()
        return gone


def _read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no manifest (first export, or unreadable): every file is rendered and compared


def _write_text_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = path.with_name(f".{path.name}{_TMP}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
