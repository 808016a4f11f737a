-- SPEC §4: per key the row with the greatest updated_at wins; on a tie the
-- later row (in this file, then this file over the table) wins, but an
-- identical row is counted as unchanged, not updated.  Returns
-- staged, distinct, inserted, updated.  $1 = file_id.
WITH best AS (
    SELECT DISTINCT ON (source, external_id) *
      FROM stage_tickets
     ORDER BY source, external_id, updated_at DESC, ord DESC
), resolved AS (
    -- SPEC §3: explicit id, then organization name, then email domain.
    SELECT b.*, coalesce(a1.account_id, a2.account_id, a3.account_id)
                AS account_id
      FROM best b
      LEFT JOIN prodops.accounts a1 ON a1.account_id = b.account_ref
      LEFT JOIN prodops.account_by_name a2 ON a2.lname = lower(b.organization)
      LEFT JOIN prodops.account_by_domain a3
             ON a3.domain = b.requester_domain
), merged AS (
    INSERT INTO prodops.tickets AS t (
        source, external_id, account_id, account_ref, organization,
        requester_email, requester_domain, subject, status, priority,
        channel, product_area, tags, assignee, group_name, created_at,
        first_reply_at, solved_at, updated_at, reopens, replies,
        satisfaction, extra, file_id)
    SELECT source, external_id, account_id, account_ref, organization,
           requester_email, requester_domain, subject, status, priority,
           channel, product_area, tags, assignee, group_name, created_at, first_reply_at, solved_at, updated_at,
           reopens, replies, satisfaction, extra, $1::bigint
      FROM resolved
    ON CONFLICT (source, external_id) DO UPDATE SET
        account_id = excluded.account_id, account_ref = excluded.account_ref,
        organization = excluded.organization,
        requester_email = excluded.requester_email,
        requester_domain = excluded.requester_domain,
        subject = excluded.subject, status = excluded.status,
        priority = excluded.priority, channel = excluded.channel,
        product_area = excluded.product_area, tags = excluded.tags,
        assignee = excluded.assignee, group_name = excluded.group_name,
        created_at = excluded.created_at,
        first_reply_at = excluded.first_reply_at,
        solved_at = excluded.solved_at, updated_at = excluded.updated_at,
        reopens = excluded.reopens, replies = excluded.replies,
        satisfaction = excluded.satisfaction, extra = excluded.extra,
        file_id = excluded.file_id
    WHERE excluded.updated_at > t.updated_at
       OR (excluded.updated_at = t.updated_at
           AND (excluded.account_ref, excluded.organization,
                excluded.requester_email, excluded.subject, excluded.status,
                excluded.priority, excluded.channel, excluded.product_area,
                excluded.tags, excluded.assignee, excluded.group_name,
                excluded.created_at, excluded.first_reply_at,
                excluded.solved_at, excluded.reopens, excluded.replies,
                excluded.satisfaction, excluded.extra)
               IS DISTINCT FROM
               (t.account_ref, t.organization, t.requester_email, t.subject,
                t.status, t.priority, t.channel, t.product_area, t.tags,
                t.assignee, t.group_name, t.created_at, t.first_reply_at,
                t.solved_at, t.reopens, t.replies, t.satisfaction, t.extra))
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM stage_tickets),
       (SELECT count(*) FROM best),
       count(*) FILTER (WHERE inserted),
       count(*) FILTER (WHERE NOT inserted)
  FROM merged;
