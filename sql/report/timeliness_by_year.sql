-- Timeliness per year for the whole warehouse (the nation rows of timeliness_by_region): bodies
-- expected (every body with a report in any year), reported, on time, late, not assessable,
-- missing, missing after the body's first report, and the on-time share of those judged.
SELECT year, bodies_expected, reported, on_time, late, not_assessable, missing, missing_after_first_report,
       on_time_share
FROM timeliness_by_region
WHERE rollup = 'nation'
ORDER BY year;
