-- Which bodies' 上年结转 (carried_in) does not match what they carried forward the year before?
-- (X1 in check_results; a warning, not an error: bodies reorganise, reports get revised.)
SELECT y.agency_key,
       a.latest_name,
       y.previous_year,
       y.year,
       cur.carried_in,
       prev.carried_forward AS carried_forward_previous_year,
       y.carry_over_gap
FROM agency_yoy y
JOIN agencies a USING (agency_key)
JOIN agency_year_metrics cur ON cur.agency_key = y.agency_key AND cur.year = y.year
JOIN agency_year_metrics prev ON prev.agency_key = y.agency_key AND prev.year = y.previous_year
WHERE y.carry_over_gap <> 0
ORDER BY abs(y.carry_over_gap) DESC, y.agency_key, y.year
LIMIT 50;
