-- Every row of a source, in a total order (every column, left to right) so the bytes are stable.
SELECT * FROM query_table(getvariable('source')) ORDER BY ALL;
