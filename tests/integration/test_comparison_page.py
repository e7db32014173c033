"""The HTML comparison page on a multi-year synthetic corpus with injected errors, blanks,
unread cells, unresolved bodies and reports missing sections: every year shown, no share above
100 %, every chart's caption saying what it counts — the counts recomputed here from
report_metrics — Chinese titles with their English, the evaluation sections equal to their views,
and the pages per body."""

from __future__ import annotations

import html as _html
import re
from collections import defaultdict
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pytest
from lxml import etree

from bench.synthetic import generate
from pipeline.report import bodies, charts, evaluation, html, labels
from pipeline.run.settings import Settings
from pipeline.run.steps import run_all
from pipeline.warehouse.sql import run_script
from tests.sqlwarehouse import build


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("page")
    raw = tmp / "raw"
    items = list(generate(400, seed=1717, error_rate=0.08, deviation_scale=2.0))
    by_year = {(it.truth.body_key, it.truth.year): it for it in items}
    for k, it in enumerate(items):
        path = raw / it.source_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(it.data)
        if k % 20 == 7:  # incomplete reports: section 六's heading left out (and 五's in every other one)
            dropped = ("六、其他需要报告的事项", "五、存在的主要问题及改进情况")[: 1 + (k % 40 == 7)]
            lines = [line for line in it.text.splitlines() if line.strip() not in dropped]
            path.write_text("\n".join(lines), encoding="utf-8")
        elif k % 40 == 13 and (before := by_year.get((it.truth.body_key, it.truth.year - 1))):
            # last year's report printed again with this year's dates: its tables copied (X3)
            year = it.truth.year
            text = before.text.replace(str(year), str(year + 1)).replace(str(year - 1), str(year))
            path.write_text(text, encoding="utf-8")
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
    assert len(yearly) == 4  # applications, outcomes, ok/flagged, timeliness
    for caption in yearly:
        svg = figures[caption][0]
        shown = re.findall(r'text-anchor="middle" font-size="11" fill="#2d3748">(\d{4})</text>', svg)
        assert sorted(shown) == sorted(years), caption


def test_no_share_above_100_percent(page):
    text, _ = page
    figures = _figures(text)
    svg = next(f for caption, (f, _) in figures.items() if "How applications were handled" in caption)
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
    assert len(figures) == 7
    for caption, (_, note) in figures.items():
        assert re.search(r"\d", note), f"no counts under {caption!r}"
    # the outcome shares' caption, recomputed: consistent reports with something handled, reports
    # that handled nothing, and the rest left out
    rows = con.execute(
        "SELECT year, count(*), count(*) FILTER (WHERE outcomes_consistent AND results_total > 0), "
        "count(*) FILTER (WHERE outcomes_consistent AND results_total = 0) "
        "FROM report_metrics WHERE year IS NOT NULL AND NOT is_aggregate GROUP BY year ORDER BY year"
    ).fetchall()
    note = next(n for caption, (_, n) in figures.items() if "How applications were handled" in caption)
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
    status_note = next(n for caption, (_, n) in figures.items() if "Reports per year" in caption)
    assert f"of {present:,}; {rejected:,} rejected files" in status_note


def test_shares_in_the_table_are_percentages(page):
    text, _ = page
    start = text.index("Bodies withholding")
    table = text[start : text.index("</table>", start)]
    cells = re.findall(r"<tr>((?:<td[^>]*>.*?</td>)+)</tr>", table)
    assert cells
    for row in cells:
        share = re.findall(r"<td[^>]*>(.*?)</td>", row)[7]
        assert re.fullmatch(r"\d{1,3}\.\d%", share), share


# --- Chinese first, English in small type; the evaluation sections; the body pages -------------


