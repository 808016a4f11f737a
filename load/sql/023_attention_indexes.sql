-- Issue 15: the weekly report under 10 s at 1 M tickets.  The attention
-- queries (reports/sql/attention_*.sql, SPEC §10) read the tickets of 14
-- weeks -- half the bench warehouse -- six times, by created_at or by
-- solved_time.  Two covering indexes (created_at and solved_time, INCLUDE
-- every column those queries group or count by) made the week slices
-- index-only scans, but cost 245 MB per million tickets (more than the
-- table's other three indexes together, against issue 15's storage goal)
-- and two more builds in every first load, for 6 % of the report: 54.2 s
-- with them, 57.7 s without, the same bench warehouse and binary, the
-- outputs identical.  The rewrites of the queries themselves (fewer
-- grouping keys, the backlog read once, ids instead of text) are what
-- this migration keeps; a weekly ticket rollup is the next step.

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
