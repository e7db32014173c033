-- Whether the kept cell metrics must be computed again: none kept (the table may predate a column),
-- or some computed under other rules or another parser build (metric_rules).
SELECT count(*) = 0 OR bool_or(metric_rules <> getvariable('metric_rules')) FROM report_cell_metrics;
