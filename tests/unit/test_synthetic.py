"""Tests of the synthetic report generator (bench.synthetic)."""

from __future__ import annotations

import collections
import re
import unicodedata

import polars as pl
import pytest

import bench.synthetic as S
from bench.synthetic import names
from pipeline import vocabulary as V
from pipeline.model import Layout, values

SEED = 20240601
N = 500


@pytest.fixture(scope="module")
def corpus() -> list[S.SyntheticReport]:
    return list(S.generate(N, SEED))


@pytest.fixture(scope="module")
def clean_corpus() -> list[S.SyntheticReport]:
    return list(S.generate(150, SEED + 5, error_rate=0.0, deviation_scale=0.0))


# ----------------------------------------------------------------------------- helpers
def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s+", "", s)


def _grid(rep: S.SyntheticReport) -> dict[tuple[str, str, str], float | None]:
    return {(c.table_code, c.row_code, c.column_code): c.value for c in rep.cells}


def _fails(rep: S.SyntheticReport) -> set[str]:
    """Independent implementation of the spec §5 identities (missing = 0)."""
    g = _grid(rep)
    v = rep.truth.template_version
    A, R = V.APPLICATIONS, V.REVIEW_LITIGATION

    def x(t, r, c):
        return g.get((t, r, c)) or 0.0

    out = set()
    for c in V.APPLICATION_COLUMNS:
        if x(A, "new_received", c) + x(A, "carried_in", c) != x(A, "results_total", c) + x(A, "carried_forward", c):
            out.add(f"A1.{c}")
        if x(A, "results_total", c) != sum(x(A, leaf, c) for leaf in V.leaf_rows(v)):
            out.add(f"A2.{c}")
    for r in V.application_row_codes(v):
        if x(A, r, V.TOTAL) != sum(x(A, r, c) for c in V.APPLICANT_CODES):
            out.add(f"A3.{r}")
    for k, r in enumerate(V.REVIEW_ROW_CODES, 1):
        if x(R, r, "total") != sum(x(R, r, c) for c in ("upheld", "corrected", "other", "pending")):
            out.add(f"B{k}")
    return out


# ----------------------------------------------------------------------------- reproducibility
def test_same_seed_gives_identical_bytes_and_truth(corpus):
    again = list(S.generate(80, SEED))
    for a, b in zip(corpus, again, strict=False):  # again: the first 80 only
        assert a.source_file == b.source_file
        assert a.data == b.data
        assert a.truth == b.truth
        assert a.cells == b.cells


def test_different_seed_differs(corpus):
    other = list(S.generate(80, SEED + 1))
    assert [r.data for r in other] != [r.data for r in corpus[:80]]
    assert sum(a.data == b.data for a, b in zip(other, corpus, strict=False)) < 5


def test_generates_exactly_n():
    assert len(list(S.generate(0, 1))) == 0
    assert len(list(S.generate(7, 1))) == 7


# ----------------------------------------------------------------------------- files and truth
def test_file_decodes_with_recorded_encoding(corpus):
    for r in corpus:
        t = r.truth
        text = r.data.decode(t.encoding)  # strict
        assert ("\r\n" in text) == (t.line_ending == "crlf")
        assert r.data.startswith(b"\xef\xbb\xbf") == (t.encoding == "utf-8-sig")
        assert r.data.startswith(b"\xff\xfe") == (t.encoding == "utf-16")
        if t.encoding == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                r.data.decode("utf-8")
        assert t.agency in text
        assert str(t.year) in text
        if t.published_on:
            y, m, d = t.published_on.split("-")
            assert f"{y}-{m}-{d}" in text or f"{y}年{m}月{d}日" in text or f"{y}年{int(m)}月{int(d)}日" in text


