"""The agency dimension on real body names as printed in report titles (data/reference/
real_body_names.csv: 116 names, each with the page it was found on), the curated reference tables,
and one key per body over the years."""

from __future__ import annotations

import re

import pytest

from pipeline.reference.agencies import gazetteer, reference_table, resolve

NAMES = reference_table("real_body_names.csv")


def _expected_codes(row: dict) -> set[str]:
    """The expected code, and for a unit abolished since 2019 its successor (named in the source)."""
    successor = re.search(r"successor (\d{6})", row["source"])
    return {row["expected_code"]} | ({successor.group(1)} if successor else set())


def _contains(outer: str, inner: str) -> bool:
    """`outer` is a province or city whose territory holds the division `inner`."""
    return (outer.endswith("0000") and inner[:2] == outer[:2]) or (outer.endswith("00") and inner[:4] == outer[:4])


def test_the_list_covers_every_kind_of_name():
    kinds = {row["kind_of_name"] for row in NAMES}
    assert len(NAMES) >= 60
    assert {"province", "city", "county", "township", "street_office", "department", "vertical_tax", "zone_new_area",
            "zone_development", "zone_experimental", "prefecture_office", "league_office", "abolished_unit",
            "government_office"} <= kinds  # fmt: skip
    assert sum(row["source"].startswith("http") for row in NAMES) >= 0.75 * len(NAMES)


def test_real_names_resolve_to_their_region_never_a_wrong_one():
    determined = [row for row in NAMES if row["determined_by_name"] == "yes"]
    unresolved, coarser = [], []
    for row in determined:
        a = resolve(row["name"])
        if a.division_code is None:
            unresolved.append(row["name"])
            continue
        expected = _expected_codes(row)
        if a.division_code not in expected:
            # a zone spanning divisions is placed at the province or city holding it: coarser, not wrong
            assert any(_contains(a.division_code, e) for e in expected), (row["name"], a)
            coarser.append(row["name"])
    assert len(unresolved) <= 0.02 * len(determined), unresolved
    assert sorted(coarser) == ["天津滨海高新技术产业开发区", "陕西省西咸新区沣东新城管委会"]


@pytest.mark.parametrize("row", NAMES, ids=lambda row: row["name"])
def test_every_level_comes_from_the_name(row):
    assert resolve(row["name"]).level == row["expected_level"]


def test_names_the_place_does_not_determine_get_no_key():
    for row in (r for r in NAMES if r["determined_by_name"] == "no"):
        a = resolve(row["name"])
        assert (a.agency_key, a.division_code) == (None, None), row["name"]


PINGTAN_TEXTS = (
    "2019年，平潭综合实验区认真贯彻落实《中华人民共和国政府信息公开条例》……",
    "平潭县、福州市……本年度共收到政府信息公开申请12件。",  # a year whose narrative names 平潭县
    "实验区全面推进政务公开，以公开促落实、促规范、促服务。",
    "福建省平潭综合实验区管委会高度重视政府信息公开工作。",
    "全区各级行政机关共收到申请……",
    "本报告由实验区管委会办公室编制。",
    "",
)


def test_one_key_for_pingtan_over_seven_years_whatever_the_narrative_says():
    keys = {resolve(title, text).agency_key for title in ("平潭综合实验区", "平潭综合实验区管理委员会")
            for text in PINGTAN_TEXTS}  # fmt: skip
    assert keys == {"350128:平潭综合实验区"}
    a = resolve("平潭综合实验区", PINGTAN_TEXTS[4])
    assert (a.level, a.kind, a.county, a.is_aggregate) == ("zone", "government", "平潭县", True)


def test_a_renamed_county_is_one_body_before_and_after():
    before, after = resolve("海门市人民政府"), resolve("南通市海门区人民政府")
    assert before.agency_key == after.agency_key == "320614:人民政府"
    assert (before.county, before.level) == ("海门区", "county")
    assert "海门市 (320684) is now 海门区 (320614)" in before.region_note
    merged = resolve("莱芜市人民政府")  # merged into 济南 (2019): the body ended, its old code stays
    assert (merged.division_code, merged.level) == ("371200", "city")


def test_zone_rules_never_guess_between_places():
    assert resolve("新乡经济技术开发区管理委员会").division_code == "410700"  # 新乡市 holds 新乡县 too
    assert resolve("大同经济开发区管委会").division_code is None  # 大同市 (山西) or 大同区 (大庆)
    assert resolve("天津滨海某某开发区").division_code is None  # 滨海 is a 江苏 county, not in 天津


def test_every_reference_row_resolves_to_its_host():
    g = gazetteer()
    for row in reference_table("zones.csv"):
        assert row["host_code"] in g.by_code, row["name"]
        a = resolve(row["name"] + "管理委员会")
        assert a.division_code == row["host_code"], row["name"]
        assert a.level == "zone"
    for row in reference_table("historic_divisions.csv"):
        assert row["new_code"] in g.by_code, row["old_name"]
        assert row["old_code"] in g.by_code  # the old unit is a place of the gazetteer


def test_the_generator_s_reference_bodies_resolve_to_their_truth_with_one_key():
    """The synthetic zones and renamed counties (drawn from the same tables): every name they
    print, old and new, resolves to their region, and all of a body's names to one key."""
    import random

    from bench.synthetic.bodies import _reference_specs, make_body

    specs = _reference_specs()
    assert sum(s[1] == "reference_zone" for s in specs) >= 150 and sum(s[1] == "reference_renamed" for s in specs) >= 20
    for spec in specs:
        body = make_body(spec, random.Random(0))
        printed = list(body.printed) + (list(body.renamed[1]) if body.renamed else [])
        resolved = [resolve(name) for name in printed]
        # never a wrong region; an old name another place still bears (桥东区) may stay unresolved
        assert {a.division_code for a in resolved} - {None} == {body.division_code}, printed
        assert len({a.agency_key for a in resolved} - {None}) == 1, printed
        assert {a.level for a in resolved} == {body.level}, printed
