-- Whether per-report results a views file keeps must be computed again: none kept (the table may
-- predate a column), or some computed under other rules or another parser build. `kept_table` is
-- the table listing the reports computed, with the `rules` each was computed under.
SELECT count(*) = 0 OR bool_or(rules <> getvariable('kept_rules')) FROM query_table(getvariable('kept_table'));
