"""The generator proper: the run over bodies and their report years, and the assembly of one report
(template version, cells, tables, document, encoding, file name, truth). ``generate`` is the public
entry point.

How a corpus is made:
1. The pool of bodies (``bodies``) is shuffled with the seed; each body gets its parameters and a
   run of report years.
2. Per body the numbers are simulated year by year (``simulate``), also for years it does not
   publish, so that the cross-year identities hold.
3. Per emitted report: the template version (2019 for 2019-2020, a few late adopters in 2021), the
   printed cells with optional injected errors (``cells``), the three tables in one of four layouts
   or mixed (``render``), the narrative (``document``), and an encoding.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Iterator, Sequence

from bench.synthetic.bodies import Body, make_body, pool_specs
from bench.synthetic.cells import print_cells
from bench.synthetic.dice import Dice
from bench.synthetic.document import write_document
from bench.synthetic.geometry import CELL_KEYS, failing_identities
from bench.synthetic.render import choose_table_layouts, render_tables
from bench.synthetic.simulate import YearNumbers, simulate_year
from bench.synthetic.truth import (
    DEVIATIONS,
    ENCODING_WEIGHTS,
    ENCODINGS,
    SPEC_TABLES,
    TABLE_LAYOUTS,
    YEARS,
    ReportTruth,
    SyntheticReport,
)


def generate(
    n: int,
    seed: int,
    error_rate: float = 0.02,
    *,
    deviation_scale: float = 1.0,
    layouts: Sequence[str] | None = None,
    encodings: Sequence[str] | None = None,
    cold: bool = False,
) -> Iterator[SyntheticReport]:
    """Yield ``n`` synthetic reports, reproducibly from ``seed``.

    ``error_rate``: fraction of reports with one injected arithmetic error (recorded in
    ``truth.errors``). ``deviation_scale``: multiplies the probability of every optional deviation
    (0 gives clean text, except template / encoding facts). ``layouts``: restrict table layouts to
    these (TABLE_LAYOUTS); ``encodings``: restrict encodings (ENCODINGS).

    ``cold``: text a parser cannot have seen — narratives as long as real reports' (median about
    9 KB, from ``shared/corpus``) with numbers drawn per report, 40 % of reports printing all-zero
    tables, and every other body's counts multiplied by a factor of its own (2–401), so that no
    two reports share a table line except all-zero rows — and those only within one portal's
    spacing habits (a body publishes on its county's, city's or province's portal). The
    identities still hold.
    """
    return _Generator(n, seed, error_rate, deviation_scale, layouts, encodings, cold).run()


def _cold_numbers(b: Body, yr: YearNumbers) -> YearNumbers:
    """The year's counts times the body's own factor (0 for a body that reports all zeros):
    amounts (万元, decimals) are left as drawn, except in all-zero bodies."""
    h = zlib.crc32(b.key.encode())
    # 28 % of bodies forced to zero: with those the simulation leaves at zero, 40 % of reports
    # print nothing but zeros in all three tables (the independent corpus of the speed issue)
    k = 0 if h % 100 < 28 else 2 + (h // 100) % 400
    ad = {key: (v * k if isinstance(v, int) else (v if k else 0.0)) for key, v in yr.ad.items()}
    ad_raw = {}
    for key, raw in yr.ad_raw.items():
        if key[1] == "items_change":
            v = ad[key]
            ad_raw[key] = f"+{v}" if v > 0 else str(v)
        elif k:
            ad_raw[key] = raw
    apps = [[v * k for v in row] for row in yr.apps]
    review = [[v * k for v in row] for row in yr.review]
    return YearNumbers(yr.year, apps, review, ad, ad_raw, yr.n_new * k)


class _Generator:
    def __init__(self, n, seed, error_rate, deviation_scale, layouts, encodings, cold=False):
        self.n = n
        self.cold = cold
        self.seed = seed
        self.dice = Dice(random.Random(f"synthetic-reports/{seed}"), deviation_scale)
        self.error_rate = error_rate
        self.layouts = tuple(layouts) if layouts else None
        self.encodings = tuple(encodings) if encodings else None
        for x in self.layouts or ():
            if x not in TABLE_LAYOUTS:
                raise ValueError(f"unknown layout {x!r}; choose from {TABLE_LAYOUTS}")
        for x in self.encodings or ():
            if x not in ENCODINGS:
                raise ValueError(f"unknown encoding {x!r}; choose from {ENCODINGS}")
        self.folder_counts: dict[str, int] = {}

    def run(self) -> Iterator[SyntheticReport]:
        idx = 0
        if self.n <= 0:
            return
        for b, years in self._bodies():
            first, last = years[0], years[-1]
            emit = set(years)
            for y in range(first, last + 1):  # unpublished years too: the numbers carry over
                yr = simulate_year(self.dice.rng, b, y)
                if y in emit:
                    yield self._report(b, yr, idx)
                    idx += 1
                    if idx >= self.n:
                        return

    def _bodies(self) -> Iterator[tuple[Body, list[int]]]:
        """Bodies with their report years, the pool shuffled; more townships once it runs out."""
        rng = self.dice.rng
        rnd = 0
        while True:
            specs = pool_specs(rnd)
            rng.shuffle(specs)
            for spec in specs:
                b = make_body(spec, rng)
                yield b, _report_years(rng)
            rnd += 1

    def _report(self, b: Body, yr: YearNumbers, idx: int) -> SyntheticReport:
        dice = self.dice
        year = yr.year
        narrative_bytes = 0
        if self.cold:
            yr = _cold_numbers(b, yr)
            narrative_bytes = int(min(16000, max(5000, dice.rng.lognormvariate(math.log(9000), 0.3))))
        version = _template_version(dice.rng, b, year)
        devs: set[str] = set()
        if version == "2019" and year >= 2021:
            devs.add("template_2019_late")
        cells = print_cells(dice, self.error_rate, yr, version, devs)
        lay = choose_table_layouts(dice, self.layouts, b.house_layout)
        layout = lay[0] if lay[0] == lay[1] == lay[2] else "mixed"
        # cold: the portal a body publishes on (its county, else city, else province) sets the spacing
        house = zlib.crc32(f"{b.province}/{b.city}/{b.county}".encode()) if self.cold else None
        table_texts = render_tables(dice, version, lay, cells, devs, house)
        printed = b.printed if b.renamed is None or year >= b.renamed[0] else b.renamed[1]
        agency = printed[0] if dice.rng.random() < 0.9 else printed[-1]
        text, pub, claims, mismatch = write_document(
            dice,
            b,
            year,
            version,
            agency,
            table_texts,
            cells.vals,
            cells.values,
            devs,
            layout == "space",
            narrative_bytes,
        )
        if mismatch:
            devs.add("narrative_mismatch")
        data, enc, crlf = _encode(dice, text, self.encodings, b.house_encoding, devs)
        fails: tuple[str, ...] = ()
        if cells.errors or cells.blank_total_cells:
            fails = tuple(failing_identities(version, cells.values))
        source_file = self._source_file(year, b.province, agency, idx)
        truth = ReportTruth(
            report_index=idx,
            report_id=f"syn{self.seed}-{idx:07d}",
            source_file=source_file,
            agency=agency,
            **_body_truth(b),
            year=year,
            published_on=pub,
            template_version=version,
            layout=layout,
            table_layouts=dict(zip(SPEC_TABLES, lay, strict=True)),
            encoding=enc,
            line_ending="crlf" if crlf else "lf",
            deviations=tuple(d for d in DEVIATIONS if d in devs),
            errors=tuple(cells.errors),
            identity_failures=fails,
            blank_total_cells=tuple(cells.blank_total_cells),
            narrative_claims=tuple(claims),
            narrative_mismatch=mismatch,
        )
        keys = CELL_KEYS[version]
        return SyntheticReport(source_file, data, truth, keys, cells.values, cells.kinds, cells.printed, cells.flags)

    def _source_file(self, year: int, province: str, agency: str, idx: int) -> str:
        """``<year>/<province>[_k]/<agency>_<year>_<index>.txt``, at most 1000 files per folder."""
        folder = f"{year}/{province}"
        cnt = self.folder_counts.get(folder, 0)
        self.folder_counts[folder] = cnt + 1
        if cnt >= 1000:
            folder = f"{folder}_{cnt // 1000 + 1}"
        return f"{folder}/{agency}_{year}_{idx:07d}.txt"


def _report_years(rng: random.Random) -> list[int]:
    """A run of years from a first to a last report, a few years in between skipped."""
    r = rng.random
    start = rng.choices(YEARS, weights=(40, 12, 14, 12, 10, 8, 4))[0]
    end = rng.choices(YEARS, weights=(3, 3, 4, 6, 12, 40, 32))[0]
    if end < start:
        start, end = end, start
    return [y for y in range(start, end + 1) if y in (start, end) or r() > 0.08]


def _template_version(rng: random.Random, b: Body, year: int) -> str:
    if year <= 2020:
        return "2021" if year == 2020 and rng.random() < 0.01 else "2019"
    if year == 2021 and b.late_adopter:
        return "2019"
    return "2021"


def _encode(
    dice: Dice, text: str, encodings: tuple[str, ...] | None, house_encoding: str, devs: set[str]
) -> tuple[bytes, str, bool]:
    """(file bytes, encoding, whether lines end in CRLF)."""
    rng = dice.rng
    if encodings:
        enc = rng.choice(encodings)
    else:
        enc = house_encoding if rng.random() < 0.7 else rng.choices(ENCODINGS, weights=ENCODING_WEIGHTS)[0]
    crlf = dice.deviate(0.15)
    if crlf:
        text = text.replace("\n", "\r\n")
        devs.add("crlf")
    if enc == "utf-8-sig":
        devs.add("utf8_bom")
    if enc == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(enc)
    return data, enc, crlf


def _body_truth(b: Body) -> dict:
    """The ReportTruth fields that describe the body."""
    return dict(
        body_key=b.key,
        body_name=b.name,
        level=b.level,
        kind=b.kind,
        tier=b.tier,
        province=b.province,
        city=b.city,
        county=b.county,
        township=b.township,
        division_code=b.division_code,
        is_aggregate=b.is_aggregate,
    )
