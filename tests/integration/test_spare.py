"""A run starts from the spare — the file published before, with the run since replayed — instead of
copying the warehouse, and ends exactly where a copy would have: every table equal to a build from
scratch. The spare is trusted only while nobody has written into it or the published file, and
while nobody holds it; otherwise the run copies, as before, and still ends right."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from pipeline.run.settings import Settings
from pipeline.run.steps import run_all
from pipeline.warehouse.spare import Spare
from tests.conftest import sample_bytes
from tests.helpers import dump, make_raw, settings_for

pytestmark = pytest.mark.slow  # several runs each: left out of mutation runs (make mutate)


def _variant(i: int) -> bytes:
    """Sample 003 with one count changed: a new report of the same body and year."""
    return sample_bytes("003").decode("utf-8").replace("15498", str(20000 + i)).encode("utf-8")


def _scratch(tmp_path, raw) -> dict:
    settings = Settings(raw, tmp_path / "scratch.duckdb", tmp_path / "scratch-staging", workers=1)
    run_all(settings)
    return dump(settings)


def _with_a_spare(tmp_path, where=None):
    """(settings, raw) after two runs: a new warehouse, then one new file — the superseded file and
    that run's input are the spare."""
    raw = make_raw(tmp_path)
    settings = settings_for(where or tmp_path, raw)
    run_all(settings)
    (raw / "new-1.txt").write_bytes(_variant(1))
    run_all(settings)
    return settings, raw


def test_runs_from_the_spare_end_where_runs_from_copies_end(tmp_path, monkeypatch):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    copying = Settings(raw, tmp_path / "copying.duckdb", tmp_path / "copying-staging", workers=1)
    spare = Spare(settings.warehouse)
    started, kept = [], []

    def run() -> None:
        summary = run_all(settings).loaded
        started.append(summary.started_from)
        kept.append(summary.spare_kept)
        with monkeypatch.context() as m:  # the same run on a warehouse whose runs always copy
            m.setattr(Spare, "take", lambda self, candidate, build: None)
            assert run_all(copying).loaded.started_from in ("new", "copy")

    run()  # a new warehouse; its copy is the spare (nothing to replay)
    (raw / "new-1.txt").write_bytes(_variant(1))
    run()  # from that copy; the superseded file + this run's input become the spare
    assert spare.path.exists() and any(spare.replay_dir.rglob("*.parquet"))
    (raw / "new-2.txt").write_bytes(_variant(2))
    (raw / "new-1.txt").write_bytes(_variant(3))  # changed: replaces the report the replay adds
    (raw / sorted(p.name for p in raw.glob("*.txt"))[0]).unlink()  # removed
    run()  # from the spare, the run before replayed first
    run()  # nothing changed: the spare, the run before replayed
    assert started == ["new", "spare", "spare + replay", "spare + replay"]
    assert kept == ["copy", "replay", "replay", "replay"]
    assert not (settings.staging / "local").exists()  # the input moved to the replay, not left in staging
    assert dump(settings) == dump(copying)
    # not vacuous: the changed report replaced the one the replay added, the removed one is not present
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    present = dict(con.execute("SELECT source_file, is_present FROM reports").fetchall())
    con.close()
    assert present["new-1.txt"] and present["new-2.txt"] and sum(not v for v in present.values()) == 1


def test_a_warehouse_written_by_someone_else_is_copied_not_replayed(tmp_path):
    settings, raw = _with_a_spare(tmp_path)
    con = duckdb.connect(str(settings.warehouse))  # an analyst writes a table of their own and leaves
    con.execute("CREATE TABLE my_notes AS SELECT 1 AS note")
    con.close()
    (raw / "new-2.txt").write_bytes(_variant(2))
    summary = run_all(settings).loaded
    # the spare does not hold the analyst's table: copying keeps it, as runs always did
    assert summary.started_from == "copy"
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    assert con.execute("SELECT note FROM my_notes").fetchall() == [(1,)]
    con.close()
    (raw / "new-3.txt").write_bytes(_variant(3))
    assert run_all(settings).loaded.started_from == "spare + replay"  # trusted again from there
    expected = _scratch(tmp_path, raw)
    assert dump(settings) == expected


HOLDER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM reports").fetchall()[0][0], flush=True)
    sys.stdin.readline()
    """
)


def test_an_analyst_still_reading_the_superseded_file_makes_the_run_copy(tmp_path):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    run_all(settings)
    # an analyst opens the published file; a run then supersedes it (it becomes the spare)
    analyst = subprocess.Popen([sys.executable, "-c", HOLDER, str(settings.warehouse)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert analyst.stdout.readline().strip() == "5"
        (raw / "new-1.txt").write_bytes(_variant(1))
        assert run_all(settings).loaded.spare_kept == "replay"
        (raw / "new-2.txt").write_bytes(_variant(2))
        # the spare is held open by the analyst: it cannot be written, so the run copies
        assert run_all(settings).loaded.started_from == "copy"
    finally:
        analyst.communicate("\n", timeout=60)
    assert dump(settings) == _scratch(tmp_path, raw)


def test_a_run_killed_after_taking_the_spare_leaves_nothing_trusted(tmp_path):
    """The claim goes before the spare is touched: a run that dies mid-way (here: its load fails)
    leaves the published file as it was and the next run copies it."""
    settings, raw = _with_a_spare(tmp_path)
    before = dump(settings)
    (raw / "new-2.txt").write_bytes(b"\x00" * 10)  # rejected, harmlessly; what fails is the load below
    from pipeline.warehouse import store

    real = store.run_script

    def failing(con, name, **variables):
        if name == "load/cross_year_checks.sql":
            raise RuntimeError("killed")
        return real(con, name, **variables)

    store.run_script = failing
    try:
        with pytest.raises(RuntimeError):
            run_all(settings)
    finally:
        store.run_script = real
    spare = Spare(settings.warehouse)
    assert dump(settings) == before and not spare.claim.exists() and not spare.path.exists()
    summary = run_all(settings).loaded
    assert summary.started_from == "copy" and summary.spare_kept == "replay"
    assert dump(settings) == _scratch(tmp_path, raw)


def test_a_warehouse_moved_with_its_spare_still_replays(tmp_path):
    """The claim names the replay's files relative to it: a warehouse directory moved (renamed:
    the same files) keeps its spare."""
    _, raw = _with_a_spare(tmp_path, tmp_path / "a")
    (tmp_path / "a").rename(tmp_path / "b")
    moved = settings_for(tmp_path / "b", raw)
    (raw / "new-2.txt").write_bytes(_variant(2))
    assert run_all(moved).loaded.started_from == "spare + replay"
    assert dump(moved) == _scratch(tmp_path, raw)


def test_an_input_staged_by_another_build_is_not_replayed(tmp_path):
    """After an upgrade the kept input may not be what the new code's load reads: the run copies."""
    import json

    settings, raw = _with_a_spare(tmp_path)
    spare = Spare(settings.warehouse)
    claim = json.loads(spare.claim.read_text("utf-8"))
    claim["replay"]["build"] = "an older build"
    spare.claim.write_text(json.dumps(claim), "utf-8")
    (raw / "new-2.txt").write_bytes(_variant(2))
    summary = run_all(settings).loaded
    assert summary.started_from == "copy" and summary.spare_kept == "replay"
    assert dump(settings) == _scratch(tmp_path, raw)
