-- Every table and view of the warehouse with its columns in order: what an export can read, and
-- how each is partitioned (its own `year`, or its report's `year` through `report_id`).
SELECT table_name, list(column_name ORDER BY column_index) AS columns
FROM duckdb_columns()
WHERE NOT internal AND schema_name = 'main'
GROUP BY table_name
ORDER BY table_name;
