CREATE TEMP TABLE stage_nps (
    ord               bigint NOT NULL,
    line_no           bigint NOT NULL,
    source            text NOT NULL,
    external_id       text NOT NULL,
    account_ref       text,
    organization      text,
    respondent_email  text,
    respondent_domain text,
    score             smallint NOT NULL,
    comment           text,
    responded_at      timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    survey            text,
    extra             jsonb NOT NULL,
    themes            text[] NOT NULL
) ON COMMIT DROP;
