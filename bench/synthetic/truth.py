"""What a synthetic report is and what is known about it: the public vocabulary of the generator
(years, levels, layouts, encodings, deviation classes), the truth records it returns, and
``identity_failures`` to check the identities of spec §5 on any set of cells.

Truth conventions:
- ``cells`` has every template cell of the report's version (``vocabulary.expected_cells``). The
  value is what the file prints: an injected error's cell carries the printed (wrong) value; the
  error record keeps the original.
- A blank or placeholder cell has value None (missing, not zero). All identities hold with
  missing = 0, except where the report records a ``blank_total`` (a total left blank while its parts
  are not zero; the cell is in ``blank_total_cells``) or an injected error.
- ``expected_flag`` is True for cells that cannot be read safely by design (digits of a whole row
  run together): a correct parser flags them instead of reading them. Their value is still the
  intended number.
- Money cells (``vocabulary.AMOUNT_COLUMNS``) are in 万元; a raw ``80618元`` has value 8.0618.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from bench.synthetic.geometry import CELL_KEYS, SLOT_OF, failing_identities
from pipeline import vocabulary as V
from pipeline.model import AgencyKind, AgencyLevel, Layout, values

# ====================================================================== public vocabulary
YEARS = tuple(range(2019, 2026))
LEVELS = values(AgencyLevel)
KINDS = values(AgencyKind)
TIERS = ("province", "city", "county", "township")  # administrative tier of the body's region
TABLE_LAYOUTS = values(Layout)[:4]  # per table: tab, pipe, cell_per_line, space; a report may be "mixed"
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")  # Python codec names; utf-16 has a BOM
LAYOUT_WEIGHTS = (45, 20, 15, 20)  # how common each of TABLE_LAYOUTS is among publishers
ENCODING_WEIGHTS = (60, 12, 18, 10)  # how common each of ENCODINGS is among publishers
LINE_ENDINGS = ("lf", "crlf")

# Every deviation class this generator can record (exact strings, spec §6).
DEVIATIONS = (
    # tables
    "leading_empty_cells",  # an empty cell before every data row's label: the table's export convention (§7.1)
    "trailing_empty_cells",  # one or two empty cells after every data row's values: a terminator (§7.1)
    "label_halfwidth_brackets",  # （一）→(一), ：→: (§6.2)
    "label_inner_spaces",  # 1. 属于, (一) 予以公开, 商业 企业, 结果 维持, 第二十条 第（一）项 (§6.2)
    "label_straight_quotes",  # “三安全一稳定” → "三安全一稳定" (§6.2)
    "label_ascii_punctuation",  # ， → , inside labels (§6.2)
    "label_numbering_variant",  # 1. → 1、 (huaian-city)
    "label_typo",  # 本年度止件数, 其他法律行政止公开 (§6.3)
    "label_truncated",  # （六）1 label without the final 申请 (§6.3)
    "label_abbreviated",  # 2021 template printing 规范性文件 for 行政规范性文件
    "header_cells_truncated",  # table 4 header 结果 | 结果 | 其他 | 尚未 (§6.4)
    "detached_group_labels",  # space layout: group labels on their own lines, 三、本年度办理结果 char by char (§6.9)
    "vertical_fragments",  # space layout: a group label cut into pieces, one before each of its rows (他处理 3.其他)
    "zero_as_blank",  # 0 printed as an empty cell (§6.6)
    "zero_as_placeholder",  # 0 printed as - — / 无 (§6.6)
    "blank_total",  # a total left blank while its parts are not zero (§5, §6.6)
    "thousands_separator",  # 1,017 (§6.7)
    "fullwidth_digits",  # ０１２ (§6.7)
    "unit_in_amount_cell",  # 2019 procurement amount printed with 万元 / 元 (§2, §6.7)
    "cruft_in_table",  # page numbers, 分享, 扫一扫…, form feeds between table rows (§6.8, §6.9)
    "page_number_in_table",  # space layout: a bare page number before the form feed, inside a table (§7.8)
    "digits_run_together",  # a row's numbers printed without separator; cells expected_flag (§6.10)
    # document
    "title_split",  # title over two lines (003)
    "title_spaces",  # spaces inside the title (000, 001)
    "title_variant",  # …年度政府信息公开工作年度报告 / 年度报告 without 工作
    "breadcrumbs",  # 当前位置:首页 > … (§6.8)
    "publish_date_line",  # 发布日期:… 来源:… under the title
    "signature_date",  # agency + date at the end
    "repeated_title",  # title printed twice (002)
    "page_cruft",  # 分享 / 扫一扫在手机打开当前页面 / 【打印】 outside the tables (§6.8)
    "heading_variant",  # 四、因政府信息公开工作被申请行政复议… / 五、…改进措施 (§6.5)
    "heading_unnumbered",  # 存在的主要问题及改进情况 without 五、 (003)
    "heading_missing",  # no 一、总体情况 (003)
    "hard_wrapped_narrative",  # pdftotext-like narrative (all tables in space layout)
    "narrative_mismatch",  # a number in the text disagrees with the table (§6.11, N1)
    "template_2019_late",  # a 2021 report still on the 2019 template
    "crlf",  # CRLF line endings (§6.12)
    "utf8_bom",  # UTF-8 with BOM (§6.12)
)

SPEC_TABLES = (V.ACTIVE_DISCLOSURE, V.APPLICATIONS, V.REVIEW_LITIGATION)  # the three tables, in print order


# ====================================================================== truth records
class TruthCell(NamedTuple):
    table_code: str
    row_code: str
    column_code: str
    value: float | None  # None when blank / placeholder (missing, not zero)
    value_kind: str  # model.ValueKind: number / blank / placeholder
    raw: str  # the cell text as printed (before encoding)
    expected_flag: bool  # True: unreadable by design; a correct parser flags it


class ErrorCell(NamedTuple):
    table_code: str
    row_code: str
    column_code: str
    original: float  # the value that would make the identities hold
    printed: float  # the value printed instead


class InjectedError(NamedTuple):
    identity: str  # the identity aimed at: "A1.natural_person", "A2.total", "A3.granted", "B1"
    broken: tuple[str, ...]  # every identity this change breaks (always contains ``identity``)
    cells: tuple[ErrorCell, ...]  # the cells changed


class NarrativeClaim(NamedTuple):
    # new_received_total / carried_in_total / results_total / carried_forward_total / review_total / litigation_total
    claim: str
    stated: int  # the number in the text
    table: float | None  # the number in the table (None when the table cell is blank)


@dataclass(slots=True)
class ReportTruth:
    report_index: int
    report_id: str
    source_file: str
    agency: str  # the body's name as printed in the title
    body_key: str  # canonical, stable across years: "<division_code>:<canonical name>"
    body_name: str  # canonical full name (province + city + county + unit)
    level: str  # LEVELS
    kind: str  # KINDS
    tier: str  # TIERS: administrative tier of the body's region
    province: str
    city: str | None
    county: str | None
    township: str | None  # township / street-office name (without 镇人民政府 / 街道办事处)
    division_code: str  # 6 digits: county (or city / province / zone) of the body
    is_aggregate: bool  # government report covering the whole region (全区各级行政机关)
    year: int
    published_on: str | None  # ISO date when a publication date is printed, else None
    template_version: str  # "2019" / "2021"
    layout: str  # model.Layout: one table layout, or "mixed"
    table_layouts: dict[str, str]  # table_code → TABLE_LAYOUTS
    encoding: str  # ENCODINGS
    line_ending: str  # LINE_ENDINGS
    deviations: tuple[str, ...]  # DEVIATIONS applied, in DEVIATIONS order
    errors: tuple[InjectedError, ...]
    identity_failures: tuple[str, ...]  # identities failing on the printed cells, missing = 0
    blank_total_cells: tuple[str, ...]  # "table_code/row_code/column_code"
    narrative_claims: tuple[NarrativeClaim, ...]
    narrative_mismatch: bool


@dataclass(slots=True)
class SyntheticReport:
    source_file: str  # relative path, e.g. "2023/河南省/牧野区人民政府_2023_0000042.txt" (<= 1000 per folder)
    data: bytes  # the encoded file
    truth: ReportTruth
    _keys: tuple[tuple[str, str, str], ...]
    _values: list[float | None]
    _kinds: list[str]
    _raws: list[str]
    _flags: list[bool]

    @property
    def cells(self) -> list[TruthCell]:
        return [
            TruthCell(k[0], k[1], k[2], v, kd, r, f)
            for k, v, kd, r, f in zip(self._keys, self._values, self._kinds, self._raws, self._flags, strict=True)
        ]

    @property
    def text(self) -> str:
        return self.data.decode(self.truth.encoding)


def identity_failures(
    cells: Iterable[TruthCell] | Mapping[tuple[str, str, str], float | None], version: str
) -> list[str]:
    """Identities of spec §5 (A1 per column, A2 per column, A3 per row, B1–B3) that fail.

    ``cells``: TruthCells or a mapping (table_code, row_code, column_code) → value; a missing or
    None value counts as 0. Identity ids: "A1.<column_code>", "A2.<column_code>", "A3.<row_code>",
    "B1" (review), "B2" (litigation_direct), "B3" (litigation_after_review).
    """
    slot = SLOT_OF[version]
    vals: list = [None] * len(CELL_KEYS[version])
    items = cells.items() if isinstance(cells, Mapping) else ((c[:3], c[3]) for c in cells)
    for k, v in items:
        i = slot.get(tuple(k))
        if i is not None:
            vals[i] = v
    return failing_identities(version, vals)
