-- Rows of the table `table_name` (run metadata).
SELECT count(*) FROM query_table(getvariable('table_name'));
