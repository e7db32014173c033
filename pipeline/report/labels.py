"""Chinese and English names of the codes the pages show (levels, deadline rules, statuses,
sections, checks), so a reader sees 县级 beside ``county`` rather than the code alone."""

from __future__ import annotations

from pipeline.report.charts import Label

LEVELS: dict[str, str] = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
    "street_office": "街道",
    "department": "部门",
    "zone": "开发区",
}

TIMELINESS: dict[str, Label] = {
    "on_time": ("按时", "on time"),
    "late": ("逾期", "late"),
    "not_assessable": ("无法判断", "not assessable"),
    "missing": ("未发布", "missing"),
}

DEADLINE_RULES: dict[str, str] = {
    "government_report": "政府年度报告 3月31日",
    "department": "部门 1月31日",
    "zone_committee": "开发区管委会 1月31日",
    "township_practice": "乡镇街道（惯例）1月31日",
    "regulation_2008": "2008年条例 3月31日",
}

SECTIONS: dict[str, Label] = {
    "overview": ("一、总体情况", "overview"),
    "problems_improvements": ("五、存在的问题及改进", "problems and improvements"),
    "other_matters": ("六、其他需要报告的事项", "other matters"),
}

RELATIONS: dict[str, Label] = {
    "previous_year": ("与本机关上年", "same body, previous year"),
    "other_body": ("与其他机关同年", "another body, same year"),
}

TABLES: dict[str, Label] = {
    "active_disclosure": ("表二 主动公开", "table 2, active disclosure"),
    "applications": ("表三 依申请公开", "table 3, applications"),
    "review_litigation": ("表四 复议诉讼", "table 4, review and litigation"),
}

# why a report's timeliness is not assessable (the view's note)
TIMELINESS_NOTES: dict[str, str] = {
    "report year not read": "未读出报告年度",
    "body level unknown": "机关层级未知",
    "no publication date printed": "未印发布日期",
    "printed date inside the report year": "所印日期在报告年度之内",
}

# check families (the code before the first dot), docs/report-format.md
CHECKS: dict[str, Label] = {
    "A1": ("表三 结转勾稽", "A1 applications carry-over identity"),
    "A2": ("表三 结果合计", "A2 outcomes add up"),
    "A3": ("表三 行合计", "A3 row totals"),
    "B1": ("表四 复议合计", "B1 review total"),
    "B2": ("表四 直接诉讼合计", "B2 direct litigation total"),
    "B3": ("表四 复议后诉讼合计", "B3 litigation after review total"),
    "D1": ("数值有效", "D1 valid numbers"),
    "blank_total": ("总计空白", "blank total"),
    "N1": ("叙述与表格不符", "N1 narrative vs table"),
    "X1": ("跨年结转不符", "X1 carry-over across years"),
    "X2": ("跨年现行有效件数不符", "X2 in-force count across years"),
    "X3": ("表格照搬上年", "X3 table copied from last year"),
}


def level(code: str | None) -> str:
    """县级 county — the Chinese name beside the code (the code alone when unknown)."""
    if code is None:
        return "–"
    return f"{LEVELS[code]} {code}" if code in LEVELS else code


def timeliness(code: str | None) -> str:
    zh, en = TIMELINESS.get(code or "", (code or "–", ""))
    return f"{zh} {en}".strip()
