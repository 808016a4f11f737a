-- Issue 15: the weekly report under 10 s at 1 M tickets.  The attention
-- queries (reports/sql/attention_*.sql, SPEC §10) read the tickets of 14
-- weeks -- half the bench warehouse -- six times, by created_at or by
-- solved_time.  Through the plain indexes of migration 005 every ticket
-- was a random heap read (created_at's correlation with the heap order
-- is 0.2 after ingests): 4-17 s a query.  These indexes carry every
-- column the attention queries group or count by, so that the week
-- slices are index-only scans in key order.  Not the subject (evidence
-- reads a single week, through the heap).
CREATE INDEX tickets_attention_created ON prodops.tickets (created_at)
    INCLUDE (solved_time, first_reply_at, satisfaction, reopens,
             product_area, themes, channel, priority, account_id);
CREATE INDEX tickets_attention_solved ON prodops.tickets (solved_time)
    INCLUDE (created_at, satisfaction, reopens, product_area, themes,
             channel, priority, account_id);

-- attention_weeks() returns 14 rows, not the 1000 the planner assumes of
-- a function it cannot inline: with 1000 it sorted the week x cell rows
-- on disk instead of hashing them.
ALTER FUNCTION prodops.attention_weeks(timestamptz, text, date, date)
    ROWS 14;

-- The attention usage queries (attention_usage.sql, attention_adoption.sql)
-- count distinct users per week: usage_user_days() and usage_days()
-- (migration 016) return each user's key and each event's name, text
-- that was then hashed and sorted per week, 1.5 M rows for 14 weeks.
-- These return the same rows (without the per-day grouping, which the
-- callers' own grouping subsumes) as the integer ids, person_id (one per
-- user_key, usage_people) and name_id (one per event_name, usage_names).
CREATE FUNCTION prodops.usage_person_days(first date, last date, zone text)
RETURNS TABLE (day date, person_id integer, account_id text)
LANGUAGE sql STABLE AS $$
    SELECT m.day, d.person_id, d.account_id
      FROM prodops.zone_day_half_hours(first, last, zone) m
      JOIN prodops.rollup_user_days d
        ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
     WHERE prodops.zone_half_hours_align(first, last, zone)
    UNION ALL
    SELECT x.day, x.person_id, x.account_id
      FROM (SELECT m.day, d.person_id, d.account_id
              FROM prodops.zone_day_whole_half_hours(first, last, zone) m
              JOIN prodops.rollup_user_days d
                ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
            UNION ALL
            SELECT e.day, u.person_id, u.account_id
              FROM prodops.zone_day_edge_events(first, last, zone) e
              JOIN prodops.usage_users u ON u.user_ref = e.user_ref) x
     WHERE NOT prodops.zone_half_hours_align(first, last, zone)
$$;

CREATE FUNCTION prodops.usage_person_events(first date, last date,
                                            zone text)
RETURNS TABLE (day date, person_id integer, name_id integer)
LANGUAGE sql STABLE AS $$
    SELECT m.day, d.person_id, d.name_id
      FROM prodops.zone_day_half_hours(first, last, zone) m
      JOIN prodops.rollup_daily d
        ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
     WHERE prodops.zone_half_hours_align(first, last, zone)
    UNION ALL
    SELECT x.day, x.person_id, x.name_id
      FROM (SELECT m.day, d.person_id, d.name_id
              FROM prodops.zone_day_whole_half_hours(first, last, zone) m
              JOIN prodops.rollup_daily d
                ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
            UNION ALL
            SELECT e.day, u.person_id, e.name_id
              FROM prodops.zone_day_edge_events(first, last, zone) e
              JOIN prodops.usage_users u ON u.user_ref = e.user_ref) x
     WHERE NOT prodops.zone_half_hours_align(first, last, zone)
$$;
