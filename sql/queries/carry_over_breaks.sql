-- Which bodies' 上年结转 (carried_in) does not match what they carried forward the year before?
-- (X1 in check_results; a warning, not an error: bodies reorganise, reports get revised.)
SELECT y.agency_key,
       a.latest_name,
       y.previous_year,
       y.year,
       y.carried_in,
       y.carried_in - y.carry_over_gap AS carried_forward_previous_year,
       y.carry_over_gap
FROM agency_yoy y
JOIN agencies a USING (agency_key)
WHERE y.carry_over_gap <> 0
ORDER BY abs(y.carry_over_gap) DESC, y.agency_key, y.year
LIMIT 50;
