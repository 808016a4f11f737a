-- SPEC §10 attention, levels: a value per week and cell that does not add
-- up over cells -- a median or the backlog -- from one row per ticket,
-- which reports/attention_levels.c groups and measures.  The rows: one
-- per report week (i, covered, label; every other column NULL), then one
-- per ticket and week it counts in (covered and label NULL), with the
-- ticket's cells in the columns of attention_tickets.sql, account_name,
-- arr and hours.  $5 picks the level (SPEC §6):
--   first_reply: first_reply_hours_median, tickets created in the week
--                with a first reply, first_reply_at - created_at in hours;
--   resolution:  resolution_hours_median, tickets solved in the week,
--                solved_time - created_at in hours;
--   backlog:     backlog_end, tickets created before the week's end and
--                not solved by it (hours NULL: the value is their count).
-- $1 the report week's end, $2 the zone, $3 the tickets' data_through,
-- $4 their first day (data_through.sql: the table's oldest created_at is
-- a scan since migration 027's BRIN, once per report, not per family).
-- The week slices are index-only scans of migration 023's indexes; the
-- backlog reads the tickets open at some week's end once (issue 15).
-- The medians were the server's, percentile_cont in nine grouping sets:
-- at 1 M tickets 3.5 s (first reply) and 5.5 s (resolution), against
-- 1.2 and 1.7 s to stream the rows; the backlog 3.2 s against 2.8 s.
-- (SELECT $4): see attention_tickets.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
), x AS (
    -- Only the columns grouped or measured: every row is sent.
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
    -- end).  A ticket is open at the ends of a run of weeks: those after
    -- its creation and not after its solving, which width_bucket()
    -- counts in the weeks' sorted ends (created_at < stop <= solved).
    -- Joined per week through the created_at index it read every older
    -- ticket 14 times (10 M index entries and heap rows, 11 s at 1 M
    -- tickets); joined to the 14 weeks in memory, it compared each of
    -- 550 k tickets with each (7.7 M comparisons, 3.1 s of the 3.7).
    SELECT k.i, t.product_area, t.theme, t.channel, t.priority, t.plan,
           t.segment, t.region, t.account_id, t.account_name, t.arr, NULL
      FROM (SELECT array_agg(stop ORDER BY stop) AS stops FROM w) e
     CROSS JOIN prodops.attention_tickets t
     CROSS JOIN LATERAL generate_series(
               cardinality(e.stops)
                 - coalesce(width_bucket(t.solved_time, e.stops),
                            cardinality(e.stops)),
               cardinality(e.stops) - 1
                 - width_bucket(t.created_at, e.stops)) k(i)
     WHERE t.created_at < (SELECT max(stop) FROM w)
       AND (t.solved_time IS NULL
            OR t.solved_time >= (SELECT min(stop) FROM w))
       AND $5::text = 'backlog'
)
-- covered NOT NULL marks a week row (the facts read NULL as false).
SELECT w.i, coalesce(w.covered, false), w.label, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::float8, NULL::float8
  FROM w
UNION ALL
SELECT x.i, NULL, NULL, x.product_area, x.theme, x.channel, x.priority,
       x.plan, x.segment, x.region, x.account_id, x.account_name, x.arr,
       x.hours
  FROM x;
