-- SPEC §6 counts users: active users, DAU, WAU, MAU, stickiness and the
-- account health's usage all count distinct users per day, never events.
-- One row per UTC day, source and user (a third or less of usage_daily's
-- rows, which also split by event) makes those counts read that much less.
-- Grown with usage_daily by each file's new events (load/stage.c
-- merge_usage()); the backfill covers events loaded before this migration.
CREATE TABLE prodops.usage_user_days (
    day        date NOT NULL,
    source     text NOT NULL,
    user_key   text NOT NULL,
    account_id text,
    events     bigint NOT NULL,
    PRIMARY KEY (day, source, user_key)
);
INSERT INTO prodops.usage_user_days (day, source, user_key, account_id, events)
SELECT day, source, user_key, max(account_id), sum(events)
  FROM prodops.usage_daily
 GROUP BY day, source, user_key;

-- Users by local day of a report zone: from usage_user_days when the zone
-- is UTC, else from the events (see usage_days of migration 005).
CREATE FUNCTION prodops.usage_user_days(first date, last date, zone text)
RETURNS TABLE (day date, user_key text, account_id text, events bigint)
LANGUAGE sql STABLE AS $$
    SELECT d.day, d.user_key, max(d.account_id), sum(d.events)::bigint
      FROM prodops.usage_user_days d
     WHERE zone = 'UTC' AND d.day >= first AND d.day < last
     GROUP BY d.day, d.user_key
    UNION ALL
    SELECT (e.event_time AT TIME ZONE zone)::date, e.user_key,
           max(e.account_id), sum(e.event_count)::bigint
      FROM prodops.usage_events e
     WHERE zone <> 'UTC'
       AND e.event_time >= first::timestamp AT TIME ZONE zone
       AND e.event_time < last::timestamp AT TIME ZONE zone
     GROUP BY 1, 2
$$;
