-- Narrative sections (一 overview, 五 problems_improvements, 六 other_matters) in the warehouse: what
-- narrative reuse compares (bench/reuse.py).
SELECT count(*) FROM sections WHERE section_code IN ('overview', 'problems_improvements', 'other_matters')
