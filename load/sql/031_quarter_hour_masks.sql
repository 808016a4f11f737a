-- Issue 15: the local days of the zones whose offset is a quarter hour off
-- the half hours (Asia/Kathmandu +05:45, Australia/Eucla +08:45,
-- Pacific/Chatham +12:45 and +13:45) from the rollups alone.  Migration
-- 016 read the events of each local day's partial half hours: for the
-- weekly report at the report bench warehouse, 230 k edge events joined
-- to every user in four statements, 2.5 CPU-seconds of server time more
-- than UTC's.  Those zones' midnights fall in four UTC half hours, 10:00,
-- 11:00, 15:00 and 18:00 (each at a quarter past), and the masks have 16
-- bits to spare: bits 48-55 split those four half hours into their
-- quarter hours, 48 + 2k and 49 + 2k the first and second quarter of the
-- k-th.  The half hour's own bit stays set, so a reader of whole half
-- hours reads what it read before.
--
-- The mask bits of each quarter hour of the UTC day (q = 0..95).
CREATE FUNCTION prodops.quarter_hour_bits(q integer) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (1::bigint << (q / 2))
           | coalesce(1::bigint << (46 + 2 * array_position('{20,22,30,36}'::int[],
                                                          q / 2)
                                   + q % 2),
                      0)
$$;

-- The quarter hour of the UTC day that t falls in.
CREATE FUNCTION prodops.utc_quarter_hour(t timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT extract(hour FROM t AT TIME ZONE 'UTC')::int * 4
           + extract(minute FROM t AT TIME ZONE 'UTC')::int / 15
$$;

-- An event's bits, as the rollups keep them (load/sql/usage_rollup_*.sql;
-- load/events.c makes the same in C): a lookup of its quarter hour in the
-- 96 masks, an expression the planner inlines into the loads' grouping.
DO $$
BEGIN
    EXECUTE format(
        'CREATE OR REPLACE FUNCTION prodops.half_hour_bit(t timestamptz) '
        'RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
        format('SELECT (%L::bigint[])[prodops.utc_quarter_hour(t) + 1]',
               (SELECT array_agg(prodops.quarter_hour_bits(q) ORDER BY q)
                  FROM generate_series(0, 95) q)));
END
$$;

-- Can the masks split the zone's local days [first, last)?  Each day's
-- start and end must fall on a UTC half hour, or on the quarter past of a
-- split one.
CREATE OR REPLACE FUNCTION prodops.zone_half_hours_align(first date, last date,
                                                         zone text)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(bool_and(
               extract(second FROM t AT TIME ZONE 'UTC') = 0
               AND extract(minute FROM t AT TIME ZONE 'UTC')::int % 15 = 0
               AND (extract(minute FROM t AT TIME ZONE 'UTC')::int % 30 = 0
                    OR prodops.quarter_hour_bits(prodops.utc_quarter_hour(t))
                       >> 48 <> 0)),
           true)
      FROM prodops.zone_day_bounds(first, last, zone) b,
           LATERAL (VALUES (b.start), (b.stop)) v(t)
$$;

-- The local days [first, last) of zone as masks: one row per UTC day and
-- local day they share.  A half hour wholly in the local day gives its
-- bit, a split one the bit of its quarter hour in the day.  Only
-- meaningful when zone_half_hours_align() says so.
CREATE OR REPLACE FUNCTION prodops.zone_day_half_hours(first date, last date,
                                                       zone text)
RETURNS TABLE (utc_day date, day date, half_hours bigint)
LANGUAGE sql STABLE AS $$
    SELECT utc_day, day,
           bit_or(CASE WHEN n = 2 THEN 1::bigint << (q / 2)
                       ELSE prodops.quarter_hour_bits(q) >> 48 << 48 END)
      FROM (SELECT (h AT TIME ZONE 'UTC')::date AS utc_day,
                   (h AT TIME ZONE zone)::date AS day,
                   min(prodops.utc_quarter_hour(h)) AS q, count(*) AS n
              FROM generate_series(first::timestamp AT TIME ZONE zone,
                                   last::timestamp AT TIME ZONE zone
                                       - interval '15 minutes',
                                   interval '15 minutes') h
             GROUP BY 1, 2, prodops.utc_quarter_hour(h) / 2) x
     GROUP BY 1, 2
$$;

-- The rollup rows' quarter bits from their events: the rows loaded before
-- this migration, or (tests) rows whose bits were cleared; how many rows
-- changed.  Rows whose events retention dropped keep their half hours
-- alone; their users then miss the split half hour's local days, as they
-- did when those days read the dropped events.
CREATE FUNCTION prodops.rollup_quarter_hours_backfill() RETURNS bigint
LANGUAGE sql AS $$
    WITH q AS (
        SELECT (e.event_time AT TIME ZONE 'UTC')::date AS day, e.source_id,
               u.person_id, e.name_id,
               bit_or(prodops.half_hour_bit(e.event_time)) AS half_hours
          FROM prodops.events e
          JOIN prodops.usage_users u ON u.user_ref = e.user_ref
         WHERE prodops.half_hour_bit(e.event_time) >> 48 <> 0
         GROUP BY 1, 2, 3, 4
    ), daily AS (
        UPDATE prodops.rollup_daily d
           SET half_hours = d.half_hours | q.half_hours
          FROM q
         WHERE d.day = q.day AND d.source_id = q.source_id
           AND d.person_id = q.person_id AND d.name_id = q.name_id
           AND d.half_hours | q.half_hours <> d.half_hours
        RETURNING 1
    ), users AS (
        UPDATE prodops.rollup_user_days d
           SET half_hours = d.half_hours | q.half_hours
          FROM (SELECT day, source_id, person_id, bit_or(half_hours) AS half_hours
                  FROM q GROUP BY 1, 2, 3) q
         WHERE d.day = q.day AND d.source_id = q.source_id
           AND d.person_id = q.person_id
           AND d.half_hours | q.half_hours <> d.half_hours
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM daily) + (SELECT count(*) FROM users)
$$;

-- The updated rows' new versions land wherever there is room, so a day's
-- rows, which the reports read by the key's leading day, would lie all
-- over the tables (at the report bench warehouse, a day of rollup_daily
-- on 3 200 pages instead of 190).  Rewritten in key order when any row
-- changed; a new warehouse has none.
DO $$
BEGIN
    IF prodops.rollup_quarter_hours_backfill() > 0 THEN
        CLUSTER prodops.rollup_daily USING rollup_daily_pkey;
        CLUSTER prodops.rollup_user_days USING rollup_user_days_pkey;
        ANALYZE prodops.rollup_daily;
        ANALYZE prodops.rollup_user_days;
    END IF;
END
$$;
