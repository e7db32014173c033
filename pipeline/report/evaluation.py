"""The comparison page's evaluation sections: timeliness per year, completeness, narrative reuse
and tables copied from the year before (X3) — what transparency evaluators score beyond the
tables (README "Evaluation measures"). Numbers from sql/report/, rules in the notes."""

from __future__ import annotations

import duckdb

from pipeline.compare.reuse import BOILERPLATE_BODIES, REUSE_FLAG, STORED_SIMILARITY
from pipeline.report import labels
from pipeline.report.charts import bar_chart, heading, note, num, table
from pipeline.warehouse.sql import fetch

DEADLINE_RULE_ZH = (
    "报告年度为 Y 的年度报告应在 Y+1 年发布。《政府信息公开条例》（2019）第四十九条：县级以上人民政府的年度报告"
    "3月31日前发布；其工作部门（含以自身名义报告的办公厅、办公室）和开发区管委会 1月31日前；乡镇、街道条例未列，"
    "按各省实施通知与县级部门同为 1月31日（惯例）；2018 年及以前的报告按 2008 年条例第三十一条，3月31日前。"
    "曾在任一年度发布报告的机关每年都“应发布”；一个机关一年有多份报告时，有一份按时即按时。"
    "无法判断：未印发布日期、机关层级未知，或所印日期在报告年度之内。"
)
DEADLINE_RULE_EN = (
    "A report on year Y is due in Y+1. 条例 (2019) 第四十九条: a county-level-or-above government's own report by "
    "31 March; its departments (incl. a 办公厅/办公室 reporting as itself) and development-zone committees by "
    "31 January; townships and street offices, not named by the article, by 31 January as the provinces' "
    "notices have them report with the county's departments (practice); report years up to 2018 by 31 March "
    "(2008 条例 第三十一条). Every body that published a report in any year is expected every year; a body's "
    "year is on time if any of its reports was. Not assessable: no date printed, level unknown, or a date "
    "inside the report year."
)


def timeliness_section(con: duckdb.DuckDBPyConnection) -> str:
    rows = fetch(con, "report/timeliness_by_year.sql")
    statuses = ("on_time", "late", "not_assessable", "missing")
    series = {labels.TIMELINESS[s]: [r[3 + k] for r in rows] for k, s in enumerate(statuses)}
    header = (
        ("年度", "year"),
        ("应发布机关", "bodies expected"),
        ("已发布", "reported"),
        *(labels.TIMELINESS[s] for s in statuses),
        ("首次发布后未发布", "missing after first report"),
        ("按时率", "on-time share"),
    )
    return (
        heading(2, ("按时发布", "Timeliness"))
        + bar_chart(
            ("各年度按时发布情况", "Timeliness per year: bodies on time, late, not assessable, missing"),
            [str(r[0]) for r in rows],
            series,
            unit=("机关数", "bodies"),
            stacked=True,
        )
        + note(
            f"{DEADLINE_RULE_ZH}按时率 = 按时 /（按时 + 逾期）。数据：timeliness_by_region（全国）。",
            f"{DEADLINE_RULE_EN} On-time share = on time / (on time + late). From timeliness_by_region (nation).",
        )
        + table(None, header, [(str(r[0]), *r[1:]) for r in rows], percent=(8,))
    )


def completeness_section(con: duckdb.DuckDBPyConnection) -> str:
    bands = dict(fetch(con, "report/completeness_distribution.sql"))
    lowest = fetch(con, "report/completeness_lowest.sql")
    total = sum(bands.values())
    order = [100, *range(90, -10, -10)]
    names = ["100", *(f"{b}–{b + 9}" for b in range(90, -10, -10))]
    chart = bar_chart(
        ("完整性得分分布", "Distribution of completeness_score"),
        names,
        {("报告数", "reports"): [bands.get(b, 0) for b in order]},
        unit=("报告数", "reports"),
    )
    below = total - bands.get(100, 0)
    header = (
        ("机关（标题所印）", "body as printed"),
        ("年度", "year"),
        ("得分", "score"),
        ("六部分齐全数", "sections of 6"),
        ("三表齐全数", "tables of 3"),
        ("已印行数", "rows printed"),
        ("应有行数", "rows required"),
        ("源文件", "source file"),
    )
    lowest_rows = [(a, str(y), f"{s:.1f}", *rest) for a, y, s, *rest in lowest]
    return (
        heading(2, ("完整性", "Completeness"))
        + chart
        + note(
            f"全部 {num(total)} 份现存报告，{num(bands.get(100, 0))} 份得满分 100，{num(below)} 份低于 100。"
            "得分 = 100 ×（六个部分齐全比例、三张表齐全比例、模板各行印出比例）的平均。数据：report_completeness。",
            f"All {num(total)} current reports: {num(bands.get(100, 0))} score 100, {num(below)} below. "
            "Score = 100 × mean(sections present / 6, tables present / 3, rows printed / rows required).",
        )
        + (
            table(("完整性最低的报告", "Reports with the lowest scores"), header, lowest_rows)
            if lowest_rows
            else note("没有得分低于 100 的报告。", "No report scores below 100.")
        )
    )


