-- SPEC §10 attention, the ticket families: one row per report week (kind
-- 0: its number i, covered, label), one per account (kind 1: its plan,
-- segment, region, id, name and ARR), then one per ticket (kind 2) that
-- some family counts: its own cells (the view attention_tickets,
-- migration 013: product area, theme, channel, priority), its account's
-- id, and where it falls on each time axis, for the report week ending at
-- $1 (timestamptz) and the 13 ISO weeks before it (zone $2).  Every other
-- column of a row is NULL.  reports/attention_stream.c gives each ticket
-- its account's cells and groups the tickets into the families' facts.
-- $3: the tickets' data_through (a date, NULL without data), $4 their
-- first day (data_through.sql).  A ticket row's axes:
--   created:  the week it was created in (NULL: none of the 14) and its
--             first reply's time, whose hours after created_at (the
--             last column) the report takes (NULL without one):
--             tickets_created per week and combination of cells,
--             first_reply_hours_median (SPEC §6) per week and cell;
--   solved:   the week it was solved in (solved_time, migration 005;
--             NULL: none of the 14), solved_time for the resolution's
--             hours (solved_time - created_at), and what the rates count
--             of it, bits: 1 rated (satisfaction good or bad), 2 rated good,
--             4 its export reports reopens (reopens IS NOT NULL: Freshdesk
--             and Jira exports have no such column), 8 reopened: csat_pct
--             and reopen_rate_pct per week and combination,
--             resolution_hours_median per week and cell;
--   open:     the weeks it is open at the end of (created before the
--             week's end, not solved by it), open_first to open_last
--             (none when open_first > open_last): backlog_end per week
--             and cell.
-- Issue 15: one read of the tickets for the three axes.  One statement
-- per axis read the wide tickets table three times and sent each ticket
-- up to 1 + 1 + 14 times (1.4 M rows, 88 MB of text; the axes 1.0, 1.3
-- and 1.5 s of server time at 1 M tickets, together 2.1 s).
-- Accounts once: the account's five columns on each ticket row were two
-- thirds of an axis' server time (the join, and the text of every value);
-- the view's join is left out when no account column is read (the key is
-- unique).
-- The hours as times: the statement is read through a BINARY cursor
-- (reports/attention_stream.c), and the report divides the microseconds
-- between two times by 1e6 and 3600 in float8, the value
-- extract(epoch FROM a - b)::float8 / 3600 has (both are the nearest
-- double of the exact seconds, then the same division).  The numeric
-- extract() was a fifth of the statement's time on the server (1.3 ->
-- 1.05 CPU-s at the report bench warehouse, issue 15).
-- (SELECT $4): the first day as a sub-select: with a plain parameter the
-- planner inlines attention_weeks(), and its estimates then pick other
-- plans (a nested loop over all the tickets).
WITH w AS (
    SELECT * FROM prodops.attention_weeks(
               $1::timestamptz, $2,
               (SELECT $4::date), $3::date)
),
e AS (
    SELECT array_agg(stop ORDER BY stop) AS stops, min(start) AS first,
           max(stop) AS last
      FROM w
)
SELECT 0, w.i, coalesce(w.covered, false), w.label, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
       NULL::text, NULL::text, NULL::float8, NULL::int, NULL::timestamptz,
       NULL::int, NULL::timestamptz, NULL::int, NULL::int, NULL::int,
       NULL::timestamptz
  FROM w
UNION ALL
SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       coalesce(a.plan, 'unknown'), coalesce(a.segment, 'unknown'),
       coalesce(a.region, 'unknown'), a.account_id,
       coalesce(a.name, a.account_id), a.arr::float8, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL
  FROM prodops.accounts a
UNION ALL
-- A week on the created and solved axes is arithmetic on the local day,
-- (the report week's end - 1 - day) / 7, within the 14 weeks' range
-- (they are whole local days, one after another): joined to the weeks by
-- range, each ticket was compared with each of the 14.  The open weeks
-- are a run, those after its creation and not after its solving, which
-- width_bucket() counts in the weeks' sorted ends (created_at < stop <=
-- solved_time): 14 - (ends <= solved_time) to 13 - (ends <= created_at).
SELECT 2, NULL, NULL, NULL, t.product_area, t.theme, t.channel, t.priority,
       NULL, NULL, NULL, t.account_id, NULL, NULL,
       CASE WHEN t.created_at >= e.first THEN
           (($1::timestamptz AT TIME ZONE $2)::date - 1
            - (t.created_at AT TIME ZONE $2)::date) / 7
       END,
       t.first_reply_at,
       CASE WHEN t.solved_time >= e.first AND t.solved_time < e.last THEN
           (($1::timestamptz AT TIME ZONE $2)::date - 1
            - (t.solved_time AT TIME ZONE $2)::date) / 7
       END,
       t.solved_time,
       CASE t.satisfaction WHEN 'good' THEN 3 WHEN 'bad' THEN 1 ELSE 0 END
       + CASE WHEN t.reopens > 0 THEN 12
              WHEN t.reopens IS NOT NULL THEN 4 ELSE 0 END,
       cardinality(e.stops)
         - coalesce(width_bucket(t.solved_time, e.stops),
                    cardinality(e.stops)),
       cardinality(e.stops) - 1 - width_bucket(t.created_at, e.stops),
       t.created_at
  FROM e CROSS JOIN prodops.attention_tickets t
 WHERE (t.created_at < e.last
        AND (t.created_at >= e.first OR t.solved_time IS NULL
             OR t.solved_time >= e.first))
    OR (t.solved_time >= e.first AND t.solved_time < e.last);