def test_truth_fields(corpus):
    folders = collections.Counter()
    for r in corpus:
        t = r.truth
        assert r.source_file == t.source_file and t.source_file.endswith(".txt")
        assert t.source_file.startswith(f"{t.year}/{t.province}")
        folders[t.source_file.rsplit("/", 1)[0]] += 1
        assert t.level in S.LEVELS and t.kind in S.KINDS and t.tier in S.TIERS
        assert re.fullmatch(r"\d{6}", t.division_code)
        assert t.body_key.startswith(t.division_code + ":")
        assert t.template_version in V.TEMPLATE_VERSIONS
        assert t.layout in values(Layout)
        assert set(t.table_layouts) == set(V.TABLE_CODES)
        assert all(x in S.TABLE_LAYOUTS for x in t.table_layouts.values())
        assert (t.layout == "mixed") == (len(set(t.table_layouts.values())) > 1)
        assert all(d in S.DEVIATIONS for d in t.deviations)
        assert t.year in S.YEARS
        if t.year <= 2020:
            assert t.template_version == "2019" or t.year == 2020
        if t.year >= 2022:
            assert t.template_version == "2021"
        assert ("template_2019_late" in t.deviations) == (t.year >= 2021 and t.template_version == "2019")
        assert t.is_aggregate is False or t.kind == "government"
    assert max(folders.values()) <= 1000


def test_cells_cover_the_template(corpus):
    for r in corpus:
        cells = r.cells
        assert [c[:3] for c in cells] == V.expected_cells(r.truth.template_version)
        for c in cells:
            assert c.value_kind in ("number", "blank", "placeholder")
            if c.value_kind == "number":
                assert c.value is not None and c.raw != ""
            else:
                assert c.value is None
            if c.value_kind == "blank":
                assert c.raw == ""
            if c.value_kind == "placeholder":
                assert c.raw in V.PLACEHOLDERS
            if c.value is not None and c.column_code not in V.SIGNED_COLUMNS:
                assert c.value >= 0
            if c.value is not None and c.column_code not in V.AMOUNT_COLUMNS:
                assert c.value == int(c.value)


def test_printed_values_appear_in_text(corpus):
    for r in corpus:
        text = r.text
        for c in r.cells:
            if c.raw and c.raw not in V.PLACEHOLDERS:
                assert c.raw in text, (r.source_file, c)


def test_flagged_cells_are_run_together(corpus):
    for r in corpus:
        flagged = [c for c in r.cells if c.expected_flag]
        assert bool(flagged) == ("digits_run_together" in r.truth.deviations)
        if flagged:
            raws = {c.raw for c in flagged}
            assert len(raws) == 1  # one row, one joined string
            digits = unicodedata.normalize("NFKC", raws.pop()).replace("+", "")  # 2019 本年增/减 prints +2
            expect = "".join(str(int(c.value)) for c in flagged)
            assert digits == expect


# ----------------------------------------------------------------------------- arithmetic
def test_clean_reports_satisfy_all_identities(corpus):
    clean = [r for r in corpus if not r.truth.errors and not r.truth.blank_total_cells]
    assert len(clean) > 0.8 * len(corpus)
    for r in clean:
        assert _fails(r) == set(), r.source_file
        assert S.identity_failures(r.cells, r.truth.template_version) == []
        assert r.truth.identity_failures == ()


def test_injected_errors_break_exactly_the_recorded_identities(corpus):
    with_errors = [r for r in corpus if r.truth.errors]
    assert 3 <= len(with_errors) <= 0.06 * len(corpus)
    for r in with_errors:
        fails = _fails(r)
        assert set(r.truth.identity_failures) == fails
        broken = set()
        grid = _grid(r)
        restored = dict(grid)
        for e in r.truth.errors:
            assert e.identity in e.broken
            broken |= set(e.broken)
            for c in e.cells:
                assert grid[(c.table_code, c.row_code, c.column_code)] == c.printed
                assert c.original != c.printed
                restored[(c.table_code, c.row_code, c.column_code)] = c.original
        if r.truth.blank_total_cells:
            assert broken <= fails
        else:
            assert fails == broken
            assert S.identity_failures(restored, r.truth.template_version) == []


