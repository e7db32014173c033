"""An analyst's open session never breaks a run nor sees half-written data; a killed run leaves the
warehouse as it was (or, once published, whole) and the next run completes; two runs at once
take turns."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, sample_bytes
from tests.helpers import dump, job_env, job_execute_cmd, make_raw, materialize, query, settings_for

pytestmark = pytest.mark.slow  # subprocesses and big files: left out of mutation runs (make mutate)

ANALYST = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
    q = "SELECT count(*) FROM reports"
    print(con.execute(q).fetchall()[0][0], flush=True)
    sys.stdin.readline()                      # hold the file open while the run happens
    print(con.execute(q).fetchall()[0][0], flush=True)
    """
)


@pytest.mark.parametrize("mode", ["ro", "rw"])
def test_open_analyst_session_does_not_break_a_run(tmp_path, mode):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    analyst = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(settings.warehouse), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert analyst.stdout.readline().strip() == "5"
        (raw / "extra.txt").write_bytes(sample_bytes("004").replace("大峪镇".encode(), "思礼镇".encode()))
        materialize(settings)  # must succeed while the analyst holds the file
        out, _ = analyst.communicate("\n", timeout=30)
        assert out.strip() == "5"  # the open session keeps its consistent snapshot
    finally:
        analyst.kill()
    assert query(settings, "SELECT count(*) FROM reports") == [(6,)]  # a new session sees the run


# A run in its own process that stops at a chosen point (writes a marker, then waits to be killed
# or for a `go` file): `load` = inside the load, after the staged rows are committed to the
# candidate, before the cross-year checks and views; `publish` = the candidate complete and
# fsynced, just before the rename; `published` = just after the rename.
PAUSING_RUN = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from pipeline.run.settings import Settings
    from pipeline.run.steps import run_all
    from pipeline.warehouse import store

    where, marker = sys.argv[5], Path(sys.argv[6])
    def pause():
        marker.write_text(str(os.getpid()))
        deadline = time.time() + 600
        while not marker.with_name("go").exists() and time.time() < deadline:
            time.sleep(0.01)
    real_run_script, real_replace = store.run_script, os.replace
    def run_script(con, name, **variables):
        if where == "load" and name == "load/cross_year_checks.sql":
            pause()
        return real_run_script(con, name, **variables)
    def replace(src, dst):  # (the rename that publishes; the spare and its claim are renamed too)
        publishing = Path(dst) == Path(sys.argv[3])
        if where == "publish" and publishing:
            pause()
        real_replace(src, dst)
        if where == "published" and publishing:
            pause()
    store.run_script, store.os.replace = run_script, replace
    run_all(Settings(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])), run_key="victim")
    """
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start_pausing_run(settings, where: str, marker: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PAUSING_RUN,
            str(ROOT),
            str(settings.raw_dir),
            str(settings.warehouse),
            str(settings.staging),
            where,
            str(marker),
        ]
    )
    deadline = time.time() + 120
    while not marker.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    assert marker.exists(), f"the run never reached {where}"
    return proc


@pytest.mark.parametrize("where", ["load", "publish", "published"])
def test_killing_a_run_leaves_a_whole_warehouse_and_the_next_run_completes(tmp_path, where):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    before = _digest(settings.warehouse)
    text = sample_bytes("003").decode("utf-8")
    for i in range(50):
        (raw / f"bulk-{i:04d}.txt").write_text(text.replace("15498", str(10000 + i)), "utf-8")

    proc = _start_pausing_run(settings, where, tmp_path / "paused")
    proc.kill()
    proc.wait()

    candidate = settings.warehouse.with_name(f".{settings.warehouse.name}.candidate-victim")
    if where == "published":  # the rename happened: the new warehouse is whole
        assert query(settings, "SELECT count(*) FROM reports") == [(55,)]
        assert not candidate.exists()
    else:  # untouched, byte for byte, and its leftovers are there for the next run to clear
        assert _digest(settings.warehouse) == before
        assert query(settings, "SELECT count(*) FROM reports") == [(5,)]
        assert candidate.exists()
    materialize(settings)  # the dead run's lock died with it; the next run completes, clears leftovers
    assert query(settings, "SELECT count(*) FROM reports") == [(55,)]
    assert not candidate.exists() and not any(settings.staging.glob("victim*"))
    sql = (
        "SELECT value FROM cells c JOIN reports r USING (report_id) "
        "WHERE r.source_file = 'bulk-0049.txt' AND c.row_code = 'licensing'"
    )
    assert query(settings, sql) == [(10049.0,)]


def test_a_second_run_waits_for_the_first_and_both_end_like_one_run(tmp_path):
    raw = make_raw(tmp_path / "shared")
    for i in range(30):
        (raw / f"more-{i:03d}.txt").write_bytes(sample_bytes("002").replace(b"11", str(20 + i).encode()))
    settings = settings_for(tmp_path / "shared", raw)
    first = _start_pausing_run(settings, "load", tmp_path / "paused")  # holds the lock, candidate written
    candidate = settings.warehouse.with_name(f".{settings.warehouse.name}.candidate-victim")
    env = job_env(settings, tmp_path / "home")
    second = subprocess.Popen(
        job_execute_cmd(),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(8)  # long enough for the second run to start and reach its plan step
        assert second.poll() is None, "the second run did not wait"
        assert candidate.exists() and any(settings.staging.glob("victim"))  # nothing of the first deleted
        (tmp_path / "go").write_text("")
        assert first.wait(timeout=120) == 0
        _, err = second.communicate(timeout=300)
        assert second.returncode == 0, err[-3000:]
    finally:
        first.kill()
        second.kill()
    alone = settings_for(tmp_path / "alone", raw)  # the same files, one run
    materialize(alone)
    assert dump(settings) == dump(alone)


def test_a_run_that_cannot_get_the_lock_says_who_holds_it(tmp_path):
    from pipeline.warehouse.lock import WarehouseBusy, WriterLock

    warehouse = tmp_path / "w.duckdb"
    holder = WriterLock(warehouse, "first")
    holder.acquire()
    try:
        with pytest.raises(WarehouseBusy, match=r"run first, pid \d+"):
            WriterLock(warehouse, "second").acquire(timeout_s=0.3)
    finally:
        holder.release()
    assert WriterLock(warehouse, "third").acquire(timeout_s=0) == pytest.approx(0, abs=0.1)


RUN = "import sys; sys.path.insert(0, sys.argv[1]); from pipeline.run.__main__ import main; main()"


def test_two_runs_at_once_take_turns_and_end_like_one_run(tmp_path):
    raw = make_raw(tmp_path / "shared")
    for i in range(30):
        (raw / f"more-{i:03d}.txt").write_bytes(sample_bytes("002").replace(b"11", str(20 + i).encode()))
    settings = settings_for(tmp_path / "shared", raw)
    # its own instance: make exports DAGSTER_HOME=.dagster_home, which a clean clone has not created
    env = job_env(settings, tmp_path / "home")
    hand = subprocess.Popen([sys.executable, "-c", RUN, str(ROOT)], env=env, stdout=subprocess.PIPE, text=True)
    daemon = subprocess.Popen(
        job_execute_cmd(),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, _ = hand.communicate(timeout=300)
    _, err = daemon.communicate(timeout=300)
    assert hand.returncode == 0 and daemon.returncode == 0, err[-3000:]
    assert "parsed 35 file(s)" in out or "parsed 0 file(s), 35 unchanged" in out  # one of the two did the work

    alone = settings_for(tmp_path / "alone", raw)  # the same files, one run
    materialize(alone)
    one, two = dump(alone), dump(settings)
    assert two == one
