-- One body, one key: a body name that a report resolved itself (from its title, or its text with
-- support) lends its region to the same-named reports that could not resolve it — recomputed over
-- the whole warehouse on every load, so a later report can withdraw a loan.
--
-- Lent only when nothing contradicts and something supports it:
-- * every present report that resolved the name itself found the same key (two bodies of one name
--   in different places keep no key: 大峪镇 is in 北京 and in 济源);
-- * the borrower's own title and text named no place at all (region_note 'unresolved: …'; an
--   ambiguous one stays unresolved);
-- * the borrower's source path, outside the body's own name, names the lender's city or county
--   (full or short name) — the evidence a portal's folders give. A province alone is not enough.
-- The borrower's region_note says so ('lent: … | own: <its own note>'), agency_lent_from names the
-- lending file.

UPDATE reports
SET agency_key = NULL, province = NULL, city = NULL, county = NULL, division_code = NULL,
    region_note = regexp_extract(region_note, ' [|] own: (.*)$', 1), agency_lent_from = NULL
WHERE agency_lent_from IS NOT NULL;

CREATE OR REPLACE TEMP TABLE name_keys AS
SELECT agency, agency_kind,
       min(agency_key) AS agency_key,
       min(source_file) AS lender,
       min(province) AS province, min(city) AS city, min(county) AS county, min(division_code) AS division_code,
       min(region_note) AS lender_note
FROM reports
WHERE is_present AND status <> 'rejected' AND agency_key IS NOT NULL AND agency IS NOT NULL
GROUP BY agency, agency_kind
HAVING count(DISTINCT agency_key) = 1 AND count(DISTINCT division_code) = 1;

-- a place's short form: its name without the tier word (济源市 → 济源), as the gazetteer's
CREATE OR REPLACE TEMP MACRO place_short(name) AS
    regexp_replace(name, '(特别行政区|自治州|自治县|自治旗|地区|林区|市|区|县|旗|盟)$', '');

UPDATE reports AS r
SET agency_key = n.agency_key, province = n.province, city = n.city, county = n.county,
    division_code = n.division_code, agency_lent_from = n.lender,
    region_note = 'lent: ' || n.agency || ' ' || n.lender_note || ' in ' || n.lender || ' | own: ' || r.region_note
FROM name_keys AS n
WHERE r.agency = n.agency AND r.agency_kind IS NOT DISTINCT FROM n.agency_kind
  AND r.agency_key IS NULL AND r.is_present AND r.status <> 'rejected'
  AND r.region_note LIKE 'unresolved:%'
  AND (   (n.county IS NOT NULL AND length(place_short(n.county)) >= 2
           AND strpos(replace(r.source_file, r.agency, ''), place_short(n.county)) > 0)
       OR (n.city IS NOT NULL AND n.city <> n.province AND length(place_short(n.city)) >= 2
           AND strpos(replace(r.source_file, r.agency, ''), place_short(n.city)) > 0));
