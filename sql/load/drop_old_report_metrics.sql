-- report_metrics was a table, rebuilt by every run, before it became a view over the kept cell
-- metrics (a warehouse made by earlier code): drop the table so views/comparison.sql can create
-- the view. Run only when it is a table.
DROP TABLE report_metrics;
