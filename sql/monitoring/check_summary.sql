-- Per identity (check code without its cell suffix): how many present reports fail, with a sample.
-- `family` is a regular expression on the identity id (e.g. 'A|B|D', 'N1', 'X').
SELECT split_part(c.check_code, '.', 1) AS identity,
       count(DISTINCT c.report_id)      AS reports_failing,
       min(r.source_file)               AS sample
FROM check_results c
JOIN reports r USING (report_id)
WHERE c.status = 'fail' AND r.is_present
  AND regexp_full_match(split_part(c.check_code, '.', 1), '(' || getvariable('family') || ')[0-9]*|' || getvariable('family'))
GROUP BY 1
ORDER BY 2 DESC
