"""`make bench`: speed and memory of the pipeline on cached synthetic corpora.

Measures (and writes bench/results.json):
1. parse speed on one core (:mod:`bench.parse_speed`): cold — reports never seen, after warming
   up on others — the target; text whose every table line is new; warm; instructions per report;
   the real reports of shared/;
2. end-to-end ingestion of 100k cold-corpus reports through the real Dagster job into DuckDB:
   wall time and peak RSS of the whole process tree;
3. incremental runs on the 100k warehouse: one new file three times, then 1,000 new files — wall
   time until the last one is queryable (alone, after the 100k build: ``--incremental``);
4. latency of every comparison view and example query in sql/ over the 100k warehouse;
5. narrative reuse from scratch at 100k reports (:mod:`bench.reuse`): on sections of unique random
   text with planted copies (the honest workload) and on the bench warehouse's own sections.
6. the export (``make export``: Parquet, CSV, workbook) of the 100k warehouse through its Dagster
   job: wall time and peak RSS, the export's own seconds; then a second export (nothing changed);
7. end to end on a mixed corpus of 10k reports as published — 70 % text files, 20 % web pages,
   10 % PDFs (:func:`mixed_corpus`) — through the Dagster job: wall time, peak RSS, reports by
   status and input format (alone: ``python -m bench.run --mixed``).

Corpora are built once and cached under data/bench/ (gitignored). `BENCH_SIZES=6000,20000`
makes smaller runs for a quick look.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil

from assets.automation import MULTIPROCESS, run_config_for
from bench.parse_speed import TARGET_COLD, corpus, measure_all
from bench.parse_speed import render as render_parse
from bench.reuse import TARGETS as REUSE_TARGETS
from bench.reuse import measure_in_subprocess
from bench.synthetic import generate
from pipeline.warehouse.sql import fetch, sql_files

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "data" / "bench"
RESULTS = ROOT / "bench" / "results.json"
TARGETS = {
    "parse_cold_reports_per_s": f">= {TARGET_COLD}",
    "e2e_wall_s": "<= 180",
    "e2e_peak_rss_mb": "<= 2048",
    "incremental_wall_s": "<= 8",
    "query_s": "<= 1 each",
    **REUSE_TARGETS,
}


def run_job(
    raw: Path,
    warehouse: Path,
    home: Path,
    until: tuple[str, dict] | None = None,
    job: str = "ingest_reports",
    export_dir: Path | None = None,
    run_config: dict | None = None,
) -> dict:
    """The real Dagster job in a subprocess; wall time and peak RSS of its process tree, and
    (with `until`, a probe) the time until it first answers true in a new read-only session."""
    env = dict(
        os.environ,
        REPORTS_RAW_DIR=str(raw),
        REPORTS_WAREHOUSE=str(warehouse),
        REPORTS_STAGING=str(BENCH / "staging"),
        REPORTS_WORKERS=str(os.cpu_count() or 1),
        REPORTS_MIN_APPLICATIONS=os.environ.get("REPORTS_MIN_APPLICATIONS", "10"),
        REPORTS_EXPORT_DIR=str(export_dir or BENCH / "exports"),
        DAGSTER_HOME=str(home),
    )
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    cmd = [
        str(Path(sys.executable).parent / "dagster"),
        "job",
        "execute",
        "-m",
        "assets.definitions",
        "-j",
        job,
    ]
    if run_config is not None:  # as the sensor would request it (assets/automation.py: run_config_for)
        config = BENCH / "run-config.json"  # (YAML is a superset of JSON)
        config.write_text(json.dumps(run_config), encoding="utf-8")
        cmd += ["-c", str(config)]
    log = BENCH / "dagster-run.log"
    t = time.perf_counter()
    with open(log, "wb") as sink:  # a file, not a pipe: Dagster's log would fill a pipe and block
        proc = psutil.Popen(cmd, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
        peak = 0
        queryable = None
        while proc.poll() is None:
            try:
                procs = [proc] + proc.children(recursive=True)
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            if until and queryable is None and _answers(warehouse, until):
                queryable = time.perf_counter() - t
            time.sleep(0.1)
        if until and queryable is None and _answers(warehouse, until):
            queryable = time.perf_counter() - t
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"dagster job failed, see {log}:\n{log.read_text('utf-8', 'replace')[-4000:]}")
    out = {"wall_s": round(wall, 1), "peak_rss_mb": round(peak / 2**20)}
    if until:
        out["queryable_after_s"] = None if queryable is None else round(queryable, 1)
    if job == "ingest_reports":
        out["load"] = _load_phases(home)
    return out


def _load_phases(home: Path) -> dict:
    """What the run's load step reported (the `reports` asset's metadata): what its candidate
    started as, what it kept as the next spare, and the seconds of each phase."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("reports"))
    meta = event.asset_materialization.metadata if event else {}
    wanted = ("started_from", "spare_kept")
    return {k.removeprefix("seconds_"): v.value for k, v in meta.items() if k.startswith("seconds_") or k in wanted}


