-- SPEC §6 account health as of $1 (zone $2 for usage days), one object per
-- account, least healthy first (revised: the first version scored flat
-- usage 50, so no account could be green).
--   usage   = clamp(100 x active users of the last 30 days / the 30 before,
--             0, 100); 100 when only the last window has users, 0 when
--             neither has;
--   nps     = (the account's NPS over the last 90 days + 100) / 2, the NPS
--             computed as the company's (100 x mean of +1/0/-1); 50 without
--             responses -- a 0-100 score, never shown as "NPS";
--   support = clamp(100 - 100 x high/urgent tickets created in the last 30
--             days / max(10, active users of the last 30 days), 0, 100);
--   health  = round(0.5 usage + 0.3 nps + 0.2 support): green >= 70, amber
--             40-69, red < 40.
-- Every score is numeric, not double precision: SPEC §6's round is half
-- away from zero on exact decimals (25.5 -> 26, 24.5 -> 25), which is
-- round(numeric); round(double precision) rounds half to even and made
-- some accounts a point low.  The JSON carries the scores as numbers.
WITH b AS (
    SELECT ($1::timestamptz AT TIME ZONE $2)::date AS p1
), u AS (
    -- A user is counted by its person_id (migration 023, one per
    -- user_key), its day's account the greatest of its sources', as
    -- usage_user_days() has it without the text keys (issue 15).  Only
    -- the days with an account are read: max() skips NULLs, so a day's
    -- greatest account is the same without them, and a day with none is
    -- left out either way (9 in 10 of the report bench's user days have
    -- none: the server's time 1.85 -> 1.36 s in Asia/Kathmandu).
    SELECT d.account_id,
           count(DISTINCT d.person_id) FILTER (WHERE d.day >= b.p1 - 30) AS last,
           count(DISTINCT d.person_id) FILTER (WHERE d.day < b.p1 - 30) AS prev
      FROM b, (SELECT x.day, x.person_id, max(x.account_id) AS account_id
                 FROM b, prodops.usage_person_days(b.p1 - 60, b.p1, $2) x
                WHERE x.account_id IS NOT NULL
                GROUP BY 1, 2) d
     GROUP BY d.account_id
), n AS (
    -- avg() of integers is numeric: the score stays an exact decimal.
    SELECT account_id, 100 * avg(prodops.nps_sign(score)) AS nps
      FROM prodops.nps_responses
     WHERE responded_at >= $1::timestamptz - interval '90 days'
       AND responded_at < $1::timestamptz AND account_id IS NOT NULL
     GROUP BY account_id
), s AS (
    SELECT account_id, count(*) AS urgent
      FROM prodops.tickets
     WHERE created_at >= $1::timestamptz - interval '30 days'
       AND created_at < $1::timestamptz AND priority IN ('high', 'urgent')
       AND account_id IS NOT NULL
     GROUP BY account_id
), scored AS (
    SELECT a.account_id, a.name, a.plan, a.segment, a.region, a.arr,
           CASE WHEN coalesce(u.prev, 0) > 0
                THEN least(100.0 * coalesce(u.last, 0) / u.prev, 100)
                WHEN coalesce(u.last, 0) > 0 THEN 100.0 ELSE 0.0 END AS usage,
           coalesce((n.nps + 100) / 2, 50.0) AS nps,
           greatest(100.0 - 100.0 * coalesce(s.urgent, 0)
                                / greatest(10, coalesce(u.last, 0)), 0)
               AS support,
           coalesce(u.last, 0) AS active_users_30d,
           coalesce(u.prev, 0) AS active_users_prev_30d
      FROM prodops.accounts a
      LEFT JOIN u USING (account_id)
      LEFT JOIN n USING (account_id)
      LEFT JOIN s USING (account_id)
)
SELECT coalesce(json_agg(json_build_object(
           'account_id', account_id, 'name', name, 'plan', plan,
           'segment', segment, 'region', region, 'arr', arr,
           'health', health, 'usage', usage::float8, 'nps', nps::float8,
           'support', support::float8,
           'rag', CASE WHEN health >= 70 THEN 'green'
                       WHEN health >= 40 THEN 'amber' ELSE 'red' END,
           'active_users_30d', active_users_30d,
           'active_users_prev_30d', active_users_prev_30d)
       ORDER BY health, account_id), '[]')
  FROM (SELECT *,
               round(0.5 * usage + 0.3 * nps + 0.2 * support)::int AS health
          FROM scored) x;