def test_blank_totals_are_recorded(corpus):
    seen = 0
    for r in corpus:
        grid = {(c.table_code, c.row_code, c.column_code): c for c in r.cells}
        for key in r.truth.blank_total_cells:
            t, row, col = key.split("/")
            c = grid[(t, row, col)]
            assert c.value is None and c.value_kind == "blank" and col == "total"
            seen += 1
        if r.truth.blank_total_cells and not r.truth.errors:
            touched = {f"A3.{k.split('/')[1]}" for k in r.truth.blank_total_cells if k.startswith(V.APPLICATIONS)}
            assert all(
                f in touched or f in ("A1.total", "A2.total") or f.startswith("B") for f in r.truth.identity_failures
            )
            assert r.truth.identity_failures  # a blank total with non-zero parts fails with missing = 0
    assert seen


def test_error_rate_parameter():
    assert not any(r.truth.errors for r in S.generate(200, 3, error_rate=0.0))
    n_err = sum(bool(r.truth.errors) for r in S.generate(200, 3, error_rate=0.5))
    assert 60 < n_err < 140


def test_cross_year_consistency(corpus):
    by_body: dict[str, dict[int, S.SyntheticReport]] = collections.defaultdict(dict)
    for r in corpus:
        by_body[r.truth.body_key][r.truth.year] = r
    pairs = in_force_pairs = 0
    for years in by_body.values():
        for y, cur in years.items():
            prev = years.get(y - 1)
            if prev is None or prev.truth.errors or cur.truth.errors:
                continue
            assert prev.truth.body_name == cur.truth.body_name
            assert prev.truth.division_code == cur.truth.division_code
            gp, gc = _grid(prev), _grid(cur)
            blank = set(prev.truth.blank_total_cells) | set(cur.truth.blank_total_cells)
            for c in V.APPLICATION_COLUMNS:
                if f"{V.APPLICATIONS}/carried_forward/{c}" in blank or f"{V.APPLICATIONS}/carried_in/{c}" in blank:
                    continue
                cf = gp[(V.APPLICATIONS, "carried_forward", c)] or 0.0
                ci = gc[(V.APPLICATIONS, "carried_in", c)] or 0.0
                assert ci == cf, (cur.source_file, c)
            pairs += 1
            if prev.truth.template_version == cur.truth.template_version == "2021":
                for row in ("regulations", "normative_documents"):
                    in_force, issued, repealed = (
                        (V.ACTIVE_DISCLOSURE, row, c) for c in ("in_force", "issued", "repealed")
                    )
                    assert (gc[in_force] or 0) == (gp[in_force] or 0) + (gc[issued] or 0) - (gc[repealed] or 0)
                in_force_pairs += 1
    assert pairs > 50 and in_force_pairs > 20


def test_not_every_body_reports_every_year(corpus):
    by_body = collections.defaultdict(set)
    for r in corpus:
        by_body[r.truth.body_key].add(r.truth.year)
    assert any(len(ys) > 3 for ys in by_body.values())
    assert any(max(ys) - min(ys) + 1 > len(ys) for ys in by_body.values())  # gaps


def test_distribution_is_realistic(corpus):
    zero_apps = sum(all(not c.value for c in r.cells if c.table_code == V.APPLICATIONS) for r in corpus)
    assert zero_apps > 0.4 * len(corpus)
    big = max(
        (c.value or 0)
        for r in S.generate(3000, 99)
        for c in r.cells
        if c.table_code == V.APPLICATIONS and c.row_code == "new_received" and c.column_code == "total"
    )
    assert big >= 500
    decimals = {
        len(c.raw.split(".")[1])
        for r in corpus
        for c in r.cells
        if c.column_code == "amount_10k_yuan" and c.value_kind == "number" and "." in c.raw
    }
    assert decimals and decimals <= {1, 2, 3, 4, 5, 6} and max(decimals) >= 4


