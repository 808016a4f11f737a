-- SPEC §2: product-usage events, partitioned by month of event_time (UTC
-- months).  Partitions are made on demand by ensure_usage_partitions()
-- before a file's events go in, so no event ever lands in a catch-all.
-- The key is (source, event_key); event_time is part of the primary key
-- because PostgreSQL wants the partition column in it -- harmless, as an
-- insert id always comes with the same time, and a derived key hashes it.
-- user_key is who the event counts for (SPEC §6: user_id, else device).
-- No foreign key to files: a per-row check would cost a fifth of the load
-- time at tens of millions of rows; file_id is set by the loader only.
CREATE TABLE prodops.usage_events (
    source       text NOT NULL,
    event_key    text NOT NULL,
    user_id      text,
    device_id    text,
    user_key     text NOT NULL,
    account_id   text,
    account_ref  text,
    email_domain text,
    event_name   text NOT NULL,
    event_time   timestamptz NOT NULL,
    event_count  integer NOT NULL DEFAULT 1 CHECK (event_count >= 0),
    properties   jsonb NOT NULL DEFAULT '{}',
    file_id      bigint NOT NULL,
    PRIMARY KEY (source, event_key, event_time)
) PARTITION BY RANGE (event_time);

-- The daily rollup the reports read instead of raw events (SPEC §6): one
-- row per UTC day, source, user and event, grown by each file's new events
-- in the file's transaction (load/stage.c merge_usage()).  A user's account for the
-- day is that of their events (the last loaded, should they differ).
-- Report queries select a day range: the primary key leads with day, and
-- no other index slows the load.
CREATE TABLE prodops.usage_daily (
    day        date NOT NULL,
    source     text NOT NULL,
    user_key   text NOT NULL,
    event_name text NOT NULL,
    account_id text,
    events     bigint NOT NULL,
    PRIMARY KEY (day, source, user_key, event_name)
);

-- One partition per UTC month from first to last, made when missing.
-- Serialized by an advisory lock: two loads may want the same month.
CREATE FUNCTION prodops.ensure_usage_partitions(first timestamptz,
                                                last timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    m timestamptz;
    made integer := 0;
    name text;
BEGIN
    IF first IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('prodops.usage_partitions'));
    m := date_trunc('month', first AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    WHILE m <= last LOOP
        name := 'usage_events_' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM');
        IF to_regclass('prodops.' || name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE prodops.%I PARTITION OF prodops.usage_events'
                ' FOR VALUES FROM (%L) TO (%L)', name, m,
                m + interval '1 month');
            made := made + 1;
        END IF;
        m := (m AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC';
    END LOOP;
    RETURN made;
END $$;

-- Rejects of archive members say which member (Amplitude zips).
ALTER TABLE prodops.rejects ADD COLUMN member text;
