-- SPEC §6: a ticket counts as solved at its solved time, else (solved or
-- closed without one) at its updated_at.  Stored, so that reports find
-- the week's solved tickets and the backlog by index: (created_at,
-- solved_time) answers "created before end, not solved by end" from the
-- index alone, and replaces the plain created_at and solved_at indexes.
ALTER TABLE prodops.tickets ADD COLUMN solved_time timestamptz
    GENERATED ALWAYS AS (coalesce(solved_at,
                                  CASE WHEN status IN ('solved', 'closed')
                                       THEN updated_at END)) STORED;
DROP INDEX prodops.tickets_created_at;
DROP INDEX prodops.tickets_solved_at;
CREATE INDEX tickets_created_solved ON prodops.tickets (created_at, solved_time);
CREATE INDEX tickets_solved_time ON prodops.tickets (solved_time);

-- SPEC §6 NPS: each response is +1 (promoter), 0 or -1 (detractor), so
-- nps = 100 x avg(sign) and, as E[sign^2] = p + d, nps_moe95 = 1.96 x 100 x
-- sqrt(var_pop(sign) / n).  No
-- score (an outer join's empty week) is no sign: NULL, skipped by avg.  An inlinable SQL function: the built-in avg
-- and var_pop do the work (an aggregate written in SQL costs a function
-- call per row).
CREATE FUNCTION prodops.nps_sign(score smallint)
RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN score >= 9 THEN 1 WHEN score <= 6 THEN -1
                WHEN score IS NOT NULL THEN 0 END
$$;

-- Usage by local day of a report zone (SPEC §6 counts users per day of the
-- report's calendar): from the daily rollup when the zone is UTC (its days
-- are UTC days), else from the events themselves, for local days
-- [first, last).  One SELECT, so the planner inlines it and prunes the
-- branch the zone rules out.
CREATE FUNCTION prodops.usage_days(first date, last date, zone text)
RETURNS TABLE (day date, user_key text, event_name text, account_id text,
               events bigint)
LANGUAGE sql STABLE AS $$
    SELECT d.day, d.user_key, d.event_name, d.account_id, d.events
      FROM prodops.usage_daily d
     WHERE zone = 'UTC' AND d.day >= first AND d.day < last
    UNION ALL
    SELECT (e.event_time AT TIME ZONE zone)::date, e.user_key, e.event_name,
           e.account_id, e.event_count::bigint
      FROM prodops.usage_events e
     WHERE zone <> 'UTC'
       AND e.event_time >= first::timestamp AT TIME ZONE zone
       AND e.event_time < last::timestamp AT TIME ZONE zone
$$;

-- The n ISO weeks of a report zone that end at end (a local Monday
-- midnight), oldest first, as instants: trends in every report use them.
CREATE FUNCTION prodops.report_weeks(finish timestamptz, zone text, n int)
RETURNS TABLE (label text, start timestamptz, stop timestamptz,
               first_day date, last_day date)
LANGUAGE sql STABLE AS $$
    SELECT to_char(w, 'IYYY-"W"IW'), w AT TIME ZONE zone,
           (w + interval '7 days') AT TIME ZONE zone, w::date,
           (w + interval '7 days')::date
      FROM generate_series((finish AT TIME ZONE zone) - n * interval '1 week',
                           (finish AT TIME ZONE zone) - interval '1 week',
                           interval '1 week') w
$$;
