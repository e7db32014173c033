"""An analyst's open session never breaks a run nor sees half-written data; a killed run leaves the
warehouse as it was and the next run completes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, sample_bytes
from tests.helpers import make_raw, materialize, query, settings_for

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


KILLABLE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from pipeline.run.settings import Settings
    from pipeline.run.steps import run_all
    run_all(Settings(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])), run_key="victim")
    """
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_killing_a_run_mid_load_leaves_the_warehouse_unchanged(tmp_path):
    raw = make_raw(tmp_path)
    settings = settings_for(tmp_path, raw)
    materialize(settings)
    before = _digest(settings.warehouse)
    # enough new distinct reports that loading takes a while
    text = sample_bytes("003").decode("utf-8")
    for i in range(600):
        (raw / f"bulk-{i:04d}.txt").write_text(text.replace("15498", str(10000 + i)), "utf-8")

    proc = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, str(ROOT), str(raw), str(settings.warehouse), str(settings.staging)]
    )
    candidate = settings.warehouse.with_name(f".{settings.warehouse.name}.candidate-victim")
    deadline = time.time() + 120
    while not candidate.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    assert candidate.exists(), "the run never reached the load step"
    time.sleep(0.05)
    proc.kill()
    proc.wait()

    assert _digest(settings.warehouse) == before  # untouched
    assert query(settings, "SELECT count(*) FROM reports") == [(5,)]
    materialize(settings)  # the next run completes and clears the leftovers
    assert query(settings, "SELECT count(*) FROM reports") == [(605,)]
    assert not candidate.exists()
    assert query(
        settings,
        "SELECT value FROM cells c JOIN reports r USING (report_id) WHERE r.source_file = 'bulk-0599.txt' "
        "AND c.row_code = 'licensing'",
    ) == [(10599.0,)]
