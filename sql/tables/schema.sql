-- Warehouse tables (idempotent DDL). Codes: docs/report-format.md, pipeline/vocabulary.py.
-- Columns, order and types are those of pipeline/catalogue.py (tests/unit/test_catalogue.py checks).
-- No load timestamps: re-running on the same input must give the same warehouse.

CREATE TABLE IF NOT EXISTS reports (
    report_id                VARCHAR PRIMARY KEY,   -- 16 hex of sha256(decoded text); derived for duplicates
    source_file              VARCHAR NOT NULL,      -- path relative to REPORTS_RAW_DIR
    sha256                   VARCHAR NOT NULL,      -- of the file's bytes
    size_bytes               BIGINT NOT NULL,
    encoding                 VARCHAR,
    agency                   VARCHAR,               -- reporting body as printed in the title
    year                     INTEGER,               -- report year
    template_version         VARCHAR,               -- 2019 | 2021 (from the labels, not the year)
    published_on             DATE,
    status                   VARCHAR NOT NULL CHECK (status IN ('ok', 'flagged', 'rejected')),
    status_reason            VARCHAR,               -- one line, for anything not ok
    duplicate_of             VARCHAR,               -- source_file holding the same content
    layout_active_disclosure VARCHAR,
    layout_applications      VARCHAR,
    layout_review_litigation VARCHAR,
    agency_key               VARCHAR,               -- canonical body: <division code>:<unit>, stable across years
    agency_level             VARCHAR,               -- province | city | county | township | street_office | department | zone
    agency_kind              VARCHAR,               -- government | government_office | department | street_office | zone_committee
    province                 VARCHAR,
    city                     VARCHAR,
    county                   VARCHAR,
    division_code            VARCHAR,               -- 6-digit 行政区划代码 of the body's region; NULL when unresolved
    region_note              VARCHAR,               -- how the region was resolved, or why not
    is_aggregate             BOOLEAN NOT NULL,      -- a government report covering its whole region
    is_present               BOOLEAN NOT NULL,      -- false once the file disappeared from the raw dir
    agency_lent_from         VARCHAR,               -- source_file whose resolution of the same name was lent
    input_format             VARCHAR NOT NULL DEFAULT 'text',  -- text | html | pdf | docx
    part                     INTEGER NOT NULL DEFAULT 1        -- which report of its file
);

CREATE TABLE IF NOT EXISTS cells (
    report_id   VARCHAR NOT NULL,
    table_code  VARCHAR NOT NULL,   -- active_disclosure | applications | review_litigation
    row_code    VARCHAR NOT NULL,
    column_code VARCHAR NOT NULL,
    value       DOUBLE,             -- NULL unless the cell holds a number (万元 for amounts)
    value_kind  VARCHAR NOT NULL,   -- number | blank | placeholder | text | missing
    raw         VARCHAR,            -- the cell as printed
    line        INTEGER             -- 1-based line in the source text
);

