-- SPEC §3: accounts loaded after the rows they own still apply.  Set-based
-- with the lookups of migration 002; only rows whose account changes are
-- written.
UPDATE prodops.tickets t
   SET account_id = r.account_id
  FROM (SELECT x.source, x.external_id,
               coalesce(a1.account_id, a2.account_id, a3.account_id)
                   AS account_id
          FROM prodops.tickets x
          LEFT JOIN prodops.accounts a1 ON a1.account_id = x.account_ref
          LEFT JOIN prodops.account_by_name a2
                 ON a2.lname = lower(x.organization)
          LEFT JOIN prodops.account_by_domain a3
                 ON a3.domain = x.requester_domain) r
 WHERE t.source = r.source AND t.external_id = r.external_id
   AND t.account_id IS DISTINCT FROM r.account_id;

UPDATE prodops.nps_responses t
   SET account_id = r.account_id
  FROM (SELECT x.source, x.external_id,
               coalesce(a1.account_id, a2.account_id, a3.account_id)
                   AS account_id
          FROM prodops.nps_responses x
          LEFT JOIN prodops.accounts a1 ON a1.account_id = x.account_ref
          LEFT JOIN prodops.account_by_name a2
                 ON a2.lname = lower(x.organization)
          LEFT JOIN prodops.account_by_domain a3
                 ON a3.domain = x.respondent_domain) r
 WHERE t.source = r.source AND t.external_id = r.external_id
   AND t.account_id IS DISTINCT FROM r.account_id;

-- Usage (migration 014): the people whose account changes, then the
-- rollup rows of their (source, user key) (migration 015: source_id,
-- person_id): each gets the greatest account of its events, as if they
-- had been loaded with today's accounts.  One statement sees one
-- snapshot, so the new accounts are read from r, not from the updated
-- dictionary.
WITH r AS (
    SELECT x.user_ref, x.source_id, x.person_id, x.account_id AS old,
           coalesce(a1.account_id, a3.account_id) AS account_id
      FROM prodops.usage_users x
      LEFT JOIN prodops.accounts a1 ON a1.account_id = nullif(x.account_ref, '')
      LEFT JOIN prodops.account_by_domain a3
             ON a3.domain = nullif(x.email_domain, '')
), changed AS (
    UPDATE prodops.usage_users t
       SET account_id = r.account_id
      FROM r
     WHERE t.user_ref = r.user_ref
       AND t.account_id IS DISTINCT FROM r.account_id
), touched AS (
    SELECT r.user_ref, r.source_id, r.person_id, r.account_id
      FROM r
     WHERE (r.source_id, r.person_id) IN
           (SELECT source_id, person_id FROM r
             WHERE old IS DISTINCT FROM account_id)
), g AS (
    SELECT (e.event_time AT TIME ZONE 'UTC')::date AS day, e.source_id,
           t.person_id, e.name_id, max(t.account_id) AS account_id
      FROM prodops.events e
      JOIN touched t ON t.user_ref = e.user_ref
     GROUP BY 1, 2, 3, 4
), daily AS (
    UPDATE prodops.rollup_daily d
       SET account_id = g.account_id
      FROM g
     WHERE d.day = g.day AND d.source_id = g.source_id
       AND d.person_id = g.person_id AND d.name_id = g.name_id
       AND d.account_id IS DISTINCT FROM g.account_id
)
UPDATE prodops.rollup_user_days u
   SET account_id = c.account_id
  FROM (SELECT day, source_id, person_id, max(account_id) AS account_id
          FROM g
         GROUP BY 1, 2, 3) c
 WHERE u.day = c.day AND u.source_id = c.source_id
   AND u.person_id = c.person_id
   AND u.account_id IS DISTINCT FROM c.account_id;

-- Feature requests (issue 17), as tickets.
UPDATE prodops.requests t
   SET account_id = r.account_id
  FROM (SELECT x.source, x.external_id,
               coalesce(a1.account_id, a2.account_id, a3.account_id)
                   AS account_id
          FROM prodops.requests x
          LEFT JOIN prodops.accounts a1 ON a1.account_id = x.account_ref
          LEFT JOIN prodops.account_by_name a2
                 ON a2.lname = lower(x.organization)
          LEFT JOIN prodops.account_by_domain a3
                 ON a3.domain = x.author_domain) r
 WHERE t.source = r.source AND t.external_id = r.external_id
   AND t.account_id IS DISTINCT FROM r.account_id;
