"""Peak RSS of a Dagster run, per process and per step: `python -m bench.rss_profile [n]`.

Runs the `bench-scale` end to end (n cold reports, default 1 M; the corpus cached under
data/bench/) with a sampler beside it: every 0.5 s the RSS of each process of the run's tree
(with its parent and command line), into data/bench/rss-samples.jsonl. After the run the
Dagster event log of the run gives each step's process id (STEP_START events carry the pid), so
every sampled process is named by its step key (or as the orchestrator / forkserver). Prints the
peak of the tree, the processes at that moment, each step's own peak and the tree's peak per
phase (docs/scaling.md, "Peak RSS per step at 10^6").

`RSS_BENCH_DIR=dir` puts the run's warehouse, staging and Dagster home there instead of
data/bench/; `--watch PID SAMPLES` samples a running process's tree (e.g. `make bench-scale`)
until it exits; `--report SAMPLES DAGSTER_HOME` prints the breakdown of samples taken before.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

import psutil

from bench import run as run_module
from bench.run import BENCH, end_to_end

SAMPLES = BENCH / "rss-samples.jsonl"


def sample(stop: threading.Event, out: Path, every: float = 0.5, root: int | None = None) -> None:
    me = psutil.Process(root or os.getpid())
    t0 = time.time()
    with open(out, "w", encoding="utf-8") as sink:
        while not stop.is_set():
            row = {"t": round(time.time() - t0, 2), "load": os.getloadavg()[0], "procs": {}}
            try:
                tree = me.children(recursive=True)
            except psutil.Error:  # the watched process has exited
                break
            for p in tree:
                try:
                    with p.oneshot():
                        row["procs"][p.pid] = [p.memory_info().rss >> 20, p.ppid(), " ".join(p.cmdline())[:120]]
                except psutil.Error:
                    pass
            sink.write(json.dumps(row) + "\n")
            stop.wait(every)


def step_pids(home: Path) -> dict[int, str]:
    """pid -> step key, from the STEP_START events of the instance's runs."""
    import dagster as dg

    out: dict[int, str] = {}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = [
            rec
            for run in instance.get_runs()
            for rec in instance.get_records_for_run(run.run_id, limit=1_000_000).records
        ]
        for rec in records:
            entry = rec.event_log_entry
            ev = entry.dagster_event
            if ev is not None and ev.event_type_value == "STEP_START" and ev.pid is not None:
                out[ev.pid] = entry.step_key or "?"
    return out


def report(samples: Path, names: dict[int, str], root_pid: int | None = None) -> dict:
    rows = [json.loads(line) for line in samples.read_text("utf-8").splitlines()]

    def name(pid: str, info: list) -> str:
        if int(pid) in names:
            return names[int(pid)]
        cmd = info[2]
        if "forkserver" in cmd:
            return "forkserver"
        if "dagster job execute" in cmd:
            return "orchestrator (dagster job execute)"
        return cmd[:60]

    peak = max(rows, key=lambda r: sum(v[0] for v in r["procs"].values()))
    total = sum(v[0] for v in peak["procs"].values())
    print(f"peak of the process tree: {total} MB at t={peak['t']} s (load {peak['load']:.1f})")
    for pid, info in sorted(peak["procs"].items(), key=lambda kv: -kv[1][0]):
        print(f"  {info[0]:6d} MB  pid {pid:>7}  {name(pid, info)}")
    per: dict[str, dict] = {}
    for r in rows:
        for pid, info in r["procs"].items():
            n = name(pid, info)
            d = per.setdefault(n, {"peak_mb": 0, "first_t": r["t"], "last_t": r["t"]})
            d["peak_mb"] = max(d["peak_mb"], info[0])
            d["last_t"] = r["t"]
    # per kind of step: the largest peak and where
    kinds: dict[str, tuple[int, str]] = {}
    for n, d in per.items():
        kind = n.split("[")[0]
        if kind not in kinds or d["peak_mb"] > kinds[kind][0]:
            kinds[kind] = (d["peak_mb"], n)
    print("largest process of each kind (own RSS peak):")
    for _kind, (mb, n) in sorted(kinds.items(), key=lambda kv: -kv[1][0]):
        d = per[n]
        print(f"  {mb:6d} MB  {n}  (t {d['first_t']}–{d['last_t']} s)")
    # the tree's peak in each phase (named by the largest step process alive), and who held it
    phases: dict[str, dict] = {}
    for r in rows:
        steps = [(info[0], name(pid, info)) for pid, info in r["procs"].items() if int(pid) in names]
        phase = max(steps)[1].split("[")[0] if steps else "(no step)"
        tree = sum(v[0] for v in r["procs"].values())
        if tree > phases.get(phase, {}).get("tree_mb", -1):
            top = sorted(((info[0], name(pid, info)) for pid, info in r["procs"].items()), reverse=True)[:4]
            phases[phase] = {"tree_mb": tree, "t": r["t"], "load": round(r["load"], 1), "top": top}
    print("the tree's peak per phase (phase: the largest step alive):")
    for phase, d in sorted(phases.items(), key=lambda kv: kv[1]["t"]):
        print(
            f"  {d['tree_mb']:6d} MB  t={d['t']} s  load {d['load']}  {phase}: "
            + ", ".join(f"{n} {mb}" for mb, n in d["top"])
        )
    return {"peak_mb": total, "peak_t": peak["t"], "per_process": per, "phases": phases}


def watch(pid: int, out: Path) -> None:
    """Sample the process tree of ``pid`` (e.g. a running `make bench-scale`) until it exits."""
    stop = threading.Event()
    sample(stop, out, root=pid)


def main() -> None:
    if sys.argv[1:2] == ["--watch"]:  # --watch PID SAMPLES: beside a running bench
        watch(int(sys.argv[2]), Path(sys.argv[3]))
        return
    if sys.argv[1:2] == ["--report"]:  # --report SAMPLES DAGSTER_HOME
        report(Path(sys.argv[2]), step_pids(Path(sys.argv[3])))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    from assets.automation import MULTIPROCESS
    from bench.parse_speed import corpus

    raw = corpus(n, cold=True)
    bench = BENCH
    if os.environ.get("RSS_BENCH_DIR"):  # another directory for the run's warehouse, staging and home
        bench = run_module.BENCH = Path(os.environ["RSS_BENCH_DIR"]).resolve()
        bench.mkdir(parents=True, exist_ok=True)
    samples = bench / SAMPLES.name
    warehouse, home = bench / f"warehouse-{n // 1000}k.duckdb", bench / "dagster_home_scale"
    stop = threading.Event()
    thread = threading.Thread(target=sample, args=(stop, samples), daemon=True)
    thread.start()
    try:
        e2e = end_to_end(raw, warehouse, home, run_config=MULTIPROCESS)
    finally:
        stop.set()
        thread.join()
    print(f"end to end ({n} reports): {e2e}", flush=True)
    names = step_pids(home)
    (bench / "rss-step-pids.json").write_text(json.dumps(names), encoding="utf-8")
    report(samples, names)


if __name__ == "__main__":
    main()
