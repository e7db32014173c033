-- The years (partitions) of a source with its own `year` column; NULL is a partition too.
SELECT DISTINCT year FROM query_table(getvariable('source')) ORDER BY year NULLS LAST;