def test_narrative_claims(corpus):
    n_mis = 0
    for r in corpus:
        t = r.truth
        text = r.text
        differs = [c for c in t.narrative_claims if c.table is not None and c.stated != c.table]
        if t.narrative_mismatch:
            n_mis += 1
            assert "narrative_mismatch" in t.deviations
            assert any(c.stated != (c.table or 0) for c in t.narrative_claims)
        else:
            assert not differs
        for c in t.narrative_claims:
            if c.stated:
                assert f"{c.stated}件" in text
    assert n_mis > 0


def test_amount_units_are_normalised(corpus):
    seen = 0
    for r in corpus:
        if "unit_in_amount_cell" not in r.truth.deviations:
            continue
        for c in r.cells:
            if c.column_code == "procurement_amount" and c.raw.endswith("元"):
                seen += 1
                if c.raw.endswith("万元"):
                    assert c.value == pytest.approx(float(unicodedata.normalize("NFKC", c.raw[:-2])))
                else:
                    assert c.value == pytest.approx(float(unicodedata.normalize("NFKC", c.raw[:-1])) / 10000)
    assert seen


# ----------------------------------------------------------------------------- coverage
def test_every_layout_encoding_and_deviation_appears(corpus):
    assert {r.truth.layout for r in corpus} == set(values(Layout))
    for table in V.TABLE_CODES:
        assert {r.truth.table_layouts[table] for r in corpus} == set(S.TABLE_LAYOUTS)
    assert {r.truth.encoding for r in corpus} == set(S.ENCODINGS)
    assert {r.truth.line_ending for r in corpus} == set(S.LINE_ENDINGS)
    seen = set().union(*(r.truth.deviations for r in corpus))
    assert set(S.DEVIATIONS) - seen == set()
    assert {r.truth.template_version for r in corpus} == set(V.TEMPLATE_VERSIONS)
    kinds = {c.value_kind for r in corpus for c in r.cells}
    assert kinds == {"number", "blank", "placeholder"}
    assert any(c.expected_flag for r in corpus for c in r.cells)
    assert {"department", "township", "street_office"} <= {r.truth.level for r in corpus}
    assert len({r.truth.province for r in corpus}) >= 20


def _row_labels(version: str) -> list[str]:
    labels = [label for b in V.DISCLOSURE_BLOCKS[version] for _, label in b.rows]
    labels += [spec.label for spec in V.APPLICATION_ROWS[version]]
    labels += [label for _, label in V.REVIEW_ROWS]
    return labels


def test_every_layout_contains_every_row_label(clean_corpus):
    by_layout = collections.defaultdict(list)
    for r in clean_corpus:
        by_layout[r.truth.layout].append(r)
    assert set(by_layout) == set(values(Layout))
    for layout, reps in by_layout.items():
        for r in reps:
            text = _norm(r.text)
            for label in _row_labels(r.truth.template_version):
                assert _norm(label) in text, (layout, label)


def test_row_labels_survive_normalisation_with_deviations(corpus):
    changing = {"label_typo", "label_truncated", "label_abbreviated", "label_numbering_variant"}
    checked = 0
    for r in corpus:
        if changing & set(r.truth.deviations):
            continue
        text = _norm(r.text)
        for label in _row_labels(r.truth.template_version):
            assert _norm(label) in text, (r.truth.layout, label, r.truth.deviations)
        checked += 1
    assert checked > 300


@pytest.mark.parametrize("layout", ["tab", "pipe"])
def test_rows_read_back_by_label(clean_corpus, layout):
    """In tab / pipe tables a row's label is followed by exactly its printed values, in order."""
    checked = 0
    for r in clean_corpus:
        if r.truth.table_layouts[V.APPLICATIONS] != layout:
            continue
        sep = "\t" if layout == "tab" else "|"
        lines = [[c.strip() for c in ln.split(sep)] for ln in r.text.splitlines()]
        cells = [c for c in r.cells if c.table_code == V.APPLICATIONS]
        for spec in V.APPLICATION_ROWS[r.truth.template_version]:
            expect = [c.raw for c in cells if c.row_code == spec.code]
            hits = [ln for ln in lines if spec.label in ln]
            assert len(hits) == 1, spec.label
            ln = hits[0]
            after = ln[ln.index(spec.label) + 1 :]
            got = [x for x in after if x != ""]
            assert got == [x for x in expect if x != ""]
            checked += 1
    assert checked


