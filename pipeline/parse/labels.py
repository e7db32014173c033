"""Recognising printed row and column labels (after :func:`pipeline.normalize.norm_label`).

Each row code has one regular expression over the normalised label. Keys are the distinctive
words of the national template, loose enough for the typos and truncations of report-format §7, deviation 3
(``其他法律行政止公开``, ``…不再处理其政府信息公开`` without 申请, labels wrapped by PDF
extraction) and strict where a word is common (``3.其他``, ``(七)总计``).

What belongs here: label → code lookups and header recognition. Nothing about layouts.
"""

from __future__ import annotations

import re

from pipeline.memo import bounded, remember
from pipeline.vocabulary import ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION

_N = r"(?:\d{1,2}[.、,]?)?"  # optional item number: 1. / 1、 / 1
_G = r"(?:\([一二三四五六七八]\)|[一二三四五六七八]、)?"  # optional group number: (六) / 六、

ROW_PATTERNS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    APPLICATIONS: tuple(
        (code, re.compile(p))
        for code, p in (
            ("new_received", r"本年新收"),
            ("carried_in", r"上年结转"),
            ("granted", r"予以公开"),
            ("partially_granted", r"部分公开"),
            ("withheld_state_secret", r"国家秘密"),
            ("withheld_prohibited_by_law", r"法规禁止|其他法律行政"),
            ("withheld_security_stability", r"三安全一稳定|危及\"?三安全"),
            ("withheld_third_party", r"第三方合法权益|保护第三方"),
            ("withheld_internal_affairs", r"内部事务"),
            ("withheld_process_info", r"过程性信息"),
            ("withheld_enforcement_file", r"执法案卷"),
            ("withheld_query_matter", r"查询事项"),
            ("unavailable_not_held", r"不掌握"),
            ("unavailable_needs_creation", r"没有现成|另行制作"),
            ("unavailable_unclear", r"补正后|仍不明确"),
            ("declined_petition", r"信访|举报投诉"),
            ("declined_duplicate", r"重复申请"),
            ("declined_publication", r"出版物"),
            ("declined_excessive", r"大量反复"),
            ("declined_confirmation", r"确认或重新出|重新出具已获取|要求行政机关确认"),
            ("other_no_correction", r"逾期不补正|无正当理由逾期"),
            ("other_fee_unpaid", r"收费通知|缴纳费用|未按收费"),
            ("other_other", rf"^{_G}3[.、,]?其他$"),
            ("other_handling", r"^(?:\(六\)|六、)其他(?:处理)?$|^其他处理$"),
            ("results_total", r"^(?:\(七\)|七、)总计$|^总计$"),
            ("carried_forward", r"结转下年|转下年度"),
        )
    ),
    ACTIVE_DISCLOSURE: tuple(
        (code, re.compile(p))
        for code, p in (
            ("regulations", r"^规章$"),
            ("normative_documents", r"规范性文件$"),
            ("licensing", r"^行政许可$"),
            ("other_services", r"其他对外管理服务"),
            ("penalty", r"^行政处罚$"),
            ("coercion", r"^行政强制$"),
            ("fees", r"行政事业性收费$"),
            ("procurement", r"政府集中采购$"),
        )
    ),
    REVIEW_LITIGATION: tuple(
        (code, re.compile(p))
        for code, p in (
            ("review", r"^行政复议$"),
            ("litigation_direct", r"未经复议|直接起诉"),
            ("litigation_after_review", r"复议后起诉"),
        )
    ),
}

# Words of header rows: a label-only row made of these is a header, not a pending row label.
_HEADER_WORDS = re.compile(
    r"自然人|法人或其他组织|商业企业|科研机构|社会公益|法律服务|申请人情况|勾稽关系|信息内容|"
    r"本年制发|本年废止|现行有效|处理决定数量|收费金额|本年新制作|上一年项目|采购项目|"
    r"结果维持|结果纠正|其他结果|尚未审结|^行政诉讼$|^数量$|^类别$|^项目$|^数据\d$|^\(数据项目\)$"
)


def match_row(table: str, label: str) -> str | None:
    """The row code a normalised label names, or None when it names none (or several)."""
    key = (table, label)
    if key in _MATCH_CACHE:
        return _MATCH_CACHE[key]
    return remember(_MATCH_CACHE, key, _match_row(table, label))


_MATCH_CACHE: dict[tuple[str, str], str | None] = bounded()


def _match_row(table: str, label: str) -> str | None:
    found = None
    for code, pattern in ROW_PATTERNS[table]:
        if pattern.search(label):
            if found is not None:
                return None
            found = code
    return found


def is_header(labels: list[str]) -> bool:
    return any(_HEADER_WORDS.search(x) for x in labels)


# ------------------------------------------------------------------ template version markers
_V2019_DISCLOSURE = re.compile(
    r"本年新制作|本年新公开|对外公开总数|上一年项目|本年增/?减|采购项目数量|采购总金额|政府集中采购|其他对外管理服务|第二十条第\(九\)项"
)
_V2021_DISCLOSURE = re.compile(r"本年制发|本年废止|本年度止|现行有效|本年处理决定|本年收费金额")


def disclosure_version_votes(normalised_region: str) -> tuple[int, int]:
    """(2019 markers, 2021 markers) found in the normalised text of table 二."""
    return len(_V2019_DISCLOSURE.findall(normalised_region)), len(_V2021_DISCLOSURE.findall(normalised_region))


SUBTOTAL_HEADER = re.compile(r"小计")
