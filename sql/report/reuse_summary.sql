-- Narrative reuse per relation and section, and per relation over all sections: the pairs stored
-- (previous_year: every pair compared; other_body: pairs at similarity >= 0.5, each counted once
-- although narrative_reuse holds both directions), the reused pairs, and the sections flagged
-- reused (a section counts once however many pairs flag it).
SELECT relation, section_code,
       count(*) FILTER (WHERE relation = 'previous_year' OR report_id < other_report_id)              AS pairs,
       count(*) FILTER (WHERE reused AND (relation = 'previous_year' OR report_id < other_report_id)) AS reused_pairs,
       count(DISTINCT report_id || '/' || section_code) FILTER (WHERE reused)                         AS sections_reused
FROM narrative_reuse
GROUP BY GROUPING SETS ((relation, section_code), (relation))
ORDER BY relation DESC, section_code NULLS LAST;
