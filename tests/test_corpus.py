"""The real reports in ../shared/corpus: every key value (from the corpus README) is either right
or unread with a parse issue saying why — never a wrong value without an issue."""

from __future__ import annotations

import pytest

from pipeline.parse.report import parse_report
from tests.conftest import CORPUS_TEXT

AP, RL, AD = "applications", "review_litigation", "active_disclosure"
KEYS = (
    (AP, "new_received", "total"), (AP, "carried_in", "total"), (AP, "results_total", "total"), (AP, "carried_forward", "total"),
    (RL, "review", "upheld"), (RL, "review", "corrected"), (RL, "review", "other"), (RL, "review", "pending"), (RL, "review", "total"),
    (RL, "litigation_direct", "total"), (RL, "litigation_after_review", "total"),
    (AD, "licensing", "decisions"), (AD, "penalty", "decisions"), (AD, "coercion", "decisions"), (AD, "fees", "amount_10k_yuan"),
    (AD, "normative_documents", "issued"), (AD, "normative_documents", "repealed"), (AD, "normative_documents", "in_force"),
)
# values as printed (the README's table); None = printed blank
EXPECTED = {
    "huaian-hongze-2023": (21, 0, 21, 0, 10, 1, 0, 0, 0, 0, 0, 550, 4119, 195, 7730.28, 0, 5, 5),
    "huaian-hongze-2024": (95, 0, 95, 0, 1, 1, 0, 0, 2, 1, 3, 9487, 2776, 84, 7545, 3, 0, 8),
    "huaian-city-2024": (3119, 34, 3050, 103, 72, 64, 178, 37, 351, 26, 20, 447228, 3985758, 88283, 96171.6, 8, 26, 66),
    "shuyang-fgj-2023": (26, 0, 26, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 8, 0, 18),
    "shuyang-county-2025": (713, 36, 718, 31, 27, 10, 9, 15, 61, 3, 10, 517645, 693957, 2154, 4068.208, 6, 1, 32),
    "shanghai-stcsm-2024": (34, 2, 35, None, 1, 0, 0, 0, 1, 0, 0, 97, 0, 0, 0, 13, 0, 55),
    "shanghai-office-2025": (1295, 189, 1191, 293, 40, 0, 10, 5, 55, 12, 22, 0, 0, 0, 0, 34, 55, 189),
}
FILES = sorted(CORPUS_TEXT.glob("*.txt")) if CORPUS_TEXT.exists() else []
# Reports whose layout text we claim to read completely (no parse issue at all).
CLEAN = {"huaian-hongze-2023.layout", "huaian-hongze-2024.layout", "huaian-city-2024.layout", "shuyang-fgj-2023.tabs", "shuyang-county-2025"}


@pytest.mark.skipif(not FILES, reason="../shared/corpus not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_key_values_right_or_explained(path):
    name = path.name.removesuffix(".txt")
    report = parse_report(path.read_bytes(), path.name)
    assert report.parse_status == "parsed"
    got = {(t, r, c): (v, k) for t, r, c, v, k, _raw, _line in report.cells}
    explained_tables = {i.table_code for i in report.issues}
    explained_rows = {(i.table_code, i.row_code) for i in report.issues}
    read = 0
    for key, want in zip(KEYS, EXPECTED[name.split(".")[0]]):
        value, kind = got[key]
        if kind in ("number", "blank", "placeholder"):
            assert value == (None if want is None else pytest.approx(want)), key
            read += 1
        else:  # unread: a parse issue must say so for that row or table
            assert (key[0], key[1]) in explained_rows or key[0] in explained_tables, key
    if name in CLEAN:
        assert report.issues == [] and read == len(KEYS)
    assert report.year == int(name.split(".")[0][-4:])


@pytest.mark.skipif(not FILES, reason="../shared/corpus not present")
def test_corpus_agencies_and_templates():
    got = {p.name: parse_report(p.read_bytes(), p.name) for p in FILES}
    assert got["huaian-hongze-2023.layout.txt"].agency == "洪泽区人民政府"
    assert got["huaian-hongze-2023.layout.txt"].template_version == "2019"  # single （六）其他处理 row
    assert got["huaian-city-2024.layout.txt"].template_version == "2021"
    assert got["shuyang-county-2025.txt"].agency == "沐阳县人民政府"  # as printed (OCR)
    assert got["shanghai-office-2025.txt"].agency == "上海市人民政府办公厅"
    assert got["shuyang-fgj-2023.tabs.txt"].agency == "沭阳县发展和改革局"
    assert str(got["shuyang-fgj-2023.tabs.txt"].published_on) == "2024-01-17"
