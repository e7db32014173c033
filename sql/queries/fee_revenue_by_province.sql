-- 行政事业性收费 revenue (万元) by province and year. Money only: the 2021 template's amounts;
-- the 2019 template counts fee items, which are never added to money. Aggregates left out.
SELECT year,
       province,
       count(DISTINCT agency_key)          AS bodies,
       sum(fee_revenue_10k_yuan)           AS fee_revenue_10k_yuan,
       count(fee_revenue_10k_yuan)         AS bodies_reporting_money
FROM agency_year_metrics
WHERE NOT is_aggregate AND province IS NOT NULL
GROUP BY year, province
HAVING count(fee_revenue_10k_yuan) > 0
ORDER BY year, fee_revenue_10k_yuan DESC;
