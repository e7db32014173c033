-- Whether the warehouse already holds the table `table_name` (a new warehouse holds none).
SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = getvariable('table_name');
