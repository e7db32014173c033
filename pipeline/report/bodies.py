"""A page per body — its years side by side — and an index of every body.

Which bodies get a page: every body when the warehouse holds at most ``MAX_BODY_PAGES``; else the
``MAX_BODY_PAGES`` busiest (applications received summed over their years, then reports, then
agency_key: sql/report/body_index.sql). The index lists every body and links those with a page.
The pages' data come from six queries over the chosen bodies at once (a list variable ``keys``),
never one query per page, so a 100k-report warehouse writes its pages in a bounded time.

Files: ``<out_dir>/index.html`` and ``<out_dir>/<page_name(agency_key)>.html``; each is written to
a temp name and renamed into place, and pages of bodies no longer chosen are removed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import duckdb

from pipeline.report import labels
from pipeline.report.charts import Label, bi, esc, fmt, heading, note, num, page, table
from pipeline.warehouse.sql import fetch

MAX_BODY_PAGES = 500
INDEX = "index.html"
_UNSAFE = re.compile(r"[^0-9A-Za-z\u3400-\u9fff_-]+")

# rows of the years-side-by-side table: (label, column of body_years.sql, is a share)
_METRICS: tuple[tuple[Label, int, bool], ...] = (
    (("报告数", "reports"), 2, False),
    (("本年新收申请", "applications received"), 3, False),
    (("办理结果总计", "results total"), 4, False),
    (("予以公开率", "granted share"), 5, True),
    (("实质公开率", "substantive disclosure rate"), 6, True),
    (("不予公开率", "withheld share"), 7, True),
    (("行政复议总计", "administrative reviews"), 8, False),
    (("复议纠错率", "review correction rate"), 9, True),
    (("行政诉讼总计", "litigation cases"), 10, False),
    (("诉讼纠错率", "litigation correction rate"), 11, True),
)


@dataclass(frozen=True)
class BodyPages:
    """What :func:`write_body_pages` wrote."""

    index: Path
    pages: int  # bodies with a page
    bodies: int  # bodies in the index
    removed: int  # stale pages deleted


def page_name(agency_key: str) -> str:
    """The file name of a body's page: the key with every character that is not a letter, digit,
    CJK character, _ or - replaced by _ (``430100:卫生健康委员会`` → ``430100_卫生健康委员会.html``)."""
    return _UNSAFE.sub("_", agency_key) + ".html"


def _names(keys: list[str]) -> dict[str, str]:
    """Page names, unique: a key whose safe name another key already took gets a numbered suffix."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key in keys:
        name, k = page_name(key), 1
        while name in taken:
            k += 1
            name = f"{page_name(key)[:-5]}-{k}.html"
        taken.add(name)
        out[key] = name
    return out


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _link(name: str, text: str) -> str:
    return f"<a href='{esc(quote(name))}'>{esc(text)}</a>"


def _grouped(rows: list[tuple]) -> dict[str, list[tuple]]:
    """Rows keyed by their first column (agency_key), the key dropped."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for key, *rest in rows:
        out[key].append(tuple(rest))
    return out


def write_body_pages(con: duckdb.DuckDBPyConnection, out_dir: Path, max_pages: int = MAX_BODY_PAGES) -> BodyPages:
    """Write the chosen bodies' pages and the index into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    bodies = fetch(con, "report/body_index.sql")
    chosen = [b[0] for b in bodies[:max_pages]]
    names = _names(chosen)
    data = {
        part: _grouped(fetch(con, f"report/body_{part}.sql", keys=chosen))
        for part in ("years", "checks", "timeliness", "completeness", "reuse")
    }
    for body in bodies[:max_pages]:
        key = body[0]
        _write(out_dir / names[key], render_body(body, {part: rows.get(key, []) for part, rows in data.items()}, names))
    _write(out_dir / INDEX, render_index(bodies, names, max_pages))
    keep = {*names.values(), INDEX}
    stale = [p for p in out_dir.glob("*.html") if p.name not in keep]
    for p in stale:
        p.unlink()
    return BodyPages(out_dir / INDEX, len(chosen), len(bodies), len(stale))


