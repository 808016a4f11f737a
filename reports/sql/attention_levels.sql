-- SPEC §10 attention, levels: a value per week and cell that does not add
-- up over cells, so the server computes it per cell (GROUPING SETS), one
-- row per week for the total (every cell column NULL) and one per week
-- and value of each dimension (only that column set), in the columns of
-- attention_tickets.sql: n the tickets behind the value, the promoters
-- column the value.  $5 picks the level (SPEC §6):
--   first_reply: first_reply_hours_median, tickets created in the week
--                with a first reply, first_reply_at - created_at in hours;
--   resolution:  resolution_hours_median, tickets solved in the week,
--                solved_time - created_at in hours;
--   backlog:     backlog_end, tickets created before the week's end and
--                not solved by it (the value is n itself).
-- Medians are percentile_cont, as the weekly report's.  $1 the report
-- week's end, $2 the zone, $3 the tickets' data_through, $4 their first
-- day (data_through.sql: the table's oldest created_at is a scan since
-- migration 027's BRIN, once per report, not per family).  A week without
-- tickets has its total row only (n = 0); a ticket without an account is
-- in no account row.  The week slices are index-only scans of migration
-- 023's indexes; the backlog reads the tickets open at some week's end
-- once (issue 15).  1 M tickets, on a loaded 2-core machine: first reply
-- 6-7.5 s, resolution 10-14 s (the medians of nine grouping sets: still
-- the slowest query), backlog 3.9-5.6 s; before: 11.4, 11.4, 16.6 s.
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
), x AS (
    -- Only the columns grouped or measured: t.* carried the subject into
    -- the nine sorts of the grouping sets, which spilled to disk.
    -- First reply: a ticket's week is arithmetic on its local day, (the
    -- report week's end - 1 - day) / 7, within one range of the 14
    -- weeks: joined to the weeks by range, each ticket was compared with
    -- each of the 14 (backend CPU 1.5 -> 1.15 s at a fifth of the bench
    -- warehouse, issue 15).  The same for resolution by solved_time
    -- measured no gain (1.5 s either way): it is left joined by range.
    SELECT (($1::timestamptz AT TIME ZONE $2)::date - 1
            - (t.created_at AT TIME ZONE $2)::date) / 7 AS i,
           t.product_area, t.theme, t.channel, t.priority, t.plan,
           t.segment, t.region, t.account_id, t.account_name, t.arr,
           extract(epoch FROM t.first_reply_at - t.created_at)::float8 / 3600
               AS hours
      FROM prodops.attention_tickets t
     WHERE $5::text = 'first_reply' AND t.first_reply_at IS NOT NULL
       AND t.created_at >= (SELECT min(start) FROM w)
       AND t.created_at < (SELECT max(stop) FROM w)
    UNION ALL
    SELECT w.i, t.product_area, t.theme, t.channel, t.priority, t.plan,
           t.segment, t.region, t.account_id, t.account_name, t.arr,
           extract(epoch FROM t.solved_time - t.created_at)::float8 / 3600
      FROM w JOIN prodops.attention_tickets t
        ON t.solved_time >= w.start AND t.solved_time < w.stop
     WHERE $5::text = 'resolution'
    UNION ALL
    -- The backlog: one read of the tickets open at the end of some week
    -- (created before the last week's end, unsolved at the first week's
    -- end), matched to the weeks in memory.  Joined per week through the
    -- created_at index it read every older ticket 14 times (10 M index
    -- entries and heap rows, 11 s at 1 M tickets).
    SELECT w.i, t.product_area, t.theme, t.channel, t.priority, t.plan,
           t.segment, t.region, t.account_id, t.account_name, t.arr, NULL
      FROM (SELECT t.created_at, t.solved_time, t.product_area, t.theme,
                   t.channel, t.priority, t.plan, t.segment, t.region,
                   t.account_id, t.account_name, t.arr
              FROM prodops.attention_tickets t
             WHERE t.created_at < (SELECT max(stop) FROM w)
               AND (t.solved_time IS NULL
                    OR t.solved_time >= (SELECT min(stop) FROM w))
            OFFSET 0) t
      JOIN w ON t.created_at < w.stop
            AND (t.solved_time IS NULL OR t.solved_time >= w.stop)
     WHERE $5::text = 'backlog'
), g AS (
    -- Grouped by the week's number alone, the weeks joined after: with
    -- the week's label and coverage among the keys (and the weeks joined
    -- to every ticket first), each of the nine sorts compared and carried
    -- them too.  Backend CPU at a fifth of the report bench warehouse,
    -- interleaved runs on a loaded machine: first reply 1.1-1.5 ->
    -- 0.7-1.0 s, resolution 1.3-2.2 -> 0.9-1.6 s, backlog unchanged
    -- (issue 15).
    SELECT x.i, x.product_area, x.theme, x.channel, x.priority, x.plan,
           x.segment, x.region, x.account_id,
           max(x.account_name) AS account_name, max(x.arr) AS arr,
           count(*)::float8 AS n,
           CASE WHEN $5::text = 'backlog' THEN count(*)::float8
                ELSE percentile_cont(0.5) WITHIN GROUP (ORDER BY x.hours)
           END AS value
      FROM x
     GROUP BY GROUPING SETS (
               (x.i), (x.i, x.product_area), (x.i, x.theme), (x.i, x.channel),
               (x.i, x.priority), (x.i, x.plan), (x.i, x.segment),
               (x.i, x.region), (x.i, x.account_id))
    -- A ticket without an account is in no account row.
    HAVING GROUPING(x.account_id) = 1 OR x.account_id IS NOT NULL
)
-- A week without tickets has its total row only (n = 0).
SELECT w.i, w.covered, g.product_area, g.theme, g.channel, g.priority,
       g.plan, g.segment, g.region, g.account_id, g.account_name, g.arr,
       coalesce(g.n, 0) AS n,
       CASE WHEN $5::text = 'backlog' THEN coalesce(g.n, 0) ELSE g.value END,
       0::float8, w.label
  FROM w LEFT JOIN g ON g.i = w.i
 ORDER BY 1;
