"""The pool of reporting bodies and each body's parameters.

Bodies are real provinces / cities / counties with their real division codes (see ``names``): their
governments, government offices, departments and development zones, plus generated townships and
street offices; and, from the curated tables the resolver reads (data/reference/), the zones
(new areas, experimental and development zones: their committees) and the counties renamed or
re-tiered since 2018 (海门市 → 海门区: the old name printed before the change, the new one after).
``generate`` shuffles the pool with the seed; ``make_body`` gives each body its
names, its activity parameters (how many applications, licensing decisions, ... it handles), its
house table layout and encoding, and the running state that ``simulate`` advances year by year.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import NamedTuple

from bench.synthetic import names
from bench.synthetic.truth import ENCODING_WEIGHTS, ENCODINGS, LAYOUT_WEIGHTS, TABLE_LAYOUTS
from pipeline.reference.agencies import CONTINUING_CHANGES, gazetteer, reference_table


@dataclass(slots=True)
class Body:
    key: str
    name: str
    printed: tuple[str, ...]
    level: str
    kind: str
    tier: str
    province: str
    city: str | None
    county: str | None
    township: str | None
    division_code: str
    is_aggregate: bool
    scope: str  # 全区 / 全市 … for aggregate narrative
    # activity parameters
    app_mean: float
    zero_prob: float
    cf_prob: float
    col_cw: list
    leaf_cw: list
    review_rate: float
    lit_rate: float
    review_base: float
    reg_rate: float
    nd_rate: float
    lic_mean: float
    pen_mean: float
    coer_mean: float
    other_mean: float
    fee_prob: float
    fee_mean: float
    proc_prob: float
    late_adopter: bool
    house_layout: str
    house_encoding: str
    # state
    carried: list
    # a renamed division's government: (first year of the new name, the names printed before it)
    renamed: tuple[int, tuple[str, ...]] | None
    reg_in_force: int
    nd_in_force: int
    reg_pub_total: int
    nd_pub_total: int
    items: list  # items_prior_year for licensing, other_services, penalty, coercion, fees


# ====================================================================== the pool
def pool_specs(extra_round: int) -> list[tuple]:
    """Body specs (tier, kind, province code, city index, (county code, name) or None, extra).

    Round 0: every government, office, department, zone and up to 14 townships per county. Later
    rounds (only for very large n): more townships per county. ``extra`` is the department index,
    the zone's (code, name) or the township number."""
    specs: list[tuple] = []
    n_dep = len(names.DEPARTMENTS)
    for ci, (pc, _, _, counties, zones) in enumerate(names.CITIES):
        muni = pc in names.MUNICIPALITIES
        if extra_round == 0:
            first_of_province = all(c[0] != pc for c in names.CITIES[:ci])
            if first_of_province:
                specs.append(("province", "government", pc, ci, None, None))
                specs.append(("province", "government_office", pc, ci, None, None))
                for d in range(n_dep):
                    if names.DEPARTMENTS[d][1 if not muni else 2]:
                        specs.append(("province", "department", pc, ci, None, d))
            if not muni:
                specs.append(("city", "government", pc, ci, None, None))
                specs.append(("city", "government_office", pc, ci, None, None))
                for d in range(n_dep):
                    if names.DEPARTMENTS[d][2]:
                        specs.append(("city", "department", pc, ci, None, d))
            for z in zones.split():
                specs.append(("city", "zone_committee", pc, ci, None, (z[:6], z[6:])))
        for k, tok in enumerate(counties.split()):
            county = (tok[:6], tok[6:])
            if extra_round == 0:
                specs.append(("county", "government", pc, ci, county, None))
                specs.append(("county", "government_office", pc, ci, county, None))
                for d in range(n_dep):
                    if names.DEPARTMENTS[d][3]:
                        specs.append(("county", "department", pc, ci, county, d))
                if (int(county[0]) * 7 + k) % 5 < 2:
                    specs.append(("county", "zone_committee", pc, ci, county, None))
            n_town = 14 if extra_round == 0 else 20
            base = 0 if extra_round == 0 else 14 + 20 * (extra_round - 1)
            for t in range(base, base + n_town):
                specs.append(("township", "township", pc, ci, county, t))
    if extra_round == 0:
        specs += _reference_specs()
    return specs


