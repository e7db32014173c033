-- Present reports: all, ok, flagged, rejected, and distinct bodies.
SELECT count(*), count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'flagged'),
       count(*) FILTER (WHERE status = 'rejected'), count(DISTINCT agency_key)
FROM reports
WHERE is_present;