def _answers(warehouse: Path, probe: tuple[str, dict]) -> bool:
    """Whether a one-row probe (sql/monitoring file, variables) answers true in a new session."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            name, variables = probe
            return bool(fetch(con, name, **variables)[0][0])
        finally:
            con.close()
    except duckdb.Error:
        return False


def query_latencies(warehouse: Path) -> dict[str, float]:
    con = duckdb.connect(str(warehouse), read_only=True)
    out: dict[str, float] = {}
    try:
        views = [r[0] for r in fetch(con, "monitoring/views.sql")]
        jobs = [(f"view:{v}", "monitoring/row_count.sql", {"table_name": v}) for v in views]
        jobs += [(f"query:{Path(name).stem}", name, {}) for name in sql_files("queries")]
        for label, name, variables in jobs:
            best = float("inf")
            for _ in range(3):
                t = time.perf_counter()
                fetch(con, name, **variables)
                best = min(best, time.perf_counter() - t)
            out[label] = round(best, 3)
    finally:
        con.close()
    return out


def end_to_end(raw: Path, warehouse: Path, home: Path, run_config: dict | None = None) -> dict:
    """A fresh warehouse from every report under `raw`, through the Dagster job."""
    warehouse.unlink(missing_ok=True)
    shutil.rmtree(home, ignore_errors=True)
    e2e = run_job(raw, warehouse, home, run_config=run_config)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        e2e["reports"] = dict(fetch(con, "monitoring/status_counts.sql"))
        e2e["cells"] = fetch(con, "monitoring/row_count.sql", table_name="cells")[0][0]
        e2e["by_format"] = {
            f"{fmt} {status}": k for fmt, status, k in fetch(con, "monitoring/format_status_counts.sql")
        }
    finally:
        con.close()
    e2e["warehouse_mb"] = round(warehouse.stat().st_size / 2**20)
    return e2e


MIXED_SHARES = (("text", 0.7), ("html", 0.2), ("pdf", 0.1))  # of the reports in the mixed corpus


def mixed_corpus(n: int, seed: int = 2027) -> Path:
    """n reports as they are published, built once under data/bench/mixed-<n/1000>k/: 70 % text
    files (every layout and encoding), 20 % web pages, 10 % PDFs (2 % of those scans) — each
    format in its own folder, from its own seed."""
    from bench.synthetic.html_page import html_items
    from bench.synthetic.pdf_page import pdf_items

    out = BENCH / f"mixed-{n // 1000}k"
    marker = out / ".complete"
    if marker.exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    t = time.time()
    for k, (fmt, share) in enumerate(MIXED_SHARES):
        count = round(n * share)
        tab = ["tab"] if fmt != "text" else None
        items = generate(count, seed + k, error_rate=0.02, layouts=tab)
        if fmt == "html":
            items = html_items(items, seed + k)
        elif fmt == "pdf":
            items = pdf_items(items, seed + k)
        for item in items:
            path = out / fmt / item.source_file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(item.data)
    marker.write_text(f"built in {time.time() - t:.0f}s\n")
    return out


def mixed_end_to_end(n: int = 10_000) -> dict:
    """A fresh warehouse from the mixed corpus through the Dagster job (wall, peak RSS, statuses)."""
    root = mixed_corpus(n)
    result = end_to_end(root, BENCH / f"warehouse-mixed-{n // 1000}k.duckdb", BENCH / "dagster_home_mixed")
    files = {fmt: sum(1 for p in (root / fmt).rglob("*") if p.is_file()) for fmt, _ in MIXED_SHARES}
    return {"files": files, **result}


def _built_by_this_code(warehouse: Path) -> bool:
    """Whether every file of the warehouse was parsed by the current code build."""
    from pipeline.run.build import code_build

    if not warehouse.exists():
        return False
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        builds = con.execute("SELECT DISTINCT parsed_by FROM file_manifest").fetchall()
    finally:
        con.close()
    return builds == [(code_build(),)]


def _added_files(raw: Path, name: str, n: int, seed: int) -> Path:
    """``n`` new synthetic reports under raw/<name>/ (cold: text never seen by the warehouse)."""
    extra = raw / name
    shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir()
    for k, item in enumerate(generate(n, seed=seed, cold=True)):
        (extra / f"new-{seed}-{k:04d}.txt").write_bytes(item.data)
    return extra


def incremental_runs(raw: Path, warehouse: Path, home: Path, one_file_runs: int = 3) -> dict:
    """Runs against the built warehouse: ``one_file_runs`` times one new file (each a different
    report; the file of the run before is removed again), then 1,000 new files — each with the run
    config the sensor would request for it (``assets/automation.py: run_config_for``: the new
    files by name, so the run does not list the raw directory; the removed file, which a sensor
    does not see, stays present until a run lists the directory). Per run: the job's wall time and
    when the last file added is queryable (a new read-only session finds it). The warehouse keeps
    what the runs added (a present report is never taken out), so the series changes it like real
    use does."""
    runs = []
    # every series adds text the warehouse has never held (a series before left its files' reports)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        first = 990 + fetch(con, "monitoring/reports_under.sql", prefix="zz-incremental/")[0][0]
        seed_1000 = 1990 + fetch(con, "monitoring/reports_under.sql", prefix="zz-incremental-1000/")[0][0] // 1000
    finally:
        con.close()
    try:
        for k in range(one_file_runs):
            extra = _added_files(raw, "zz-incremental", 1, seed=first + k)
            name = f"zz-incremental/new-{first + k}-0000.txt"
            probe = ("monitoring/report_present.sql", {"source_file": name})
            runs.append(run_job(raw, warehouse, home, until=probe, run_config=run_config_for(1, [name])))
            print(f"  one new file, run {k + 1}: {runs[-1]}", flush=True)
        shutil.rmtree(extra, ignore_errors=True)
        added = _added_files(raw, "zz-incremental-1000", 1000, seed=seed_1000)
        names = sorted(p.relative_to(raw).as_posix() for p in added.iterdir())
        probe = ("monitoring/report_present.sql", {"source_file": f"zz-incremental-1000/new-{seed_1000}-0999.txt"})
        thousand = run_job(raw, warehouse, home, until=probe, run_config=run_config_for(1000, names))
        print(f"  1,000 new files: {thousand}", flush=True)
    finally:
        shutil.rmtree(raw / "zz-incremental", ignore_errors=True)
        shutil.rmtree(raw / "zz-incremental-1000", ignore_errors=True)
    queryable = sorted(r["queryable_after_s"] for r in runs)
    return {
        "one_file_runs": runs,
        "queryable_after_s": queryable[0],  # best
        "queryable_median_s": queryable[len(queryable) // 2],
        "wall_s": sorted(r["wall_s"] for r in runs)[len(runs) // 2],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "thousand_files": thousand,
    }


def exports(raw: Path, warehouse: Path, home: Path) -> dict:
    """`make export` of the warehouse into an empty directory, then again (nothing changed): the job's
    wall time and peak RSS, and what the asset reports (its own seconds, files written)."""
    import dagster as dg

    out = BENCH / f"exports-{warehouse.stem}"
    shutil.rmtree(out, ignore_errors=True)
    result: dict = {}
    for label in ("first", "again"):
        measured = run_job(raw, warehouse, home, job="export_data", export_dir=out)
        with dg.DagsterInstance.from_config(str(home)) as instance:
            event = instance.get_latest_materialization_event(dg.AssetKey("exports"))
        meta = event.asset_materialization.metadata
        measured.update({k: meta[k].value for k in ("seconds", "files", "written")})
        result[label] = measured
    sizes: dict[str, int] = {}
    for p in out.rglob("*"):
        if p.is_file():
            kind = p.relative_to(out).parts[0] if p.parent != out else p.suffix.lstrip(".")
            sizes[kind] = sizes.get(kind, 0) + p.stat().st_size
    result["size_mb"] = {k: round(v / 2**20, 1) for k, v in sorted(sizes.items())}
    return result


def summarise(results: dict, big: int) -> dict:
    """The headline numbers against their targets; printed as a table."""
    e2e, inc, queries = results["e2e"], results["incremental"], results["queries_s"]
    summary = {
        "parse_cold_reports_per_s": results["parse"]["cold"]["best"],
        "e2e_wall_s": e2e["wall_s"],
        "e2e_peak_rss_mb": e2e["peak_rss_mb"],
        "incremental_queryable_s": inc["queryable_after_s"],
        "incremental_queryable_median_s": inc["queryable_median_s"],
        "incremental_job_wall_s": inc["wall_s"],
        "incremental_1000_queryable_s": inc["thousand_files"]["queryable_after_s"],
        # every view counts: the wide views read kept per-report rows (they pivoted every cell when left out here)
        "slowest_query_s": max(queries.values(), default=0),
        "export_wall_s": results["export"]["first"]["wall_s"],
        "export_peak_rss_mb": results["export"]["first"]["peak_rss_mb"],
        "export_again_wall_s": results["export"]["again"]["wall_s"],
    }
    cold = results["parse"]["cold"]
    rows = [
        (
            "parse cold, reports/s on one core (best of 3; median)",
            f"{cold['best']} ({cold['median']})",
            TARGETS["parse_cold_reports_per_s"],
        ),
        (f"end to end {big} cold reports, wall s", summary["e2e_wall_s"], TARGETS["e2e_wall_s"]),
        ("end to end, peak RSS MB (process tree)", summary["e2e_peak_rss_mb"], TARGETS["e2e_peak_rss_mb"]),
        (
            "incremental one new file, s until queryable (best of 3; median)",
            f"{summary['incremental_queryable_s']} ({summary['incremental_queryable_median_s']})",
            TARGETS["incremental_wall_s"],
        ),
        ("incremental one new file, whole job wall s (median)", summary["incremental_job_wall_s"], "(reference)"),
        ("incremental 1,000 new files, s until queryable", summary["incremental_1000_queryable_s"], "(reference)"),
        ("slowest comparison query, s", summary["slowest_query_s"], TARGETS["query_s"]),
        (
            f"export {big} reports (Parquet, CSV, workbook), job wall s (export's own s)",
            f"{summary['export_wall_s']} ({results['export']['first']['seconds']})",
            "(reference)",
        ),
        ("export, peak RSS MB (process tree)", summary["export_peak_rss_mb"], "(reference)"),
        (
            "export again, nothing changed, job wall s (export's own s)",
            f"{summary['export_again_wall_s']} ({results['export']['again']['seconds']})",
            "(reference)",
        ),
    ]
    mixed = results.get("mixed_e2e")
    if mixed:
        rows.append(
            ("end to end, mixed corpus (70 % text, 20 % HTML, 10 % PDF), wall s", mixed["wall_s"], "(reference)")
        )
        rows.append(("end to end, mixed corpus, peak RSS MB", mixed["peak_rss_mb"], "(reference)"))
    for name, r in results["reuse"].items():
        label = f"narrative reuse, {r['sections']} sections ({name})"
        rows.append((f"{label}, wall s", r["wall_s"], TARGETS["reuse_wall_s"]))
        rows.append((f"{label}, peak RSS MB", r["peak_rss_mb"], TARGETS["reuse_peak_rss_mb"]))
    print("\n| measure | value | target |\n|---|---|---|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")
    return summary


SCALE_TARGETS = {
    "e2e_wall_s": "<= 1800",
    "e2e_peak_rss_mb": "<= 4096",
    "warehouse_mb": "<= 10240",
    "one_file_queryable_s": "<= 15",
    "thousand_files_queryable_s": "<= 60",
    "query_s": "<= 2 each",
}


def scale(n: int) -> dict:
    """`make bench-scale`: n (1 M) cold reports built once under data/bench/ (about 11 GB of text
    for 1 M), end to end through the Dagster job, the incremental runs, every comparison query."""
    free_gb = shutil.disk_usage(BENCH.parent if BENCH.exists() else ROOT).free / 2**30
    need_gb = 0 if (BENCH / f"cold-{n // 1000}k" / ".complete").exists() else 11 * n / 1e6
    need_gb += 12 * n / 1e6  # the warehouse, a run's candidate copy and staging
    if free_gb < need_gb:
        raise SystemExit(f"bench-scale needs about {need_gb:.0f} GB free disk here, {free_gb:.0f} GB free")
    t = time.perf_counter()
    raw = corpus(n, cold=True)
    result: dict = {"corpus_build_s": round(time.perf_counter() - t), "free_disk_gb_before": round(free_gb)}
    warehouse, home = BENCH / f"warehouse-{n // 1000}k.duckdb", BENCH / "dagster_home_scale"
    if os.environ.get("BENCH_KEEP") and _built_by_this_code(warehouse):  # the incremental part again
        print(f"{warehouse.name} was built by this code: not built again (BENCH_KEEP)", flush=True)
    else:
        # the job's own chunking: a backfill of 10^6 files gets chunks of 5,000 (steps.chunk_size_for)
        result["e2e"] = end_to_end(raw, warehouse, home, run_config=MULTIPROCESS)
        print(f"end to end ({n} reports): {result['e2e']}", flush=True)
    result["incremental"] = incremental_runs(raw, warehouse, home)
    print(f"incremental: {result['incremental']}", flush=True)
    result["queries_s"] = query_latencies(warehouse)
    for name, seconds in result["queries_s"].items():
        print(f"  {name:40s} {seconds:7.3f}", flush=True)
    inc = result["incremental"]
    e2e = result.get("e2e", {})
    result["summary"] = {
        "e2e_wall_s": e2e.get("wall_s"),
        "e2e_peak_rss_mb": e2e.get("peak_rss_mb"),
        "warehouse_mb": round(warehouse.stat().st_size / 2**20),
        "one_file_queryable_s": f"{inc['queryable_after_s']} (median {inc['queryable_median_s']})",
        "thousand_files_queryable_s": inc["thousand_files"]["queryable_after_s"],
        "slowest_query_s": max(result["queries_s"].values(), default=0),
        "targets": SCALE_TARGETS,
    }
    return result


def main() -> None:
    if sys.argv[1:] == ["--scale"]:  # make bench-scale: 1 M reports (BENCH_SCALE to change)
        n = int(os.environ.get("BENCH_SCALE", "1000000"))
        result = scale(n)
        results = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
        results[f"scale_{n // 1000}k"] = result
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(result["summary"], indent=2))
        return
    if sys.argv[1:] == ["--mixed"]:  # the mixed-format run alone
        result = mixed_end_to_end(int(os.environ.get("BENCH_MIXED", "10000")))
        (BENCH / "mixed_e2e.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(result, indent=2))
        return
    sizes = [int(x) for x in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
    small, big = sizes[0], sizes[-1]
    machine = {"cores": psutil.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30)}
    results: dict = {"machine": machine, "targets": TARGETS}

    print(f"building/caching corpora {sizes} under {BENCH} …", flush=True)
    big_dir = corpus(big, cold=True)
    incremental_only = sys.argv[1:] == ["--incremental"]
    if not incremental_only:
        results["parse"] = measure_all(small)
        print(render_parse(results["parse"]), flush=True)

    warehouse, home = BENCH / f"warehouse-{big // 1000}k.duckdb", BENCH / "dagster_home"
    if incremental_only and _built_by_this_code(warehouse):
        print(f"{warehouse.name} was built by this code: not built again", flush=True)
    else:
        results["e2e"] = end_to_end(big_dir, warehouse, home)
        print(f"end to end ({big} reports): {results['e2e']}", flush=True)
    results["incremental"] = incremental_runs(big_dir, warehouse, home)
    print(f"incremental: {results['incremental']}", flush=True)
    if incremental_only:  # the 100k build and the incremental runs alone
        (BENCH / "incremental.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return

    results["queries_s"] = query_latencies(warehouse)
    print("query latency (best of 3, s):", flush=True)
    for name, seconds in results["queries_s"].items():
        print(f"  {name:40s} {seconds:7.3f}")
    results["reuse"] = {
        "unique text": measure_in_subprocess("unique", str(big)),
        "bench warehouse": measure_in_subprocess("warehouse", str(warehouse)),
    }
    print(f"narrative reuse: {results['reuse']}", flush=True)
    results["export"] = exports(big_dir, warehouse, home)
    print(f"export: {results['export']}", flush=True)
    results["mixed_e2e"] = mixed_end_to_end(small)
    print(
        f"mixed corpus end to end ({small} reports: 70 % text, 20 % HTML, 10 % PDF): {results['mixed_e2e']}", flush=True
    )
    results["summary"] = summarise(results, big)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
