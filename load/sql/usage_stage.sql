CREATE TEMP TABLE stage_usage (
    ord          bigint NOT NULL,
    source       text NOT NULL,
    event_key    text NOT NULL,
    user_id      text,
    device_id    text,
    account_ref  text,
    email_domain text,
    event_name   text NOT NULL,
    event_time   timestamptz NOT NULL,
    event_count  integer NOT NULL,
    properties   jsonb,
    email        text,
    key_hash     uuid NOT NULL  -- stage.c: event_key_hash(event_key)
) ON COMMIT DROP;
