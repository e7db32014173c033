-- Where do reports not add up? Share of reports flagged (a parse issue or a failed 勾稽关系) by
-- province and year, with the most common failing identity.
WITH fails AS (
    SELECT c.report_id, split_part(c.check_code, '.', 1) AS identity
    FROM check_results c
    WHERE c.status = 'fail' AND c.severity = 'error'
)
SELECT r.year,
       coalesce(r.province, '(unresolved)')                       AS province,
       count(DISTINCT r.report_id)                                AS reports,
       count(DISTINCT r.report_id) FILTER (WHERE r.status = 'flagged') AS flagged,
       share(count(DISTINCT r.report_id) FILTER (WHERE r.status = 'flagged'), count(DISTINCT r.report_id)) AS flagged_share,
       mode(f.identity)                                           AS most_common_failure
FROM current_reports r
LEFT JOIN fails f USING (report_id)
GROUP BY ALL
ORDER BY r.year, flagged_share DESC NULLS LAST, province;
