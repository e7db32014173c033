-- Kept completeness scores of other rules (or none): views/evaluation.sql creates the table again
-- and scores every report.
DROP TABLE IF EXISTS report_completeness_kept;
