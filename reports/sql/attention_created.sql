-- SPEC §10 attention, the tickets created in the report week ending at $1
-- (timestamptz) and in each of the 13 ISO weeks before it (zone $2): one
-- row per week (i, covered, label; every other column NULL), then one per
-- ticket (covered and label NULL) with its week, its cells (the view
-- attention_tickets, migration 013), account name, ARR and first reply
-- hours (first_reply_at - created_at; NULL without a first reply).
-- reports/attention_stream.c groups them into two families: the ticket
-- counts per week and combination of cells (tickets_created), and
-- first_reply_hours_median (SPEC §6) per week and cell.  $3: the tickets'
-- data_through (a date, NULL without data), $4 their first day
-- (data_through.sql).
-- Issue 15: the counts were grouped by the server and the first reply
-- sent per ticket, two reads of the same 14 weeks of tickets (2.8 and
-- 1.3 s at 1 M tickets); one read now serves both.
-- A ticket's week is arithmetic on its local day, (the report week's end
-- - 1 - day) / 7, within one range of the 14 weeks: joined to the weeks
-- by range, each ticket was compared with each of the 14.
-- (SELECT $4): the first day as a sub-select: with a plain parameter the
-- planner inlines attention_weeks(), and its estimates then pick other
-- plans (a nested loop over all the tickets).
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
SELECT (($1::timestamptz AT TIME ZONE $2)::date - 1
        - (t.created_at AT TIME ZONE $2)::date) / 7,
       NULL, NULL, t.product_area, t.theme, t.channel, t.priority, t.plan,
       t.segment, t.region, t.account_id, t.account_name, t.arr,
       extract(epoch FROM t.first_reply_at - t.created_at)::float8 / 3600,
       NULL
  FROM prodops.attention_tickets t
 WHERE t.created_at >= (SELECT min(start) FROM w)
   AND t.created_at < (SELECT max(stop) FROM w);
