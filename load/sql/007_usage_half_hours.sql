-- SPEC §6 counts users per local day of the report's zone, but the rollups
-- are kept by UTC day.  Each rollup row now also says in which UTC half
-- hours of its day the user had events (bit i = 00:00 + 30 i minutes), so a
-- local day of any zone whose offset is whole or half hours -- all but
-- Nepal's and Chatham's -- is a set of (UTC day, half hours) pairs, and
-- distinct-user counts read the rollups in every zone, not the raw events.
-- Event totals, which a mask cannot split, take the whole UTC days from
-- the rollup and the partial ones at either end from the events
-- (usage_account_events), found through a BRIN index: the events arrive
-- in time order, so it costs the load almost nothing.

-- The bit of t's UTC half hour in a day's mask.
CREATE FUNCTION prodops.half_hour_bit(t timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 1::bigint << (extract(hour FROM t AT TIME ZONE 'UTC')::int * 2
                         + (extract(minute FROM t AT TIME ZONE 'UTC') >= 30)::int)
$$;

ALTER TABLE prodops.usage_daily ADD COLUMN half_hours bigint NOT NULL DEFAULT 0;
ALTER TABLE prodops.usage_user_days ADD COLUMN half_hours bigint NOT NULL DEFAULT 0;

UPDATE prodops.usage_daily d
   SET half_hours = e.half_hours
  FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source,
               user_key, event_name,
               bit_or(prodops.half_hour_bit(event_time)) AS half_hours
          FROM prodops.usage_events
         GROUP BY 1, 2, 3, 4) e
 WHERE d.day = e.day AND d.source = e.source AND d.user_key = e.user_key
   AND d.event_name = e.event_name;
UPDATE prodops.usage_user_days u
   SET half_hours = d.half_hours
  FROM (SELECT day, source, user_key, bit_or(half_hours) AS half_hours
          FROM prodops.usage_daily
         GROUP BY 1, 2, 3) d
 WHERE u.day = d.day AND u.source = d.source AND u.user_key = d.user_key;

-- Every row is made with its hours from now on (load/sql/usage_rollup_*).
ALTER TABLE prodops.usage_daily ALTER COLUMN half_hours DROP DEFAULT;
ALTER TABLE prodops.usage_user_days ALTER COLUMN half_hours DROP DEFAULT;

CREATE INDEX usage_events_time ON prodops.usage_events USING brin (event_time);

-- The local days [first, last) of zone as UTC half hours: one row per UTC
-- day and local day they share, with the mask of the shared half hours.
-- Only meaningful when zone_half_hours_align() says they align.
CREATE FUNCTION prodops.zone_day_half_hours(first date, last date, zone text)
RETURNS TABLE (utc_day date, day date, half_hours bigint)
LANGUAGE sql STABLE AS $$
    SELECT (h AT TIME ZONE 'UTC')::date, (h AT TIME ZONE zone)::date,
           bit_or(prodops.half_hour_bit(h))
      FROM generate_series(first::timestamp AT TIME ZONE zone,
                           last::timestamp AT TIME ZONE zone - interval '30 minutes',
                           interval '30 minutes') h
     GROUP BY 1, 2
$$;

-- Does every local half hour of [first, last) in zone start on a UTC half
-- hour?  No for Asia/Kathmandu (+05:45): its reports read the events.
CREATE FUNCTION prodops.zone_half_hours_align(first date, last date, zone text)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(bool_and(
               extract(minute FROM h AT TIME ZONE zone) IN (0, 30)
               AND extract(second FROM h AT TIME ZONE zone) = 0
               AND extract(minute FROM h AT TIME ZONE 'UTC') IN (0, 30)
               AND extract(second FROM h AT TIME ZONE 'UTC') = 0),
           true)
      FROM generate_series(first::timestamp AT TIME ZONE zone,
                           last::timestamp AT TIME ZONE zone - interval '30 minutes',
                           interval '30 minutes') h
$$;

