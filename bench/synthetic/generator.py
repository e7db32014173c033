"""Seeded, reproducible synthetic 政府信息公开工作年度报告 files with ground truth.

Why: the parser and the checks need a large corpus whose every cell value is known. Real reports
are few (see shared/corpus); this module makes as many as wanted, with the same habits real text
has (spec §6), and records exactly what it did.

How:
1. A pool of bodies (real provinces / cities / counties with their real division codes, see
   ``bench.synthetic.names``) is built and shuffled with the seed. Each body gets its own parameters
   (how many applications, licensing decisions, ... it handles) and a run of report years.
2. Per body the numbers are simulated year by year, so that the cross-year identities hold:
   carried_in(t) = carried_forward(t-1) per column, and in_force(t) = in_force(t-1) + issued(t) -
   repealed(t). Every within-report identity of spec §5 holds by construction.
3. Per emitted report: the template version (2019 for 2019-2020, a few late adopters in 2021),
   optional injected arithmetic errors (``error_rate``), deviations of spec §6 switched on at
   random, the three tables rendered in one of four layouts (tab, pipe, cell_per_line, space) or
   mixed, narrative text, and an encoding.

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

Public API: ``generate``, ``write_corpus``, ``identity_failures``, the dataclasses below, and the
CLI ``python -m bench.synthetic --n 1000 --seed 7 --out DIR``.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

from bench.synthetic import names
from pipeline import vocabulary as V
from pipeline.model import AgencyKind, AgencyLevel, Layout, ValueKind, values

# ====================================================================== public vocabulary
YEARS = tuple(range(2019, 2026))
LEVELS = values(AgencyLevel)
KINDS = values(AgencyKind)
TIERS = ("province", "city", "county", "township")  # administrative tier of the body's region
TABLE_LAYOUTS = values(Layout)[:4]  # per table: tab, pipe, cell_per_line, space; a report may be "mixed"
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")  # Python codec names; utf-16 has a BOM
LINE_ENDINGS = ("lf", "crlf")

# Every deviation class this generator can record (exact strings, see module docs / spec §6).
DEVIATIONS = (
    # tables
    "leading_empty_cells",  # extra empty cells before a row's label (§6.1)
    "trailing_empty_cells",  # extra empty cells after a row's values (§6.1)
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
    "zero_as_blank",  # 0 printed as an empty cell (§6.6)
    "zero_as_placeholder",  # 0 printed as - — / 无 (§6.6)
    "blank_total",  # a total left blank while its parts are not zero (§5, §6.6)
    "thousands_separator",  # 1,017 (§6.7)
    "fullwidth_digits",  # ０１２ (§6.7)
    "unit_in_amount_cell",  # 2019 procurement amount printed with 万元 / 元 (§2, §6.7)
    "cruft_in_table",  # page numbers, 分享, 扫一扫…, form feeds between table rows (§6.8, §6.9)
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

_SPEC_TABLES = (V.ACTIVE_DISCLOSURE, V.APPLICATIONS, V.REVIEW_LITIGATION)


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
            for k, v, kd, r, f in zip(self._keys, self._values, self._kinds, self._raws, self._flags)
        ]

    @property
    def text(self) -> str:
        return self.data.decode(self.truth.encoding)


# ====================================================================== template geometry
_KEYS = {v: tuple(V.expected_cells(v)) for v in V.TEMPLATE_VERSIONS}
_SLOT = {v: {k: i for i, k in enumerate(keys)} for v, keys in _KEYS.items()}
_APP_ROWS = {v: V.application_row_codes(v) for v in V.TEMPLATE_VERSIONS}
_APP_START = {v: _SLOT[v][(V.APPLICATIONS, _APP_ROWS[v][0], V.APPLICATION_COLUMNS[0])] for v in V.TEMPLATE_VERSIONS}
_REV_START = {
    v: _SLOT[v][(V.REVIEW_LITIGATION, V.REVIEW_ROW_CODES[0], V.REVIEW_COLUMN_CODES[0])] for v in V.TEMPLATE_VERSIONS
}
_AD_SLOTS = {
    v: tuple((k[1], k[2], i) for i, k in enumerate(_KEYS[v]) if k[0] == V.ACTIVE_DISCLOSURE)
    for v in V.TEMPLATE_VERSIONS
}
_NAPPCOL = len(V.APPLICATION_COLUMNS)  # 7
_LEAVES = {v: V.leaf_rows(v) for v in V.TEMPLATE_VERSIONS}
_LEAF21 = _LEAVES["2021"]
assert len(_LEAF21) == 21 and V.APPLICATION_COLUMNS[-1] == V.TOTAL
for _v in V.TEMPLATE_VERSIONS:  # geometry assumed below: apps and review blocks are contiguous
    for _ri, _r in enumerate(_APP_ROWS[_v]):
        for _ci, _c in enumerate(V.APPLICATION_COLUMNS):
            assert _SLOT[_v][(V.APPLICATIONS, _r, _c)] == _APP_START[_v] + _ri * _NAPPCOL + _ci
    for _ri, _r in enumerate(V.REVIEW_ROW_CODES):
        for _ci, _c in enumerate(V.REVIEW_COLUMN_CODES):
            assert _SLOT[_v][(V.REVIEW_LITIGATION, _r, _c)] == _REV_START[_v] + _ri * 5 + _ci
_AMOUNT_SLOTS = {v: frozenset(i for r, c, i in _AD_SLOTS[v] if c in V.AMOUNT_COLUMNS) for v in V.TEMPLATE_VERSIONS}


# ====================================================================== identities (spec §5)
def _identity_fails_vals(version: str, vals: Sequence) -> list[str]:
    """Failed identities of spec §5 on a slot-ordered value list (None counts as 0)."""
    a0 = _APP_START[version]
    rows = _APP_ROWS[version]
    ri = {r: a0 + i * _NAPPCOL for i, r in enumerate(rows)}
    nc = _NAPPCOL

    def g(i):
        x = vals[i]
        return 0 if x is None else x

    out: list[str] = []
    nr, ci, rt, cf = ri["new_received"], ri["carried_in"], ri["results_total"], ri["carried_forward"]
    for j, c in enumerate(V.APPLICATION_COLUMNS):
        if abs(g(nr + j) + g(ci + j) - g(rt + j) - g(cf + j)) > 1e-9:
            out.append(f"A1.{c}")
    leaf_starts = [ri[r] for r in _LEAVES[version]]
    for j, c in enumerate(V.APPLICATION_COLUMNS):
        if abs(g(rt + j) - sum(g(s + j) for s in leaf_starts)) > 1e-9:
            out.append(f"A2.{c}")
    for r in rows:
        s = ri[r]
        if abs(g(s + nc - 1) - sum(g(s + j) for j in range(nc - 1))) > 1e-9:
            out.append(f"A3.{r}")
    r0 = _REV_START[version]
    for k in range(3):
        s = r0 + 5 * k
        if abs(g(s + 4) - (g(s) + g(s + 1) + g(s + 2) + g(s + 3))) > 1e-9:
            out.append(f"B{k + 1}")
    return out


def identity_failures(
    cells: Iterable[TruthCell] | Mapping[tuple[str, str, str], float | None], version: str
) -> list[str]:
    """Identities of spec §5 (A1 per column, A2 per column, A3 per row, B1–B3) that fail.

    ``cells``: TruthCells or a mapping (table_code, row_code, column_code) → value; a missing or
    None value counts as 0. Identity ids: "A1.<column_code>", "A2.<column_code>", "A3.<row_code>",
    "B1" (review), "B2" (litigation_direct), "B3" (litigation_after_review).
    """
    slot = _SLOT[version]
    vals: list = [None] * len(_KEYS[version])
    items = cells.items() if isinstance(cells, Mapping) else ((c[:3], c[3]) for c in cells)
    for k, v in items:
        i = slot.get(tuple(k))
        if i is not None:
            vals[i] = v
    return _identity_fails_vals(version, vals)


# ====================================================================== label variants
_HALFWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":"})
_FULLWIDTH_DIGITS = str.maketrans("0123456789.,+-", "０１２３４５６７８９．，＋－")
_INNER_SPACE_WORDS = {
    "商业企业": "商业 企业",
    "科研机构": "科研 机构",
    "社会公益组织": "社会 公益组织",
    "法律服务机构": "法律 服务机构",
    "结果维持": "结果 维持",
    "结果纠正": "结果 纠正",
    "其他结果": "其他 结果",
    "尚未审结": "尚未 审结",
}
_RE_GROUP_NUM = re.compile(r"^([（(][一二三四五六七八九十]+[）)])")
_RE_LEAF_NUM = re.compile(r"^(\d)\.")
_RE_LEAF_NUM_ANY = re.compile(r"^(\d[.、])")
_TRUNC_HEADERS = {"结果维持": "结果", "结果纠正": "结果", "其他结果": "其他", "尚未审结": "尚未"}

_LABEL_FLAGS = (
    "label_typo",
    "label_truncated",
    "label_abbreviated",
    "label_numbering_variant",
    "label_halfwidth_brackets",
    "label_ascii_punctuation",
    "label_straight_quotes",
    "label_inner_spaces",
)


def _tx(s: str, flags: frozenset[str]) -> str:
    """Apply the label deviations in ``flags`` to one printed label."""
    if not s or not flags:
        return s
    if "label_typo" in flags:
        s = s.replace("本年废止件数", "本年度止件数").replace("其他法律行政法规禁止公开", "其他法律行政止公开")
    if "label_truncated" in flags and s.startswith("1.申请人") and s.endswith("公开申请"):
        s = s[:-2]
    if "label_abbreviated" in flags and s == "行政规范性文件":
        s = "规范性文件"
    if "label_numbering_variant" in flags:
        s = _RE_LEAF_NUM.sub(r"\1、", s)
    if "label_halfwidth_brackets" in flags:
        s = s.translate(_HALFWIDTH)
    if "label_ascii_punctuation" in flags:
        s = s.replace("，", ",")
    if "label_straight_quotes" in flags:
        s = s.replace("“", '"').replace("”", '"')
    if "label_inner_spaces" in flags:
        s = _INNER_SPACE_WORDS.get(s, s)
        s = _RE_GROUP_NUM.sub(r"\1 ", s)
        s = _RE_LEAF_NUM_ANY.sub(r"\1 ", s)
        if s.startswith("第二十条第"):
            s = "第二十条 " + s[4:]
    return s


# ====================================================================== table skeletons
# A skeleton is a list of rows; a row is (cells, kind, row_code, group_idx): cells are str (label /
# header / empty) or int (slot index of a value cell); kind is "title" / "header" / "data";
# group_idx is the index of a detachable group label in cells or -1.
_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_GROUP_LABELS = frozenset({"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"})
_SKEL_CACHE: dict = {}


def _skeleton(table: str, version: str, flags: frozenset[str], drop: bool, trunc_header: bool):
    key = (table, version, tuple(f for f in _LABEL_FLAGS if f in flags), drop, trunc_header)
    sk = _SKEL_CACHE.get(key)
    if sk is not None:
        return sk
    T = lambda s: _tx(s, flags)  # noqa: E731
    slot = _SLOT[version]
    rows: list = []
    if table == V.ACTIVE_DISCLOSURE:
        width = 4
        for block in V.DISCLOSURE_BLOCKS[version]:
            rows.append(([T(block.title)] + [""] * (width - 1), "title", None, -1))
            hdr = ["信息内容"] + [T(h) for _, h in block.columns]
            rows.append((hdr + [""] * (width - len(hdr)), "header", None, -1))
            for rcode, label in block.rows:
                cells = [T(label)] + [slot[(table, rcode, c)] for c, _ in block.columns]
                rows.append((cells + [""] * (width - len(cells)), "data", rcode, -1))
    elif table == V.APPLICATIONS:
        org = [T(lbl) for _, lbl in V.APPLICANT_COLUMNS[1:6]]
        rows.append(([T(_NOTE), "", "", T("申请人情况"), "", "", "", "", "", ""], "header", None, -1))
        rows.append((["", "", "", T("自然人"), T("法人或其他组织"), "", "", "", "", T("总计")], "header", None, -1))
        rows.append((["", "", "", ""] + org + [""], "header", None, -1))
        for spec in V.APPLICATION_ROWS[version]:
            code, lab = spec.code, T(spec.label)
            if code in ("new_received", "carried_in", "carried_forward"):
                lab3, gi = [lab, "", ""], -1
            elif code == "granted":
                lab3, gi = [T(spec.group), lab, ""], 0
            elif code in ("partially_granted", "results_total", "other_handling"):
                lab3, gi = ["", lab, ""], -1
            elif spec.group:
                lab3, gi = ["", T(spec.group), lab], 1
            else:
                lab3, gi = ["", "", lab], -1
            vals = [slot[(table, code, c)] for c in V.APPLICATION_COLUMNS]
            rows.append((lab3 + vals, "data", code, gi))
    else:
        r_lab = [T(lbl) for _, lbl in V.REVIEW_ROWS]
        c_lab = [T(lbl) for _, lbl in V.REVIEW_COLUMNS]
        if trunc_header:
            c_lab = [_TRUNC_HEADERS.get(lbl.replace(" ", ""), lbl) for lbl in c_lab]
        rows.append(([r_lab[0], "", "", "", "", T("行政诉讼")] + [""] * 9, "header", None, -1))
        rows.append((c_lab + [r_lab[1], "", "", "", "", r_lab[2], "", "", "", ""], "header", None, -1))
        rows.append(([""] * 5 + c_lab + c_lab, "header", None, -1))
        vals = [slot[(table, r, c)] for r in V.REVIEW_ROW_CODES for c in V.REVIEW_COLUMN_CODES]
        rows.append((vals, "data", V.REVIEW_ROW_CODES[0], -1))
    if drop:  # merged cells omitted (rowspan / colspan not flattened into empty cells)
        out = []
        for cells, kind, rcode, gi in rows:
            if kind == "data" and table == V.APPLICATIONS:
                lab = cells[:3]
                keep = [c for c in lab if c != ""]
                if gi >= 0:
                    gi = keep.index(lab[gi])
                cells = keep + cells[3:]
            elif kind == "header":
                k = 0
                while k < len(cells) - 1 and cells[k] == "":
                    k += 1
                cells = cells[k:]
            out.append((cells, kind, rcode, gi))
        rows = out
    sk = [(tuple(c), k, r, g) for c, k, r, g in rows]
    _SKEL_CACHE[key] = sk
    return sk


# ====================================================================== layouts
_WCACHE: dict[str, int] = {}


def _dwidth(s: str) -> int:
    """Display width (CJK and full-width characters count 2)."""
    if s.isascii():
        return len(s)
    w = _WCACHE.get(s)
    if w is None:
        w = sum(2 if ord(ch) >= 0x1100 else 1 for ch in s)
        if len(_WCACHE) > 200_000:
            _WCACHE.clear()
        _WCACHE[s] = w
    return w


def _render(layout: str, rows: list[list[str]], inserts: dict[int, list[str]], opt: int) -> list[str]:
    """Lines of one table. ``inserts``: row index → lines printed before that row."""
    out: list[str] = []
    if layout == "tab":
        for i, r in enumerate(rows):
            if i in inserts:
                out.extend(inserts[i])
            out.append("\t".join(r))
    elif layout == "pipe":
        for i, r in enumerate(rows):
            if i in inserts:
                out.extend(inserts[i])
            out.append("".join([c + " | " if c else "|" for c in r]).rstrip())
    elif layout == "cell_per_line":
        prefix = "\t" if opt & 1 else ""
        for i, r in enumerate(rows):
            if i in inserts:
                for x in inserts[i]:
                    out.append(x)
                    out.append("")
            if prefix:
                k = len(r)
                while k > 1 and r[k - 1] == "":
                    k -= 1
                out.extend([prefix + c for c in r[:k]])
            else:
                out.extend([c for c in r if c])
            out.append("")
    else:  # space: pdftotext -layout like, rows intact, >= 2 spaces between cells
        ncol = max(len(r) for r in rows)
        widths = [0] * ncol
        wrows = []
        for r in rows:
            wr = [_dwidth(c) for c in r]
            wrows.append(wr)
            for j, w in enumerate(wr):
                if w > widths[j]:
                    widths[j] = w
        gap = 2 + (opt & 3)
        blank = opt & 4
        for i, r in enumerate(rows):
            if i in inserts:
                out.extend(inserts[i])
            wr = wrows[i]
            parts = []
            for j, c in enumerate(r):
                parts.append(c)
                parts.append(" " * (widths[j] - wr[j] + gap))
            out.append("".join(parts).rstrip())
            if blank:
                out.append("")
    return out


# ====================================================================== body pool
@dataclass(slots=True)
class _Body:
    key: str
    name: str
    printed: tuple[str, ...]
    level: str
    kind: str
    tier: str
    province: str
    city: str | None
    county: str | None
    township: str | None
    division_code: str
    is_aggregate: bool
    scope: str  # 全区 / 全市 … for aggregate narrative
    # activity parameters
    app_mean: float
    zero_prob: float
    cf_prob: float
    col_cw: list
    leaf_cw: list
    review_rate: float
    lit_rate: float
    review_base: float
    reg_rate: float
    nd_rate: float
    lic_mean: float
    pen_mean: float
    coer_mean: float
    other_mean: float
    fee_prob: float
    fee_mean: float
    proc_prob: float
    late_adopter: bool
    house_layout: str
    house_encoding: str
    # state
    carried: list
    reg_in_force: int
    nd_in_force: int
    reg_pub_total: int
    nd_pub_total: int
    items: list  # items_prior_year for licensing, other_services, penalty, coercion, fees


def _county_scope(county: str) -> str:
    last = county[-1]
    return {"区": "全区", "县": "全县", "市": "全市", "旗": "全旗"}.get(last, "全区")


def _pool_specs(extra_round: int) -> list[tuple]:
    """Body specs. Round 0: every government, office, department, zone and up to 14 townships per
    county. Later rounds (only for very large n): more townships per county."""
    specs: list[tuple] = []
    n_dep = len(names.DEPARTMENTS)
    for ci, (pc, ccode, cname, counties, zones) in enumerate(names.CITIES):
        muni = pc in names.MUNICIPALITIES
        if extra_round == 0:
            first_of_province = all(c[0] != pc for c in names.CITIES[:ci])
            if first_of_province:
                specs.append(("province", "government", pc, ci, None, None))
                specs.append(("province", "government_office", pc, ci, None, None))
                for d in range(n_dep):
                    if names.DEPARTMENTS[d][1 if not muni else 2]:
                        specs.append(("province", "department", pc, ci, None, d))
            if not muni:
                specs.append(("city", "government", pc, ci, None, None))
                specs.append(("city", "government_office", pc, ci, None, None))
                for d in range(n_dep):
                    if names.DEPARTMENTS[d][2]:
                        specs.append(("city", "department", pc, ci, None, d))
            for z in zones.split():
                specs.append(("city", "zone_committee", pc, ci, None, (z[:6], z[6:])))
        for k, tok in enumerate(counties.split()):
            county = (tok[:6], tok[6:])
            if extra_round == 0:
                specs.append(("county", "government", pc, ci, county, None))
                specs.append(("county", "government_office", pc, ci, county, None))
                for d in range(n_dep):
                    if names.DEPARTMENTS[d][3]:
                        specs.append(("county", "department", pc, ci, county, d))
                if (int(county[0]) * 7 + k) % 5 < 2:
                    specs.append(("county", "zone_committee", pc, ci, county, None))
            n_town = 14 if extra_round == 0 else 20
            base = 0 if extra_round == 0 else 14 + 20 * (extra_round - 1)
            for t in range(base, base + n_town):
                specs.append(("township", "township", pc, ci, county, t))
    return specs


def _town_name(county_code: str, t: int, urban: bool) -> tuple[str, str]:
    """Deterministic (name, suffix) for the t-th township of a county; suffix 镇/乡/街道."""
    pool = names.TOWN_NAMES
    n = len(pool)
    h = (int(county_code) * 2654435761) % n
    idx = (h + t * 37) % n
    base = pool[idx]
    if t >= n:  # very large corpora: extend with a second syllable
        base = base[0] + names.TOWN_SUFFIX_CHARS[(t // n) % len(names.TOWN_SUFFIX_CHARS)] + base[1:]
    if base.endswith("路") or base.endswith("干道") or base in ("城南", "城北", "城东", "城西"):
        return base, "街道"
    r = (int(county_code) + t * 13) % 10
    if urban:
        return base, ("街道" if r < 7 else "镇")
    return base, ("街道" if r < 1 else ("乡" if r < 4 else "镇"))


_BASE_LEAF_W = (
    0.40, 0.08,  # granted, partially
    0.003, 0.01, 0.005, 0.02, 0.02, 0.03, 0.01, 0.03,  # withheld 1-8
    0.18, 0.03, 0.02,  # unavailable 1-3
    0.04, 0.02, 0.005, 0.005, 0.01,  # declined 1-5
    0.02, 0.002, 0.05,  # other 1-3
)
_ORG_W = (0.55, 0.03, 0.04, 0.25, 0.13)  # commercial, research, public interest, legal, other
_REVIEW_CW = (0.5, 0.65, 0.9, 1.0)  # upheld, corrected, other, pending (cumulative)


def _cum(ws):
    out, s = [], 0.0
    for w in ws:
        s += w
        out.append(s)
    return out


def _make_body(spec: tuple, rng: random.Random) -> _Body:
    tier, kind, pc, ci, county, extra = spec
    pname = names.PROVINCES[pc]
    _, ccode, cname, _, _ = names.CITIES[ci]
    muni = pc in names.MUNICIPALITIES
    city = cname or None
    level = tier
    township = None
    agg_possible = False
    big = ccode in names.BIG_CITIES
    dep_w = (1.0, 0.0, 0.0, 0.0, 0.0, 1.0)
    r = rng.random
    if tier == "province":
        code = pc + "0000"
        city = None

        if kind == "government":
            unit, agg_possible = "人民政府", True
        elif kind == "government_office":
            unit = "人民政府办公厅"
            level = "department"
        else:
            d = names.DEPARTMENTS[extra]
            unit, dep_w = (d[2] if muni else d[1]), d[4]
            level = "department"
        canonical = pname + unit
        printed = (canonical,)
        scope = "全市" if muni else ("全区" if pname.endswith("自治区") else "全省")
        big = big or muni
    elif tier == "city":
        code = ccode
        gov_word = "行政公署" if cname.endswith(("地区", "盟")) else "人民政府"
        if kind == "government":
            unit, agg_possible = gov_word, True
        elif kind == "government_office":
            unit = gov_word + "办公室"
            level = "department"
        elif kind == "zone_committee":
            code, zname = extra
            unit = None
            level = "zone"
        else:
            d = names.DEPARTMENTS[extra]
            unit, dep_w = d[2], d[4]
            level = "department"
        if kind == "zone_committee":
            canonical = pname + zname + "管理委员会"
            printed = (zname + "管理委员会", (cname if not zname.startswith(cname[:2]) else "") + zname + "管理委员会")
            dep_w = (0.6, 1.5, 0.8, 0.2, 0.2, 0.6)
        else:
            canonical = pname + cname + unit
            printed = (cname + unit, pname + cname + unit)
        scope = "全市" if not cname.endswith("州") else "全州"
    else:
        code, kname = county
        prefix_c = cname  # "" for municipalities
        scope = _county_scope(kname)
        if tier == "county":
            if kind == "government":
                unit, agg_possible = "人民政府", True
            elif kind == "government_office":
                unit = "人民政府办公室"
                level = "department"
            elif kind == "zone_committee":
                unit = "产业集聚区管理委员会" if pc == "41" else "经济开发区管理委员会"
                level = "zone"
                dep_w = (0.4, 1.0, 0.5, 0.1, 0.2, 0.4)
            else:
                d = names.DEPARTMENTS[extra]
                unit, dep_w = d[3], d[4]
                level = "department"
            canonical = pname + prefix_c + kname + unit
            printed = (kname + unit, prefix_c + kname + unit if prefix_c else pname + kname + unit)
        else:
            tname, suffix = _town_name(code, extra, kname.endswith("区"))
            township = tname
            if suffix == "街道":
                unit = tname + "街道办事处"
                level, kind = "street_office", "street_office"
                printed = (kname + unit, unit)
            else:
                unit = tname + suffix + "人民政府"
                level, kind = "township", "government"
                printed = (unit, kname + unit)
            canonical = pname + prefix_c + kname + unit
            scope = "全" + ("镇" if suffix == "镇" else ("乡" if suffix == "乡" else "街道"))
            dep_w = (1.0, 0.2, 0.3, 0.05, 0.02, 0.2)
        county = kname
    if rng.random() < 0.15 and len(printed) > 1 and printed[1] != printed[0]:
        printed = (printed[1], printed[0])
    is_agg = agg_possible and r() < 0.55

    # ---------------------------------------------------------------- activity parameters
    app_w, lic_w, pen_w, coer_w, fee_w, nd_w = dep_w
    lognorm = rng.lognormvariate
    scale = {"province": 8.0, "city": 3.0, "county": 1.0, "township": 0.25}[tier]
    if kind == "government" and tier != "township":
        base = (100.0 if is_agg else 12.0) * scale
    elif kind == "government_office":
        base = 2.0 * scale
    elif level == "zone":
        base = 1.0 * scale
    elif level in ("township", "street_office"):
        base = 0.25
    else:
        base = 0.7 * scale * app_w
    if big:
        base *= 6.0
    app_mean = base * lognorm(0.0, 0.8)
    zero_prob = min(0.97, math.exp(-1.0 * app_mean) + (0.2 if app_mean < 3 else 0.0))
    np_share = min(0.995, 0.55 + 0.45 * r()) if level not in ("township", "street_office") else 0.97
    org = [w * lognorm(0.0, 0.5) for w in _ORG_W]
    so = sum(org)
    col_w = [np_share] + [(1.0 - np_share) * w / so for w in org]
    leaf_w = [w * lognorm(0.0, 0.5) for w in _BASE_LEAF_W]
    review_rate = 0.005 + 0.04 * r()
    act = {"province": 3000.0, "city": 1500.0, "county": 300.0, "township": 8.0}[tier]
    if kind == "government":
        gov_act = act * (20.0 if is_agg else 0.05)
        lic_mean = gov_act * lognorm(0, 0.8)
        pen_mean = gov_act * 1.5 * lognorm(0, 0.8)
        coer_mean = gov_act * 0.05 * lognorm(0, 0.8)
        nd_rate = {"province": 25.0, "city": 10.0, "county": 4.0, "township": 0.3}[tier]
        reg_rate = {"province": 5.0, "city": 1.5}.get(tier, 0.0)
        fee_prob = 0.5 if is_agg else 0.03
    else:
        lic_mean = act * lic_w * lognorm(0, 1.0) if lic_w else 0.0
        pen_mean = act * pen_w * lognorm(0, 1.0) if pen_w else 0.0
        coer_mean = act * 0.05 * coer_w * lognorm(0, 1.0) if coer_w else 0.0
        nd_rate = {"province": 3.0, "city": 1.5, "county": 0.4, "township": 0.2}[tier] * nd_w
        reg_rate = 0.0
        fee_prob = fee_w
    if big:
        lic_mean *= 4.0
        pen_mean *= 4.0
    if r() < (0.55 if tier in ("county", "township") else 0.3) and level in ("department", "township", "street_office"):
        lic_mean = pen_mean = coer_mean = 0.0  # units without licensing / enforcement powers
    if kind != "government" and r() < 0.5:
        nd_rate = 0.0  # units that issue no normative documents
    fee_mean = {"province": 3000.0, "city": 500.0, "county": 60.0, "township": 3.0}[tier] * lognorm(0, 1.0)
    layout = rng.choices(TABLE_LAYOUTS, weights=(45, 20, 15, 20))[0]
    enc = rng.choices(ENCODINGS, weights=(60, 12, 18, 10))[0]
    nd_if = int(nd_rate * (3 + 7 * r())) if nd_rate else 0
    reg_if = int(reg_rate * (15 + 30 * r())) if reg_rate else 0
    items = [
        int(lic_w * 40 * r()) if lic_w else 0,
        int(20 * r()) if r() < 0.5 else 0,
        int(pen_w * 80 * r()) if pen_w else 0,
        int(coer_w * 15 * r()) if coer_w else 0,
        int(10 * r()) if r() < fee_w else 0,
    ]
    return _Body(
        key=f"{code}:{canonical}",
        name=canonical,
        printed=printed,
        level=level,
        kind=kind,
        tier=tier,
        province=pname,
        city=city,
        county=county,
        township=township,
        division_code=code,
        is_aggregate=is_agg,
        scope=scope,
        app_mean=app_mean,
        zero_prob=zero_prob,
        cf_prob=0.15 + (0.5 if app_mean > 20 else 0.0),
        col_cw=_cum(col_w),
        leaf_cw=_cum(leaf_w),
        review_rate=review_rate,
        lit_rate=review_rate * (0.3 + 0.7 * r()),
        review_base=(0.3 if kind == "government" and tier != "township" else 0.01) * (1 + 4 * big),
        reg_rate=reg_rate,
        nd_rate=nd_rate,
        lic_mean=lic_mean,
        pen_mean=pen_mean,
        coer_mean=coer_mean,
        other_mean=lic_mean * 0.1,
        fee_prob=fee_prob,
        fee_mean=fee_mean,
        proc_prob=0.3 if level != "township" else 0.1,
        late_adopter=r() < 0.06,
        house_layout=layout,
        house_encoding=enc,
        carried=[0] * 6,
        reg_in_force=reg_if,
        nd_in_force=nd_if,
        reg_pub_total=reg_if,
        nd_pub_total=nd_if,
        items=items,
    )


# ====================================================================== number simulation
def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0.0:
        return 0
    if lam > 40.0:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    L = math.exp(-lam)
    k, p = 0, rng.random()
    while p > L:
        k += 1
        p *= rng.random()
    return k


def _count(rng: random.Random, mean: float) -> int:
    if mean <= 0.0:
        return 0
    if mean < 30.0:
        return _poisson(rng, mean)
    return int(mean * rng.lognormvariate(0.0, 0.4) + 0.5)


_RANGES = [range(n) for n in range(0, 32)]


def _split(rng: random.Random, total: int, cw: list, n: int) -> list[int]:
    """total split into n non-negative ints with (cumulative) weights cw; sums exactly to total."""
    counts = [0] * n
    if total <= 0:
        return counts
    if total <= 3000:
        for p in rng.choices(_RANGES[n], cum_weights=cw, k=total):
            counts[p] += 1
        return counts
    s = cw[-1]
    acc = 0
    for i in range(1, n):
        w = (cw[i] - cw[i - 1]) / s
        x = int(total * w * (0.85 + 0.3 * rng.random()))
        counts[i] = x
        acc += x
    if acc > total:  # the first category's weight is tiny: scale the others down
        f = total / acc
        acc = 0
        for i in range(1, n):
            counts[i] = int(counts[i] * f)
            acc += counts[i]
    counts[0] = total - acc
    return counts


class _Year:
    __slots__ = ("year", "apps", "review", "ad", "ad_raw", "n_new")

    def __init__(self, year, apps, review, ad, ad_raw, n_new):
        self.year = year
        self.apps = apps  # 25 rows (2021 order) × 7 values
        self.review = review  # 3 × 5
        self.ad = ad  # (row, col) → value, both template versions
        self.ad_raw = ad_raw  # (row, col) → raw text when not a plain number
        self.n_new = n_new


_CHANGES = (0, 0, 0, 0, 0, 0, 1, 2, -1, 3, -2, 5, -8)


def _amount(rng: random.Random, mean: float) -> tuple[float, str]:
    d = rng.choice((2, 2, 3, 4, 4, 4, 5, 6))
    x = mean * rng.lognormvariate(0.0, 0.8)
    raw = f"{x:.{d}f}"
    if raw.endswith("0") and rng.random() < 0.3:  # some publishers drop trailing zeros
        raw = raw.rstrip("0").rstrip(".")
    return float(raw), raw


def _simulate_year(rng: random.Random, b: _Body, year: int) -> _Year:
    r = rng.random
    # ---------------------------------------------------------------- applications
    carried_in = b.carried
    if r() < b.zero_prob:
        n = 0
    else:
        n = max(1, int(b.app_mean * (1.0 + 0.05 * (year - 2019)) * rng.lognormvariate(0.0, 0.35) + 0.5))
    new = _split(rng, n, b.col_cw, 6)
    avail = [new[i] + carried_in[i] for i in range(6)]
    cf = [0] * 6
    if (n or sum(carried_in)) and r() < b.cf_prob:
        for i in range(6):
            if avail[i]:
                x = int(avail[i] * r() * 0.12 + (0.7 if r() < 0.4 else 0.0))
                cf[i] = min(x, avail[i])
    res = [avail[i] - cf[i] for i in range(6)]
    leaves = [[0] * 7 for _ in range(21)]
    for i in range(6):
        if res[i]:
            for j, c in enumerate(_split(rng, res[i], b.leaf_cw, 21)):
                if c:
                    leaves[j][i] = c
    for row in leaves:
        row[6] = row[0] + row[1] + row[2] + row[3] + row[4] + row[5]

    def tot(x):
        return list(x) + [sum(x)]

    apps = [tot(new), tot(carried_in)] + leaves + [tot(res), tot(cf)]
    b.carried = cf
    # ---------------------------------------------------------------- review / litigation
    review = []
    n_all = n + sum(carried_in)
    for k, rate in ((0, b.review_rate), (1, b.lit_rate), (2, b.lit_rate * 0.5)):
        lam = n_all * rate + (b.review_base if k == 0 else b.review_base * 0.4)
        t = _poisson(rng, lam) if lam > 0.02 else (1 if r() < lam else 0)
        parts = _split(rng, t, _REVIEW_CW, 4)
        review.append(parts + [t])
    # ---------------------------------------------------------------- active disclosure (both templates)
    ad: dict = {}
    ad_raw: dict = {}
    for rc, rate in (("regulations", b.reg_rate), ("normative_documents", b.nd_rate)):
        issued = _poisson(rng, rate)
        prev = b.reg_in_force if rc == "regulations" else b.nd_in_force
        if prev + issued and r() < 0.04:  # a clean-up: many repealed at once
            repealed = int((prev + issued) * 0.3 * r())
        else:
            repealed = min(prev + issued, _poisson(rng, rate * 0.3))
        in_force = prev + issued - repealed
        published = issued - (1 if issued and r() < 0.1 else 0)
        if rc == "regulations":
            b.reg_in_force = in_force
            b.reg_pub_total += published
            pub_total = b.reg_pub_total
        else:
            b.nd_in_force = in_force
            b.nd_pub_total += published
            pub_total = b.nd_pub_total
        ad[(rc, "issued")] = issued
        ad[(rc, "repealed")] = repealed
        ad[(rc, "in_force")] = in_force
        ad[(rc, "created")] = issued
        ad[(rc, "published")] = published
        ad[(rc, "published_total")] = pub_total
    dec = {
        "licensing": _count(rng, b.lic_mean),
        "other_services": _count(rng, b.other_mean),
        "penalty": _count(rng, b.pen_mean),
        "coercion": _count(rng, b.coer_mean),
    }
    for k, rc in enumerate(("licensing", "other_services", "penalty", "coercion", "fees")):
        prior = b.items[k]
        ch = rng.choice(_CHANGES) if prior or r() < 0.1 else 0
        if prior + ch < 0:
            ch = -prior
        b.items[k] = prior + ch
        ad[(rc, "items_prior_year")] = prior
        ad[(rc, "items_change")] = ch
        ad_raw[(rc, "items_change")] = f"+{ch}" if ch > 0 else str(ch)
        if rc != "fees":
            ad[(rc, "decisions")] = dec[rc]
    if r() < b.fee_prob:
        v, raw = _amount(rng, b.fee_mean)
        ad[("fees", "amount_10k_yuan")] = v
        ad_raw[("fees", "amount_10k_yuan")] = raw
    else:
        ad[("fees", "amount_10k_yuan")] = 0
    if r() < b.proc_prob:
        ad[("procurement", "procurement_items")] = 1 + _poisson(rng, 4.0)
        v, raw = _amount(rng, b.fee_mean * 0.5)
        ad[("procurement", "procurement_amount")] = v
        ad_raw[("procurement", "procurement_amount")] = raw
    else:
        ad[("procurement", "procurement_items")] = 0
        ad[("procurement", "procurement_amount")] = 0
    return _Year(year, apps, review, ad, ad_raw, n)


# ====================================================================== narrative text
_INTRO = (
    "{y}年，{a}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），紧紧围绕中心工作，扎实推进政府信息公开工作。现将本年度政府信息公开工作情况报告如下：",
    "{y}年，在上级党委、政府的正确领导下，{a}严格落实政务公开工作要求，强化组织领导，加大政府信息公开力度，全面主动接受群众监督，政府信息公开工作取得新成效。现将年度工作报告如下：",
    "{y}年以来，{a}全面贯彻落实《条例》和上级关于政务公开工作的部署要求，持续提升政务公开质效，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "{y}年，{a}坚持以人民为中心，将政府信息公开作为改进工作作风和建设法治政府的重要抓手，有序推进各项工作，现将有关情况报告如下。",
)
_ACTIVE = (
    "{y}年，{s}通过政府门户网站主动公开政府信息{k}条，其中工作动态{k1}条，通知公告{k2}条，政策文件{k3}件，发布政策解读{j}篇。",
    "{y}年，{s}围绕重点工作、重大决策部署以及群众关注的热点领域，通过门户网站、政务新媒体等渠道主动公开政府信息共计{k}条。其中，工作动态类信息{k1}条。",
    "全年累计发布各类政府信息{k}条，更新政府信息公开目录{k2}次，主动公开的政府信息未涉及国家秘密、商业秘密和个人隐私。",
)
_MGMT = (
    "严格信息报送、审核、公开流程，落实“先审查、后公开”和“一事一审”制度，规范政府信息公开工作流程，切实为公众提供快捷、便利、高效的服务。",
    "对照《条例》主动公开范围进行梳理，在职责范围内应当主动公开的政府信息，进行分类整理并及时公开，保证政府信息准确、及时、规范。",
    "建立健全政府信息公开保密审查机制，明确审查程序和责任，全年未发生失泄密事件。",
)
_PLATFORM = (
    "依托政府门户网站政府信息公开专栏，常态化发布部门工作、通知公告、政策解读等信息，及时更新栏目内容，为企业群众提供政务服务领域最新动态。",
    "积极配合政务公开平台建设，全面梳理细化政务服务事项，主动更新发布民生领域相关信息，有效提高信息发布的整体水平和信息质量。",
    "围绕群众关心的社会救助、民生实事、政策解读等重点领域，依托政务服务中心政务公开专区，定期更新文件及政策解读。",
)
_SUPERVISION = (
    "高度重视政府信息公开工作，明确责任科室，确定任务分工，同时开展业务培训，扎实推进政府信息公开工作落地见效。全年未发生因政府信息公开工作不到位被责任追究的情况。",
    "加强组织领导，及时调整政务公开领导小组成员，确定专人负责政府信息公开日常工作，将政务公开工作纳入年度目标考核。",
    "定期对政府信息公开工作进行监督检查，对发现的问题及时督促整改，组织工作人员参加政务公开专题培训{t}次。",
)
_PROBLEMS = (
    "{y}年，{a}政府信息公开工作取得了一定成效，但也存在一些不足：一是政府信息公开工作业务能力还有欠缺，信息公开常态化意识有待提高；二是公开内容不够丰富，形式较为单一。",
    "一是政策解读的质效需进一步提高，个别解读内容不够直观简洁；二是工作人员更换频繁，工作衔接存在疏漏，依申请公开答复水平有待提高。",
    "对照上级新要求和公众新期待，还有一些需要加强和改进的地方，主要表现在信息发布和更新效率有待提高，主动公开的内容还需要进一步细化。",
)
_IMPROVE = (
    "下一步，我们将加强业务学习，提升政务公开能力；完善主动公开目录，提高政务公开标准化规范化水平；加强政策解读，及时回应社会关切。",
    "改进情况：一是强化组织领导，明确职责分工；二是拓宽信息公开渠道，细化工作流程，强化信息审核；三是加强培训，提升工作人员业务水平。",
    "针对存在的问题，我们将着力加强政策解读质效，重点提升解读的针对性和通俗化，定期组织业务培训，全面提升政务公开工作队伍水平。",
)
_OTHER = (
    "{y}年，{a}未收取信息处理费，无其他需要报告的事项。",
    "本年度无收取信息处理费情况。",
    "{y}年，{a}严格落实《政府信息公开信息处理费管理办法》，全年收取信息处理费{fee}元。",
    "无。",
)
_CRUFT_TABLE = ("- {p} -", "— {p} —", "-{p}-", "分享", "扫一扫在手机打开当前页面", "第 {p} 页 共 {q} 页")
_CRUFT_PAGE = ("分享：", "扫一扫在手机打开当前页面", "【打印】【关闭】", "【字体：大 中 小】", "打印本页 关闭窗口")
_PLACEHOLDERS = ("-", "—", "/", "无", "－", "——")
_H4 = ("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况")
_H5 = (
    "五、存在的主要问题及改进情况",
    "五、政府信息公开工作存在的主要问题及改进情况",
    "五、存在的主要问题及改进措施",
    "五、存在的主要问题及整改措施",
)
_S_CACHE = [str(i) for i in range(10000)]


# ====================================================================== the generator
class _Gen:
    def __init__(self, n, seed, error_rate, deviation_scale, layouts, encodings):
        self.n = n
        self.seed = seed
        self.rng = random.Random(f"synthetic-reports/{seed}")
        self.error_rate = error_rate
        self.ds = deviation_scale
        self.layouts = tuple(layouts) if layouts else None
        self.encodings = tuple(encodings) if encodings else None
        for x in self.layouts or ():
            if x not in TABLE_LAYOUTS:
                raise ValueError(f"unknown layout {x!r}; choose from {TABLE_LAYOUTS}")
        for x in self.encodings or ():
            if x not in ENCODINGS:
                raise ValueError(f"unknown encoding {x!r}; choose from {ENCODINGS}")
        self.folder_counts: dict = {}

    # ------------------------------------------------------------------ bodies & years
    def bodies(self) -> Iterator[tuple[_Body, list[int]]]:
        rng = self.rng
        rnd = 0
        while True:
            specs = _pool_specs(rnd)
            rng.shuffle(specs)
            for spec in specs:
                b = _make_body(spec, rng)
                yield b, self._years(b)
            rnd += 1

    def _years(self, b: _Body) -> list[int]:
        r = self.rng.random
        start = self.rng.choices(YEARS, weights=(40, 12, 14, 12, 10, 8, 4))[0]
        end = self.rng.choices(YEARS, weights=(3, 3, 4, 6, 12, 40, 32))[0]
        if end < start:
            start, end = end, start
        ys = [y for y in range(start, end + 1) if y in (start, end) or r() > 0.08]
        return ys

    def version_for(self, b: _Body, year: int) -> str:
        if year <= 2020:
            return "2021" if year == 2020 and self.rng.random() < 0.01 else "2019"
        if year == 2021 and b.late_adopter:
            return "2019"
        return "2021"

    def p(self, x: float) -> bool:
        return self.rng.random() < x * self.ds

    # ------------------------------------------------------------------ main loop
    def run(self) -> Iterator[SyntheticReport]:
        idx = 0
        if self.n <= 0:
            return
        for b, years in self.bodies():
            first, last = years[0], years[-1]
            emit = set(years)
            for y in range(first, last + 1):
                yr = _simulate_year(self.rng, b, y)
                if y in emit:
                    yield self.report(b, yr, idx)
                    idx += 1
                    if idx >= self.n:
                        return

    # ------------------------------------------------------------------ one report
    def report(self, b: _Body, yr: _Year, idx: int) -> SyntheticReport:
        rng = self.rng
        r = rng.random
        year = yr.year
        version = self.version_for(b, year)
        keys = _KEYS[version]
        nslots = len(keys)
        devs: set[str] = set()
        if version == "2019" and year >= 2021:
            devs.add("template_2019_late")

        # ---------------------------------------------------------- values (slot order)
        vals: list = [0] * nslots
        raw_over: dict[int, str] = {}
        a0 = _APP_START[version]
        if version == "2021":
            app_rows = yr.apps
        else:
            ap = yr.apps
            oh = [ap[20][j] + ap[21][j] + ap[22][j] for j in range(7)]
            app_rows = ap[:20] + [oh] + ap[23:]
        for i, row in enumerate(app_rows):
            vals[a0 + 7 * i : a0 + 7 * i + 7] = row
        r0 = _REV_START[version]
        for k in range(3):
            vals[r0 + 5 * k : r0 + 5 * k + 5] = yr.review[k]
        for rc, cc, i in _AD_SLOTS[version]:
            vals[i] = yr.ad[(rc, cc)]
            raw = yr.ad_raw.get((rc, cc))
            if raw is not None:
                raw_over[i] = raw
        if version == "2019":
            i = _SLOT[version].get((V.ACTIVE_DISCLOSURE, "procurement", "procurement_amount"))
            if i is not None and vals[i] and r() < 0.45 * self.ds:
                v = vals[i]
                if r() < 0.5:
                    raw_over[i] = raw_over.get(i, str(v)) + "万元"
                else:
                    yuan = int(round(v * 10000))
                    raw_over[i] = f"{yuan}元"
                    vals[i] = yuan / 10000
                devs.add("unit_in_amount_cell")

        # ---------------------------------------------------------- injected errors
        protected: set[int] = set()
        errors: list[InjectedError] = []
        if r() < self.error_rate:
            errors.append(self.inject_error(version, vals, protected))

        # ---------------------------------------------------------- printed cells
        S = _S_CACHE
        printed = [S[v] if v.__class__ is int and 0 <= v < 10000 else str(v) for v in vals]
        for i, raw in raw_over.items():
            printed[i] = raw
        kinds = ["number"] * nslots
        values: list = [float(v) for v in vals]
        flags = [False] * nslots
        blank_cells: list[str] = []

        # digits run together (one data row; its cells are flagged)
        run_row: tuple | None = None
        if self.p(0.045):
            run_row = self.pick_run_row(version, vals, protected)
            if run_row is not None:
                devs.add("digits_run_together")
                joined = "".join(printed[i] for i in run_row[1])
                for i in run_row[1]:
                    printed[i] = joined
                    flags[i] = True
                    protected.add(i)
        # blank totals
        if self.p(0.12):
            cand = []
            for ri in range(len(app_rows)):
                t = a0 + 7 * ri + 6
                if vals[t] and t not in protected and not any(a0 + 7 * ri + j in protected for j in range(7)):
                    cand.append(t)
            for k in range(3):
                t = r0 + 5 * k + 4
                if vals[t] and t not in protected and not any(r0 + 5 * k + j in protected for j in range(5)):
                    cand.append(t)
            if cand:
                for t in rng.sample(cand, min(len(cand), rng.choice((1, 1, 2, 3)))):
                    printed[t] = ""
                    kinds[t] = "blank"
                    values[t] = None
                    protected.add(t)
                    k3 = keys[t]
                    blank_cells.append(f"{k3[0]}/{k3[1]}/{k3[2]}")
                blank_cells.sort()
                devs.add("blank_total")
        # zero as blank / placeholder
        for dev, prob in (("zero_as_blank", 0.08), ("zero_as_placeholder", 0.06)):
            if not self.p(prob):
                continue
            scope = rng.choice(("all", "all", "org", "table"))
            if scope == "org":
                idxs = [a0 + 7 * ri + j for ri in range(len(app_rows)) for j in range(1, 6)]
            elif scope == "table":
                t = rng.choice(_SPEC_TABLES)
                idxs = [i for i, k in enumerate(keys) if k[0] == t]
            else:
                idxs = range(nslots)
            sym = "" if dev == "zero_as_blank" else rng.choice(_PLACEHOLDERS)
            kind = "blank" if dev == "zero_as_blank" else "placeholder"
            hit = False
            for i in idxs:
                if vals[i] == 0 and i not in protected and kinds[i] == "number":
                    printed[i] = sym
                    kinds[i] = kind
                    values[i] = None
                    hit = True
            if hit:
                devs.add(dev)
        # thousands separators
        if self.p(0.35):
            hit = False
            for i, v in enumerate(vals):
                if v.__class__ is int and v >= 1000 and kinds[i] == "number" and not flags[i] and i not in raw_over:
                    printed[i] = f"{v:,}"
                    hit = True
            if hit:
                devs.add("thousands_separator")
        # full-width digits
        if self.p(0.03):
            fw = _FULLWIDTH_DIGITS
            for i in range(nslots):
                if kinds[i] == "number":
                    printed[i] = printed[i].translate(fw)
            devs.add("fullwidth_digits")

        # ---------------------------------------------------------- tables
        if self.layouts:
            base_layout = rng.choice(self.layouts)
            mixed = len(self.layouts) > 1 and r() < 0.2
            lay = [rng.choice(self.layouts) if mixed else base_layout for _ in range(3)]
        else:
            base_layout = b.house_layout if r() < 0.7 else rng.choices(TABLE_LAYOUTS, weights=(45, 20, 15, 20))[0]
            if r() < 0.15:
                lay = [rng.choices(TABLE_LAYOUTS, weights=(45, 20, 15, 20))[0] for _ in range(3)]
            else:
                lay = [base_layout] * 3
        table_layouts = dict(zip(_SPEC_TABLES, lay))
        layout = lay[0] if lay[0] == lay[1] == lay[2] else "mixed"

        lflags = set()
        for f, prob in (
            ("label_halfwidth_brackets", 0.25),
            ("label_inner_spaces", 0.15),
            ("label_straight_quotes", 0.08),
            ("label_ascii_punctuation", 0.10),
            ("label_numbering_variant", 0.05),
            ("label_typo", 0.06),
            ("label_truncated", 0.05),
        ):
            if self.p(prob):
                lflags.add(f)
        if version == "2021" and self.p(0.05):
            lflags.add("label_abbreviated")
        if version == "2019":
            lflags.discard("label_truncated")  # the 2019 （六） row has no sub-labels
        lflags_f = frozenset(lflags)
        devs |= lflags
        trunc_header = self.p(0.06)
        if trunc_header:
            devs.add("header_cells_truncated")

        table_texts = []
        cruft_on = self.p(0.07)
        for ti, table in enumerate(_SPEC_TABLES):
            tl = lay[ti]
            drop = (tl == "pipe" and r() < 0.8) or (tl == "tab" and r() < 0.25) or tl == "cell_per_line" and r() < 0.2
            sk = _skeleton(table, version, lflags_f, drop, trunc_header and table == V.REVIEW_LITIGATION)
            rows = []
            inserts: dict[int, list[str]] = {}
            detach = tl == "space" and table == V.APPLICATIONS and self.p(0.5)
            for ri, (cells, kind, rcode, gi) in enumerate(sk):
                row = [c if c.__class__ is str else printed[c] for c in cells]
                if run_row is not None and kind == "data" and rcode == run_row[0] and table == run_row[2]:
                    row = self._join_row(cells, printed, run_row)
                if detach and gi >= 0:
                    glab = row[gi]
                    row[gi] = ""
                    if glab.startswith("三"):
                        for k, ch in enumerate(["三、"] + list(glab[2:])):
                            inserts.setdefault(ri + k, []).append(" " * 12 + ch)
                    else:
                        inserts.setdefault(ri, []).append(" " * 16 + glab)
                if tl == "space" and table == V.APPLICATIONS:
                    if kind == "header" and row[0]:  # the long note goes on its own line (wrapped in PDFs)
                        inserts.setdefault(ri, []).append(row[0])
                        row[0] = ""
                    lead = 0
                    while lead < 2 and row[lead] == "":
                        lead += 1
                    lab = "  ".join([c for c in row[:3] if c])
                    row = [("    " * lead + lab) if lab else ""] + row[3:]
                rows.append(row)
            if detach:
                devs.add("detached_group_labels")
            if tl in ("tab", "pipe"):
                if self.p(0.15):
                    for row_i, (cells, kind, _, _) in enumerate(sk):
                        if kind == "data" and r() < 0.3:
                            rows[row_i].insert(0, "")
                            devs.add("leading_empty_cells")
                if self.p(0.15):
                    for row_i, (cells, kind, _, _) in enumerate(sk):
                        if kind == "data" and r() < 0.3:
                            rows[row_i].extend([""] * rng.choice((1, 1, 2)))
                            devs.add("trailing_empty_cells")
            if cruft_on and len(rows) > 3 and (table != V.REVIEW_LITIGATION or r() < 0.3):
                at = rng.randrange(1, len(rows))
                c = rng.choice(_CRUFT_TABLE).format(p=rng.randint(2, 6), q=rng.randint(6, 9))
                lines = ["\f" + c] if tl == "space" and r() < 0.5 else [c]
                inserts.setdefault(at, []).extend(lines)
                devs.add("cruft_in_table")
            opt = rng.randrange(8)
            if tl == "cell_per_line" and any(k != "number" for k in kinds):
                opt |= 1  # keep empty cells as tab lines so positions survive
            table_texts.append("\n".join(_render(tl, rows, inserts, opt)))

        # ---------------------------------------------------------- document
        agency = b.printed[0] if r() < 0.9 else b.printed[-1]
        text, pub, claims, mismatch = self.document(
            b, yr, version, agency, table_texts, vals, values, devs, layout == "space"
        )
        if mismatch:
            devs.add("narrative_mismatch")

        # ---------------------------------------------------------- encoding
        if self.encodings:
            enc = rng.choice(self.encodings)
        else:
            enc = b.house_encoding if r() < 0.7 else rng.choices(ENCODINGS, weights=(60, 12, 18, 10))[0]
        crlf = self.p(0.15)
        if crlf:
            text = text.replace("\n", "\r\n")
            devs.add("crlf")
        if enc == "utf-8-sig":
            devs.add("utf8_bom")
        if enc == "utf-16":
            data = b"\xff\xfe" + text.encode("utf-16-le")
        else:
            data = text.encode(enc)

        # ---------------------------------------------------------- truth
        fails: tuple[str, ...] = ()
        if errors or blank_cells:
            fails = tuple(_identity_fails_vals(version, values))
        folder = f"{year}/{b.province}"
        cnt = self.folder_counts.get(folder, 0)
        self.folder_counts[folder] = cnt + 1
        if cnt >= 1000:
            folder = f"{folder}_{cnt // 1000 + 1}"
        source_file = f"{folder}/{agency}_{year}_{idx:07d}.txt"
        truth = ReportTruth(
            report_index=idx,
            report_id=f"syn{self.seed}-{idx:07d}",
            source_file=source_file,
            agency=agency,
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
            year=year,
            published_on=pub,
            template_version=version,
            layout=layout,
            table_layouts=table_layouts,
            encoding=enc,
            line_ending="crlf" if crlf else "lf",
            deviations=tuple(d for d in DEVIATIONS if d in devs),
            errors=tuple(errors),
            identity_failures=fails,
            blank_total_cells=tuple(blank_cells),
            narrative_claims=tuple(claims),
            narrative_mismatch=mismatch,
        )
        return SyntheticReport(source_file, data, truth, keys, values, kinds, printed, flags)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _join_row(cells, printed, run_row):
        out = []
        first = True
        for c in cells:
            if c.__class__ is str:
                out.append(c)
            elif first:
                out.append(printed[c])
                first = False
        return out

    def pick_run_row(self, version, vals, protected):
        """A data row with a non-zero value whose numbers will be printed run together."""
        a0 = _APP_START[version]
        cands = []
        for ri, rc in enumerate(_APP_ROWS[version]):
            idxs = tuple(range(a0 + 7 * ri, a0 + 7 * ri + 7))
            if any(vals[i] for i in idxs) and not any(i in protected for i in idxs):
                cands.append((rc, idxs, V.APPLICATIONS))
        r0 = _REV_START[version]
        idxs = tuple(range(r0, r0 + 15))
        if any(vals[i] for i in idxs) and not any(i in protected for i in idxs):
            cands.append((V.REVIEW_ROW_CODES[0], idxs, V.REVIEW_LITIGATION))
        by_row: dict = {}
        for rc, cc, i in _AD_SLOTS[version]:
            by_row.setdefault(rc, []).append(i)
        for rc, idxs in by_row.items():
            if len(idxs) > 1 and any(vals[i] for i in idxs) and not any(i in protected for i in idxs):
                if all(vals[i].__class__ is int and vals[i] >= 0 for i in idxs):
                    cands.append((rc, tuple(idxs), V.ACTIVE_DISCLOSURE))
        if not cands:
            return None
        return self.rng.choice(cands)

    def inject_error(self, version, vals, protected) -> InjectedError:
        rng = self.rng
        a0 = _APP_START[version]
        rows = _APP_ROWS[version]
        ri = {rc: a0 + 7 * i for i, rc in enumerate(rows)}
        leaves = _LEAVES[version]
        kind = rng.choices(("A1", "A2", "A3", "B"), weights=(3, 3, 2, 2))[0]
        cols = V.APPLICATION_COLUMNS
        changes: list[tuple[int, int]] = []  # (slot, delta)

        def delta(i):
            d = rng.choice((1, 1, 1, 2, 3, 5, 10))
            if rng.random() < 0.5 and vals[i] - d >= 0:
                d = -d
            return d

        if kind in ("A1", "A2"):
            j = rng.choices(range(7), weights=(6, 2, 1, 1, 1, 1, 2))[0]
            if kind == "A1":
                rc = rng.choice(("new_received", "carried_in", "carried_forward"))
            else:
                rc = rng.choices(leaves, weights=[8, 3] + [1] * (len(leaves) - 2))[0]
            s = ri[rc] + j
            d = delta(s)
            changes.append((s, d))
            if j != 6 and rng.random() < 0.6:
                changes.append((ri[rc] + 6, d))
            identity = f"{kind}.{cols[j]}"
        elif kind == "A3":
            rc = rng.choice(rows)
            s = ri[rc] + 6
            changes.append((s, delta(s)))
            identity = f"A3.{rc}"
        else:
            k = rng.randrange(3)
            s = _REV_START[version] + 5 * k + 4
            if vals[s] and rng.random() < 0.3:
                changes.append((s, -vals[s]))  # total printed as 0 while parts are not (huaian-hongze-2023)
            else:
                changes.append((s, delta(s)))
            identity = f"B{k + 1}"
        keys = _KEYS[version]
        cells = []
        for s, d in changes:
            orig = vals[s]
            vals[s] = orig + d
            protected.add(s)
            k3 = keys[s]
            cells.append(ErrorCell(k3[0], k3[1], k3[2], float(orig), float(vals[s])))
        broken = tuple(_identity_fails_vals(version, vals))
        assert identity in broken, (identity, broken)
        return InjectedError(identity, broken, tuple(cells))

    # ------------------------------------------------------------------ document text
    def document(self, b, yr, version, agency, tables, vals, values, devs, pdf_like):
        rng = self.rng
        r = rng.random
        y = yr.year
        out: list[str] = []
        ap = out.append
        # publication date
        if b.kind == "government" and b.level != "township":
            month = rng.choice((1, 2, 3, 3))
        else:
            month = 1 if r() < 0.8 else 2
        if r() < 0.05:
            month = rng.randint(4, 12)
        day = rng.randint(1, 28)
        pub_iso = f"{y + 1}-{month:02d}-{day:02d}"
        printed_date = False

        title = f"{agency}{y}年政府信息公开工作年度报告"
        tstyle = r()
        if self.p(0.10):
            title_lines = [agency, f"{y}年政府信息公开工作年度报告"] if tstyle < 0.6 else [f"{agency}{y}年", "政府信息公开工作年度报告"]
            devs.add("title_split")
        elif self.p(0.12):
            title_lines = [f"{agency} {y} 年政府信息公开工作年度报告" if tstyle < 0.5 else f"{agency} {y} 年政府信息公开工作 年度报告"]
            devs.add("title_spaces")
        elif self.p(0.05):
            title_lines = [rng.choice((f"{agency}{y}年度政府信息公开工作年度报告", f"{agency}{y}年政府信息公开年度报告"))]
            devs.add("title_variant")
        else:
            title_lines = [title]
        if pdf_like:
            title_lines = [" " * rng.randint(4, 14) + t for t in title_lines]

        if self.p(0.15):
            ap(rng.choice((
                f"当前位置:首页 > 政府信息公开 > 政府信息公开年报 > {y}年度",
                "您当前的位置：首页 > 政务公开 > 法定主动公开内容 > 政府信息公开年报",
                f"首页 > 信息公开 > 年度报告 > {y}年",
            )))
            devs.add("breadcrumbs")
        out.extend(title_lines)
        if self.p(0.35):
            yy, mm, dd = pub_iso.split("-")
            ap(rng.choice((
                f"发布日期:{yy}年{mm}月{dd}日 来源:{agency}",
                f"发布时间：{pub_iso}",
                f"发布日期：{pub_iso} 来源：{b.printed[-1]}  浏览次数：{rng.randint(20, 900)}",
            )))
            printed_date = True
            devs.add("publish_date_line")
            if self.p(0.25):
                ap(title)
                devs.add("repeated_title")
        if self.p(0.05):
            ap(rng.choice(_CRUFT_PAGE))
            devs.add("page_cruft")
        ap("")
        if r() < 0.3:
            doc_no = "国办公开办函〔2021〕30号" if version == "2021" else "国办公开办函〔2019〕60号"
            ap(
                f"根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（{doc_no}）要求，"
                f"现发布{agency}{y}年政府信息公开工作年度报告。本报告统计数据从{y}年1月1日至12月31日。"
            )
            ap("")

        # 一、总体情况
        scope = (b.scope + "各级行政机关") if b.is_aggregate else rng.choice(("本机关", agency))
        scope2 = b.scope if b.is_aggregate else rng.choice(("我单位", "本机关", agency))
        fmt = dict(y=y, a=agency, s=scope)
        if self.p(0.05):
            devs.add("heading_missing")
        else:
            ap("一、总体情况")
        ap(rng.choice(_INTRO).format(**fmt))
        hw = r() < 0.5
        sub = (lambda s: s.translate(_HALFWIDTH)) if hw else (lambda s: s)
        k1, k2, k3 = rng.randint(5, 300), rng.randint(0, 80), rng.randint(0, 20)
        ap(sub(rng.choice(("（一）主动公开情况", "（一）主动公开政府信息情况", "（一）主动公开"))))
        k = k1 + k2 + k3 + rng.randint(0, 50)
        ap(rng.choice(_ACTIVE).format(k=k, k1=k1, k2=k2, k3=k3, j=rng.randint(0, 12), y=y, s=scope))
        ap(sub(rng.choice(("（二）依申请公开情况", "（二）依申请公开"))))

        # claims (N1)
        a0 = _APP_START[version]
        rows = _APP_ROWS[version]
        ri = {rc: a0 + 7 * i + 6 for i, rc in enumerate(rows)}
        r0 = _REV_START[version]
        t_new = vals[ri["new_received"]]
        t_ci = vals[ri["carried_in"]]
        t_rt = vals[ri["results_total"]]
        t_cf = vals[ri["carried_forward"]]
        t_rev = vals[r0 + 4]
        t_lit = vals[r0 + 9] + vals[r0 + 14]
        claims: list[tuple[str, int, int]] = []
        mismatch = self.p(0.035)
        sentences = []
        if t_new == 0 and t_ci == 0:
            if r() < 0.7 and not mismatch:
                sentences.append(f"{y}年，{scope2}未收到政府信息公开申请。")
            else:  # a mismatch needs a number in the text (002: text 11, table 0)
                sentences.append(f"{y}年，{scope2}共收到政府信息公开申请{{new_received_total}}件。")
            claims.append(("new_received_total", 0, t_new))
        else:
            form = rng.randrange(3)
            if form == 0:
                sentences.append(f"{y}年，{scope2}共收到政府信息公开申请{{new_received_total}}件，上年结转{{carried_in_total}}件，均已按照法定时限和程序予以答复。")
                claims += [("new_received_total", t_new, t_new), ("carried_in_total", t_ci, t_ci)]
            elif form == 1:
                sentences.append(f"{y}年，{scope2}共受理政府信息公开申请{{new_received_total}}件，办结{{results_total}}件，结转下年度继续办理{{carried_forward_total}}件。")
                claims += [("new_received_total", t_new, t_new), ("results_total", t_rt, t_rt), ("carried_forward_total", t_cf, t_cf)]
            else:
                sentences.append("全年共收到政府信息公开申请{new_received_total}件，均在法定期限内予以答复。")
                claims.append(("new_received_total", t_new, t_new))
        if t_rev or t_lit or r() < 0.5:
            if t_rev == 0 and t_lit == 0 and r() < 0.6:
                sentences.append("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。")
            else:
                sentences.append("全年发生政府信息公开行政复议{review_total}件、行政诉讼{litigation_total}件。")
                claims += [("review_total", t_rev, t_rev), ("litigation_total", t_lit, t_lit)]
        if mismatch and claims:
            mi = rng.randrange(len(claims))
            c, st, tb = claims[mi]
            if st == 0:
                st = rng.randint(1, 12)
            else:
                st = max(0, st + rng.choice((-1, 1)) * rng.randint(1, max(1, int(st * 0.3) + 3)))
                if st == tb:
                    st = tb + 1
            claims[mi] = (c, st, tb)
        else:
            mismatch = False
        stated = {c: st for c, st, _ in claims}
        for s in sentences:
            ap(s.format(**stated) if "{" in s else s)
        # table values of claims as printed (None when the cell is blank)
        claim_slots = {
            "new_received_total": [ri["new_received"]],
            "carried_in_total": [ri["carried_in"]],
            "results_total": [ri["results_total"]],
            "carried_forward_total": [ri["carried_forward"]],
            "review_total": [r0 + 4],
            "litigation_total": [r0 + 9, r0 + 14],
        }
        out_claims = []
        for c, st, _ in claims:
            vs = [values[i] for i in claim_slots[c]]
            tv = None if any(v is None for v in vs) else float(sum(vs))
            out_claims.append(NarrativeClaim(c, int(st), tv))

        ap(sub("（三）政府信息管理情况"))
        ap(rng.choice(_MGMT))
        ap(sub(rng.choice(("（四）政府信息公开平台建设情况", "（四）平台建设情况"))))
        ap(rng.choice(_PLATFORM))
        ap(sub(rng.choice(("（五）监督保障情况", "（五）政府信息公开监督保障情况"))))
        ap(rng.choice(_SUPERVISION).format(t=rng.randint(1, 6)))
        ap("")

        h4 = _H4[0]
        h5 = _H5[0]
        if self.p(0.15):
            h4 = rng.choice(_H4)
            h5 = rng.choice(_H5)
            if h4 != _H4[0] or h5 != _H5[0]:
                devs.add("heading_variant")
        if self.p(0.06):
            h5 = h5[2:]
            devs.add("heading_unnumbered")
        for h, t in zip(("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", h4), tables):
            ap(h)
            ap("")
            ap(t)
            ap("")
        ap(h5)
        if r() < 0.4:
            ap(sub("（一）存在的主要问题"))
            ap(rng.choice(_PROBLEMS).format(**fmt))
            ap(sub(rng.choice(("（二）改进情况", "（二）改进措施"))))
        else:
            ap(rng.choice(_PROBLEMS).format(**fmt))
        ap(rng.choice(_IMPROVE))
        ap("")
        ap("六、其他需要报告的事项")
        ap(rng.choice(_OTHER).format(y=y, a=agency, fee=rng.randint(10, 5000)))
        if self.p(0.3):
            ap("")
            ap(agency)
            ap(f"{y + 1}年{month}月{day}日")
            printed_date = True
            devs.add("signature_date")
        if self.p(0.05):
            ap("")
            ap(rng.choice(_CRUFT_PAGE))
            devs.add("page_cruft")
        text = "\n".join(out) + "\n"
        if pdf_like and self.p(0.7):
            text = self._hard_wrap(text)
            devs.add("hard_wrapped_narrative")
        return text, (pub_iso if printed_date else None), out_claims, mismatch

    def _hard_wrap(self, text: str) -> str:
        """pdftotext-like narrative: long prose lines cut every ~30 characters, page numbers."""
        rng = self.rng
        width = rng.randint(28, 34)
        out = []
        page = 1
        n = 0
        for line in text.split("\n"):
            if len(line) > width + 6 and "\t" not in line and "  " not in line and "|" not in line:
                first = True
                while line:
                    out.append(("   " if first else "") + line[:width])
                    line = line[width:]
                    first = False
                    n += 1
                    if n % 38 == 0:
                        page += 1
                        out.append(" " * 40 + f"-{page - 1}-")
                        out.append("\f")
            else:
                out.append(line)
        return "\n".join(out)


# ====================================================================== public API
def generate(
    n: int,
    seed: int,
    error_rate: float = 0.02,
    *,
    deviation_scale: float = 1.0,
    layouts: Sequence[str] | None = None,
    encodings: Sequence[str] | None = None,
) -> Iterator[SyntheticReport]:
    """Yield ``n`` synthetic reports, reproducibly from ``seed``.

    ``error_rate``: fraction of reports with one injected arithmetic error (recorded in
    ``truth.errors``). ``deviation_scale``: multiplies the probability of every optional deviation
    (0 gives clean text, except template / encoding facts). ``layouts``: restrict table layouts to
    these (TABLE_LAYOUTS); ``encodings``: restrict encodings (ENCODINGS).
    """
    return _Gen(n, seed, error_rate, deviation_scale, layouts, encodings).run()


_LAYOUT_COLS = {t: f"layout_{t}" for t in _SPEC_TABLES}


def _report_row(t: ReportTruth) -> dict:
    row = {
        "report_index": t.report_index,
        "report_id": t.report_id,
        "source_file": t.source_file,
        "agency": t.agency,
        "body_key": t.body_key,
        "body_name": t.body_name,
        "level": t.level,
        "kind": t.kind,
        "tier": t.tier,
        "province": t.province,
        "city": t.city,
        "county": t.county,
        "township": t.township,
        "division_code": t.division_code,
        "is_aggregate": t.is_aggregate,
        "year": t.year,
        "published_on": t.published_on,
        "template_version": t.template_version,
        "layout": t.layout,
    }
    for tc, col in _LAYOUT_COLS.items():
        row[col] = t.table_layouts[tc]
    row.update(
        encoding=t.encoding,
        line_ending=t.line_ending,
        deviations=list(t.deviations),
        errors=[
            {"identity": e.identity, "broken": list(e.broken), "cells": [c._asdict() for c in e.cells]}
            for e in t.errors
        ],
        identity_failures=list(t.identity_failures),
        blank_total_cells=list(t.blank_total_cells),
        narrative_claims=[c._asdict() for c in t.narrative_claims],
        narrative_mismatch=t.narrative_mismatch,
    )
    return row


def _schemas():
    import polars as pl

    cell_struct = pl.Struct(
        {
            "table_code": pl.String,
            "row_code": pl.String,
            "column_code": pl.String,
            "original": pl.Float64,
            "printed": pl.Float64,
        }
    )
    reports = {
        "report_index": pl.UInt32,
        "report_id": pl.String,
        "source_file": pl.String,
        "agency": pl.String,
        "body_key": pl.String,
        "body_name": pl.String,
        "level": pl.Enum(LEVELS),
        "kind": pl.Enum(KINDS),
        "tier": pl.Enum(TIERS),
        "province": pl.String,
        "city": pl.String,
        "county": pl.String,
        "township": pl.String,
        "division_code": pl.String,
        "is_aggregate": pl.Boolean,
        "year": pl.Int16,
        "published_on": pl.String,
        "template_version": pl.Enum(V.TEMPLATE_VERSIONS),
        "layout": pl.Enum(values(Layout)),
        **{col: pl.Enum(TABLE_LAYOUTS) for col in _LAYOUT_COLS.values()},
        "encoding": pl.Enum(ENCODINGS),
        "line_ending": pl.Enum(LINE_ENDINGS),
        "deviations": pl.List(pl.String),
        "errors": pl.List(
            pl.Struct({"identity": pl.String, "broken": pl.List(pl.String), "cells": pl.List(cell_struct)})
        ),
        "identity_failures": pl.List(pl.String),
        "blank_total_cells": pl.List(pl.String),
        "narrative_claims": pl.List(pl.Struct({"claim": pl.String, "stated": pl.Int64, "table": pl.Float64})),
        "narrative_mismatch": pl.Boolean,
    }
    all_rows = tuple(dict.fromkeys(r for t in _SPEC_TABLES for r in V.ALL_ROW_CODES[t]))
    all_cols = tuple(dict.fromkeys(c for t in _SPEC_TABLES for c in V.ALL_COLUMN_CODES[t]))
    cells = {
        "report_index": pl.UInt32,
        "table_code": pl.Enum(V.TABLE_CODES),
        "row_code": pl.Enum(all_rows),
        "column_code": pl.Enum(all_cols),
        "value": pl.Float64,
        "value_kind": pl.Enum(values(ValueKind)),
        "raw": pl.String,
        "expected_flag": pl.Boolean,
    }
    return reports, cells


def write_corpus(
    out_dir: str | Path,
    n: int,
    seed: int,
    error_rate: float = 0.02,
    *,
    deviation_scale: float = 1.0,
    layouts: Sequence[str] | None = None,
    encodings: Sequence[str] | None = None,
    chunk: int = 20000,
) -> dict:
    """Write ``n`` report files under ``out_dir`` (paths = ``source_file``) plus
    ``truth_reports.parquet`` (one row per report, columns = ReportTruth fields, ``table_layouts``
    as ``layout_<table_code>`` columns) and ``truth_cells.parquet`` (report_index, table_code,
    row_code, column_code, value, value_kind, raw, expected_flag). Returns a summary dict."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of live truth objects: cyclic GC passes would dominate the run time
    try:
        return _write_corpus(out_dir, n, seed, error_rate, deviation_scale, layouts, encodings, chunk)
    finally:
        if gc_was_enabled:
            gc.enable()


