-- report_metrics was a view before it was materialised as a table (a warehouse made by earlier
-- code): drop the view so views/comparison.sql can create the table. Run only when it is a view.
DROP VIEW report_metrics;