-- Users and events by local day of a report zone, for local days
-- [first, last): from the rollups through their half-hour masks, else (a
-- zone with quarter-hour offsets) from the events.  These replace the functions of
-- migrations 005 and 006, which read the events for every zone but UTC,
-- and no longer return event counts: a local day's share of a UTC day's
-- events is unknown; usage_account_events() counts events.
DROP FUNCTION prodops.usage_days(date, date, text);
DROP FUNCTION prodops.usage_user_days(date, date, text);

CREATE FUNCTION prodops.usage_days(first date, last date, zone text)
RETURNS TABLE (day date, user_key text, event_name text, account_id text)
LANGUAGE sql STABLE AS $$
    SELECT m.day, d.user_key, d.event_name, max(d.account_id)
      FROM prodops.zone_day_half_hours(first, last, zone) m
      JOIN prodops.usage_daily d
        ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
     WHERE prodops.zone_half_hours_align(first, last, zone)
     GROUP BY 1, 2, 3
    UNION ALL
    SELECT (e.event_time AT TIME ZONE zone)::date, e.user_key, e.event_name,
           max(e.account_id)
      FROM prodops.usage_events e
     WHERE NOT prodops.zone_half_hours_align(first, last, zone)
       AND e.event_time >= first::timestamp AT TIME ZONE zone
       AND e.event_time < last::timestamp AT TIME ZONE zone
     GROUP BY 1, 2, 3
$$;

CREATE FUNCTION prodops.usage_user_days(first date, last date, zone text)
RETURNS TABLE (day date, user_key text, account_id text)
LANGUAGE sql STABLE AS $$
    SELECT m.day, d.user_key, max(d.account_id)
      FROM prodops.zone_day_half_hours(first, last, zone) m
      JOIN prodops.usage_user_days d
        ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
     WHERE prodops.zone_half_hours_align(first, last, zone)
     GROUP BY 1, 2
    UNION ALL
    SELECT (e.event_time AT TIME ZONE zone)::date, e.user_key,
           max(e.account_id)
      FROM prodops.usage_events e
     WHERE NOT prodops.zone_half_hours_align(first, last, zone)
       AND e.event_time >= first::timestamp AT TIME ZONE zone
       AND e.event_time < last::timestamp AT TIME ZONE zone
     GROUP BY 1, 2
$$;

-- The first UTC midnight at or after t.
CREATE FUNCTION prodops.utc_day_ceil(t timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
    SELECT ((t AT TIME ZONE 'UTC') + interval '1 day'
            - interval '1 microsecond')::date::timestamp AT TIME ZONE 'UTC'
$$;

-- Events by account (NULL: no account) in [start, finish): the whole UTC
-- days inside from usage_user_days, the partial days at the ends from the
-- events.  The bounds are expressions of the arguments, not a CTE, so the
-- events' BRIN index and partition pruning see them.
CREATE FUNCTION prodops.usage_account_events(start timestamptz,
                                             finish timestamptz)
RETURNS TABLE (account_id text, events bigint)
LANGUAGE sql STABLE AS $$
    SELECT x.account_id, sum(x.events)::bigint
      FROM (SELECT d.account_id, d.events
              FROM prodops.usage_user_days d
             WHERE d.day >= prodops.utc_day_ceil(start) AT TIME ZONE 'UTC'
               AND d.day < (finish AT TIME ZONE 'UTC')::date
            UNION ALL
            SELECT e.account_id, e.event_count
              FROM prodops.usage_events e
             WHERE e.event_time >= start
               AND e.event_time < least(prodops.utc_day_ceil(start), finish)
            UNION ALL
            SELECT e.account_id, e.event_count
              FROM prodops.usage_events e
             WHERE e.event_time >= greatest(
                       (finish AT TIME ZONE 'UTC')::date::timestamp
                           AT TIME ZONE 'UTC',
                       prodops.utc_day_ceil(start))
               AND e.event_time < finish) x
     GROUP BY 1
$$;
