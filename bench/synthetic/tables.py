"""Table skeletons: the rows and cells of the three spec tables for one template version, with the
label deviations of spec §6.2–§6.4 applied.

A skeleton says what each printed cell is: a label / header text, an empty cell, or the slot of a
value (see ``geometry``). Skeletons do not depend on the numbers, so they are built once per
(table, version, label deviations, merged-cell style) and cached; ``render`` fills in the values.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bench.synthetic.geometry import SLOT_OF
from pipeline import vocabulary as V

# ====================================================================== label variants
HALFWIDTH_PUNCTUATION = str.maketrans({"（": "(", "）": ")", "：": ":"})
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

# The label deviations, in the order ``relabel`` applies them.
LABEL_FLAGS = (
    "label_typo",
    "label_truncated",
    "label_abbreviated",
    "label_numbering_variant",
    "label_halfwidth_brackets",
    "label_ascii_punctuation",
    "label_straight_quotes",
    "label_inner_spaces",
)


def relabel(s: str, flags: frozenset[str]) -> str:
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
        s = s.translate(HALFWIDTH_PUNCTUATION)
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
class SkeletonRow(NamedTuple):
    cells: tuple  # str (label / header / empty) or int (slot of a value cell)
    kind: str  # "title" / "header" / "data"
    row_code: str | None  # data rows only
    group_index: int  # index in cells of a group label that may be printed on its own line, or -1


_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_SKELETON_CACHE: dict = {}


def skeleton(table: str, version: str, flags: frozenset[str], drop: bool, trunc_header: bool) -> list[SkeletonRow]:
    """The rows of ``table``. ``flags``: label deviations; ``drop``: merged cells omitted instead of
    printed as empty cells; ``trunc_header``: review column headers cut short (§6.4)."""
    key = (table, version, tuple(f for f in LABEL_FLAGS if f in flags), drop, trunc_header)
    sk = _SKELETON_CACHE.get(key)
    if sk is not None:
        return sk
    if table == V.ACTIVE_DISCLOSURE:
        rows = _disclosure_rows(version, flags)
    elif table == V.APPLICATIONS:
        rows = _application_rows(version, flags)
    else:
        rows = _review_rows(version, flags, trunc_header)
    if drop:
        rows = _drop_merged_cells(table, rows)
    sk = [SkeletonRow(tuple(c), k, r, g) for c, k, r, g in rows]
    _SKELETON_CACHE[key] = sk
    return sk


def _disclosure_rows(version: str, flags: frozenset[str]) -> list[tuple]:
    slot = SLOT_OF[version]
    table = V.ACTIVE_DISCLOSURE
    width = 4
    rows: list = []
    for block in V.DISCLOSURE_BLOCKS[version]:
        rows.append(([relabel(block.title, flags)] + [""] * (width - 1), "title", None, -1))
        hdr = ["信息内容"] + [relabel(h, flags) for _, h in block.columns]
        rows.append((hdr + [""] * (width - len(hdr)), "header", None, -1))
        for rcode, label in block.rows:
            cells = [relabel(label, flags)] + [slot[(table, rcode, c)] for c, _ in block.columns]
            rows.append((cells + [""] * (width - len(cells)), "data", rcode, -1))
    return rows


def _application_rows(version: str, flags: frozenset[str]) -> list[tuple]:
    """Three header rows, then per row three label cells (group / label / sub-label) and 7 values."""
    slot = SLOT_OF[version]
    table = V.APPLICATIONS

    def label(s: str) -> str:
        return relabel(s, flags)

    org = [label(lbl) for _, lbl in V.APPLICANT_COLUMNS[1:6]]
    rows: list = [
        ([label(_NOTE), "", "", label("申请人情况"), "", "", "", "", "", ""], "header", None, -1),
        (["", "", "", label("自然人"), label("法人或其他组织"), "", "", "", "", label("总计")], "header", None, -1),
        (["", "", "", "", *org, ""], "header", None, -1),
    ]
    for spec in V.APPLICATION_ROWS[version]:
        code, lab = spec.code, label(spec.label)
        if code in ("new_received", "carried_in", "carried_forward"):
            lab3, gi = [lab, "", ""], -1
        elif code == "granted":
            lab3, gi = [label(spec.group), lab, ""], 0
        elif code in ("partially_granted", "results_total", "other_handling"):
            lab3, gi = ["", lab, ""], -1
        elif spec.group:
            lab3, gi = ["", label(spec.group), lab], 1
        else:
            lab3, gi = ["", "", lab], -1
        vals = [slot[(table, code, c)] for c in V.APPLICATION_COLUMNS]
        rows.append((lab3 + vals, "data", code, gi))
    return rows


def _review_rows(version: str, flags: frozenset[str], trunc_header: bool) -> list[tuple]:
    """Three header rows (review | litigation direct | litigation after review), one data row of 15."""
    slot = SLOT_OF[version]
    table = V.REVIEW_LITIGATION
    r_lab = [relabel(lbl, flags) for _, lbl in V.REVIEW_ROWS]
    c_lab = [relabel(lbl, flags) for _, lbl in V.REVIEW_COLUMNS]
    if trunc_header:
        c_lab = [_TRUNC_HEADERS.get(lbl.replace(" ", ""), lbl) for lbl in c_lab]
    vals = [slot[(table, r, c)] for r in V.REVIEW_ROW_CODES for c in V.REVIEW_COLUMN_CODES]
    return [
        ([r_lab[0], "", "", "", "", relabel("行政诉讼", flags)] + [""] * 9, "header", None, -1),
        ([*c_lab, r_lab[1], "", "", "", "", r_lab[2], "", "", "", ""], "header", None, -1),
        ([""] * 5 + c_lab + c_lab, "header", None, -1),
        (vals, "data", V.REVIEW_ROW_CODES[0], -1),
    ]


def _drop_merged_cells(table: str, rows: list[tuple]) -> list[tuple]:
    """Merged cells omitted (rowspan / colspan not flattened into empty cells)."""
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
    return out
