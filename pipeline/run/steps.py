"""One ingestion run, step by step: plan → parse (chunks, in parallel) → validate and check →
load into a candidate warehouse and publish.

The Dagster assets in ``assets/`` call these four functions, one per asset; :func:`run_all`
calls the same four in the same order for tests, benchmarks and ``python -m pipeline.run``.
Each step is a plain function over :class:`~pipeline.run.settings.Settings` and the run's
:class:`~pipeline.run.plan.RunPlan`, and returns a small typed result (run metadata).

What belongs here: the steps, their results and the parallel fan-out over chunks.
"""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.model import CheckStatus, ParseStatus, ReportStatus, Severity
from pipeline.parse.frames import FrameBuilder
from pipeline.parse.report import collector_paused, parse_file
from pipeline.run import staging
from pipeline.run.build import code_build
from pipeline.run.plan import RunPlan, checked_name, plan
from pipeline.run.settings import Settings
from pipeline.validate.schemas import validate_frames
from pipeline.validate.status import assess
from pipeline.warehouse import LoadSummary, Warehouse
from pipeline.warehouse.lock import WriterLock

CHUNK_SIZE = 2000  # files per chunk, at least
# A big batch gets bigger chunks, about CHUNKS_PER_RUN of them: each step costs about a second of
# Dagster's own work (a process from the forkserver, events, inputs: 400 s of 1,869 s at 10^6 with
# 5,000-file chunks, 2026-12-02). Memory follows the chunk, hence the ceiling: at 10^6 chunks of
# 10,000 parsed no faster (13.5 min against 13.2), checked 36 % slower a file, and the load ran
# out of DuckDB's memory reading them (2026-12-02).
CHUNKS_PER_RUN = 100
MAX_CHUNK_SIZE = 5000


