-- SPEC §2: NPS responses.  Keyed by the vendor's response id; where the
-- export has none, transform/ derives external_id from (lower(email),
-- responded_at, score) as SPEC §4 says.  updated_at is the vendor's edit
-- time (Delighted changes a response when a comment is edited) or, when the
-- export has none, responded_at: the newest version of a response wins.
CREATE TABLE prodops.nps_responses (
    source            text NOT NULL,
    external_id       text NOT NULL,
    account_id        text,
    account_ref       text,
    organization      text,
    respondent_email  text,
    respondent_domain text,
    score             smallint NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment           text,
    responded_at      timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    survey            text,
    themes            text[] NOT NULL DEFAULT '{}',
    extra             jsonb NOT NULL DEFAULT '{}',
    file_id           bigint NOT NULL REFERENCES prodops.files,
    PRIMARY KEY (source, external_id)
);
CREATE INDEX nps_responses_responded_at ON prodops.nps_responses (responded_at);
CREATE INDEX nps_responses_account ON prodops.nps_responses (account_id);
