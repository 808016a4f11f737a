-- Issue 17: feature-request posts (kind = requests): a Fider post, a Canny
-- post, a Productboard note.  Keyed like tickets by (source, external_id);
-- the newest updated_at wins (SPEC §4).  status is one of the canonical
-- request statuses of transform/parse_value.h (least to most advanced:
-- duplicate, open, declined, planned, started, completed; other for an
-- unmapped word) and status_raw the vendor's word.  votes is the exported
-- count, NULL when the export has none (a note is one ask).  merged_into
-- is the external id of the post this one duplicates (Fider's
-- original_number): reports fold its votes and askers into the original.
-- The account is resolved as tickets' are (SPEC §3): account_ref, then the
-- company name, then the author's email domain.
CREATE TABLE prodops.requests (
    source        text NOT NULL,
    external_id   text NOT NULL,
    title         text NOT NULL,
    description   text,
    status        text,
    status_raw    text,
    votes         bigint CHECK (votes >= 0),
    author        text,
    author_email  text,
    author_domain text,
    account_ref   text,
    organization  text,
    account_id    text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    merged_into   text,
    tags          text[] NOT NULL DEFAULT '{}',
    extra         jsonb NOT NULL DEFAULT '{}',
    file_id       bigint NOT NULL REFERENCES prodops.files,
    PRIMARY KEY (source, external_id)
);
CREATE INDEX requests_account ON prodops.requests (account_id);
CREATE INDEX requests_created_at ON prodops.requests (created_at);
