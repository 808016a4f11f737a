-- SPEC §6 "As of": each family's data_through, the local date in zone $2
-- of its newest timestamp, capped at the day before today ($1, a local
-- date), as days since 1970-01-01 (NULL: the family has no data).
--   tickets: created, updated or solved (a ticket touched on Friday says
--            the export ran on Friday even when nothing new was opened);
--   nps:     responded;
--   usage:   event time.
-- Newest usage: the rollup's newest UTC day (its key leads with day), then
-- the newest event of that day through the BRIN index on event_time, not
-- a scan of every partition.  The day's end stands in should the events
-- of the day be gone (the rollup is what the reports count).
-- Tickets: created_at's newest through its index, updated and solved in
-- one scan of the table (greatest() skips NULLs as max() does, so the
-- newest of the two per row is the newest of both columns): two scans
-- were 0.85 of this statement's 0.9 s at a fifth of the report bench
-- warehouse; one: 1.9 -> 1.3 s (medians of 3, loaded machine; issue 15).
WITH t AS (
    SELECT greatest((SELECT max(created_at) FROM prodops.tickets),
                    (SELECT max(greatest(updated_at, solved_at))
                       FROM prodops.tickets)) AS newest
), n AS (
    SELECT max(responded_at) AS newest FROM prodops.nps_responses
), d AS (
    SELECT max(day) AS day FROM prodops.rollup_user_days
), u AS (
    SELECT coalesce(max(e.event_time),
                    (d.day + 1)::timestamp AT TIME ZONE 'UTC'
                        - interval '1 microsecond') AS newest
      FROM d
      LEFT JOIN prodops.usage_events e
             ON e.event_time >= d.day::timestamp AT TIME ZONE 'UTC'
            AND e.event_time < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
     GROUP BY d.day
)
SELECT x.day - date '1970-01-01'
  FROM t, n, u,
       -- least() skips NULLs: no data must stay NULL, not become yesterday.
       LATERAL (VALUES (1, t.newest), (2, n.newest), (3, u.newest)) v(i, newest),
       LATERAL (SELECT CASE WHEN v.newest IS NOT NULL
                            THEN least((v.newest AT TIME ZONE $2)::date,
                                       $1::date - 1) END AS day) x
 ORDER BY v.i;
