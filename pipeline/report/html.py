"""The comparison page: a self-contained HTML report comparing bodies and years.

No JavaScript, no CDN: charts are inline SVG (:mod:`pipeline.report.charts`), styles inline, so
the file opens offline in any browser. Chinese first, the English beside it in small type. The
numbers come from the comparison views (sql/views/comparison.sql), the page's own queries
(sql/report/) and the example analyses (sql/queries/), read through one read-only connection;
the evaluation sections (timeliness, completeness, reuse, copied tables) are
:mod:`pipeline.report.evaluation`.
"""

from __future__ import annotations

from datetime import date

import duckdb

from pipeline.report import evaluation, labels
from pipeline.report.charts import bar_chart, bi, esc, hbar_chart, heading, note, num, page, table
from pipeline.warehouse.sql import fetch

_OUTCOMES = (
    (("予以公开", "granted"), 6),
    (("部分公开", "partially granted"), 7),
    (("不予公开", "withheld"), 8),
    (("无法提供", "unavailable"), 9),
    (("不予处理", "declined"), 10),
    (("其他处理", "other handling"), 11),
)
_KPIS = (
    ("报告", "reports"),
    ("正常", "ok"),
    ("标记", "flagged"),
    ("被拒", "rejected"),
    ("机关", "bodies"),
    ("未识别机关的报告", "reports without a resolved body"),
)
BODY_INDEX = "bodies/index.html"  # where pipeline.report.bodies writes its index, relative to this page


def _applications_chart(years: list[tuple], no_year: int) -> str:
    no_year_zh = f"另有 {num(no_year)} 份可读报告未能读出年度，不在任何分年度图表中。" if no_year else ""
    no_year_en = f" {num(no_year)} readable reports without a year are in no per-year chart." if no_year else ""
    zh = "；".join(
        f"{y}年：报告 {num(n)} 份，本年新收可读 {num(a)} 份，剔除全域汇总报告 {num(left)} 份"
        for y, n, left, _, a, *_ in years
    )
    en = "; ".join(
        f"{y}: {num(n)} reports, applications known for {num(a)}, {num(left)} region-wide aggregates left out"
        for y, n, left, _, a, *_ in years
    )
    return bar_chart(
        ("各年度收到的申请（本年新收）", "Applications received per year"),
        [str(r[0]) for r in years],
        {("本年新收", "applications received"): [r[3] for r in years]},
        unit=("申请数", "applications"),
    ) + note(
        f"所有现存报告，不论机关是否识别。{zh}。{no_year_zh}",
        f"Every present report, with or without a resolved body. {en}.{no_year_en}",
    )


def _outcomes_chart(years: list[tuple], no_year: int) -> str:
    no_year_zh = f"另有 {num(no_year)} 份可读报告未能读出年度，不在任何分年度图表中。" if no_year else ""
    no_year_en = f" {num(no_year)} readable reports without a year are in no per-year chart." if no_year else ""
    zh = "；".join(
        f"{y}年：{num(n)} 份中的 {num(o)} 份"
        + (f"，{num(zero)} 份未办理任何申请" if zero else "")
        + (f"，{num(n - o - zero)} 份未计入" if n - o - zero else "")
        for y, n, _, _, _, o, *_, zero in years
    )
    en = "; ".join(
        f"{y}: {num(o)} of {num(n)} reports"
        + (f", {num(zero)} handled nothing" if zero else "")
        + (f", {num(n - o - zero)} left out" if n - o - zero else "")
        for y, n, _, _, _, o, *_, zero in years
    )
    return bar_chart(
        ("各年度申请办理结果占比", "How applications were handled, share of 办理结果 per year"),
        [str(r[0]) for r in years],
        {name: [r[k] or 0.0 for r in years] for name, k in _OUTCOMES},
        unit=("占办理结果总计", "share of results"),
        stacked=True,
        percent=True,
    ) + note(
        "占比只按办理结果各行之和等于（七）总计的报告计算（各行相加不等于总计或有单元格未能读取的报告不计入，"
        f"以免堆叠超过 100 %；（七）总计为 0 的报告没有占比）：{zh}。{no_year_zh}",
        "Shares over the reports whose outcome rows add up to their （七）总计 (a report whose rows do not, "
        "or with an unread cell, is left out rather than stacked above 100 %; a report whose （七）总计 is 0 "
        f"has no shares): {en}.{no_year_en}",
    )


