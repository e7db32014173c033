-- Which bodies withhold most often as 过程性信息 (属于四类过程性信息)?
-- Share of handled applications (（七）总计) over every report year, counting only the reports whose
-- outcome rows add up to their total; bodies with at least 10 such applications.
SELECT m.agency_key,
       a.latest_name,
       a.level,
       a.province,
       a.city,
       sum(m.withheld_process_info) FILTER (WHERE m.outcomes_consistent)                AS withheld_process_info,
       sum(m.results_total) FILTER (WHERE m.outcomes_consistent)                        AS results_total,
       consistent_share(m.withheld_process_info, m.results_total, m.outcomes_consistent) AS process_info_share,
       count(*) FILTER (WHERE m.outcomes_consistent)                                    AS outcome_reports,
       count(*)                                                                         AS reports
FROM report_metrics m
JOIN agencies a USING (agency_key)
GROUP BY ALL
HAVING sum(m.results_total) FILTER (WHERE m.outcomes_consistent) >= 10
ORDER BY process_info_share DESC, withheld_process_info DESC, m.agency_key
LIMIT 20;
