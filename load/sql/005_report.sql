-- SPEC §6 NPS as aggregates, so every breakdown computes it one way:
-- nps = 100 (promoters - detractors) / responses; nps_moe95 = 1.96 x 100 x
-- sqrt((p + d - (p - d)^2) / n) with p, d the promoter and detractor
-- shares.  Both are null over no responses.  State: {n, promoters,
-- detractors}.
CREATE FUNCTION prodops.nps_step(s bigint[], score smallint)
RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN score IS NULL THEN s
                ELSE ARRAY[s[1] + 1, s[2] + (score >= 9)::int,
                           s[3] + (score <= 6)::int] END
$$;
CREATE FUNCTION prodops.nps_final(s bigint[])
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT 100.0 * (s[2] - s[3]) / nullif(s[1], 0)
$$;
CREATE FUNCTION prodops.nps_moe95_final(s bigint[])
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT 1.96 * 100 * sqrt((p + d - (p - d) ^ 2) / s[1])
      FROM (SELECT s[2]::float8 / nullif(s[1], 0) AS p,
                   s[3]::float8 / nullif(s[1], 0) AS d) x
$$;
CREATE AGGREGATE prodops.nps_of(smallint) (
    SFUNC = prodops.nps_step, STYPE = bigint[],
    FINALFUNC = prodops.nps_final, INITCOND = '{0,0,0}');
CREATE AGGREGATE prodops.nps_moe95_of(smallint) (
    SFUNC = prodops.nps_step, STYPE = bigint[],
    FINALFUNC = prodops.nps_moe95_final, INITCOND = '{0,0,0}');

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
