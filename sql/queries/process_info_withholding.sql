-- Which bodies withhold most often as 过程性信息 (属于四类过程性信息)?
-- Share of all handled applications (（七）总计) over every report year; bodies with at least 10.
SELECT m.agency_key,
       a.latest_name,
       a.level,
       a.province,
       a.city,
       sum(m.withheld_process_info)                          AS withheld_process_info,
       sum(m.results_total)                                  AS results_total,
       share(sum(m.withheld_process_info), sum(m.results_total)) AS process_info_share
FROM agency_year_metrics m
JOIN agencies a USING (agency_key)
GROUP BY ALL
HAVING sum(m.results_total) >= 10
ORDER BY process_info_share DESC, withheld_process_info DESC, m.agency_key
LIMIT 20;
