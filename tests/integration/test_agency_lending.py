"""One body, one key across its reports: a name resolved by one report lends its region to the
same-named reports that name no place, when their source path supports it — and the loan is
withdrawn when another report resolves the name elsewhere (sql/load/lend_agency_keys.sql)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.run.settings import Settings
from pipeline.run.steps import run_all

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "004_10659aee92df145a.txt"
HINT = "河南济源大美大峪"  # the only place name in sample 004's text: it resolves 大峪镇 to 济源


def _variant(year: int, hint: str | None) -> bytes:
    text = SAMPLE.read_text(encoding="utf-8").replace("2023", str(year))
    return text.replace(HINT, hint if hint is not None else "大美大峪").encode("utf-8")


def _write(raw: Path, path: str, data: bytes) -> None:
    (raw / path).parent.mkdir(parents=True, exist_ok=True)
    (raw / path).write_bytes(data)


def _agencies(warehouse: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "SELECT source_file, agency_key, division_code, agency_lent_from, region_note FROM reports"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: r[1:] for r in rows}


def test_a_resolved_name_lends_its_region_where_the_path_supports_it(tmp_path):
    raw, wh = tmp_path / "raw", tmp_path / "w.duckdb"
    _write(raw, "济源市/2023/大峪镇.txt", _variant(2023, HINT))  # resolves itself (text)
    _write(raw, "济源市/2022/大峪镇.txt", _variant(2022, None))  # names no place; its folder: 济源
    _write(raw, "other/2021/大峪镇.txt", _variant(2021, None))  # names no place; nothing supports
    settings = Settings(raw, wh, tmp_path / "staging")
    run_all(settings)
    got = _agencies(wh)
    own_key, own_code, own_lent, _ = got["济源市/2023/大峪镇.txt"]
    assert (own_key, own_code, own_lent) == ("419001:大峪镇人民政府", "419001", None)
    key, code, lent, note = got["济源市/2022/大峪镇.txt"]
    assert (key, code, lent) == (own_key, "419001", "济源市/2023/大峪镇.txt")
    assert note.startswith("lent: 大峪镇人民政府 resolved from text in 济源市/2023/大峪镇.txt")
    assert note.endswith(" | own: unresolved: no place name in the title or text")
    assert got["other/2021/大峪镇.txt"][:3] == (None, None, None)

    # re-running changes nothing
    run_all(settings)
    assert _agencies(wh) == got

    # another 大峪镇 (北京 门头沟) resolves the same name elsewhere: the name is two bodies, the
    # loan is withdrawn and the borrower's own note is back
    _write(raw, "北京市/2023/大峪镇.txt", _variant(2023, "北京市门头沟区大峪镇").replace(b"784", b"785"))
    run_all(settings)
    after = _agencies(wh)
    assert after["北京市/2023/大峪镇.txt"][:2] == ("110109:大峪镇人民政府", "110109")
    assert after["济源市/2023/大峪镇.txt"][:2] == (own_key, "419001")
    assert after["济源市/2022/大峪镇.txt"] == (None, None, None, "unresolved: no place name in the title or text")
