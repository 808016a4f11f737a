-- Issue 14 §1, SPEC §10: what the attention queries (reports/sql/
-- attention_*.sql) share, defined once.
--
-- attention_tickets: one row per ticket with the cells of its breakdowns
-- (SPEC §10's dimensions) and its account's name and ARR.  A missing
-- value is a cell of its own ('unknown'; a ticket without themes is in
-- theme 'none'); the theme is the first one, so a ticket counts once in
-- every dimension; a ticket without an account is in no account cell
-- (account_id NULL).  A plain view: the planner inlines it, so a query's
-- range on created_at or solved_time still reads the index of migration
-- 005.
CREATE VIEW prodops.attention_tickets AS
SELECT t.created_at, t.solved_time, t.first_reply_at, t.satisfaction,
       t.reopens, t.subject,
       coalesce(t.product_area, 'unknown') AS product_area,
       coalesce(t.themes[1], 'none') AS theme,
       coalesce(t.channel, 'unknown') AS channel,
       coalesce(t.priority, 'unknown') AS priority,
       coalesce(a.plan, 'unknown') AS plan,
       coalesce(a.segment, 'unknown') AS segment,
       coalesce(a.region, 'unknown') AS region,
       t.account_id,
       coalesce(a.name, t.account_id, 'unknown') AS account_name,
       a.arr::float8 AS arr
  FROM prodops.tickets t
  LEFT JOIN prodops.accounts a ON a.account_id = t.account_id;

-- The report week ending at finish (i = 0) and the 13 ISO weeks before it
-- (i = 1-13) in zone, each covered when the data covers it completely:
-- its first day on or after the data's first day (first) and its last day
-- on or before the data's data_through (through, SPEC §6).  NULL first or
-- through (no data): nothing is covered.
CREATE FUNCTION prodops.attention_weeks(finish timestamptz, zone text,
                                        first date, through date)
RETURNS TABLE (i int, label text, start timestamptz, stop timestamptz,
               first_day date, last_day date, covered boolean)
LANGUAGE sql STABLE AS $$
    SELECT (14 - row_number() OVER (ORDER BY w.start))::int, w.label,
           w.start, w.stop, w.first_day, w.last_day,
           coalesce(first <= w.first_day AND through >= w.last_day - 1, false)
      FROM prodops.report_weeks(finish, zone, 14) w
$$;
