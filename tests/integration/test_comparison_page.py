"""The HTML comparison page on a multi-year synthetic corpus with injected errors, blanks,
unread cells and unresolved bodies: every year shown, no share above 100 %, and every chart's
caption saying what it counts — the counts recomputed here from report_metrics."""

from __future__ import annotations

import re
from collections import defaultdict

import duckdb
import pytest

from bench.synthetic import generate
from pipeline.report import html
from pipeline.run.settings import Settings
from pipeline.run.steps import run_all


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("page")
    raw = tmp / "raw"
    for it in generate(400, seed=1717, error_rate=0.08, deviation_scale=2.0):
        path = raw / it.source_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(it.data)
    run_all(Settings(raw, tmp / "w.duckdb", tmp / "staging"))
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    yield html.render(con), con
    con.close()


def _figures(text: str) -> dict[str, tuple[str, str]]:
    """figure caption → (the figure's SVG, the note printed under it)."""
    out = {}
    for m in re.finditer(r"<figure><figcaption>(.*?)</figcaption>(.*?)</figure>(?:<p class='note'>(.*?)</p>)?", text):
        out[m.group(1)] = (m.group(2), m.group(3) or "")
    return out


def test_the_corpus_has_what_the_page_must_handle(page):
    _, con = page
    years, unresolved, derived, inconsistent, flagged = con.execute(
        "SELECT count(DISTINCT year), count(*) FILTER (WHERE agency_key IS NULL), "
        "count(*) FILTER (WHERE len(derived) > 0), count(*) FILTER (WHERE NOT outcomes_consistent), "
        "count(*) FILTER (WHERE status = 'flagged') FROM report_metrics"
    ).fetchone()
    assert years == 7 and unresolved >= 10 and derived >= 3 and inconsistent >= 5 and flagged >= 20


def test_every_year_is_shown_in_every_yearly_chart(page):
    text, con = page
    years = [
        str(y) for (y,) in con.execute("SELECT DISTINCT year FROM report_metrics WHERE year IS NOT NULL").fetchall()
    ]
    figures = _figures(text)
    yearly = [caption for caption in figures if "per year" in caption]
    assert len(yearly) == 3
    for caption in yearly:
        svg = figures[caption][0]
        shown = re.findall(r'text-anchor="middle" font-size="11" fill="#2d3748">(\d{4})</text>', svg)
        assert sorted(shown) == sorted(years), caption


def test_no_share_above_100_percent(page):
    text, _ = page
    figures = _figures(text)
    svg = next(f for caption, (f, _) in figures.items() if caption.startswith("How applications were handled"))
    per_year: dict[str, float] = defaultdict(float)
    for year, pct in re.findall(r"<title>[^<]* (\d{4}): ([\d.]+)%</title>", svg):
        per_year[year] += float(pct)
    assert len(per_year) == 7
    for year, total in per_year.items():
        assert total == pytest.approx(100.0, abs=0.5), year  # every year's consistent reports add up to 100 %
    for pct in re.findall(r"<title>[^<]*: ([\d.]+)%</title>", text):
        assert float(pct) <= 100.0


def test_every_chart_says_what_it_counts(page):
    text, con = page
    figures = _figures(text)
    assert len(figures) == 5
    for caption, (_, note) in figures.items():
        assert re.search(r"\d", note), f"no counts under {caption!r}"
    # the outcome shares' caption, recomputed: consistent reports with something handled, reports
    # that handled nothing, and the rest left out
    rows = con.execute(
        "SELECT year, count(*), count(*) FILTER (WHERE outcomes_consistent AND results_total > 0), "
        "count(*) FILTER (WHERE outcomes_consistent AND results_total = 0) "
        "FROM report_metrics WHERE year IS NOT NULL AND NOT is_aggregate GROUP BY year ORDER BY year"
    ).fetchall()
    note = next(n for caption, (_, n) in figures.items() if caption.startswith("How applications were handled"))
    left_out_total = 0
    for year, n, used, nothing in rows:
        expected = f"{year}: {used:,} of {n:,} reports"
        if nothing:
            expected += f", {nothing:,} handled nothing"
        if n - used - nothing:
            expected += f", {n - used - nothing:,} left out"
        left_out_total += n - used - nothing
        assert expected in note
    assert left_out_total > 0  # the corpus has inconsistent or unread outcome rows: the rule is exercised
    # the per-year status chart: every present report with a year, rejected files counted apart
    present, rejected = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE status = 'rejected') FROM reports WHERE is_present"
    ).fetchone()
    status_note = next(n for caption, (_, n) in figures.items() if caption.startswith("Reports per year"))
    assert f"of {present:,}; {rejected:,} rejected files" in status_note


def test_shares_in_the_table_are_percentages(page):
    text, _ = page
    table = text[text.index("<h3>Bodies withholding") :]
    cells = re.findall(r"<tr>((?:<td>.*?</td>)+)</tr>", table)
    assert cells
    for row in cells:
        share = re.findall(r"<td>(.*?)</td>", row)[7]
        assert re.fullmatch(r"\d{1,3}\.\d%", share), share


def test_a_legend_that_wraps_pushes_the_plot_down_below_it():
    """Five names in a chart 400 wide: the legend wraps to three rows (18 px each from y 6), and
    the plot's top (its highest grid line, the tallest bar's top) sits below the last row."""
    series = {
        "申请总数（件）": [10, 20],
        "予以公开（件）": [5, 8],
        "不予公开（件）": [1, 2],
        "其他处理结果（件）": [3, 4],
        "行政复议（件）": [1, 1],
    }
    svg = html.bar_chart("t", ["2022", "2023"], series, width=400)
    legend = re.findall(r'<rect x="(\d+)" y="(\d+)" width="12" height="12"', svg)
    assert [(int(x), int(y)) for x, y in legend] == [(60, 6), (188, 6), (60, 24), (188, 24), (60, 42)]
    grid = [float(y) for y in re.findall(r'<line x1="60" x2="380" y1="([\d.]+)"', svg)]
    assert grid == [260.0, 211.5, 163.0, 114.5, 66.0]  # 300 high, 40 below the plot, its top at 30 + 2 × 18
    tallest = re.search(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="194.0"', svg)
    assert tallest is not None and float(tallest.group(1)) == 66.0
    # no series, no legend: the plot starts 30 px from the top
    empty = html.bar_chart("t", ["2022"], {}, width=400)
    assert [float(y) for y in re.findall(r'<line x1="60" x2="380" y1="([\d.]+)"', empty)][-1] == 30.0
