"""Publishing reaches the disk in the right order: the candidate's bytes, the rename, the directory."""

from __future__ import annotations

import os

from pipeline.warehouse import store


def test_publish_syncs_the_candidate_before_the_rename_and_the_directory_after(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "fsync", fsync)
    monkeypatch.setattr(store.os, "replace", replace)
    candidate, warehouse = tmp_path / ".w.duckdb.candidate-x", tmp_path / "w.duckdb"
    candidate.write_bytes(b"new")
    warehouse.write_bytes(b"old")
    store._publish(candidate, warehouse)
    assert events == [("fsync", str(candidate)), ("replace", str(candidate), str(warehouse)),
                      ("fsync", str(tmp_path))]  # fmt: skip
    assert warehouse.read_bytes() == b"new" and not candidate.exists()


def test_a_run_kept_waiting_for_the_writer_lock_is_told_who_holds_it(tmp_path):
    """(The same as the concurrency test, fast: make mutate leaves slow tests out.) The lock
    file beside the warehouse records the holder; a run that times out names it, or says the
    holder is unknown when the file records none; once released, the lock is taken at once."""
    import fcntl
    import json

    import pytest

    from pipeline.warehouse.lock import WarehouseBusy, WriterLock, holder_of, lock_path

    warehouse = tmp_path / "sub" / "w.duckdb"
    first = WriterLock(warehouse, "first")
    assert first.acquire() < 0.1 and first.held
    assert lock_path(warehouse) == tmp_path / "sub" / ".w.duckdb.lock"
    assert json.loads(lock_path(warehouse).read_text())["run_key"] == "first"
    assert holder_of(warehouse) == f"run first, pid {os.getpid()}"
    second = WriterLock(warehouse, "second")
    pid = os.getpid()
    message = f"another run is writing {warehouse} (run first, pid {pid}); waited 0 s — try again when it has finished"
    open_files = len(os.listdir("/proc/self/fd"))
    with pytest.raises(WarehouseBusy) as busy:
        second.acquire(timeout_s=0.3, poll_s=0.05)
    assert str(busy.value) == message and not second.held
    assert len(os.listdir("/proc/self/fd")) == open_files  # the waiting run's file closed again
    first.release()
    assert not first.held and second.acquire(timeout_s=0) < 0.1
    second.release()

    lock_path(warehouse).write_text("")  # a holder that recorded nothing (a lock taken by hand)
    fd = os.open(lock_path(warehouse), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(WarehouseBusy, match=r"\(holder unknown\); waited 0 s"):
            WriterLock(warehouse, "third").acquire(timeout_s=0.1, poll_s=0.05)
    finally:
        os.close(fd)
