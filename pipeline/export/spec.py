"""What is exported: the one list of datasets, the workbook's sheets, the columns' Chinese labels.

A dataset is a warehouse view or table by name. How it is partitioned follows from its columns
when the export runs: by its own ``year``, by its report's year when it is keyed by
``report_id``, else one file. A listed source the warehouse does not hold (a view another branch
is still adding) is skipped with a note in the manifest, so it can be listed before it exists.

What belongs here: names, order and labels. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dataset:
    name: str  # a warehouse view or table; its files and folders are named after it
    by_year: bool = True  # one partition per year when it has a year (own column or its report's)


DATASETS: tuple[Dataset, ...] = (
    # comparison views
    Dataset("report_metrics"),
    Dataset("agency_year_metrics"),
    Dataset("agency_yoy"),
    Dataset("agency_peer_rank"),
    Dataset("region_rollups"),
    Dataset("agencies"),
    # evaluation measures
    Dataset("timeliness"),
    Dataset("timeliness_by_region"),
    Dataset("report_completeness"),
    Dataset("narrative_reuse"),
    # a new view is one more line here
    # long tables
    Dataset("reports"),
    Dataset("cells"),
    Dataset("check_results"),
    Dataset("parse_issues"),
    Dataset("narrative_facts"),
    Dataset("sections"),
)


@dataclass(frozen=True)
class Sheet:
    name: str  # a warehouse view or table; the sheet is named after it
    # the reader's order: column names, "-name" descending; applied stably over the total order
    # the query gives, so ties keep a fixed order and the bytes stay the same
    order: tuple[str, ...] = ()


WORKBOOK = "disclosure_headlines.xlsx"
SHEETS: tuple[Sheet, ...] = (
    Sheet("agency_year_metrics", ("-year", "province", "city", "agency_key")),
    Sheet("region_rollups", ("-year", "rollup", "province", "city", "agency_level", "template_version")),
    Sheet("agency_peer_rank", ("-year", "peer_region", "agency_level", "applications_rank")),
    Sheet("timeliness_by_region", ("-year", "rollup", "province", "city")),
    Sheet("flagged_reports", ("-failed_checks", "-parse_issues", "source_file")),
)

# A Chinese label for the workbook's second header row, where the template or common usage has one.
LABELS: dict[str, str] = {
    "agency_key": "机关标识",
    "agency": "机关名称（标题所印）",
    "latest_name": "机关名称（最新）",
    "year": "年度",
    "agency_level": "机关层级",
    "level": "机关层级",
    "province": "省",
    "city": "市",
    "county": "县（区）",
    "division_code": "行政区划代码",
    "is_aggregate": "区域汇总报告",
    "template_version": "模板版本",
    "reports": "报告数",
    "applications_received": "本年新收政府信息公开申请数量",
    "applications_reports": "新收申请数可知的报告数",
    "carried_in": "上年结转政府信息公开申请数量",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "withheld": "不予公开",
    "withheld_process_info": "不予公开：属于四类过程性信息",
    "unavailable": "无法提供",
    "declined": "不予处理",
    "other_handling": "其他处理",
    "results_total": "办理结果总计",
    "carried_forward": "结转下年度继续办理",
    "outcome_reports": "办理结果一致的报告数",
    "granted_share": "予以公开占比",
    "withheld_share": "不予公开占比",
    "review_total": "行政复议总计",
    "review_corrected": "行政复议结果纠正",
    "review_rate_reports": "复议纠错率所据报告数",
    "review_correction_rate": "行政复议纠错率",
    "litigation_total": "行政诉讼总计",
    "litigation_corrected": "行政诉讼结果纠正",
    "litigation_rate_reports": "诉讼纠错率所据报告数",
    "litigation_correction_rate": "行政诉讼纠错率",
    "regulations_issued": "规章本年制发件数",
    "normative_documents_issued": "行政规范性文件本年制发件数",
    "normative_documents_in_force": "行政规范性文件现行有效件数",
    "licensing_decisions": "行政许可本年处理决定数量",
    "penalty_decisions": "行政处罚本年处理决定数量",
    "coercion_decisions": "行政强制本年处理决定数量",
    "fee_revenue_10k_yuan": "行政事业性收费（万元）",
    "derived": "含推算值的指标",
    "peer_region": "比较范围",
    "applications_rank": "新收申请数排名",
    "peers": "同级同地区机关数",
    "granted_share_rank": "予以公开占比排名",
    "rollup": "汇总方式",
    "bodies": "机关数",
    "reports_without_body": "未识别机关的报告数",
    "withheld_share_change": "不予公开占比变化",
    "aggregate_reports_left_out": "未计入的区域汇总报告数",
    "report_id": "报告标识",
    "source_file": "源文件",
    "status_reason": "标记原因",
    "failed_checks": "未通过的勾稽校验数",
    "parse_issues": "解析疑问数",
    "substantive_disclosure_rate": "实质公开率",
    "substantive_disclosure_rank": "实质公开率排名",
    "rated": "申请数达到评比门槛",
    "rated_peers": "参与评比的同级机关数",
    "bodies_expected": "应报机关数",
    "reported": "已报机关数",
    "on_time": "按时发布",
    "late": "逾期发布",
    "not_assessable": "无法判断",
    "missing": "未发布",
    "missing_after_first_report": "首次发布后缺报",
    "on_time_share": "按时发布率",
}
