-- The warehouse's views (the benchmark times each).
SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name;