# ----------------------------------------------------------------------------- names and codes
def test_real_division_codes():
    codes = {}
    for _, _, _, counties, zones in names.CITIES:
        for tok in (counties + " " + zones).split():
            codes[tok[6:]] = tok[:6]
    assert codes["牧野区"] == "410711"
    assert codes["西工区"] == "410303"
    assert codes["大武口区"] == "640202"
    assert codes["洪泽区"] == "320813"
    assert codes["沭阳县"] == "321322"
    assert len(codes) > 300


def test_body_names_and_codes(corpus):
    for r in corpus:
        t = r.truth
        pc = t.division_code[:2]
        assert names.PROVINCES[pc] == t.province
        assert t.body_name.startswith(t.province)
        if t.county:
            assert t.county in t.body_name
        if t.level in ("township", "street_office"):
            assert t.township and t.township in t.agency
            assert t.tier == "township"


# ----------------------------------------------------------------------------- writing
def test_write_corpus_and_cli(tmp_path):
    out = tmp_path / "c"
    summary = S.write_corpus(out, 40, SEED)
    assert summary["reports"] == 40
    reps = pl.read_parquet(out / "truth_reports.parquet")
    cells = pl.read_parquet(out / "truth_cells.parquet")
    assert reps.height == 40 and reps["report_index"].to_list() == list(range(40))
    gen = list(S.generate(40, SEED))
    assert cells.height == sum(len(r.cells) for r in gen)
    for r in gen[:10]:
        assert (out / r.source_file).read_bytes() == r.data
    first = cells.filter(pl.col("report_index") == 0)
    assert first["raw"].to_list() == [c.raw for c in gen[0].cells]
    assert first["value"].to_list() == [c.value for c in gen[0].cells]
    row = reps.row(0, named=True)
    assert row["agency"] == gen[0].truth.agency and row["deviations"] == list(gen[0].truth.deviations)
    assert S.main(["--n", "3", "--seed", "1", "--out", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "truth_cells.parquet").exists()


# ----------------------------------------------------------------------------- the cold corpus
def test_cold_corpus_is_as_long_as_real_reports_and_shares_only_all_zero_rows():
    from bench.accuracy import measure

    cold = list(S.generate(300, SEED, cold=True))
    sizes = sorted(len(r.data.decode(r.truth.encoding).encode()) for r in cold)  # as UTF-8
    assert 7000 <= sizes[150] <= 11000  # median near the real reports' ≈ 9 KB
    assert min(sizes) >= 4500
    # the truth still holds: every cell read right (or flagged), nothing silently wrong
    acc = measure(iter(cold))
    assert acc.cells_wrong == 0 and acc.silent_errors == 0
    # about 40 % of reports print nothing but zeros (most small bodies receive no application)
    zero = sum(all(not c.value for c in r.cells) for r in cold)
    assert 0.3 <= zero / len(cold) <= 0.5
    # a table line with a number other than 0 in it is never printed by two bodies (one body may
    # print the same row two years running: nothing changed)
    seen: dict[str, str] = {}
    for r in cold:
        text = r.data.decode(r.truth.encoding).replace("\r\n", "\n")
        for line in set(text.split("\n")):
            if "\t" in line and any(c.strip().isdigit() and int(c) for c in line.split("\t")):
                assert seen.setdefault(line, r.truth.body_key) == r.truth.body_key, line
    # and the stock corpus is not changed by the option's existence
    assert [r.data for r in S.generate(20, SEED)] == [r.data for r in S.generate(20, SEED, cold=False)]
