-- Present reports per input format and status (the mixed-format benchmark).
SELECT input_format, status, count(*) FROM reports WHERE is_present GROUP BY ALL ORDER BY ALL;
