-- Whether the warehouse's table `table_name` has the column `column_name` (a warehouse made by
-- earlier code may lack the newer ones).
SELECT count(*) > 0 FROM duckdb_columns()
WHERE table_name = getvariable('table_name') AND column_name = getvariable('column_name');
