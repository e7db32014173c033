-- Kept cell metrics of other rules (or none): views/comparison.sql creates the table again and
-- computes every report.
DROP TABLE report_cell_metrics;
