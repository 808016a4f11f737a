-- SPEC §6 "As of": each family's data_through, the local date in zone $2
-- of its newest timestamp, capped at the day before today ($1, a local
-- date), as days since 1970-01-01 (NULL: the family has no data), and
-- the first day of its data (the second column, NULL likewise), which
-- the attention families' weeks need for their coverage:
--   tickets: created, updated or solved (a ticket touched on Friday says
--            the export ran on Friday even when nothing new was opened);
--            first: the local date of the oldest created_at;
--   nps:     responded; first: the local date of the oldest response;
--   usage:   event time; first: the rollup's first (UTC) day.
-- Newest usage: usage_data_bounds() (migration 030).
-- Tickets: one scan of the table for the newest and the oldest
-- (greatest() skips NULLs as max() does, so the newest of the three per
-- row is the newest of all three columns).  Since migration 027 made
-- created_at's index a BRIN, min() and max() of it are scans of the
-- table too: two scans here and one more in each of the six attention
-- ticket statements, which now take the first day from here (issue 15).
WITH t AS (
    SELECT max(greatest(created_at, updated_at, solved_at)) AS newest,
           min(created_at) AS oldest
      FROM prodops.tickets
), n AS (
    SELECT max(responded_at) AS newest, min(responded_at) AS oldest
      FROM prodops.nps_responses
), u AS (
    SELECT * FROM prodops.usage_data_bounds()
)
SELECT x.day - date '1970-01-01', v.first - date '1970-01-01'
  FROM t, n, u,
       -- least() skips NULLs: no data must stay NULL, not become yesterday.
       LATERAL (VALUES (1, t.newest, (t.oldest AT TIME ZONE $2)::date),
                       (2, n.newest, (n.oldest AT TIME ZONE $2)::date),
                       (3, u.newest, u.first)) v(i, newest, first),
       LATERAL (SELECT CASE WHEN v.newest IS NOT NULL
                            THEN least((v.newest AT TIME ZONE $2)::date,
                                       $1::date - 1) END AS day) x
 ORDER BY v.i;
