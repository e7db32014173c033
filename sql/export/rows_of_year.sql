-- The rows of one year of a source with its own `year` column (NULL: the rows without a year).
SELECT *
FROM query_table(getvariable('source'))
WHERE year IS NOT DISTINCT FROM getvariable('year')
ORDER BY ALL;