def _cells(fragment: str) -> list[list[str]]:
    """The body rows of the first table in `fragment`, each cell's text with tags dropped."""
    body = fragment[fragment.index("<tbody>") : fragment.index("</tbody>")]
    return [
        [_html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def _after(text: str, marker: str) -> str:
    return text[text.index(marker) :]


class _Balance(HTMLParser):
    """Every element closed in order (void elements excepted): what a browser need not repair."""

    VOID = frozenset({"meta", "br", "rect", "line", "img", "hr", "input", "link"})

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def _valid(text: str) -> None:
    parser = etree.HTMLParser(recover=True)
    etree.fromstring(text.encode("utf-8"), parser)
    assert not [e.message for e in parser.error_log]
    balance = _Balance()
    balance.feed(text)
    assert balance.errors == [] and balance.stack == []
    assert "<script" not in text.lower() and "http://" not in text and "https://" not in text


@pytest.fixture(scope="module")
def body_dir(page, tmp_path_factory):
    _, con = page
    out = tmp_path_factory.mktemp("bodies")
    written = bodies.write_body_pages(con, out)
    return out, written


def test_titles_are_chinese_first_with_the_english_small(page):
    text, _ = page
    for zh, en in (
        ("各年度收到的申请（本年新收）", "Applications received per year"),
        ("各年度申请办理结果占比", "How applications were handled, share of 办理结果 per year"),
        ("各年度按时发布情况", "Timeliness per year: bodies on time, late, not assessable, missing"),
        ("完整性得分分布", "Distribution of completeness_score"),
        ("文字雷同", "Narrative reuse"),
        ("表格照搬上年（X3）", "Tables copied from last year (X3)"),
        ("按时", "on time"),
        ("办理结果总计", "handled"),
    ):
        assert f"{zh} <small>{en}</small>" in text, zh
    cjk = re.compile(r"[\u3400-\u9fff]")
    labelled = re.findall(r"<(?:figcaption|th|h2|h3)>(.*?)</(?:figcaption|th|h2|h3)>", text)
    assert len(labelled) > 40
    for inner in labelled:  # Chinese first, then the English in small type
        zh, _, rest = inner.partition("<small>")
        assert cjk.search(zh) and rest.endswith("</small>") and re.search("[A-Za-z]", rest), inner
    for note in re.findall(r"<p class='note'>(.*?)</p>", text):
        assert cjk.search(note.partition("<small>")[0]) and "<small>" in note, note
    legends = re.findall(r'<text [^>]*font-size="12" fill="#2d3748">([^<]*)<tspan [^>]*> ([^<]*)</tspan>', text)
    assert ("予以公开", "granted") in legends and ("未发布", "missing") in legends
    _valid(text)


def test_timeliness_section_equals_the_view(page):
    text, con = page
    expected = con.execute(
        "SELECT year, bodies_expected, reported, on_time, late, not_assessable, missing, "
        "missing_after_first_report, on_time_share FROM timeliness_by_region WHERE rollup = 'nation' ORDER BY year"
    ).fetchall()
    shown = _cells(_after(text, "各年度按时发布情况"))
    assert len(shown) == len(expected) == 7
    for row, exp in zip(shown, expected):
        share = "–" if exp[-1] is None else f"{exp[-1]:.1%}"
        assert row == [str(exp[0]), *(f"{v:,}" for v in exp[1:-1]), share]
    assert sum(r[4] for r in expected) > 0 and sum(r[6] for r in expected) > 0  # late and missing occur
    assert "第四十九条" in text and "3月31日" in text and "1月31日" in text  # the deadline rule, explained


def test_completeness_section_equals_the_view(page):
    text, con = page
    section = _after(text, "完整性得分分布")
    bands = con.execute(
        "SELECT CASE WHEN completeness_score >= 100 THEN '100' ELSE "
        "(floor(completeness_score / 10) * 10)::INT || '–' || ((floor(completeness_score / 10) * 10)::INT + 9) END, "
        "count(*) FROM report_completeness GROUP BY 1"
    ).fetchall()
    assert len(bands) >= 2  # the corpus has incomplete reports
    for band, n in bands:
        assert f"<title>报告数 reports {band}: {n:,}</title>" in section
    lowest = con.execute(
        "SELECT agency, year, completeness_score FROM report_completeness WHERE completeness_score < 100 "
        "ORDER BY completeness_score, year, report_id LIMIT 10"
    ).fetchall()
    shown = _cells(_after(section, "Reports with the lowest scores"))
    assert [tuple(r[:3]) for r in shown] == [(a, str(y), f"{s:.1f}") for a, y, s in lowest]


def test_reuse_and_copied_tables_equal_the_tables(page):
    text, con = page
    pairs = con.execute("SELECT report_id, section_code, relation, other_report_id, reused FROM narrative_reuse")
    per: dict[str, list] = defaultdict(lambda: [0, 0, set()])
    for rid, section, relation, other, reused in pairs.fetchall():
        once = relation == "previous_year" or rid < other  # other_body pairs are stored both ways
        per[relation][0] += once
        per[relation][1] += once and reused
        if reused:
            per[relation][2].add((rid, section))
    assert per["previous_year"][0] > 0 and per["other_body"][1] > 0
    shown = {r[0]: r[2:] for r in _cells(_after(text, "Narrative sections reused")) if r[1].startswith("合计")}
    for relation, zh in (("previous_year", "与本机关上年"), ("other_body", "与其他机关同年")):
        n, reused, sections = per[relation]
        assert shown[next(k for k in shown if k.startswith(zh))] == [f"{n:,}", f"{reused:,}", f"{len(sections):,}"]
    copied = con.execute(
        "SELECT r.year, count(*) FILTER (WHERE c.status = 'fail') "
        "FROM check_results c JOIN reports r USING (report_id) WHERE c.check_code LIKE 'X3.%' "
        "AND r.is_present AND r.status <> 'rejected' GROUP BY r.year ORDER BY r.year"
    ).fetchall()
    assert sum(n for _, n in copied) > 0
    rows = _cells(_after(text, "Tables copied from last year (X3)"))
    assert [(r[0], r[4]) for r in rows] == [(str(y), f"{n:,}") for y, n in copied]
    assert f"共 {sum(n for _, n in copied):,} 张表与本机关上年报告逐格相同" in text


def test_a_body_page_shows_its_years_and_timeliness(page, body_dir):
    _, con = page
    out, written = body_dir
    n_bodies = con.execute("SELECT count(*) FROM agencies").fetchone()[0]
    assert written.bodies == n_bodies and written.pages == min(n_bodies, bodies.MAX_BODY_PAGES)
    # the body with most years, late at least once
    key, years = con.execute(
        "SELECT agency_key, list(DISTINCT year ORDER BY year) FROM timeliness WHERE agency_key IN "
        "(SELECT agency_key FROM timeliness WHERE timeliness = 'late') GROUP BY agency_key "
        "ORDER BY len(list(DISTINCT year)) DESC, agency_key LIMIT 1"
    ).fetchone()
    text = (out / bodies.page_name(key)).read_text(encoding="utf-8")
    _valid(text)
    metric_years = [y for (y,) in con.execute(
        "SELECT year FROM agency_year_metrics WHERE agency_key = ? ORDER BY year", [key]).fetchall()]  # fmt: skip
    head = _after(text, "Metrics by year")
    assert re.findall(r"<th>(\d{4})</th>", head[: head.index("</thead>")]) == [str(y) for y in metric_years]
    assert len(metric_years) >= 3 and sorted(set(metric_years)) == years
    timeliness = con.execute(
        "SELECT year, published_on, deadline, timeliness, days_late FROM timeliness WHERE agency_key = ? "
        "ORDER BY year, published_on, report_id",
        [key],
    ).fetchall()
    statuses = {"on_time": "按时 on time", "late": "逾期 late", "not_assessable": "无法判断 not assessable"}
    shown = _cells(_after(text, "<small>Timeliness</small>"))
    assert [(r[0], r[2], r[3], r[5], r[6]) for r in shown] == [
        (str(y), str(p) if p else "–", str(d), statuses[s], "–" if late is None else f"{late:,}")
        for y, p, d, s, late in timeliness
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    _valid(index)
    links = re.findall(r"<a href='([^']+)'", index)
    assert len([x for x in links if x != "../comparison.html"]) == written.pages
    assert all((out / unquote(x)).exists() for x in links if x != "../comparison.html")


def test_text_from_reports_is_escaped(tmp_path):
    """Names and sections as printed reach the pages as text, never as markup."""
    evil = "<b onclick=x>局</b>&amp;"
    con = build([
        {"agency": evil, "agency_key": f"000001:{evil}", "agency_level": "department", "agency_kind": "department",
         "year": year, "province": "甲省", "city": "<i>市</i>", "division_code": "000001",
         "published_on": date(year + 1, 2, 1)}
        for year in (2022, 2023)
    ])  # fmt: skip
    text = html.render(con)
    written = bodies.write_body_pages(con, tmp_path)
    pages = [text, *(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.html"))]
    assert written.pages == 1 and len(pages) == 3
    for body in pages:
        _valid(body)
        assert "<b onclick" not in body and "<i>市" not in body
    assert all("/" not in p.name and "<" not in p.name for p in tmp_path.glob("*.html"))
    assert "&lt;b onclick=x&gt;局&lt;/b&gt;&amp;amp;" in pages[1] + pages[2]


def test_the_chinese_readme_queries_run(page):
    """README.zh.md's example queries run on a warehouse (and the ones with data return rows)."""
    _, con = page
    readme = (Path(__file__).resolve().parents[2] / "README.zh.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    assert len(queries) == 5
    city, province = con.execute(
        "SELECT any_value(city), any_value(province) FROM current_reports WHERE city IS NOT NULL"
    ).fetchone()
    for sql in queries:
        sql = sql.replace("'长春市'", f"'{city}'").replace("'吉林省'", f"'{province}'")
        rows = con.execute(sql).fetchall()
        if "timeliness" in sql or "report_completeness" in sql or "region_rollups" in sql:
            assert rows, sql


def test_a_legend_that_wraps_pushes_the_plot_down_below_it():
    """Five series in a chart 400 wide: the legend wraps onto rows 18 px apart from y 6, none past
    the chart's edge, and the plot's top (its highest grid line, the tallest bar's top) sits below
    the last row: 34 + 18 × (rows − 1)."""
    series = {
        ("申请总数", "total"): [10, 20],
        ("予以公开", "granted"): [5, 8],
        ("不予公开", "withheld"): [1, 2],
        ("其他处理结果", "other"): [3, 4],
        ("行政复议", "reviews"): [1, 1],
    }
    svg = charts.bar_chart(("标题", "title"), ["2022", "2023"], series, unit=("件", "cases"), width=400)
    legend = [(int(x), int(y)) for x, y in re.findall(r'<rect x="(\d+)" y="(\d+)" width="12" height="12"', svg)]
    rows = sorted({y for _, y in legend})
    assert len(legend) == 5 and len(rows) >= 3 and rows == [6 + 18 * k for k in range(len(rows))]
    assert all(x < 400 for x, _ in legend) and min(x for x, _ in legend) == 60
    grid = [float(y) for y in re.findall(r'<line x1="70" x2="380" y1="([\d.]+)"', svg)]
    top = 34 + 18 * (len(rows) - 1)
    assert grid[-1] == top and grid[0] == 260.0  # 300 high, 40 below the plot
    tallest = re.search(rf'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="{260.0 - top:.1f}"', svg)
    assert tallest is not None and float(tallest.group(1)) == top
    # no series, no legend: the plot starts 34 px from the top
    empty = charts.bar_chart(("标题", "title"), ["2022"], {}, unit=("件", "cases"), width=400)
    assert [float(y) for y in re.findall(r'<line x1="70" x2="380" y1="([\d.]+)"', empty)][-1] == 34.0


def test_the_pages_of_a_small_warehouse_name_their_columns_and_count_copied_tables_per_table(tmp_path):
    """Two bodies over two years: 甲局 prints table 三 again with the same numbers (X3 fails once,
    in 2023, for table 三 only), 乙局 passes every check and reports late. The copied-tables table
    counts copies per table (not the tables compared); the headers, legends and notes say what
    they show."""
    a = "applications"
    copied = {(a, "new_received", "natural_person"): (4.0, "number"), (a, "new_received", "total"): (4.0, "number"),
              (a, "granted", "total"): (4.0, "number")}  # fmt: skip
    reports = []
    for year in (2022, 2023):
        reports.append({"agency": "甲局", "agency_key": "410001:甲局", "year": year, "cells": copied,
                        "published_on": date(year + 1, 3, 1)})  # fmt: skip
        reports.append({"agency": "乙局", "agency_key": "410002:乙局", "year": year,
                        "published_on": date(year + 1, 5, 1)})  # fmt: skip
    con = build(reports)
    run_script(con, "load/cross_year_checks.sql")
    # year, copied in 表二 / 表三 / 表四, copied in all, tables compared (表三 of both bodies), not assessable
    assert _cells(evaluation.copied_tables_section(con)) == [["2023", "0", "1", "0", "1", "2", "0"]]
    headers = re.findall(r"<th>(.*?)</th>", evaluation.timeliness_section(con))
    assert headers[:3] == [
        "年度 <small>year</small>", "应发布机关 <small>bodies expected</small>", "已发布 <small>reported</small>",
    ]  # fmt: skip
    assert headers[-2:] == ["首次发布后未发布 <small>missing after first report</small>",
                            "按时率 <small>on-time share</small>"]  # fmt: skip
    legends = re.findall(r'<text [^>]*font-size="12" fill="#2d3748">([^<]*)<tspan [^>]*> ([^<]*)</tspan>',
                         html.render(con))  # fmt: skip
    assert ("正常", "ok") in legends and ("标记", "flagged") in legends
    bodies.write_body_pages(con, tmp_path)
    passing = (tmp_path / bodies.page_name("410002:乙局")).read_text(encoding="utf-8")
    assert "<p class='note'>每个年度的检查全部通过。<small>Every check passed in every year.</small></p>" in passing
    timeliness = _after(passing, "<small>Timeliness</small>")
    assert re.findall(r"<th>(.*?)</th>", timeliness[: timeliness.index("</thead>")]) == [
        "年度 <small>year</small>", "报告（标题所印） <small>report as printed</small>",
        "发布日期 <small>published on</small>", "截止日期 <small>deadline</small>", "规则 <small>deadline rule</small>",
        "状态 <small>status</small>", "逾期天数 <small>days late</small>", "说明 <small>note</small>",
    ]  # fmt: skip
    assert _cells(timeliness)[0] == ["2022", "乙局", "2023-05-01", "2023-03-31", "政府年度报告 3月31日", "逾期 late",
                                     "31", ""]  # fmt: skip
    copying = (tmp_path / bodies.page_name("410001:甲局")).read_text(encoding="utf-8")
    assert "Every check passed" not in copying and "<td>X3.applications</td>" in copying


def test_a_timeliness_status_is_shown_in_both_languages_and_an_unknown_one_as_it_is():
    assert labels.timeliness("late") == "逾期 late"
    assert labels.timeliness("some_new_status") == "some_new_status"
    assert labels.timeliness(None) == "–"
