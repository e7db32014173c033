-- The template sentences kept for the years read (narrative_boilerplate): narrative reuse around
-- a change drops them without counting the year again (pipeline/warehouse/reuse.py).
SELECT year, section_code, h, bodies
FROM narrative_boilerplate
WHERE list_contains(getvariable('read_years'), year)
ORDER BY year, section_code, h
