-- Applications and their outcomes (办理结果) per year, region-wide aggregate reports left out.
SELECT year, sum(applications_received), sum(granted), sum(partially_granted), sum(withheld),
       sum(unavailable), sum(declined), sum(other_handling), sum(results_total), count(DISTINCT agency_key)
FROM agency_year_metrics
WHERE NOT is_aggregate
GROUP BY year
ORDER BY year;
