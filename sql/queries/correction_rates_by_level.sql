-- How often are information-disclosure decisions corrected (结果纠正) in administrative review and
-- litigation, by level of the body and year? Every present report counts (resolved body or not);
-- region-wide aggregate reports are left out. Rates use only the reports whose groups add up
-- (review_consistent / litigation_consistent), and say how many those are.
SELECT year,
       agency_level,
       count(*)                                                              AS reports,
       sum(review_total)                                                     AS review_cases,
       count(*) FILTER (WHERE review_consistent AND review_total > 0)        AS review_rate_reports,
       consistent_share(review_corrected, review_total, review_consistent)   AS review_correction_rate,
       sum(litigation_total)                                                 AS litigation_cases,
       count(*) FILTER (WHERE litigation_consistent AND litigation_total > 0) AS litigation_rate_reports,
       consistent_share(litigation_corrected, litigation_total, litigation_consistent) AS litigation_correction_rate
FROM report_metrics
WHERE NOT is_aggregate AND agency_level IS NOT NULL
GROUP BY year, agency_level
ORDER BY year, agency_level;
