-- The reports of the changed years (`reuse_years`) added since narrative_reuse was last computed
-- (narrative_reuse_reports) and those gone, each with the body it is compared as: a report whose
-- body changed is both, and other reuse rules make every report both (pipeline/warehouse/reuse.py
-- then computes those years from scratch).
WITH now AS (
    SELECT report_id, year, coalesce(agency_key, 'report:' || report_id) AS body_key, getvariable('reuse_rules') AS rules
    FROM current_reports
    WHERE list_contains(getvariable('reuse_years'), year)
), was AS (
    SELECT report_id, year, body_key, rules
    FROM narrative_reuse_reports
    WHERE list_contains(getvariable('reuse_years'), year)
)
SELECT 'added' AS change, report_id, year, body_key FROM (FROM now EXCEPT FROM was)
UNION ALL
SELECT 'removed' AS change, report_id, year, body_key FROM (FROM was EXCEPT FROM now)
ORDER BY change, report_id
