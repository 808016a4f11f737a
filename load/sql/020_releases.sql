-- Issue 17: launches.  A release is a row of a releases CSV (prodops'
-- own columns, transform/profiles/releases.c) or a Jira version: its
-- name, the local date it shipped, its product area, the events whose
-- use is its adoption (or the feature flag whose exposures are), a link,
-- and the pattern that finds tickets and NPS comments about it.  Keyed
-- per source like every other kind: the same launch in a CSV and in Jira
-- is two rows, and the report reads the one with events (reports/sql/
-- launch_list.sql).  A re-ingest replaces a row: the later file wins.
CREATE TABLE prodops.releases (
    source       text NOT NULL,
    name         text NOT NULL,
    released_on  date NOT NULL,
    product_area text,
    events       text[] NOT NULL DEFAULT '{}',
    flag         text,
    link         text,
    pattern      text,
    description  text,
    extra        jsonb NOT NULL DEFAULT '{}',
    file_id      bigint REFERENCES prodops.files,
    PRIMARY KEY (source, name)
);

CREATE INDEX releases_released_on ON prodops.releases (released_on);
