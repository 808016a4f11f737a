-- Issue 13 §3, SPEC §6 "Support operations".
--
-- The vendors' own business-hours durations, as exported, in seconds:
-- Zendesk's "First reply time in minutes within business hours" and "Full
-- resolution time in minutes within business hours", Freshdesk's "First
-- response time (in hrs)" (hh:mm:ss of business time, first_res_time_bhrs
-- in its code).  The reports prefer them, when [business_hours] is
-- configured, to the durations they compute: the vendor applied the
-- helpdesk's own schedule, per group, which prodops.conf cannot express.
ALTER TABLE prodops.tickets ADD COLUMN first_reply_business_secs bigint;
ALTER TABLE prodops.tickets ADD COLUMN resolution_business_secs bigint;

-- Whether the row's export carried a first-reply column at all (a time, a
-- calendar or a business-hours duration): SPEC §6's sla_breach_pct counts
-- only those tickets, since a Jira Service Management export has none and
-- an unknown reply is not a breach.  Set by the loader from the file's
-- header, not from the source's vendor: the user picks Freshdesk's columns.
-- Rows loaded before this migration: a file whose tickets show at least
-- one first reply had the column (a file with the column and not one
-- reply stays false: it counts once reloaded).
ALTER TABLE prodops.tickets
    ADD COLUMN first_reply_reported boolean NOT NULL DEFAULT false;
UPDATE prodops.tickets t SET first_reply_reported = true
  FROM (SELECT file_id FROM prodops.tickets
         GROUP BY file_id HAVING bool_or(first_reply_at IS NOT NULL)) f
 WHERE t.file_id = f.file_id;
ALTER TABLE prodops.tickets ALTER COLUMN first_reply_reported DROP DEFAULT;

-- SPEC §6 [business_hours]: the business calendar of the local days
-- [first, last] in zone.  opens and closes are indexed by ISO weekday
-- (1 = Monday), NULL for a closed day; holidays are closed all day.  Per
-- day: the instants it opens and closes, placed by the local clock (a
-- 09:00 opening is 09:00 on either side of a DST change), and "before",
-- the business seconds of the days from first up to this one.  A
-- timestamp's business position is then before + the open part of its own
-- day up to it (business_at), and a duration the difference of two
-- positions: two hash lookups a ticket, however long it stayed open.
-- Empty when zone is NULL (no [business_hours]).
CREATE FUNCTION prodops.business_days(first date, last date, zone text,
                                      opens interval[], closes interval[],
                                      holidays date[])
RETURNS TABLE (day date, opens_at timestamptz, closes_at timestamptz,
               before float8)
LANGUAGE sql STABLE AS $$
    SELECT day, opens_at, closes_at,
           coalesce(sum(date_part('epoch', closes_at - opens_at))
                        OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING
                                                    AND 1 PRECEDING), 0)
      FROM (SELECT g::date AS day,
                   CASE WHEN g::date <> ALL (coalesce(holidays, '{}'))
                        THEN (g + opens[extract(isodow FROM g)::int])
                             AT TIME ZONE zone END AS opens_at,
                   CASE WHEN g::date <> ALL (coalesce(holidays, '{}'))
                        THEN (g + closes[extract(isodow FROM g)::int])
                             AT TIME ZONE zone END AS closes_at
              FROM generate_series(first::timestamp, last::timestamp,
                                   interval '1 day') g
             WHERE zone IS NOT NULL) d
$$;

-- The business position (seconds) of t on its day of the calendar above:
-- the day's "before" plus the part of its open interval before t.  NULL
-- when t is (greatest() and least() skip NULLs).  Inlined by the planner.
CREATE FUNCTION prodops.business_at(t timestamptz, before float8,
                                    opens_at timestamptz,
                                    closes_at timestamptz)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t IS NOT NULL
                THEN before + coalesce(date_part('epoch',
                                                 least(greatest(t, opens_at),
                                                       closes_at) - opens_at),
                                       0) END
$$;
