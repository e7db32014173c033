-- How did the share of granted applications (予以公开) move between years in one city?
-- The city is `SET VARIABLE city = '…'`; by default the city with the most applications.
WITH target AS (
    SELECT coalesce(
        getvariable('city'),
        (SELECT city FROM agency_year_metrics WHERE city IS NOT NULL AND NOT is_aggregate
         GROUP BY city ORDER BY sum(applications_received) DESC NULLS LAST, city LIMIT 1)
    ) AS city
), by_year AS (
    SELECT m.year, m.city,
           count(DISTINCT m.agency_key)              AS bodies,
           sum(m.granted)                            AS granted,
           sum(m.results_total)                      AS results_total,
           share(sum(m.granted), sum(m.results_total)) AS granted_share
    FROM agency_year_metrics m
    JOIN target USING (city)
    WHERE NOT m.is_aggregate
    GROUP BY m.year, m.city
)
SELECT *, granted_share - lag(granted_share) OVER (ORDER BY year) AS change_from_previous_year
FROM by_year
ORDER BY year;
