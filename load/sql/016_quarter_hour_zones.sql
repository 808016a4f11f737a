-- Issue 15: zones whose offset is not whole or half hours (Asia/Kathmandu,
-- +05:45; Pacific/Chatham) read the rollups too.  Migration 007 counted
-- users per local day of such a zone from the raw events, every event of
-- the period (41 s for the weekly report at 20 M events).  A local day of
-- any zone is the whole UTC half hours inside it -- read from the rollups'
-- half-hour masks, as for the other zones -- plus at most two partial half
-- hours at its ends (a quarter hour each for Kathmandu), read from the
-- events through the primary key, which leads with event_time.

-- Each local day [first, last) of zone as instants: start, the first UTC
-- half hour at or after start (a), the last at or before stop (b), stop.
-- [start, a) and [b, stop) are the partial half hours (empty when the
-- zone aligns).
CREATE FUNCTION prodops.zone_day_bounds(first date, last date, zone text)
RETURNS TABLE (day date, start timestamptz, a timestamptz, b timestamptz,
               stop timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT x.day, x.start,
           CASE WHEN date_bin('30 minutes', x.start, timestamptz 'epoch')
                     = x.start
                THEN x.start
                ELSE date_bin('30 minutes', x.start, timestamptz 'epoch')
                     + interval '30 minutes' END,
           date_bin('30 minutes', x.stop, timestamptz 'epoch'), x.stop
      FROM (SELECT d::date AS day, d AT TIME ZONE zone AS start,
                   (d + interval '1 day') AT TIME ZONE zone AS stop
              FROM generate_series(first::timestamp,
                                   last::timestamp - interval '1 day',
                                   interval '1 day') d) x
$$;

-- The whole UTC half hours of each local day, as zone_day_half_hours()
-- gives them for aligned zones: one row per UTC day and local day.
CREATE FUNCTION prodops.zone_day_whole_half_hours(first date, last date,
                                                  zone text)
RETURNS TABLE (utc_day date, day date, half_hours bigint)
LANGUAGE sql STABLE AS $$
    SELECT (h AT TIME ZONE 'UTC')::date, b.day,
           bit_or(prodops.half_hour_bit(h))
      FROM prodops.zone_day_bounds(first, last, zone) b,
           generate_series(b.a, b.b - interval '30 minutes',
                           interval '30 minutes') h
     GROUP BY 1, 2
$$;

-- The events of the partial half hours at either end of each local day,
-- with the local day they belong to.
CREATE FUNCTION prodops.zone_day_edge_events(first date, last date, zone text)
RETURNS TABLE (day date, user_ref integer, name_id integer)
LANGUAGE sql STABLE AS $$
    SELECT b.day, e.user_ref, e.name_id
      FROM prodops.zone_day_bounds(first, last, zone) b
      JOIN prodops.events e
        ON e.event_time >= b.start AND e.event_time < b.a
    UNION ALL
    SELECT b.day, e.user_ref, e.name_id
      FROM prodops.zone_day_bounds(first, last, zone) b
      JOIN prodops.events e
        ON e.event_time >= b.b AND e.event_time < b.stop
$$;

-- Migration 015's functions with the raw-event branch replaced: whole
-- half hours from the rollups, the edges from the events, grouped by
-- local day and person (and event).  An edge event's account is its
-- person's, as the usage_events view gives it.
CREATE OR REPLACE FUNCTION prodops.usage_days(first date, last date, zone text)
RETURNS TABLE (day date, user_key text, event_name text, account_id text)
LANGUAGE sql STABLE AS $$
    SELECT r.day, p.user_key, n.event_name, r.account_id
      FROM (SELECT m.day, d.person_id, d.name_id,
                   max(d.account_id) AS account_id
              FROM prodops.zone_day_half_hours(first, last, zone) m
              JOIN prodops.rollup_daily d
                ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
             WHERE prodops.zone_half_hours_align(first, last, zone)
             GROUP BY 1, 2, 3) r
      JOIN prodops.usage_people p ON p.person_id = r.person_id
      JOIN prodops.usage_names n ON n.name_id = r.name_id
    UNION ALL
    SELECT r.day, p.user_key, n.event_name, r.account_id
      FROM (SELECT x.day, x.person_id, x.name_id,
                   max(x.account_id) AS account_id
              FROM (SELECT m.day, d.person_id, d.name_id, d.account_id
                      FROM prodops.zone_day_whole_half_hours(first, last,
                                                             zone) m
                      JOIN prodops.rollup_daily d
                        ON d.day = m.utc_day
                       AND d.half_hours & m.half_hours <> 0
                    UNION ALL
                    SELECT e.day, u.person_id, e.name_id, u.account_id
                      FROM prodops.zone_day_edge_events(first, last, zone) e
                      JOIN prodops.usage_users u ON u.user_ref = e.user_ref) x
             WHERE NOT prodops.zone_half_hours_align(first, last, zone)
             GROUP BY 1, 2, 3) r
      JOIN prodops.usage_people p ON p.person_id = r.person_id
      JOIN prodops.usage_names n ON n.name_id = r.name_id
$$;

CREATE OR REPLACE FUNCTION prodops.usage_user_days(first date, last date,
                                                   zone text)
RETURNS TABLE (day date, user_key text, account_id text)
LANGUAGE sql STABLE AS $$
    SELECT r.day, p.user_key, r.account_id
      FROM (SELECT m.day, d.person_id, max(d.account_id) AS account_id
              FROM prodops.zone_day_half_hours(first, last, zone) m
              JOIN prodops.rollup_user_days d
                ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
             WHERE prodops.zone_half_hours_align(first, last, zone)
             GROUP BY 1, 2) r
      JOIN prodops.usage_people p ON p.person_id = r.person_id
    UNION ALL
    SELECT r.day, p.user_key, r.account_id
      FROM (SELECT x.day, x.person_id, max(x.account_id) AS account_id
              FROM (SELECT m.day, d.person_id, d.account_id
                      FROM prodops.zone_day_whole_half_hours(first, last,
                                                             zone) m
                      JOIN prodops.rollup_user_days d
                        ON d.day = m.utc_day
                       AND d.half_hours & m.half_hours <> 0
                    UNION ALL
                    SELECT e.day, u.person_id, u.account_id
                      FROM prodops.zone_day_edge_events(first, last, zone) e
                      JOIN prodops.usage_users u ON u.user_ref = e.user_ref) x
             WHERE NOT prodops.zone_half_hours_align(first, last, zone)
             GROUP BY 1, 2) r
      JOIN prodops.usage_people p ON p.person_id = r.person_id
$$;
