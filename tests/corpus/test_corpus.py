"""The real reports in ../shared/corpus: every key value (tests/data/corpus_expected.json, from the
corpus README) is either right or unread with a parse issue saying why — never a wrong value
without an issue."""

from __future__ import annotations

import pytest

from pipeline.parse.report import parse_report
from tests.conftest import expected, shared_path

CORPUS = expected("corpus_expected.json")
KEYS = [tuple(k.split("/")) for k in CORPUS["keys"]]
# Each report's text variants (layout, raw, tabs, as-is) in the shared corpus.
VARIANTS = {
    "huaian-hongze-2023": ("layout", "raw"),
    "huaian-hongze-2024": ("layout", "raw"),
    "huaian-city-2024": ("layout", "raw"),
    "shuyang-fgj-2023": ("tabs",),
    "shuyang-county-2025": ("",),
    "shanghai-stcsm-2024": ("",),
    "shanghai-office-2025": ("",),
}
FILES = [f"{name}.{v}.txt" if v else f"{name}.txt" for name, variants in VARIANTS.items() for v in variants]


@pytest.mark.parametrize("file", FILES)
def test_key_values_right_or_explained(file):
    path = shared_path("corpus", "text", file)
    name = path.name.removesuffix(".txt")
    report = parse_report(path.read_bytes(), path.name)
    assert report.parse_status == "parsed"
    got = {(t, r, c): (v, k) for t, r, c, v, k, _raw, _line in report.cells}
    explained_tables = {i.table_code for i in report.issues}
    explained_rows = {(i.table_code, i.row_code) for i in report.issues}
    read = 0
    for key, want in zip(KEYS, CORPUS["values"][name.split(".")[0]], strict=True):
        value, kind = got[key]
        if kind in ("number", "blank", "placeholder"):
            assert value == (None if want is None else pytest.approx(want)), key
            read += 1
        else:  # unread: a parse issue must say so for that row or table
            assert (key[0], key[1]) in explained_rows or key[0] in explained_tables, key
    if name in CORPUS["clean"]:
        assert report.issues == [] and read == len(KEYS)
    assert report.year == int(name.split(".")[0][-4:])


def test_every_text_of_the_shared_corpus_is_tested():
    assert sorted(p.name for p in shared_path("corpus", "text").glob("*.txt")) == sorted(FILES)


def test_corpus_agencies_and_templates():
    got = {f: parse_report(shared_path("corpus", "text", f).read_bytes(), f) for f in FILES}
    assert got["huaian-hongze-2023.layout.txt"].agency == "洪泽区人民政府"
    assert got["huaian-hongze-2023.layout.txt"].template_version == "2019"  # single （六）其他处理 row
    assert got["huaian-city-2024.layout.txt"].template_version == "2021"
    assert got["shuyang-county-2025.txt"].agency == "沐阳县人民政府"  # as printed (OCR)
    assert got["shanghai-office-2025.txt"].agency == "上海市人民政府办公厅"
    assert got["shuyang-fgj-2023.tabs.txt"].agency == "沭阳县发展和改革局"
    assert str(got["shuyang-fgj-2023.tabs.txt"].published_on) == "2024-01-17"