def _bodies_and_levels(con: duckdb.DuckDBPyConnection, latest, counts: tuple) -> list[str]:
    top = fetch(con, "report/top_bodies.sql", year=latest)
    levels = [r for r in fetch(con, "queries/correction_rates_by_level.sql") if r[0] == latest]
    return [
        hbar_chart(
            (f"{latest}年本年新收申请最多的 15 个机关", f"Top 15 bodies by applications received in {latest}"),
            [(n, v) for n, v in top],
        )
        + note(
            f"只含已识别地区的机关；{num(counts[5])} 份可读报告未识别地区，不参与排名。",
            f"Bodies with a resolved region; {num(counts[5])} readable reports have none and are not ranked.",
        ),
        bar_chart(
            (f"{latest}年各层级机关结果纠正率", f"Correction rates (结果纠正) by level of body, {latest}"),
            [(labels.LEVELS.get(r[1], r[1]), r[1]) for r in levels],
            {
                ("行政复议", "administrative review"): [r[5] for r in levels],
                ("行政诉讼", "litigation"): [r[8] for r in levels],
            },
            unit=("纠错率", "correction rate"),
            percent=True,
        )
        + note(
            "纠错率只按复议、诉讼各组结果相加等于其总计的报告计算："
            + "；".join(
                f"{labels.LEVELS.get(r[1], r[1])}：复议 {num(r[4])} 份、诉讼 {num(r[7])} 份（共 {num(r[2])} 份报告）"
                for r in levels
            )
            + "。",
            "Rates over the reports whose review / litigation groups add up to their totals: "
            + "; ".join(f"{r[1]}: {num(r[4])} and {num(r[7])} of {num(r[2])} reports" for r in levels)
            + ".",
        ),
    ]


def _quality(con: duckdb.DuckDBPyConnection, counts: tuple) -> list[str]:
    status = fetch(con, "report/status_by_year.sql")
    withholders = fetch(con, "queries/process_info_withholding.sql")[:10]
    shown = num(sum(r[1] + r[2] for r in status))
    header = (
        ("机关标识", "agency key"),
        ("名称", "name"),
        ("层级", "level"),
        ("省", "province"),
        ("市", "city"),
        ("以过程性信息不予公开", "withheld as process info"),
        ("办理结果总计", "handled"),
        ("占比", "share"),
        ("计入的报告", "reports counted"),
        ("报告", "reports"),
    )
    return [
        bar_chart(
            ("各年度报告：正常与标记", "Reports per year: ok vs flagged (parse issue or failed 勾稽关系)"),
            [str(r[0]) for r in status],
            {("正常", "ok"): [r[1] for r in status], ("标记", "flagged"): [r[2] for r in status]},
            unit=("报告数", "reports"),
            stacked=True,
        )
        + note(
            f"有年度的全部现存报告：{shown} / {num(counts[0])}；{num(counts[3])} 个被拒文件（无法作为报告读取）"
            f"和 {num(counts[6])} 份未读出年度的报告不在图中。标记：有解析疑问或勾稽关系不成立。",
            f"Every present report with a year: {shown} of {num(counts[0])}; {num(counts[3])} rejected files "
            f"(not readable as a report) and {num(counts[6])} reports without a year are not shown.",
        ),
        table(
            ("以过程性信息为由不予公开最多的机关", "Bodies withholding most often as 过程性信息"),
            header,
            [(k, n, labels.level(lv), *rest) for k, n, lv, *rest in withholders],
            percent=(7,),
        )
        + note(
            "按机关全部年度计算，只计其办理结果各行相加等于（七）总计的报告（“计入的报告” / “报告”）；"
            "办理结果至少 10 件的机关中占比最高的十个。",
            "Over every year of a body, counting only its reports whose outcome rows add up to their （七）总计 "
            "(“reports counted” of its “reports”); bodies with at least 10 such applications, the ten highest shares.",
        ),
    ]


def render(con: duckdb.DuckDBPyConnection) -> str:
    """The whole report as one HTML string."""
    counts = fetch(con, "report/headline_counts.sql")[0]
    years = fetch(con, "report/outcomes_by_year.sql")
    latest = max((r[0] for r in years), default=None)
    kpis = "".join(f"<div><b>{num(v)}</b>{bi(k)}</div>" for k, v in zip(_KPIS, counts))
    sections = [
        heading(2, ("申请与办理", "Applications and how they were handled")),
        _applications_chart(years, counts[6]),
        _outcomes_chart(years, counts[6]),
        heading(2, ("机关与层级", "Bodies and levels")),
        f"<p><a href='{BODY_INDEX}'>{bi(('各机关页面（逐年对比）', 'a page per body, years side by side'))}</a></p>",
        *_bodies_and_levels(con, latest, counts),
        heading(2, ("数据质量", "Data quality")),
        *_quality(con, counts),
        *evaluation.sections(con),
    ]
    intro = (
        f"<p>{date.today().isoformat()} 由数据仓库生成。数值照原文印制；所需单元格未能读取的指标留空；"
        "印为空白的总计在各部分均已知时取其和。"
        f"<small>Generated {date.today().isoformat()} from the warehouse. Values as printed; a metric is empty where "
        "a cell it needs could not be read; a 总计 printed blank is the sum of its parts when all are known."
        "</small></p>"
    )
    title = ("政府信息公开工作年度报告：谁发布了，如何比较", "Who reported, and how they compare")
    return page(
        ("政府信息公开工作年度报告 比较", "comparison"),
        f"<h1>{esc(title[0])}<br><small>{esc(title[1])}</small></h1>{intro}<div class='kpi'>{kpis}</div>"
        + "".join(sections),
    )