def _write_corpus(out_dir, n, seed, error_rate, deviation_scale, layouts, encodings, chunk) -> dict:
    import polars as pl

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rep_schema, cell_schema = _schemas()
    t0 = time.perf_counter()
    rep_rows: list[dict] = []
    cell_frames = []
    cols: dict[str, list] = {k: [] for k in cell_schema}
    made_dirs: set[str] = set()
    t_gen = 0.0
    count = 0
    it = generate(n, seed, error_rate, deviation_scale=deviation_scale, layouts=layouts, encodings=encodings)
    tk = {v: ([k[0] for k in _KEYS[v]], [k[1] for k in _KEYS[v]], [k[2] for k in _KEYS[v]]) for v in _KEYS}
    while True:
        g0 = time.perf_counter()
        rep = next(it, None)
        t_gen += time.perf_counter() - g0
        if rep is None:
            break
        d = rep.source_file.rsplit("/", 1)[0]
        if d not in made_dirs:
            (out / d).mkdir(parents=True, exist_ok=True)
            made_dirs.add(d)
        (out / rep.source_file).write_bytes(rep.data)
        rep_rows.append(_report_row(rep.truth))
        ts, rs, cs = tk[rep.truth.template_version]
        m = len(ts)
        cols["report_index"].extend([rep.truth.report_index] * m)
        cols["table_code"].extend(ts)
        cols["row_code"].extend(rs)
        cols["column_code"].extend(cs)
        cols["value"].extend(rep._values)
        cols["value_kind"].extend(rep._kinds)
        cols["raw"].extend(rep._raws)
        cols["expected_flag"].extend(rep._flags)
        count += 1
        if count % chunk == 0:
            cell_frames.append(pl.DataFrame(cols, schema=cell_schema))
            cols = {k: [] for k in cell_schema}
    if cols["report_index"] or not cell_frames:
        cell_frames.append(pl.DataFrame(cols, schema=cell_schema))
    reports = pl.DataFrame(rep_rows, schema=rep_schema).with_columns(pl.col("published_on").str.to_date("%Y-%m-%d"))
    reports.write_parquet(out / "truth_reports.parquet")
    cells = pl.concat(cell_frames, rechunk=False)
    cells.write_parquet(out / "truth_cells.parquet")
    total = time.perf_counter() - t0
    return {
        "reports": count,
        "cells": cells.height,
        "generate_seconds": round(t_gen, 3),
        "total_seconds": round(total, 3),
        "reports_per_second_generate": round(count / t_gen, 1) if t_gen else None,
        "out_dir": str(out),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.synthetic", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of reports")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--error-rate", type=float, default=0.02)
    ap.add_argument("--deviation-scale", type=float, default=1.0)
    ap.add_argument("--layouts", nargs="*", choices=TABLE_LAYOUTS, default=None)
    ap.add_argument("--encodings", nargs="*", choices=ENCODINGS, default=None)
    a = ap.parse_args(argv)
    summary = write_corpus(
        a.out, a.n, a.seed, a.error_rate, deviation_scale=a.deviation_scale, layouts=a.layouts, encodings=a.encodings
    )
    for k, v in summary.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
