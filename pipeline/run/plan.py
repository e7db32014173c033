"""What a run has to do: the raw directory against the published manifest.

A file whose (path, size, mtime) matches the manifest, parsed by the same code build, is not
re-parsed; a new or changed file is, and so is every file another build parsed (a new
parser reaches the whole warehouse); a file that disappeared keeps its rows, marked not present.
The sensor's cursor is a high-water mark of mtime/ctime, so it stays one number at 10^6 files.

A run either lists the whole raw directory (the schedule's catch-up, a run started by hand) or is
given the files to look at (the sensor names the few files it saw change): then only those are
stat'ed and looked up in the manifest, so its plan does not grow with the directory (listing 10^6
files costs 4–5 s here). Such a run marks missing only the named files that are gone; a file
deleted unseen is marked by the next listing run. A new build still reaches every file: a named
run whose warehouse holds files another build parsed lists the whole directory.

What belongs here: scanning the raw directory and diffing it with the manifest. No parsing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.catalogue import FILE_STAT_COLUMNS, TABLES
from pipeline.model import FileStatus

FILE_STAT_SCHEMA = TABLES["file_manifest"].frame_schema(FILE_STAT_COLUMNS)


@dataclass(frozen=True)
class RunPlan:
    """The files a run parses, how many it leaves alone, and which disappeared."""

    run_dir: str  # the run's staging directory
    to_parse: list[tuple[str, int, int]]  # (source_file, size_bytes, mtime_ns)
    unchanged: int
    missing: list[str]
    lock_wait_s: float = 0.0  # how long the run waited for another run writing the warehouse
    listed: bool = True  # the whole raw directory was listed (False: only files named to the run)

    @property
    def empty(self) -> bool:
        return not self.to_parse and not self.missing


def _files(raw_dir: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to raw_dir with '/' separators, stat) of every regular, non-hidden file
    under raw_dir, without following links. Plain strings, not Paths: at 10^5 files building
    Path objects took most of a one-file run's plan (2 s)."""
    stack = [""]
    root = os.fspath(raw_dir)
    while stack:
        rel = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(root, rel) if rel else root))
        except FileNotFoundError:
            continue
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                stack.append(f"{rel}{e.name}/")
            elif e.is_file() and not e.name.startswith("."):
                yield rel + e.name, e.stat()


def scan(raw_dir: Path) -> pl.DataFrame:
    """Every regular file under raw_dir: relative path, size, mtime (ns)."""
    rows = [(name, st.st_size, st.st_mtime_ns) for name, st in _files(raw_dir)]
    return pl.DataFrame(rows, schema=FILE_STAT_SCHEMA, orient="row").sort("source_file")


@dataclass(frozen=True)
class Changes:
    """What the sensor saw since its cursor: how many files changed, the new high-water mark, and
    their names when there are at most `named_up_to` of them (else None: the run lists everything)."""

    count: int
    newest_ns: int
    files: list[str] | None


def changed_since(raw_dir: Path, high_water_ns: int, named_up_to: int = 1000) -> Changes:
    """The files changed after the high-water mark — for the sensor's cursor and its run request.

    Uses max(mtime, ctime): a file copied in with its old mtime preserved still gets a new ctime."""
    names: list[str] = []  # (kept only while they may still be named: a first tick sees every file)
    count, newest = 0, high_water_ns
    for name, st in _files(raw_dir):
        ts = max(st.st_mtime_ns, st.st_ctime_ns)
        if ts > high_water_ns:
            count += 1
            if count <= named_up_to:
                names.append(name)
            newest = max(newest, ts)
    return Changes(count, newest, sorted(names) if count <= named_up_to else None)


def checked_name(name: str) -> str:
    """A file named to a run: a path relative to the raw directory, '/'-separated, that stays
    inside it (a name from run config is not trusted to)."""
    parts = name.split("/")
    if name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a file path relative to the raw directory: {name!r}")
    return name


def stat_named(raw_dir: Path, names: list[str]) -> pl.DataFrame:
    """The named files that are regular files now, as :func:`scan` would list them."""
    rows = []
    root = os.fspath(raw_dir)
    for name in sorted(set(names)):
        try:
            st = os.stat(os.path.join(root, name))
        except (FileNotFoundError, NotADirectoryError):
            continue
        if stat.S_ISREG(st.st_mode) and not os.path.basename(name).startswith("."):
            rows.append((name, st.st_size, st.st_mtime_ns))
    return pl.DataFrame(rows, schema=FILE_STAT_SCHEMA, orient="row")


def plan(raw_dir: Path, manifest: pl.DataFrame, run_dir: Path, build: str, named: list[str] | None = None) -> RunPlan:
    """`build`: the code's fingerprint (pipeline/run/build.py); files another build parsed are
    parsed again. `named`: only these files are looked at (`manifest` may then hold only their
    rows); None: the whole directory."""
    files = scan(raw_dir) if named is None else stat_named(raw_dir, named)
    present = manifest.filter(pl.col("status") == FileStatus.PRESENT.value)
    if named is not None:
        present = present.filter(pl.col("source_file").is_in(named))
    current = present.filter(pl.col("parsed_by") == build).select(FILE_STAT_COLUMNS)
    changed = files.join(current, on=list(FILE_STAT_COLUMNS), how="anti")
    missing = present.join(files, on="source_file", how="anti")["source_file"].to_list()
    return RunPlan(str(run_dir), changed.rows(), files.height - changed.height, sorted(missing), listed=named is None)
