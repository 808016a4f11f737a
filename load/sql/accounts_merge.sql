-- Accounts: the last row of the most recently loaded CRM export wins; an
-- identical row is unchanged.  Returns staged, distinct, inserted, updated.
-- $1 = file_id.
WITH best AS (
    SELECT DISTINCT ON (account_id) *
      FROM stage_accounts
     ORDER BY account_id, ord DESC
), merged AS (
    INSERT INTO prodops.accounts AS a (account_id, name, domain, plan, segment,
                                       region, arr, owner, extra, file_id)
    SELECT account_id, name, domain, plan, segment, region, arr, owner, extra,
           $1::bigint
      FROM best
    ON CONFLICT (account_id) DO UPDATE SET
        name = excluded.name, domain = excluded.domain, plan = excluded.plan,
        segment = excluded.segment, region = excluded.region,
        arr = excluded.arr, owner = excluded.owner, extra = excluded.extra,
        file_id = excluded.file_id
    WHERE (excluded.name, excluded.domain, excluded.plan, excluded.segment,
           excluded.region, excluded.arr, excluded.owner, excluded.extra)
          IS DISTINCT FROM
          (a.name, a.domain, a.plan, a.segment, a.region, a.arr, a.owner,
           a.extra)
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM stage_accounts),
       (SELECT count(*) FROM best),
       count(*) FILTER (WHERE inserted),
       count(*) FILTER (WHERE NOT inserted)
  FROM merged;
