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
