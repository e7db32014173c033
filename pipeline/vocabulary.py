"""The warehouse's public vocabulary: table, row and column codes of the national template.

Everything here comes from the national template (docs/report-format.md): the printed Chinese label of each
row/column, the code we store, and which cells exist in each template version. Parser, checks,
synthetic generator and pandera schemas take their codes from this module; the SQL files spell
the same codes in their queries, and the warehouse's ``row_codes`` table (row order and printed
labels) is loaded from here on every run.

What belongs here: constants and tiny lookups. No parsing logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

TEMPLATE_VERSIONS = ("2019", "2021")

# ---------------------------------------------------------------- table codes
ACTIVE_DISCLOSURE = "active_disclosure"  # 二、主动公开政府信息情况
APPLICATIONS = "applications"  # 三、收到和处理政府信息公开申请情况
REVIEW_LITIGATION = "review_litigation"  # 四、政府信息公开行政复议、行政诉讼情况
TABLE_CODES = (ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION)

# ---------------------------------------------------------------- section codes (一…六)
SECTION_CODES = (
    "preamble",  # title, foreword: everything before 一
    "overview",  # 一、总体情况
    "active_disclosure",  # 二、主动公开政府信息情况
    "applications",  # 三、收到和处理政府信息公开申请情况
    "review_litigation",  # 四、政府信息公开行政复议、行政诉讼情况
    "problems_improvements",  # 五、存在的主要问题及改进情况
    "other_matters",  # 六、其他需要报告的事项
)


@dataclass(frozen=True)
class RowSpec:
    code: str
    label: str  # the label as printed in the national template
    group: str | None = None  # group label printed before the first row of a group


# ---------------------------------------------------------------- table 二 active_disclosure
# block title → rows → columns, per template version (report-format §2).
@dataclass(frozen=True)
class DisclosureBlock:
    title: str  # 第二十条第（N）项
    columns: tuple[tuple[str, str], ...]  # (column_code, printed header)
    rows: tuple[tuple[str, str], ...]  # (row_code, printed label)


DISCLOSURE_BLOCKS = {
    "2021": (
        DisclosureBlock(
            "第二十条第（一）项",
            (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
            (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
        ),
        DisclosureBlock("第二十条第（五）项", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
        DisclosureBlock(
            "第二十条第（六）项",
            (("decisions", "本年处理决定数量"),),
            (("penalty", "行政处罚"), ("coercion", "行政强制")),
        ),
        DisclosureBlock(
            "第二十条第（八）项", (("amount_10k_yuan", "本年收费金额（单位：万元）"),), (("fees", "行政事业性收费"),)
        ),
    ),
    "2019": (
        DisclosureBlock(
            "第二十条第（一）项",
            (("created", "本年新制作数量"), ("published", "本年新公开数量"), ("published_total", "对外公开总数量")),
            (("regulations", "规章"), ("normative_documents", "规范性文件")),
        ),
        DisclosureBlock(
            "第二十条第（五）项",
            (("items_prior_year", "上一年项目数量"), ("items_change", "本年增/减"), ("decisions", "处理决定数量")),
            (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
        ),
        DisclosureBlock(
            "第二十条第（六）项",
            (("items_prior_year", "上一年项目数量"), ("items_change", "本年增/减"), ("decisions", "处理决定数量")),
            (("penalty", "行政处罚"), ("coercion", "行政强制")),
        ),
        DisclosureBlock(
            "第二十条第（八）项",
            (("items_prior_year", "上一年项目数量"), ("items_change", "本年增/减")),
            (("fees", "行政事业性收费"),),
        ),
        DisclosureBlock(
            "第二十条第（九）项",
            (("procurement_items", "采购项目数量"), ("procurement_amount", "采购总金额")),
            (("procurement", "政府集中采购"),),
        ),
    ),
}


@cache
def disclosure_columns(version: str) -> dict[str, tuple[str, ...]]:
    """row_code → column codes of table 二 in that template version."""
    out: dict[str, tuple[str, ...]] = {}
    for block in DISCLOSURE_BLOCKS[version]:
        for row_code, _ in block.rows:
            out[row_code] = tuple(c for c, _ in block.columns)
    return out


# Columns whose values are money in 万元 (normalised from 元 when the cell carries a unit).
AMOUNT_COLUMNS = frozenset({"amount_10k_yuan", "procurement_amount"})
# The only column allowed to be negative (2019 本年增/减).
SIGNED_COLUMNS = frozenset({"items_change"})

# ---------------------------------------------------------------- table 三 applications
APPLICANT_COLUMNS = (
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("public_interest_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
)
APPLICANT_CODES = tuple(c for c, _ in APPLICANT_COLUMNS)  # C in report-format §6
TOTAL = "total"  # T in report-format §6 (总计)
ORG_SUBTOTAL = "org_subtotal"  # 小计, only in a few local variants
APPLICATION_COLUMNS = APPLICANT_CODES + (TOTAL,)
APPLICATION_COLUMNS_WITH_SUBTOTAL = APPLICANT_CODES + (ORG_SUBTOTAL, TOTAL)

_APPLICATION_ROWS_HEAD = (
    RowSpec("new_received", "一、本年新收政府信息公开申请数量"),
    RowSpec("carried_in", "二、上年结转政府信息公开申请数量"),
    RowSpec("granted", "（一）予以公开", group="三、本年度办理结果"),
    RowSpec("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    RowSpec("withheld_state_secret", "1.属于国家秘密", group="（三）不予公开"),
    RowSpec("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    RowSpec("withheld_security_stability", "3.危及“三安全一稳定”"),
    RowSpec("withheld_third_party", "4.保护第三方合法权益"),
    RowSpec("withheld_internal_affairs", "5.属于三类内部事务信息"),
    RowSpec("withheld_process_info", "6.属于四类过程性信息"),
    RowSpec("withheld_enforcement_file", "7.属于行政执法案卷"),
    RowSpec("withheld_query_matter", "8.属于行政查询事项"),
    RowSpec("unavailable_not_held", "1.本机关不掌握相关政府信息", group="（四）无法提供"),
    RowSpec("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    RowSpec("unavailable_unclear", "3.补正后申请内容仍不明确"),
    RowSpec("declined_petition", "1.信访举报投诉类申请", group="（五）不予处理"),
    RowSpec("declined_duplicate", "2.重复申请"),
    RowSpec("declined_publication", "3.要求提供公开出版物"),
    RowSpec("declined_excessive", "4.无正当理由大量反复申请"),
    RowSpec("declined_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
_APPLICATION_ROWS_TAIL = (
    RowSpec("results_total", "（七）总计"),
    RowSpec("carried_forward", "四、结转下年度继续办理"),
)
APPLICATION_ROWS = {
    "2021": _APPLICATION_ROWS_HEAD
    + (
        RowSpec(
            "other_no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            group="（六）其他处理",
        ),
        RowSpec("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        RowSpec("other_other", "3.其他"),
    )
    + _APPLICATION_ROWS_TAIL,
    "2019": _APPLICATION_ROWS_HEAD + (RowSpec("other_handling", "（六）其他处理"),) + _APPLICATION_ROWS_TAIL,
}


@cache
def application_row_codes(version: str) -> tuple[str, ...]:
    return tuple(r.code for r in APPLICATION_ROWS[version])


@cache
def leaf_rows(version: str) -> tuple[str, ...]:
    """Leaf rows L of report-format §3: every row from `granted` to the last （六） row."""
    codes = application_row_codes(version)
    return codes[codes.index("granted") : codes.index("results_total")]


OTHER_HANDLING_PARTS = ("other_no_correction", "other_fee_unpaid", "other_other")

# ---------------------------------------------------------------- table 四 review_litigation
REVIEW_ROWS = (
    ("review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
)
REVIEW_COLUMNS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
REVIEW_ROW_CODES = tuple(c for c, _ in REVIEW_ROWS)
REVIEW_COLUMN_CODES = tuple(c for c, _ in REVIEW_COLUMNS)


def row_labels() -> list[tuple[str, str, int, str]]:
    """(table_code, row_code, row_order, printed label) of every row code, in template order;
    2019's single other_handling row sorts where 2021's （六） rows begin."""
    out = [(APPLICATIONS, spec.code, k, spec.label) for k, spec in enumerate(APPLICATION_ROWS["2021"])]
    out.append(
        (APPLICATIONS, "other_handling", application_row_codes("2021").index("other_no_correction"), "（六）其他处理")
    )
    disclosure: dict[str, str] = {}
    for version in ("2021", "2019"):
        for block in DISCLOSURE_BLOCKS[version]:
            for code, label in block.rows:
                disclosure.setdefault(code, label)
    out += [(ACTIVE_DISCLOSURE, code, k, label) for k, (code, label) in enumerate(disclosure.items())]
    out += [(REVIEW_LITIGATION, code, k, label) for k, (code, label) in enumerate(REVIEW_ROWS)]
    return out


# ---------------------------------------------------------------- cells
# How a printed zero is sometimes written (report-format §7, deviation 6): stored as value_kind `placeholder`.
PLACEHOLDERS = frozenset({"-", "—", "–", "－", "/", "／", "无", "——", "--", "×", "\\"})


def expected_cells(version: str) -> list[tuple[str, str, str]]:
    """Every (table_code, row_code, column_code) of one report in a template version."""
    out: list[tuple[str, str, str]] = []
    for row_code, cols in disclosure_columns(version).items():
        out.extend((ACTIVE_DISCLOSURE, row_code, c) for c in cols)
    out.extend((APPLICATIONS, r, c) for r in application_row_codes(version) for c in APPLICATION_COLUMNS)
    out.extend((REVIEW_LITIGATION, r, c) for r in REVIEW_ROW_CODES for c in REVIEW_COLUMN_CODES)
    return out


ALL_ROW_CODES = {
    ACTIVE_DISCLOSURE: tuple(dict.fromkeys(r for v in TEMPLATE_VERSIONS for r in disclosure_columns(v))),
    APPLICATIONS: tuple(dict.fromkeys(r for v in TEMPLATE_VERSIONS for r in application_row_codes(v))),
    REVIEW_LITIGATION: REVIEW_ROW_CODES,
}
ALL_COLUMN_CODES = {
    ACTIVE_DISCLOSURE: tuple(
        dict.fromkeys(c for v in TEMPLATE_VERSIONS for cols in disclosure_columns(v).values() for c in cols)
    ),
    APPLICATIONS: APPLICATION_COLUMNS_WITH_SUBTOTAL,
    REVIEW_LITIGATION: REVIEW_COLUMN_CODES,
}
