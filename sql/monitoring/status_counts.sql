-- Present reports per status (ok / flagged / rejected).
SELECT status, count(*) FROM reports WHERE is_present GROUP BY status ORDER BY status;
