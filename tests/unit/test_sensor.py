"""The sensor requests a run when files change, with a high-water-mark cursor."""

from __future__ import annotations

import os
import time

import dagster as dg

from assets.definitions import build_defs
from tests.conftest import sample_bytes
from tests.helpers import make_raw, settings_for


def _tick(defs, cursor):
    sensor = defs.resolve_sensor_def("new_report_files")
    return sensor.evaluate_tick(dg.build_sensor_context(cursor=cursor, definitions=defs, resources=defs.resources))


def test_sensor_requests_a_run_per_batch_of_changes(tmp_path):
    raw = make_raw(tmp_path)
    defs = build_defs(settings_for(tmp_path, raw))
    first = _tick(defs, None)
    assert len(first.run_requests) == 1
    cursor = first.cursor
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in raw.rglob("*") if p.is_file())
    assert int(cursor) == newest  # the high-water mark is the newest file's mtime/ctime
    assert first.run_requests[0].tags["changed_files"] == "5"
    named = first.run_requests[0].run_config["ops"]["raw_files"]["config"]["files"]
    assert named == sorted(p.name for p in raw.glob("*.txt"))  # the run looks at these only

    quiet = _tick(defs, cursor)
    assert not quiet.run_requests and quiet.cursor in (None, cursor)

    time.sleep(0.01)
    new = raw / "sub" / "new.txt"
    new.parent.mkdir()
    new.write_bytes(sample_bytes("001"))
    os.utime(new, ns=(1, 1))  # an old mtime (e.g. copied with cp -p): ctime still moves the mark
    again = _tick(defs, cursor)
    assert len(again.run_requests) == 1
    assert int(again.cursor) > int(cursor)
    assert again.run_requests[0].tags["changed_files"] == "1"
    assert again.run_requests[0].run_config["ops"]["raw_files"]["config"]["files"] == ["sub/new.txt"]


def test_many_changed_files_are_not_named_the_run_lists_the_directory(tmp_path, monkeypatch):
    raw = make_raw(tmp_path)
    defs = build_defs(settings_for(tmp_path, raw))
    monkeypatch.setattr("assets.automation.NAMED_UP_TO", 4)
    request = _tick(defs, None).run_requests[0]
    assert request.tags["changed_files"] == "5" and "ops" not in request.run_config