def render_index(bodies: list[tuple], names: dict[str, str], max_pages: int) -> str:
    """Every body, busiest first, with a link where it has a page."""
    header = (
        ("机关（最新名称）", "body, latest name"),
        ("机关标识", "agency key"),
        ("层级", "level"),
        ("省", "province"),
        ("市", "city"),
        ("年度", "years"),
        ("报告", "reports"),
        ("本年新收合计", "applications received, all years"),
    )
    rows = [
        (
            _link(names[key], name) if key in names else esc(name),
            key,
            labels.level(level),
            province,
            city,
            f"{first}–{last}",
            reports,
            received,
        )
        for key, name, level, province, city, first, last, reports, received in bodies
    ]
    rule_zh = (
        f"共 {num(len(bodies))} 个机关。机关数不超过 {max_pages} 时每个机关一页；否则按各年度本年新收申请合计"
        f"（其次报告数）最多的 {max_pages} 个机关各一页。"
    )
    rule_en = (
        f"{num(len(bodies))} bodies. Every body has a page when there are at most {max_pages}; otherwise the "
        f"{max_pages} with most applications received over their years (then most reports)."
    )
    return page(
        ("各机关", "bodies"),
        f"<h1>{bi(('各机关', 'Bodies'))}</h1>"
        f"<p><a href='../comparison.html'>{bi(('比较页', 'comparison page'))}</a></p>"
        + note(rule_zh, rule_en)
        + table(None, header, rows, raw=(0,)),
    )


def render_body(body: tuple, data: dict[str, list[tuple]], names: dict[str, str]) -> str:
    """One body's page: its years side by side, checks, timeliness, completeness, reuse."""
    key, name, level, province, city, first, last, reports, _ = body
    region = " ".join(x for x in (province, city) if x) or "地区未识别 region unresolved"
    head = (
        f"<h1>{esc(name)}<br><small>{esc(key)}</small></h1>"
        f"<p><a href='{INDEX}'>{bi(('全部机关', 'all bodies'))}</a> · "
        f"<a href='../comparison.html'>{bi(('比较页', 'comparison page'))}</a></p>"
        f"<p>{esc(labels.level(level))} · {esc(region)} · {first}–{last} · {bi((f'{reports} 份报告', 'reports'))}</p>"
    )
    sections = [
        _years_table(data["years"]),
        _checks_table(data["checks"]),
        _timeliness_table(data["timeliness"]),
        _completeness_table(data["completeness"]),
        _reuse_table(data["reuse"], names),
    ]
    footer = note(f"{date.today().isoformat()} 由数据仓库生成。", f"Generated {date.today().isoformat()}.")
    return page((name, key), head + "".join(sections) + footer)


def _years_table(rows: list[tuple]) -> str:
    years = [str(r[0]) for r in rows]
    body = [(bi(label), *(esc(fmt(r[k - 1], share)) for r in rows)) for label, k, share in _METRICS]
    head = "".join(f"<th>{y}</th>" for y in years)
    cells = "".join(
        "<tr><th>" + first + "</th>" + "".join(f"<td class='num'>{v}</td>" for v in rest) + "</tr>"
        for first, *rest in body
    )
    return (
        heading(2, ("逐年指标", "Metrics by year"))
        + f"<table><thead><tr><th>{bi(('指标', 'metric'))}</th>{head}</tr></thead><tbody>{cells}</tbody></table>"
        + note(
            "占比和纠错率只按各行相加等于总计的报告计算；无法计算时为 –。实质公开率 =（予以公开 + 部分公开）/"
            "（予以公开 + 部分公开 + 不予公开 + 无法提供）。",
            "Shares and rates over the reports whose rows add up to their totals; – where none can be computed. "
            "Substantive disclosure rate = (granted + partial) / (granted + partial + withheld + unavailable).",
        )
    )