CREATE TABLE IF NOT EXISTS sections (
    report_id    VARCHAR NOT NULL,
    section_code VARCHAR NOT NULL,  -- preamble | overview | active_disclosure | applications | review_litigation | problems_improvements | other_matters
    title        VARCHAR,           -- heading as printed; NULL when the section had none
    line         INTEGER NOT NULL,
    body         VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS parse_issues (
    report_id  VARCHAR NOT NULL,
    code       VARCHAR NOT NULL,    -- e.g. too_few_values, digits_run_together, missing_row, table_not_found
    message    VARCHAR NOT NULL,
    line       INTEGER,
    table_code VARCHAR,
    row_code   VARCHAR,
    severity   VARCHAR NOT NULL CHECK (severity IN ('error', 'info'))  -- info: a note, never flags
);

CREATE TABLE IF NOT EXISTS check_results (
    report_id   VARCHAR NOT NULL,
    check_code  VARCHAR NOT NULL,   -- A1.<col> A2.<col> A3.<row> B1–B3.<group> D1.<cell> blank_total.<row> N1.<fact> X1.<col> X2.<row> X3.<table>
    table_code  VARCHAR,
    row_code    VARCHAR,
    column_code VARCHAR,
    status      VARCHAR NOT NULL CHECK (status IN ('pass', 'fail', 'not_assessable')),
    severity    VARCHAR NOT NULL CHECK (severity IN ('error', 'warning')),
    left_value  DOUBLE,
    right_value DOUBLE,
    difference  DOUBLE,
    cells       VARCHAR,            -- the cells involved: row/column, row/column…
    note        VARCHAR
);

CREATE TABLE IF NOT EXISTS narrative_facts (
    report_id VARCHAR NOT NULL,
    fact_code VARCHAR NOT NULL,     -- applications_received | review_cases | litigation_cases
    value     DOUBLE NOT NULL,
    line      INTEGER,
    evidence  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS file_manifest (
    source_file VARCHAR PRIMARY KEY,
    size_bytes  BIGINT,
    mtime_ns    BIGINT,
    sha256      VARCHAR,
    report_id   VARCHAR,
    status      VARCHAR NOT NULL CHECK (status IN ('present', 'missing')),
    parsed_by   VARCHAR             -- the code build that parsed the file (pipeline/run/build.py)
);

-- Template row order and printed labels (filled from pipeline/vocabulary.py on every load).
CREATE TABLE IF NOT EXISTS row_codes (
    table_code VARCHAR NOT NULL,
    row_code   VARCHAR NOT NULL,
    row_order  INTEGER NOT NULL,
    label      VARCHAR NOT NULL
);

-- Derived by every run from the sections (pipeline/compare/reuse.py), kept between runs: a run
-- computes again only the years whose fingerprint changed (narrative_reuse_years).
CREATE TABLE IF NOT EXISTS narrative_reuse (
    report_id        VARCHAR NOT NULL,
    section_code     VARCHAR NOT NULL,  -- overview | problems_improvements | other_matters
    relation         VARCHAR NOT NULL,  -- previous_year (same body) | other_body (same year)
    other_report_id  VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    other_year       INTEGER NOT NULL,
    sentences        INTEGER NOT NULL,  -- this section's sentences that count
    other_sentences  INTEGER NOT NULL,
    shared_sentences INTEGER NOT NULL,
    similarity       DOUBLE NOT NULL,   -- Jaccard of the two sentence sets
    reused           BOOLEAN NOT NULL   -- similarity >= 0.7
);

CREATE TABLE IF NOT EXISTS narrative_reuse_years (
    year        INTEGER NOT NULL,
    fingerprint UBIGINT NOT NULL
);

-- The reports narrative_reuse was last computed from and the body each was compared as: a year
-- that changed by a few reports is computed again only where those reports can move its rows.
CREATE TABLE IF NOT EXISTS narrative_reuse_reports (
    report_id VARCHAR NOT NULL,
    year      INTEGER NOT NULL,
    body_key  VARCHAR NOT NULL,
    rules     VARCHAR NOT NULL
);

-- The distinct sentence hashes of each narrative section (pipeline/compare/reuse.py), kept so a
-- section's text is hashed once, under the reuse rules named (other rules: hashed again).
CREATE TABLE IF NOT EXISTS narrative_sentences (
    report_id    VARCHAR NOT NULL,
    section_code VARCHAR NOT NULL,  -- overview | problems_improvements | other_matters
    rules        VARCHAR NOT NULL,  -- the reuse rules and polars version they were hashed under
    hashes       UBIGINT[] NOT NULL
);

-- Each year's template text: the sentences printed in the same narrative section by 10 or more
-- bodies, which narrative reuse does not count (pipeline/compare/reuse.py), with how many; kept so
-- a change of a few reports is computed around without counting its year's sentences again.
CREATE TABLE IF NOT EXISTS narrative_boilerplate (
    year         INTEGER NOT NULL,
    section_code VARCHAR NOT NULL,  -- overview | problems_improvements | other_matters
    h            UBIGINT NOT NULL,  -- the sentence's hash (narrative_sentences.hashes)
    bodies       INTEGER NOT NULL   -- bodies printing it in that section that year
);

-- The previous-year pairs whose cross-year checks (X1–X3) are in check_results: a run checks only
-- pairs not in here (sql/load/cross_year_checks.sql).
CREATE TABLE IF NOT EXISTS cross_year_pairs (
    report_id      VARCHAR NOT NULL,  -- the later report (its check_results hold the X rows)
    prev_report_id VARCHAR NOT NULL   -- the same body's report of the year before
);

-- A warehouse made by earlier code gains the columns added since (its files are parsed again:
-- their manifest rows name another build, or none).
ALTER TABLE file_manifest ADD COLUMN IF NOT EXISTS parsed_by VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS agency_lent_from VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS input_format VARCHAR DEFAULT 'text';
ALTER TABLE reports ADD COLUMN IF NOT EXISTS part INTEGER DEFAULT 1;
ALTER TABLE parse_issues ADD COLUMN IF NOT EXISTS severity VARCHAR DEFAULT 'error';
