"""The real reports as published (shared/corpus/originals: 3 PDFs, an HTML page, markdown and
OCR text) ingest straight from a raw directory: each read from its own format, every cell of the
PDFs and the HTML page read, key values right."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipeline.run.settings import Settings
from pipeline.run.steps import run_all
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("originals")
    raw = tmp / "raw"
    shutil.copytree(shared_path("corpus", "originals"), raw)
    run_all(Settings(raw, tmp / "w.duckdb", tmp / "staging"))
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    yield con
    con.close()


def _cell(con, source_file, table, row, column):
    return con.execute(
        "SELECT c.value, c.value_kind FROM cells c JOIN reports r USING (report_id) "
        "WHERE r.source_file = ? AND c.table_code = ? AND c.row_code = ? AND c.column_code = ?",
        [source_file, table, row, column],
    ).fetchone()


def test_every_original_is_read_from_its_own_format(warehouse):
    rows = warehouse.execute(
        "SELECT source_file, input_format, status, agency, year, "
        "(SELECT count(*) FILTER (WHERE value_kind = 'missing') FROM cells c WHERE c.report_id = r.report_id) "
        "FROM reports r ORDER BY source_file"
    ).fetchall()
    got = {f: (fmt, status, agency, year, missing) for f, fmt, status, agency, year, missing in rows}
    assert got["huaian-city-2024.pdf"] == ("pdf", "ok", "淮安市人民政府", 2024, 0)
    assert got["huaian-hongze-2023.pdf"][:2] == ("pdf", "flagged")  # its table 四 totals are wrong in the source
    assert got["huaian-hongze-2023.pdf"][2:] == ("洪泽区人民政府", 2023, 0)
    assert got["huaian-hongze-2024.pdf"][0] == "pdf" and got["huaian-hongze-2024.pdf"][2:] == (
        "淮安市洪泽区人民政府",
        2024,
        0,
    )
    assert got["shuyang-fgj-2023.html"] == ("html", "ok", "沭阳县发展和改革局", 2023, 0)
    assert {f: v[0] for f, v in got.items() if v[0] == "text"} == {
        "shanghai-office-2025.md": "text",
        "shanghai-stcsm-2024.md": "text",
        "shuyang-county-2025.txt": "text",
    }


def test_key_values_of_the_originals(warehouse):
    assert _cell(warehouse, "huaian-city-2024.pdf", "active_disclosure", "penalty", "decisions") == (3985758, "number")
    assert _cell(warehouse, "huaian-city-2024.pdf", "active_disclosure", "licensing", "decisions") == (447228, "number")
    assert _cell(warehouse, "huaian-hongze-2023.pdf", "applications", "new_received", "total") == (21, "number")
    assert _cell(warehouse, "huaian-hongze-2023.pdf", "review_litigation", "review", "upheld") == (10, "number")
    assert _cell(warehouse, "huaian-hongze-2023.pdf", "review_litigation", "review", "total") == (0, "number")
    assert _cell(warehouse, "huaian-hongze-2024.pdf", "applications", "new_received", "total") == (95, "number")
    assert _cell(warehouse, "shuyang-fgj-2023.html", "applications", "new_received", "natural_person") == (26, "number")
    assert _cell(warehouse, "shuyang-fgj-2023.html", "applications", "new_received", "commercial_enterprise") == (
        None,
        "blank",
    )
