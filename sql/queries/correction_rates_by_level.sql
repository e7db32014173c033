-- How often are information-disclosure decisions corrected (结果纠正) in administrative review and
-- litigation, by level of the body and year? Region-wide aggregate reports are left out.
SELECT year,
       agency_level,
       count(DISTINCT agency_key)                                       AS bodies,
       sum(review_total)                                                AS review_cases,
       share(sum(review_corrected), sum(review_total))                  AS review_correction_rate,
       sum(litigation_total)                                            AS litigation_cases,
       share(sum(litigation_corrected), sum(litigation_total))          AS litigation_correction_rate
FROM agency_year_metrics
WHERE NOT is_aggregate AND agency_level IS NOT NULL
GROUP BY year, agency_level
ORDER BY year, agency_level;
