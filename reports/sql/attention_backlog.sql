-- SPEC §10 attention, backlog_end (SPEC §6) per week and cell: the
-- tickets created before a week's end and not solved by it, in the report
-- week ending at $1 and the 13 ISO weeks before it (zone $2).  One row per
-- week (i, covered, label; every other column NULL), then one per ticket
-- and week it is open at the end of (covered and label NULL), with its
-- cells (attention_tickets, migration 013), account name and ARR, in the
-- columns of attention_created.sql (hours and bits NULL);
-- reports/attention_stream.c counts them per week and cell.  $3 the
-- tickets' data_through, $4 their first day (data_through.sql).
-- Issue 15: the count was the server's, in nine grouping sets (3.2 s at
-- 1 M tickets, against 2.8 s to send the rows).
-- (SELECT $4): see attention_created.sql (keeps the plans).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
)
-- covered NOT NULL marks a week row (the stream reads NULL as false).
SELECT w.i, coalesce(w.covered, false), w.label, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::float8, NULL::float8, NULL::int
  FROM w
UNION ALL
-- One read of the tickets open at the end of some week (created before
-- the last week's end, unsolved at the first week's end).  A ticket is
-- open at the ends of a run of weeks: those after its creation and not
-- after its solving, which width_bucket() counts in the weeks' sorted
-- ends (created_at < stop <= solved).  Joined per week through the
-- created_at index it read every older ticket 14 times (10 M index
-- entries and heap rows, 11 s at 1 M tickets); joined to the 14 weeks in
-- memory, it compared each of 550 k tickets with each (7.7 M
-- comparisons, 3.1 s of the 3.7).
SELECT k.i, NULL, NULL, t.product_area, t.theme, t.channel, t.priority,
       t.plan, t.segment, t.region, t.account_id, t.account_name, t.arr,
       NULL, NULL
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
        OR t.solved_time >= (SELECT min(stop) FROM w));
