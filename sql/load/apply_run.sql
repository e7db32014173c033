-- Apply one run's staged, validated frames to the (candidate copy of the) warehouse.
-- Runs in one transaction; variables name the staged parquet globs (see pipeline/warehouse/store.py).

-- The batch: every staged file with its status. A file whose content (report_id) is already held
-- by another present file, or by an earlier path in this batch, is a duplicate of that file.
CREATE OR REPLACE TEMP TABLE batch AS
WITH staged AS (
    SELECT r.*, s.status, s.status_reason
    FROM read_parquet(getvariable('staged_reports')) r
    JOIN read_parquet(getvariable('staged_report_status')) s USING (report_id, source_file, chunk)
),
held AS (
    SELECT report_id, min(source_file) AS held_by
    FROM reports
    WHERE is_present AND duplicate_of IS NULL
      AND source_file NOT IN (SELECT source_file FROM staged)
      -- a file gone in this run holds nothing: its content under a new path is a renamed file
      AND source_file NOT IN (SELECT source_file FROM read_parquet(getvariable('missing_files')))
    GROUP BY report_id
)
SELECT staged.*,
       -- a file rejected for its bytes (empty, binary, not a report…) is no content to share: two
       -- such files with the same bytes are two rejected files, each with an id of its own
       staged.parse_status = 'rejected' AND staged.reject_reason NOT LIKE 'parser error%' AS rejected_input,
       CASE
           WHEN staged.parse_status = 'rejected' AND staged.reject_reason NOT LIKE 'parser error%' THEN NULL
           WHEN held.held_by IS NOT NULL THEN held.held_by
           WHEN first_value(staged.source_file) OVER w <> staged.source_file
                OR first_value(staged.part) OVER w <> staged.part THEN first_value(staged.source_file) OVER w
       END AS duplicate_of
FROM staged
LEFT JOIN held USING (report_id)
WINDOW w AS (PARTITION BY staged.report_id ORDER BY staged.source_file, staged.part);

-- Files replaced by this batch lose every row they held; so does a file that is gone (now or in an
-- earlier run) whose content this batch brings under another path: the report moves to that path.
CREATE OR REPLACE TEMP TABLE replaced AS
SELECT report_id FROM reports
WHERE source_file IN (SELECT source_file FROM batch)
   OR report_id IN (SELECT report_id FROM batch WHERE duplicate_of IS NULL AND NOT rejected_input);
DELETE FROM cells           WHERE report_id IN (SELECT report_id FROM replaced);
DELETE FROM sections        WHERE report_id IN (SELECT report_id FROM replaced);
DELETE FROM parse_issues    WHERE report_id IN (SELECT report_id FROM replaced);
DELETE FROM check_results   WHERE report_id IN (SELECT report_id FROM replaced);
-- (their cross-year results went with their check results: checked again)
DELETE FROM cross_year_pairs
WHERE report_id IN (SELECT report_id FROM replaced) OR prev_report_id IN (SELECT report_id FROM replaced);
DELETE FROM narrative_facts WHERE report_id IN (SELECT report_id FROM replaced);
DELETE FROM reports         WHERE report_id IN (SELECT report_id FROM replaced);

INSERT INTO reports
SELECT CASE WHEN duplicate_of IS NULL AND NOT rejected_input THEN report_id
            ELSE substr(sha256(report_id || ':' || source_file || CASE WHEN part > 1 THEN '#' || part ELSE '' END),
                        1, 16) END,
       source_file, sha256, size_bytes, encoding, agency, year, template_version::VARCHAR, published_on,
       CASE WHEN duplicate_of IS NULL THEN status ELSE 'rejected' END,
       CASE WHEN duplicate_of IS NULL THEN status_reason ELSE 'duplicate of ' || duplicate_of END,
       duplicate_of,
       layout_active_disclosure::VARCHAR, layout_applications::VARCHAR, layout_review_litigation::VARCHAR,
       agency_key, agency_level, agency_kind, province, city, county, division_code, region_note, is_aggregate,
       true, NULL, input_format, part
FROM batch;

-- Child rows: only for kept reports, and only from the chunk that parsed the kept file
-- (a duplicate parsed in another chunk left its own rows there).
CREATE OR REPLACE TEMP TABLE kept AS
SELECT report_id, chunk::VARCHAR AS chunk FROM batch WHERE duplicate_of IS NULL AND NOT rejected_input;

INSERT INTO cells
SELECT c.report_id, c.table_code::VARCHAR, c.row_code::VARCHAR, c.column_code::VARCHAR, c.value,
       c.value_kind::VARCHAR, c.raw, c.line
FROM read_parquet(getvariable('staged_cells')) c
JOIN kept k ON c.report_id = k.report_id AND c.chunk = k.chunk;

INSERT INTO sections
SELECT s.report_id, s.section_code::VARCHAR, s.title, s.line, s.body
FROM read_parquet(getvariable('staged_sections')) s
JOIN kept k ON s.report_id = k.report_id AND s.chunk = k.chunk;

INSERT INTO parse_issues
SELECT i.report_id, i.code, i.message, i.line, i.table_code::VARCHAR, i.row_code::VARCHAR, i.severity
FROM read_parquet(getvariable('staged_parse_issues')) i
JOIN kept k ON i.report_id = k.report_id AND i.chunk = k.chunk;

INSERT INTO narrative_facts
SELECT f.report_id, f.fact_code, f.value, f.line, f.evidence
FROM read_parquet(getvariable('staged_narrative_facts')) f
JOIN kept k ON f.report_id = k.report_id AND f.chunk = k.chunk;

INSERT INTO check_results
SELECT x.report_id, x.check_code, x.table_code, x.row_code, x.column_code, x.status, x.severity,
       x.left_value, x.right_value, x.difference, x.cells, x.note
FROM read_parquet(getvariable('staged_check_results')) x
JOIN kept k ON x.report_id = k.report_id AND x.chunk = k.chunk;

-- The manifest: every file seen now, and files that disappeared (their rows stay, marked).
INSERT OR REPLACE INTO file_manifest
SELECT m.source_file, m.size_bytes, m.mtime_ns, b.sha256, r.report_id, 'present', getvariable('build')
FROM read_parquet(getvariable('staged_manifest')) m
JOIN batch b USING (source_file)
JOIN reports r USING (source_file);

UPDATE file_manifest SET status = 'missing'
WHERE source_file IN (SELECT source_file FROM read_parquet(getvariable('missing_files')));
UPDATE reports SET is_present = (source_file NOT IN (SELECT source_file FROM read_parquet(getvariable('missing_files'))))
WHERE source_file IN (SELECT source_file FROM read_parquet(getvariable('missing_files')))
   OR source_file IN (SELECT source_file FROM batch);
