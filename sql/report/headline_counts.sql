-- Present reports: all, ok, flagged, rejected; distinct bodies; readable reports whose body has no
-- resolved region (they count in every total, but not in per-body rankings); readable reports
-- whose year could not be read (in every total, but in no per-year chart).
SELECT count(*), count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'flagged'),
       count(*) FILTER (WHERE status = 'rejected'), count(DISTINCT agency_key),
       count(*) FILTER (WHERE status <> 'rejected' AND agency_key IS NULL),
       count(*) FILTER (WHERE status <> 'rejected' AND year IS NULL)
FROM reports
WHERE is_present;
