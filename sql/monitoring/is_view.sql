-- Whether the warehouse holds a view named `view_name` (a derived object materialised since as a table).
SELECT count(*) > 0 FROM duckdb_views() WHERE NOT internal AND view_name = getvariable('view_name');
