-- The per-file staging table: canonical rows as COPY sends them, plus the
-- line number and the order in the file (for "last row wins" ties).
CREATE TEMP TABLE stage_tickets (
    ord              bigint NOT NULL,
    line_no          bigint NOT NULL,
    source           text NOT NULL,
    external_id      text NOT NULL,
    account_ref      text,
    organization     text,
    requester_email  text,
    requester_domain text,
    subject          text,
    status           text,
    priority         text,
    channel          text,
    product_area     text,
    tags             text[] NOT NULL,
    assignee         text,
    group_name       text,
    created_at       timestamptz NOT NULL,
    first_reply_at   timestamptz,
    solved_at        timestamptz,
    updated_at       timestamptz NOT NULL,
    reopens          integer,
    replies          integer,
    satisfaction     text,
    extra            jsonb NOT NULL,
    themes           text[] NOT NULL
) ON COMMIT DROP;