def chunk_size_for(files: int) -> int:
    """Files per chunk for a batch of ``files``: CHUNK_SIZE up to CHUNKS_PER_RUN chunks, bigger
    above (at most MAX_CHUNK_SIZE)."""
    return min(max(CHUNK_SIZE, -(-files // CHUNKS_PER_RUN)), MAX_CHUNK_SIZE)


@dataclass(frozen=True)
class ChunkParsed:
    chunk: str
    files: int
    cells: int
    rejected: int


@dataclass(frozen=True)
class ChunkChecked:
    chunk: str
    ok: int
    flagged: int
    rejected: int
    check_failures: int  # failed hard checks


@dataclass(frozen=True)
class ParseResult:
    chunks: tuple[ChunkParsed, ...]

    @property
    def files(self) -> int:
        return sum(c.files for c in self.chunks)

    @property
    def cells(self) -> int:
        return sum(c.cells for c in self.chunks)

    @property
    def rejected(self) -> int:
        return sum(c.rejected for c in self.chunks)


@dataclass(frozen=True)
class CheckResult:
    chunks: tuple[ChunkChecked, ...]

    def total(self, field: str) -> int:
        return sum(getattr(c, field) for c in self.chunks)


@dataclass(frozen=True)
class RunSummary:
    plan: RunPlan
    parsed: ParseResult
    checked: CheckResult
    loaded: LoadSummary


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the orchestrator runs threads, and a forked child can inherit a held lock
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def _fan_out(fn, jobs: list, workers: int) -> list:
    if workers > 1 and len(jobs) > 1:
        with _pool(workers) as pool:
            return list(pool.map(fn, jobs))
    return [fn(job) for job in jobs]


# ------------------------------------------------------------------ the writer lock, plan to publish
_HELD: dict[Path, WriterLock] = {}  # warehouse → the lock this process holds for its current run


def _take_writer_lock(settings: Settings, run_key: str) -> float:
    """Hold the warehouse's writer lock for this run (waiting for another run to finish); the
    seconds waited. A lock this process still holds for an earlier run is released: runs in one
    process follow one another, so that run ended without publishing (it failed)."""
    key = settings.warehouse.resolve()
    earlier = _HELD.pop(key, None)
    if earlier is not None and earlier.run_key == run_key:
        _HELD[key] = earlier
        return 0.0
    if earlier is not None:
        earlier.release()
    lock = WriterLock(settings.warehouse, run_key)
    waited = lock.acquire(settings.lock_timeout_s)
    _HELD[key] = lock
    return waited


def _release_writer_lock(settings: Settings) -> None:
    lock = _HELD.pop(settings.warehouse.resolve(), None)
    if lock is not None:
        lock.release()


# ------------------------------------------------------------------ 1. plan
def plan_run(settings: Settings, run_key: str, files: list[str] | None = None) -> RunPlan:
    """Take the writer lock (one writing run at a time), then compare the raw directory — or only
    `files`, the files named to the run (paths relative to it) — with the published manifest:
    what this run parses. Named files are not enough when another build parsed the warehouse:
    then the whole directory is listed."""
    files = None if files is None else [checked_name(name) for name in files]
    waited = _take_writer_lock(settings, run_key)
    run_dir = settings.staging / run_key
    build, published = code_build(), Warehouse(settings.warehouse)
    if files is not None and published.holds_other_builds(build):
        files = None
    run_plan = plan(settings.raw_dir, published.read_manifest(files), run_dir, build, files)
    return replace(run_plan, lock_wait_s=round(waited, 3))


# ------------------------------------------------------------------ 2. parse
ChunkJob = tuple[str, str, list[tuple[str, int, int]]]  # (raw_dir, chunk staging dir, files)


def parse_chunk(job: ChunkJob) -> ChunkParsed:
    """Parse one chunk of files and stage its frames: the unit of parallel work (a child process
    of the pool here, a step of Dagster's executor in the job)."""
    raw_dir, out_dir, files = job
    builder = FrameBuilder()
    seen: set[str] = set()
    with collector_paused():
        for source_file, _size, _mtime in files:
            try:
                reports = parse_file((Path(raw_dir) / source_file).read_bytes(), source_file)
            except OSError as exc:
                reports = parse_file(b"", source_file)
                reports[0].reject_reason = f"unreadable file: {exc}"
            for report in reports:  # (one for most files; a file holding many reports gives each)
                # same content twice in one chunk: the later one keeps a row, its content is not repeated
                repeated = report.parse_status == ParseStatus.PARSED and report.report_id in seen
                seen.add(report.report_id)
                builder.add(report, content=not repeated)
    frames = builder.build()
    out = Path(out_dir)
    staging.write_frames(out, dict(frames.items()))
    rejected = int((frames.reports["parse_status"] == ParseStatus.REJECTED.value).sum())
    return ChunkParsed(out.name, len(files), frames.cells.height, rejected)


def chunk_jobs(settings: Settings, run_plan: RunPlan, chunk_size: int = 0) -> list[ChunkJob]:
    """The plan's files in chunks of ``chunk_size`` (0: :func:`chunk_size_for` the plan's files),
    each with its staging directory. Starts by
    removing what killed runs left in staging (this run holds the writer lock, so any other run
    dir belongs to a run that is gone) and this run's earlier attempt."""
    staging.clear_stale_runs(settings.staging, Path(run_plan.run_dir))
    shutil.rmtree(staging.parsed_dir(run_plan.run_dir), ignore_errors=True)
    chunk_size = chunk_size or chunk_size_for(len(run_plan.to_parse))
    chunks = [run_plan.to_parse[i : i + chunk_size] for i in range(0, len(run_plan.to_parse), chunk_size)]
    jobs = [(str(settings.raw_dir), str(staging.chunk_dir(run_plan.run_dir, k)), c) for k, c in enumerate(chunks)]
    # nothing to parse: one empty chunk, so the load still reads every schema
    return jobs or [(str(settings.raw_dir), str(staging.chunk_dir(run_plan.run_dir, 0)), [])]


def parse_files(settings: Settings, run_plan: RunPlan) -> ParseResult:
    """Parse every file of the plan in chunks, with `settings.workers` processes."""
    return ParseResult(tuple(_fan_out(parse_chunk, chunk_jobs(settings, run_plan), settings.workers)))


# ------------------------------------------------------------------ 3. validate and check
def check_chunk(chunk_dir: str) -> ChunkChecked:
    """Schema validation (raises on a violation: a bug stops the run) + checks + statuses."""
    out = Path(chunk_dir)
    frames = validate_frames(staging.read_parsed(out))
    results, status = assess(frames)
    staging.write_frames(out, {"check_results": results, "report_status": status})
    counts = dict(status["status"].value_counts().iter_rows())
    failures = int(
        ((results["status"] == CheckStatus.FAIL.value) & (results["severity"] == Severity.ERROR.value)).sum()
    )
    return ChunkChecked(
        out.name,
        counts.get(ReportStatus.OK, 0),
        counts.get(ReportStatus.FLAGGED, 0),
        counts.get(ReportStatus.REJECTED, 0),
        failures,
    )


def staged_chunks(run_plan: RunPlan) -> list[str]:
    """The staging directories of the run's parsed chunks."""
    return [str(p) for p in staging.chunk_dirs(run_plan.run_dir)]


def validate_and_check(settings: Settings, run_plan: RunPlan) -> CheckResult:
    return CheckResult(tuple(_fan_out(check_chunk, staged_chunks(run_plan), settings.workers)))


# ------------------------------------------------------------------ 4. load and publish
def load_and_publish(settings: Settings, run_plan: RunPlan, run_key: str) -> LoadSummary:
    """Apply the staged run to a candidate copy of the warehouse, publish it atomically, remove
    the run's staging and release the writer lock. Candidates left by killed runs are removed
    first (this run holds the lock, so no other run is writing one)."""
    _take_writer_lock(settings, run_key)  # held since the plan; taken here if this step runs alone
    try:
        warehouse = Warehouse(settings.warehouse, settings.min_applications)
        warehouse.clear_stale_candidates()
        summary = warehouse.load_and_publish(staging.stage_file_lists(run_plan), run_key, Path(run_plan.run_dir))
        shutil.rmtree(run_plan.run_dir, ignore_errors=True)
        return summary
    finally:
        _release_writer_lock(settings)


def run_all(settings: Settings, run_key: str = "local", files: list[str] | None = None) -> RunSummary:
    """The whole run without Dagster: the same four steps the assets call, in the same order
    (`files`: only these, as the sensor names them; :func:`plan_run`)."""
    try:
        run_plan = plan_run(settings, run_key, files)
        parsed = parse_files(settings, run_plan)
        checked = validate_and_check(settings, run_plan)
        return RunSummary(run_plan, parsed, checked, load_and_publish(settings, run_plan, run_key))
    finally:
        _release_writer_lock(settings)
