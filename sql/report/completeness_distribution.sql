-- How many current reports score in each band of completeness_score: 100, then bands of ten
-- (90 = 90 to 99.9 … 0 = 0 to 9.9), over every current report.
SELECT CASE WHEN completeness_score >= 100 THEN 100 ELSE CAST(floor(completeness_score / 10) * 10 AS INTEGER) END AS band,
       count(*) AS reports
FROM report_completeness
GROUP BY band
ORDER BY band;