def reuse_section(con: duckdb.DuckDBPyConnection) -> str:
    summary = fetch(con, "report/reuse_summary.sql")
    top = fetch(con, "report/reuse_top_pairs.sql")
    rows = [
        (
            " ".join(labels.RELATIONS.get(rel, (rel, ""))),
            " ".join(labels.SECTIONS[s]) if s else "合计 all sections",
            pairs,
            reused,
            sections,
        )
        for rel, s, pairs, reused, sections in summary
    ]
    header = (
        ("比较对象", "compared with"),
        ("部分", "section"),
        ("比较的对数", "pairs stored"),
        ("雷同的对数", "reused pairs"),
        ("被标为雷同的部分", "sections flagged reused"),
    )
    top_header = (
        ("比较对象", "compared with"),
        ("部分", "section"),
        ("机关", "body"),
        ("年度", "year"),
        ("另一机关", "other body"),
        ("另一年度", "other year"),
        ("相似度", "similarity"),
        ("相同句子", "shared sentences"),
        ("句子", "sentences"),
        ("另一方句子", "other's sentences"),
    )
    top_rows = [
        (labels.RELATIONS[rel][0], labels.SECTIONS[s][0], a, str(y), oa, str(oy), f"{sim:.2f}", *rest)
        for rel, s, a, y, oa, oy, sim, *rest in top
    ]
    return (
        heading(2, ("文字雷同", "Narrative reuse"))
        + table(("雷同的叙述部分", "Narrative sections reused"), header, rows)
        + note(
            f"一、五、六部分按句子集合比较（数字遮蔽，短句和 {BOILERPLATE_BODIES} 个以上机关同年共用的模板句不计），"
            f"相似度为 Jaccard 指数，≥ {REUSE_FLAG} 标为雷同。与本机关上年的每一对都比较；"
            f"与其他机关同年的只保存相似度 ≥ {STORED_SIMILARITY} 的对，每对计一次。数据：narrative_reuse。",
            "Sections 一, 五, 六 compared as sentence sets (digits masked; short sentences and template text printed "
            f"by {BOILERPLATE_BODIES} or more bodies in a year dropped); similarity is the Jaccard index, reused at "
            f"≥ {REUSE_FLAG}. Every pair with the body's previous year is stored; other bodies' same-year pairs at "
            f"≥ {STORED_SIMILARITY}, each counted once.",
        )
        + (
            table(("最相似的雷同对", "Most similar reused pairs"), top_header, top_rows)
            if top_rows
            else note("没有被标为雷同的部分。", "No section is flagged reused.")
        )
    )


def copied_tables_section(con: duckdb.DuckDBPyConnection) -> str:
    rows = fetch(con, "report/copied_tables.sql")
    codes = list(labels.TABLES)
    by_year: dict[int, dict[str, tuple]] = {}
    for year, code, copied, compared, unassessable in rows:
        by_year.setdefault(year, {})[code] = (copied, compared, unassessable)
    body = [
        (
            str(year),
            *(per.get(c, (0, 0, 0))[0] for c in codes),
            sum(v[0] for v in per.values()),
            sum(v[1] for v in per.values()),
            sum(v[2] for v in per.values()),
        )
        for year, per in by_year.items()
    ]
    header = (
        ("年度", "year"),
        *((f"{labels.TABLES[c][0]} 照搬", f"{labels.TABLES[c][1]}, copied") for c in codes),
        ("照搬合计", "copied, all tables"),
        ("比较的表", "tables compared"),
        ("无法判断", "not assessable"),
    )
    copied = sum(r[4] for r in body)
    return (
        heading(2, ("表格照搬上年（X3）", "Tables copied from last year (X3)"))
        + table(None, header, body)
        + note(
            f"共 {num(copied)} 张表与本机关上年报告逐格相同（空白按 0，至少一格非 0）：数字可能是照搬的。"
            "仅为警告，不标记报告。比较的表：有上年报告的表；有未读单元格的无法判断。",
            f"{num(copied)} tables printed with every cell as the body's report of the year before (blank = 0, "
            "at least one cell not 0): numbers copied. A warning only; it never flags a report.",
        )
    )


def sections(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [timeliness_section(con), completeness_section(con), reuse_section(con), copied_tables_section(con)]
