-- PM handoff accounts.csv: the accounts with a ticket or an NPS response
-- of the area in [$1, $2) (tickets: product area in $3 or themes meeting
-- $4; responses: themes meeting $4), with their users of the area's
-- events (LIKE patterns $5) over the period's local days in zone $6; the
-- most tickets first, then the most detractors.  Columns in the order of
-- reports/handoff.c's account_cols[].
WITH b AS (
    SELECT ($1::timestamptz AT TIME ZONE $6)::date AS p0,
           ($2::timestamptz AT TIME ZONE $6)::date AS p1
), tk AS (
    SELECT t.account_id, count(*) AS tickets,
           count(*) FILTER (WHERE t.priority IN ('high', 'urgent')) AS urgent
      FROM prodops.tickets t
     WHERE t.created_at >= $1::timestamptz AND t.created_at < $2::timestamptz
       AND t.account_id IS NOT NULL
       AND (lower(t.product_area) = ANY (SELECT lower(x)
                                           FROM unnest($3::text[]) x)
            OR t.themes && $4::text[])
     GROUP BY 1
), np AS (
    SELECT n.account_id, count(*) AS responses,
           count(*) FILTER (WHERE n.score <= 6) AS detractors,
           round(avg(n.score), 2) AS mean
      FROM prodops.nps_responses n
     WHERE n.responded_at >= $1::timestamptz
       AND n.responded_at < $2::timestamptz
       AND n.account_id IS NOT NULL AND n.themes && $4::text[]
     GROUP BY 1
), us AS (
    SELECT d.account_id, count(DISTINCT d.user_key) AS users
      FROM b, prodops.usage_days(b.p0, b.p1, $6) d
     WHERE cardinality($5::text[]) > 0
       AND d.event_name LIKE ANY ($5::text[]) AND d.account_id IS NOT NULL
     GROUP BY 1
), k AS (
    SELECT account_id FROM tk UNION SELECT account_id FROM np
)
SELECT k.account_id, a.name, a.plan, a.segment, a.region, a.arr,
       coalesce(tk.tickets, 0), coalesce(tk.urgent, 0),
       coalesce(np.detractors, 0), coalesce(np.responses, 0), np.mean,
       coalesce(us.users, 0)
  FROM k
  LEFT JOIN prodops.accounts a USING (account_id)
  LEFT JOIN tk USING (account_id)
  LEFT JOIN np USING (account_id)
  LEFT JOIN us USING (account_id)
 ORDER BY coalesce(tk.tickets, 0) DESC, coalesce(np.detractors, 0) DESC,
          a.arr DESC NULLS LAST, k.account_id;
