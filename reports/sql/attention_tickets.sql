-- SPEC §10 attention, the ticket families: one row per report week (i,
-- covered, label; every other column NULL), one per account (i -1, its
-- plan, segment, region, id, name and ARR; every other column NULL), then
-- one per ticket (covered and label NULL) with its week, its own cells
-- (the view attention_tickets, migration 013: product area, theme,
-- channel, priority), its account's id, hours and bits, for the report
-- week ending at $1 (timestamptz) and the 13 ISO weeks before it (zone
-- $2).  reports/attention_stream.c gives each ticket its account's cells
-- and groups them into the families' facts.  Issue 15: the account's
-- five columns on each of 570 k ticket rows were two thirds of an axis'
-- server time (the join, and the text of every value: 1.6 s against 0.6
-- for the created axis); the view's join is left out when no account
-- column is read (the key is unique).  $3:
-- the tickets' data_through (a date, NULL without data), $4 their first
-- day (data_through.sql).  $5, the time axis:
--   created: the tickets created in the weeks, hours the first reply's
--            (first_reply_at - created_at; NULL without one):
--            tickets_created per week and combination of cells, and
--            first_reply_hours_median (SPEC §6) per week and cell;
--   solved:  the tickets solved in them (solved_time, migration 005),
--            hours the resolution's (solved_time - created_at), and what
--            the rates count of each, bits: 1 rated (satisfaction good or
--            bad), 2 rated good, 4 its export reports reopens (reopens IS
--            NOT NULL: Freshdesk and Jira exports have no such column), 8
--            reopened: csat_pct and reopen_rate_pct per week and
--            combination, resolution_hours_median per week and cell;
--   backlog: one row per ticket and week it is open at the end of
--            (created before the week's end, not solved by it; hours and
--            bits NULL): backlog_end per week and cell.
-- Issue 15: the server grouped each family itself, six reads of 14 weeks
-- of the wide tickets table (1.3-2.8 s each at 1 M tickets, the medians
-- and the backlog 3.2-5.5 s in nine grouping sets); one read per axis
-- now serves every family of it.
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
SELECT -1, NULL, NULL, NULL, NULL, NULL, NULL,
       coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
       coalesce(a.region, 'unknown'), a.account_id,
       coalesce(a.name, a.account_id), a.arr::float8, NULL, NULL
  FROM prodops.accounts a
UNION ALL
-- A ticket's week is arithmetic on its local day, (the report week's end
-- - 1 - day) / 7, within one range of the 14 weeks: joined to the weeks
-- by range, each ticket was compared with each of the 14.
SELECT (($1::timestamptz AT TIME ZONE $2)::date - 1
        - (t.created_at AT TIME ZONE $2)::date) / 7,
       NULL, NULL, t.product_area, t.theme, t.channel, t.priority, NULL,
       NULL, NULL, t.account_id, NULL, NULL,
       extract(epoch FROM t.first_reply_at - t.created_at)::float8 / 3600,
       NULL
  FROM prodops.attention_tickets t
 WHERE $5::text = 'created'
   AND t.created_at >= (SELECT min(start) FROM w)
   AND t.created_at < (SELECT max(stop) FROM w)
UNION ALL
-- The same arithmetic by solved_time measured no gain (1.5 s either
-- way): joined by range.
SELECT w.i, NULL, NULL, t.product_area, t.theme, t.channel, t.priority,
       NULL, NULL, NULL, t.account_id, NULL, NULL,
       extract(epoch FROM t.solved_time - t.created_at)::float8 / 3600,
       CASE t.satisfaction WHEN 'good' THEN 3 WHEN 'bad' THEN 1 ELSE 0 END
       + CASE WHEN t.reopens > 0 THEN 12
              WHEN t.reopens IS NOT NULL THEN 4 ELSE 0 END
  FROM w JOIN prodops.attention_tickets t
    ON t.solved_time >= w.start AND t.solved_time < w.stop
 WHERE $5::text = 'solved'
UNION ALL
-- The backlog: one read of the tickets open at the end of some week
-- (created before the last week's end, unsolved at the first week's
-- end).  A ticket is open at the ends of a run of weeks: those after its
-- creation and not after its solving, which width_bucket() counts in the
-- weeks' sorted ends (created_at < stop <= solved).  Joined per week
-- through the created_at index it read every older ticket 14 times (10 M
-- index entries and heap rows, 11 s at 1 M tickets); joined to the 14
-- weeks in memory, it compared each of 550 k tickets with each (7.7 M
-- comparisons, 3.1 s of the 3.7).
SELECT k.i, NULL, NULL, t.product_area, t.theme, t.channel, t.priority,
       NULL, NULL, NULL, t.account_id, NULL, NULL,
       NULL, NULL
  FROM (SELECT array_agg(stop ORDER BY stop) AS stops FROM w) e
 CROSS JOIN prodops.attention_tickets t
 CROSS JOIN LATERAL generate_series(
           cardinality(e.stops)
             - coalesce(width_bucket(t.solved_time, e.stops),
                        cardinality(e.stops)),
           cardinality(e.stops) - 1
             - width_bucket(t.created_at, e.stops)) k(i)
 WHERE $5::text = 'backlog'
   AND t.created_at < (SELECT max(stop) FROM w)
   AND (t.solved_time IS NULL
        OR t.solved_time >= (SELECT min(stop) FROM w));
