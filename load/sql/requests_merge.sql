-- Feature requests (issue 17), SPEC §4 as for tickets: per post the row
-- with the greatest updated_at wins, within the file (ties: the later
-- row) and against the table (ties: the later file, when it differs);
-- re-loading older data never overwrites newer.  Small tables (one row per
-- post, not per vote): one statement, as accounts.  The account is
-- resolved as tickets' (SPEC §3).  Returns staged, distinct, inserted,
-- updated.  $1 = file_id.
WITH best AS (
    SELECT DISTINCT ON (source, external_id) *
      FROM stage_requests
     ORDER BY source, external_id, updated_at DESC, ord DESC
), resolved AS (
    SELECT b.*, coalesce(a1.account_id, a2.account_id, a3.account_id)
                    AS account_id
      FROM best b
      LEFT JOIN prodops.accounts a1 ON a1.account_id = b.account_ref
      LEFT JOIN prodops.account_by_name a2 ON a2.lname = lower(b.organization)
      LEFT JOIN prodops.account_by_domain a3 ON a3.domain = b.author_domain
), merged AS (
    INSERT INTO prodops.requests AS t (
        source, external_id, title, description, status, status_raw, votes,
        author, author_email, author_domain, account_ref, organization,
        account_id, created_at, updated_at, merged_into, tags, extra, file_id)
    SELECT source, external_id, title, description, status, status_raw, votes,
           author, author_email, author_domain, account_ref, organization,
           account_id, created_at, updated_at, merged_into, tags, extra,
           $1::bigint
      FROM resolved
    ON CONFLICT (source, external_id) DO UPDATE SET
        title = excluded.title, description = excluded.description,
        status = excluded.status, status_raw = excluded.status_raw,
        votes = excluded.votes, author = excluded.author,
        author_email = excluded.author_email,
        author_domain = excluded.author_domain,
        account_ref = excluded.account_ref,
        organization = excluded.organization,
        account_id = excluded.account_id, created_at = excluded.created_at,
        updated_at = excluded.updated_at, merged_into = excluded.merged_into,
        tags = excluded.tags, extra = excluded.extra, file_id = excluded.file_id
    WHERE excluded.updated_at > t.updated_at
       OR (excluded.updated_at = t.updated_at
           AND (excluded.title, excluded.description, excluded.status_raw,
                excluded.votes, excluded.author, excluded.author_email,
                excluded.account_ref, excluded.organization,
                excluded.created_at, excluded.merged_into, excluded.tags,
                excluded.extra)
               IS DISTINCT FROM
               (t.title, t.description, t.status_raw, t.votes, t.author,
                t.author_email, t.account_ref, t.organization, t.created_at,
                t.merged_into, t.tags, t.extra))
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM stage_requests),
       (SELECT count(*) FROM best),
       count(*) FILTER (WHERE inserted),
       count(*) FILTER (WHERE NOT inserted)
  FROM merged;
