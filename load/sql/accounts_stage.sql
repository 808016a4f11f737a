CREATE TEMP TABLE stage_accounts (
    ord        bigint NOT NULL,
    line_no    bigint NOT NULL,
    account_id text NOT NULL,
    name       text,
    domain     text,
    plan       text,
    segment    text,
    region     text,
    arr        numeric,
    owner      text,
    extra      jsonb NOT NULL
) ON COMMIT DROP;