def _reference_specs() -> list[tuple]:
    """Bodies from the curated reference tables: every zone's committee, and the government of
    every county-level division renamed or re-tiered since 2018 whose body continued."""
    specs: list[tuple] = []
    # (a zone the city tables already hold is one body, not two)
    # (a zone that is also a division — 浦东新区, 滨海新区 — reports as that district's government)
    known = {tok[6:] for *_, zones in names.CITIES for tok in zones.split()} | set(gazetteer().full)
    for row in reference_table("zones.csv"):
        if row["host_code"][:2] in names.PROVINCES and row["name"] not in known:
            specs.append(("city", "reference_zone", row["host_code"][:2], -1, None, row))
    for row in reference_table("historic_divisions.csv"):
        if (row["change"] in CONTINUING_CHANGES and row["old_level"] == row["new_level"] == "county"
                and row["new_code"][:2] in names.PROVINCES and 2019 < int(row["effective_year"]) <= 2025):  # fmt: skip
            specs.append(("county", "reference_renamed", row["new_code"][:2], -1, None, row))
    return specs


def _town_name(county_code: str, t: int, urban: bool) -> tuple[str, str]:
    """Deterministic (name, suffix) for the t-th township of a county; suffix 镇/乡/街道."""
    pool = names.TOWN_NAMES
    n = len(pool)
    h = (int(county_code) * 2654435761) % n
    idx = (h + t * 37) % n
    base = pool[idx]
    if t >= n:  # very large corpora: extend with a second syllable
        base = base[0] + names.TOWN_SUFFIX_CHARS[(t // n) % len(names.TOWN_SUFFIX_CHARS)] + base[1:]
    if base.endswith("路") or base.endswith("干道") or base in ("城南", "城北", "城东", "城西"):
        return base, "街道"
    r = (int(county_code) + t * 13) % 10
    if urban:
        return base, ("街道" if r < 7 else "镇")
    return base, ("街道" if r < 1 else ("乡" if r < 4 else "镇"))


def _county_scope(county: str) -> str:
    last = county[-1]
    return {"区": "全区", "县": "全县", "市": "全市", "旗": "全旗"}.get(last, "全区")


# ====================================================================== who a body is
# Activity weights of a unit: (applications, licensing, penalty, coercion, fees, normative documents).
_GOVERNMENT_WEIGHTS = (1.0, 0.0, 0.0, 0.0, 0.0, 1.0)  # governments and their offices
_CITY_ZONE_WEIGHTS = (0.6, 1.5, 0.8, 0.2, 0.2, 0.6)
_COUNTY_ZONE_WEIGHTS = (0.4, 1.0, 0.5, 0.1, 0.2, 0.4)
_TOWNSHIP_WEIGHTS = (1.0, 0.2, 0.3, 0.05, 0.02, 0.2)


class _Identity(NamedTuple):
    """Who a body is: its names and place, before any random draw."""

    division_code: str
    name: str  # canonical full name (province + city + county + unit)
    printed: tuple[str, ...]  # names it prints in titles, the usual one first
    level: str
    kind: str
    city: str | None
    county: str | None
    township: str | None
    scope: str  # 全区 / 全市 … for aggregate narrative
    big: bool  # a big city (or municipality): more of everything
    weights: tuple[float, ...]  # see _GOVERNMENT_WEIGHTS
    may_aggregate: bool  # a government: its report may cover the whole region


def _identify(spec: tuple) -> _Identity:
    tier, kind, pc, ci, county, extra = spec
    pname = names.PROVINCES[pc]
    if kind == "reference_zone":
        return _zone_body(extra)
    if kind == "reference_renamed":
        return _renamed_body(extra)
    _, ccode, cname, _, _ = names.CITIES[ci]
    big = ccode in names.BIG_CITIES
    if tier == "province":
        return _province_body(kind, pc, pname, extra, big)
    if tier == "city":
        return _city_body(kind, pname, ccode, cname, extra, big)
    code, kname = county
    if tier == "county":
        return _county_body(kind, pc, pname, cname, code, kname, extra, big)
    return _township_body(pname, cname, code, kname, extra, big)


def _province_body(kind: str, pc: str, pname: str, department: int | None, big: bool) -> _Identity:
    muni = pc in names.MUNICIPALITIES
    level, weights, may_aggregate = "department", _GOVERNMENT_WEIGHTS, False
    if kind == "government":
        unit, level, may_aggregate = "人民政府", "province", True
    elif kind == "government_office":
        unit = "人民政府办公厅"
    else:
        d = names.DEPARTMENTS[department]
        unit, weights = (d[2] if muni else d[1]), d[4]
    canonical = pname + unit
    scope = "全市" if muni else ("全区" if pname.endswith("自治区") else "全省")
    return _Identity(
        pc + "0000", canonical, (canonical,), level, kind, None, None, None, scope, big or muni, weights, may_aggregate
    )


def _city_body(kind: str, pname: str, ccode: str, cname: str, extra, big: bool) -> _Identity:
    """A city government, office, department (``extra``: index) or zone (``extra``: (code, name))."""
    city = cname or None
    scope = "全市" if not cname.endswith("州") else "全州"
    if kind == "zone_committee":
        code, zname = extra
        city_prefix = cname if not zname.startswith(cname[:2]) else ""
        printed = (zname + "管理委员会", city_prefix + zname + "管理委员会")
        name = pname + zname + "管理委员会"
        return _Identity(code, name, printed, "zone", kind, city, None, None, scope, big, _CITY_ZONE_WEIGHTS, False)
    gov_word = "行政公署" if cname.endswith(("地区", "盟")) else "人民政府"
    level, weights, may_aggregate = "department", _GOVERNMENT_WEIGHTS, False
    if kind == "government":
        unit, level, may_aggregate = gov_word, "city", True
    elif kind == "government_office":
        unit = gov_word + "办公室"
    else:
        d = names.DEPARTMENTS[extra]
        unit, weights = d[2], d[4]
    printed = (cname + unit, pname + cname + unit)
    name = pname + cname + unit
    return _Identity(ccode, name, printed, level, kind, city, None, None, scope, big, weights, may_aggregate)


def _county_body(
    kind: str, pc: str, pname: str, cname: str, code: str, kname: str, department: int | None, big: bool
) -> _Identity:
    level, weights, may_aggregate = "department", _GOVERNMENT_WEIGHTS, False
    if kind == "government":
        unit, level, may_aggregate = "人民政府", "county", True
    elif kind == "government_office":
        unit = "人民政府办公室"
    elif kind == "zone_committee":
        unit = "产业集聚区管理委员会" if pc == "41" else "经济开发区管理委员会"
        level, weights = "zone", _COUNTY_ZONE_WEIGHTS
    else:
        d = names.DEPARTMENTS[department]
        unit, weights = d[3], d[4]
    printed = (kname + unit, cname + kname + unit if cname else pname + kname + unit)  # cname "" in municipalities
    name = pname + cname + kname + unit
    scope = _county_scope(kname)
    return _Identity(code, name, printed, level, kind, cname or None, kname, None, scope, big, weights, may_aggregate)


def _zone_body(row: dict) -> _Identity:
    """A zone of data/reference/zones.csv: its committee (the zone's government where it reports
    for the whole zone), placed at its host division."""
    zname, whole = row["name"], row["reports_for_whole_zone"] == "yes"
    kind = "government" if whole else "zone_committee"
    printed = (zname + "管理委员会", zname) if not whole else (zname, zname + "管理委员会")
    city, county = row["host_city"] or None, row["host_county"] or None
    return _Identity(row["host_code"], row["host_province"] + zname + "管理委员会", printed, "zone", kind, city,
                     county, None, "全区", False, _CITY_ZONE_WEIGHTS, whole)  # fmt: skip


def _renamed_body(row: dict) -> _Identity:
    """The government of a county renamed or re-tiered (海门市 → 海门区): under its new name here,
    its names before the change in ``renamed_before``."""
    new, city = row["new_name"], row["city"] or None
    printed = (new + "人民政府", (city or "") + new + "人民政府")
    name = row["province"] + (city or "") + new + "人民政府"
    return _Identity(row["new_code"], name, printed, "county", "government", city, new, None, _county_scope(new),
                     False, _GOVERNMENT_WEIGHTS, True)  # fmt: skip


def renamed_before(spec: tuple) -> tuple[int, tuple[str, ...]] | None:
    """(first year printing the new name, the names printed before) of a renamed county."""
    if spec[1] != "reference_renamed":
        return None
    row = spec[5]
    # a report for year y is published in y + 1: the change took effect during year effective_year
    return int(row["effective_year"]), (
        row["old_name"] + "人民政府",
        (row["city"] or "") + row["old_name"] + "人民政府",
    )


def _township_body(pname: str, cname: str, code: str, kname: str, t: int, big: bool) -> _Identity:
    tname, suffix = _town_name(code, t, kname.endswith("区"))
    if suffix == "街道":
        unit = tname + "街道办事处"
        level, kind = "street_office", "street_office"
        printed = (kname + unit, unit)
    else:
        unit = tname + suffix + "人民政府"
        level, kind = "township", "government"
        printed = (unit, kname + unit)
    scope = "全" + ("镇" if suffix == "镇" else ("乡" if suffix == "乡" else "街道"))
    name, city = pname + cname + kname + unit, cname or None
    return _Identity(code, name, printed, level, kind, city, kname, tname, scope, big, _TOWNSHIP_WEIGHTS, False)


# ====================================================================== activity parameters
_BASE_LEAF_W = (
    0.40,
    0.08,  # granted, partially
    0.003,
    0.01,
    0.005,
    0.02,
    0.02,
    0.03,
    0.01,
    0.03,  # withheld 1-8
    0.18,
    0.03,
    0.02,  # unavailable 1-3
    0.04,
    0.02,
    0.005,
    0.005,
    0.01,  # declined 1-5
    0.02,
    0.002,
    0.05,  # other 1-3
)
_ORG_W = (0.55, 0.03, 0.04, 0.25, 0.13)  # commercial, research, public interest, legal, other


def _cum(ws):
    out, s = [], 0.0
    for w in ws:
        s += w
        out.append(s)
    return out


class _ApplicationParams(NamedTuple):
    app_mean: float  # mean new applications per year
    zero_prob: float  # chance of a year without applications
    col_cw: list  # cumulative weights of the 6 applicant columns
    leaf_cw: list  # cumulative weights of the 21 result rows
    review_rate: float  # reviews per application


class _EnforcementParams(NamedTuple):
    lic_mean: float  # licensing decisions per year
    pen_mean: float  # penalty decisions per year
    coer_mean: float  # coercion decisions per year
    nd_rate: float  # normative documents issued per year
    reg_rate: float  # regulations issued per year
    fee_prob: float  # chance of fee income in a year
    fee_mean: float  # mean fee income (万元)


def make_body(spec: tuple, rng: random.Random) -> Body:
    """The body of a ``pool_specs`` entry with its parameters and starting state (draws from rng)."""
    tier = spec[0]
    who = _identify(spec)
    r = rng.random
    printed = who.printed
    if r() < 0.15 and len(printed) > 1 and printed[1] != printed[0]:
        printed = (printed[1], printed[0])
    is_agg = who.may_aggregate and r() < 0.55
    apps = _application_params(rng, tier, who, is_agg)
    acts = _enforcement_params(rng, tier, who, is_agg)
    house_layout = rng.choices(TABLE_LAYOUTS, weights=LAYOUT_WEIGHTS)[0]
    house_encoding = rng.choices(ENCODINGS, weights=ENCODING_WEIGHTS)[0]
    _, lic_w, pen_w, coer_w, fee_w, _ = who.weights
    nd_if = int(acts.nd_rate * (3 + 7 * r())) if acts.nd_rate else 0
    reg_if = int(acts.reg_rate * (15 + 30 * r())) if acts.reg_rate else 0
    items = [
        int(lic_w * 40 * r()) if lic_w else 0,
        int(20 * r()) if r() < 0.5 else 0,
        int(pen_w * 80 * r()) if pen_w else 0,
        int(coer_w * 15 * r()) if coer_w else 0,
        int(10 * r()) if r() < fee_w else 0,
    ]
    lit_rate = apps.review_rate * (0.3 + 0.7 * r())
    late_adopter = r() < 0.06
    return Body(
        key=f"{who.division_code}:{who.name}",
        name=who.name,
        printed=printed,
        level=who.level,
        kind=who.kind,
        tier=tier,
        province=names.PROVINCES[spec[2]],
        city=who.city,
        county=who.county,
        township=who.township,
        division_code=who.division_code,
        is_aggregate=is_agg,
        scope=who.scope,
        **apps._asdict(),
        cf_prob=0.15 + (0.5 if apps.app_mean > 20 else 0.0),
        lit_rate=lit_rate,
        review_base=(0.3 if who.kind == "government" and tier != "township" else 0.01) * (1 + 4 * who.big),
        **acts._asdict(),
        other_mean=acts.lic_mean * 0.1,
        proc_prob=0.3 if who.level != "township" else 0.1,
        late_adopter=late_adopter,
        house_layout=house_layout,
        house_encoding=house_encoding,
        carried=[0] * 6,
        renamed=renamed_before(spec),
        reg_in_force=reg_if,
        nd_in_force=nd_if,
        reg_pub_total=reg_if,
        nd_pub_total=nd_if,
        items=items,
    )


def _application_params(rng: random.Random, tier: str, who: _Identity, is_agg: bool) -> _ApplicationParams:
    lognorm = rng.lognormvariate
    kind, level = who.kind, who.level
    scale = {"province": 8.0, "city": 3.0, "county": 1.0, "township": 0.25}[tier]
    if kind == "government" and tier != "township":
        base = (100.0 if is_agg else 12.0) * scale
    elif kind == "government_office":
        base = 2.0 * scale
    elif level == "zone":
        base = 1.0 * scale
    elif level in ("township", "street_office"):
        base = 0.25
    else:
        base = 0.7 * scale * who.weights[0]
    if who.big:
        base *= 6.0
    app_mean = base * lognorm(0.0, 0.8)
    zero_prob = min(0.97, math.exp(-1.0 * app_mean) + (0.2 if app_mean < 3 else 0.0))
    np_share = min(0.995, 0.55 + 0.45 * rng.random()) if level not in ("township", "street_office") else 0.97
    org = [w * lognorm(0.0, 0.5) for w in _ORG_W]
    so = sum(org)
    col_w = [np_share] + [(1.0 - np_share) * w / so for w in org]
    leaf_w = [w * lognorm(0.0, 0.5) for w in _BASE_LEAF_W]
    review_rate = 0.005 + 0.04 * rng.random()
    return _ApplicationParams(app_mean, zero_prob, _cum(col_w), _cum(leaf_w), review_rate)


def _enforcement_params(rng: random.Random, tier: str, who: _Identity, is_agg: bool) -> _EnforcementParams:
    """Licensing / penalty / coercion decisions, documents issued and fees."""
    lognorm = rng.lognormvariate
    kind, level = who.kind, who.level
    _, lic_w, pen_w, coer_w, fee_w, nd_w = who.weights
    act = {"province": 3000.0, "city": 1500.0, "county": 300.0, "township": 8.0}[tier]
    if kind == "government":
        gov_act = act * (20.0 if is_agg else 0.05)
        lic_mean = gov_act * lognorm(0, 0.8)
        pen_mean = gov_act * 1.5 * lognorm(0, 0.8)
        coer_mean = gov_act * 0.05 * lognorm(0, 0.8)
        nd_rate = {"province": 25.0, "city": 10.0, "county": 4.0, "township": 0.3}[tier]
        reg_rate = {"province": 5.0, "city": 1.5}.get(tier, 0.0)
        fee_prob = 0.5 if is_agg else 0.03
    else:
        lic_mean = act * lic_w * lognorm(0, 1.0) if lic_w else 0.0
        pen_mean = act * pen_w * lognorm(0, 1.0) if pen_w else 0.0
        coer_mean = act * 0.05 * coer_w * lognorm(0, 1.0) if coer_w else 0.0
        nd_rate = {"province": 3.0, "city": 1.5, "county": 0.4, "township": 0.2}[tier] * nd_w
        reg_rate = 0.0
        fee_prob = fee_w
    if who.big:
        lic_mean *= 4.0
        pen_mean *= 4.0
    r = rng.random
    if r() < (0.55 if tier in ("county", "township") else 0.3) and level in ("department", "township", "street_office"):
        lic_mean = pen_mean = coer_mean = 0.0  # units without licensing / enforcement powers
    if kind != "government" and r() < 0.5:
        nd_rate = 0.0  # units that issue no normative documents
    fee_mean = {"province": 3000.0, "city": 500.0, "county": 60.0, "township": 3.0}[tier] * lognorm(0, 1.0)
    return _EnforcementParams(lic_mean, pen_mean, coer_mean, nd_rate, reg_rate, fee_prob, fee_mean)
