-- Per year: applications received, and the shares of 办理结果, over every present report except
-- region-wide aggregates (resolved body or not). Shares use the reports whose outcome rows add up
-- to their （七）总计 (outcome_reports), so a year's shares add up to 100 %; a report that handled
-- nothing (（七）总计 = 0) has no shares and is counted apart from those left out as inconsistent.
WITH m AS (SELECT * FROM report_metrics WHERE year IS NOT NULL)
SELECT year,
       count(*) FILTER (WHERE NOT is_aggregate)                                        AS reports,
       count(*) FILTER (WHERE is_aggregate)                                            AS aggregate_reports_left_out,
       sum(applications_received) FILTER (WHERE NOT is_aggregate)                      AS applications_received,
       count(applications_received) FILTER (WHERE NOT is_aggregate)                    AS applications_reports,
       count(*) FILTER (WHERE NOT is_aggregate AND outcomes_consistent AND results_total > 0) AS outcome_reports,
       consistent_share(granted, results_total, outcomes_consistent AND NOT is_aggregate)           AS granted,
       consistent_share(partially_granted, results_total, outcomes_consistent AND NOT is_aggregate) AS partially_granted,
       consistent_share(withheld, results_total, outcomes_consistent AND NOT is_aggregate)          AS withheld,
       consistent_share(unavailable, results_total, outcomes_consistent AND NOT is_aggregate)       AS unavailable,
       consistent_share(declined, results_total, outcomes_consistent AND NOT is_aggregate)          AS declined,
       consistent_share(other_handling, results_total, outcomes_consistent AND NOT is_aggregate)    AS other_handling,
       -- why the other reports have no share: nothing handled, or rows that do not add up / unread
       count(*) FILTER (WHERE NOT is_aggregate AND outcomes_consistent AND results_total = 0)  AS nothing_handled_reports
FROM m
GROUP BY year
ORDER BY year;