def _checks_table(rows: list[tuple]) -> str:
    header = (("年度", "year"), ("检查", "check"), ("严重性", "severity"), ("未通过", "failed"), ("项目", "codes"))
    body = [
        (
            str(year),
            " ".join(labels.CHECKS.get(family, (family, ""))),
            "错误 error" if severity == "error" else "警告 warning",
            failed,
            ", ".join(codes[:6]) + (" …" if len(codes) > 6 else ""),
        )
        for year, family, severity, failed, codes in rows
    ]
    return heading(2, ("未通过的检查", "Failed checks")) + (
        table(None, header, body)
        + note(
            "错误使报告被标记；警告（总计空白、N1、X1–X3 跨年）只报告。未列出的年度全部通过。",
            "Errors flag the report; warnings (blank totals, N1, cross-year X1–X3) are reported only. "
            "Years not listed passed every check.",
        )
        if body
        else note("每个年度的检查全部通过。", "Every check passed in every year.")
    )


def _timeliness_table(rows: list[tuple]) -> str:
    header = (
        ("年度", "year"),
        ("报告（标题所印）", "report as printed"),
        ("发布日期", "published on"),
        ("截止日期", "deadline"),
        ("规则", "deadline rule"),
        ("状态", "status"),
        ("逾期天数", "days late"),
        ("说明", "note"),
    )
    body = [
        (
            str(year),
            agency,
            str(published) if published else "–",
            str(deadline) if deadline else "–",
            labels.DEADLINE_RULES.get(rule or "", rule or "–"),
            labels.timeliness(status),
            late,
            f"{labels.TIMELINESS_NOTES.get(why, '')} {why}".strip() if why else "",
        )
        for year, agency, published, rule, deadline, status, late, why in rows
    ]
    return heading(2, ("按时发布", "Timeliness")) + table(None, header, body)


def _completeness_table(rows: list[tuple]) -> str:
    header = (
        ("年度", "year"),
        ("报告（标题所印）", "report as printed"),
        ("完整性得分", "completeness score"),
        ("六部分齐全数", "sections of 6"),
        ("三表齐全数", "tables of 3"),
        ("已印行数 / 应有行数", "rows printed / required"),
    )
    body = [
        (str(year), agency, f"{score:.1f}", sections, tables, f"{printed} / {required}")
        for year, agency, score, sections, tables, printed, required in rows
    ]
    return heading(2, ("完整性", "Completeness")) + table(None, header, body)


def _reuse_table(rows: list[tuple], names: dict[str, str]) -> str:
    header = (
        ("年度", "year"),
        ("部分", "section"),
        ("比较对象", "compared with"),
        ("另一报告", "other report"),
        ("另一年度", "other year"),
        ("相似度", "similarity"),
        ("相同句子 / 本部分句子", "shared / sentences"),
        ("雷同", "reused"),
    )
    body = [
        (
            str(year),
            " ".join(labels.SECTIONS.get(section, (section, ""))),
            " ".join(labels.RELATIONS.get(relation, (relation, ""))),
            _link(names[other_key], other) if other_key in names else esc(other),
            str(other_year),
            f"{similarity:.2f}",
            f"{shared} / {sentences}",
            "是 yes" if reused else "否 no",
        )
        for year, section, relation, other, other_key, other_year, similarity, shared, sentences, _, reused in rows
    ]
    explained = note(
        "与本机关上年的每一对都列出；与其他机关同年的只列相似度 ≥ 0.5 的。相似度 ≥ 0.7 为雷同。",
        "Every pair with the body's previous year; other bodies' same-year sections at similarity ≥ 0.5. "
        "Reused at ≥ 0.7.",
    )
    if not body:
        return heading(2, ("文字雷同", "Narrative reuse")) + note("没有可比较的叙述部分。", "No section compared.")
    escaped = [(esc(a), esc(b), esc(c), d, *(esc(x) for x in rest)) for a, b, c, d, *rest in body]
    return heading(2, ("文字雷同", "Narrative reuse")) + table(None, header, escaped, raw=range(8)) + explained
