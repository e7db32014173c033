-- Kept printed-shape rows of other rules, none kept, or a table of them missing:
-- views/printed_shape.sql creates the tables again and pivots every report.
DROP TABLE IF EXISTS printed_shape_reports;
DROP TABLE IF EXISTS active_disclosure_wide_kept;
DROP TABLE IF EXISTS applications_wide_kept;
DROP TABLE IF EXISTS review_litigation_wide_kept;
