-- A few rows of the table `table_name` (run metadata); `preview_rows` rows.
SELECT * FROM query_table(getvariable('table_name')) LIMIT getvariable('preview_rows');
