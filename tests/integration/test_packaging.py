"""A non-editable install carries every SQL file (sql/ is installed as the package pipeline.sql)
and every reference table (data/reference/ as pipeline.reference.tables)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # subprocesses and big files: left out of mutation runs (make mutate)


def test_the_wheel_ships_every_sql_file_and_reference_table(tmp_path):
    src = tmp_path / "src"
    for name in ("pipeline", "assets", "sql"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "data" / "reference", src / "data" / "reference", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", src / "pyproject.toml")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    shipped = {n.removeprefix("pipeline/sql/") for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".sql")}
    in_repo = {p.relative_to(ROOT / "sql").as_posix() for p in (ROOT / "sql").rglob("*.sql")}
    assert shipped == in_repo and "views/comparison.sql" in shipped
    tables = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("pipeline/reference/tables/")}
    assert {n.rsplit("/", 1)[1] for n in tables if n.endswith(".csv")} == {
        p.name for p in (ROOT / "data" / "reference").glob("*.csv")
    }
