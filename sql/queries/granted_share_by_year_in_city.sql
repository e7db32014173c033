-- How did the share of granted applications (予以公开) move between years in one city?
-- The city is `SET VARIABLE city = '…'`; by default the city with the most applications. The share
-- is over the reports whose outcome rows add up to （七）总计 (`outcome_reports` of `reports`).
WITH target AS (
    SELECT coalesce(
        getvariable('city'),
        (SELECT city FROM report_metrics WHERE city IS NOT NULL AND NOT is_aggregate
         GROUP BY city ORDER BY sum(applications_received) DESC NULLS LAST, city LIMIT 1)
    ) AS city
), by_year AS (
    SELECT m.year, m.city,
           count(*)                                                        AS reports,
           count(DISTINCT m.agency_key)                                    AS bodies,
           count(*) FILTER (WHERE m.outcomes_consistent AND m.results_total > 0) AS outcome_reports,
           sum(m.granted) FILTER (WHERE m.outcomes_consistent)             AS granted,
           sum(m.results_total) FILTER (WHERE m.outcomes_consistent)       AS results_total,
           consistent_share(m.granted, m.results_total, m.outcomes_consistent) AS granted_share
    FROM report_metrics m
    JOIN target USING (city)
    WHERE NOT m.is_aggregate
    GROUP BY m.year, m.city
)
SELECT *, granted_share - lag(granted_share) OVER (ORDER BY year) AS change_from_previous_year
FROM by_year
ORDER BY year;
