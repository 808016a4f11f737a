-- SPEC §6 "As of" for usage, once: the newest event time the reports
-- date usage by (the rollup's newest UTC day, its key leading with day,
-- then that day's newest event through the BRIN index on event_time, not
-- a scan of every partition; the day's end should that day's events be
-- gone, the rollup being what the reports count) and the rollup's first
-- (UTC) day; both NULL without usage.  data_through.sql and the weekly
-- quality line (weekly_quality.sql, which serves the weekly report's
-- data_through since issue 15) both read it.
CREATE FUNCTION prodops.usage_data_bounds()
RETURNS TABLE (newest timestamptz, first date)
LANGUAGE sql STABLE AS $$
    WITH d AS (
        SELECT max(day) AS day, min(day) AS first
          FROM prodops.rollup_user_days
    )
    SELECT coalesce(max(e.event_time),
                    (d.day + 1)::timestamp AT TIME ZONE 'UTC'
                        - interval '1 microsecond'),
           d.first
      FROM d
      LEFT JOIN prodops.usage_events e
             ON e.event_time >= d.day::timestamp AT TIME ZONE 'UTC'
            AND e.event_time < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
     GROUP BY d.day, d.first
$$;
