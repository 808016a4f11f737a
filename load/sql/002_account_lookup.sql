-- Set-based account resolution (SPEC §3).  A per-row function call cost
-- 8.8 s per million rows; joining these two lookups costs a hash join, and
-- nothing at all while no accounts are loaded.
CREATE VIEW prodops.account_by_name AS
    SELECT DISTINCT ON (lower(name)) lower(name) AS lname, account_id
      FROM prodops.accounts
     WHERE name IS NOT NULL
     ORDER BY lower(name), account_id;

-- Free-mail domains never map to an account.
CREATE VIEW prodops.account_by_domain AS
    SELECT DISTINCT ON (a.domain) a.domain, a.account_id
      FROM prodops.accounts a
     WHERE a.domain IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM prodops.freemail_domains f
                        WHERE f.domain = a.domain)
     ORDER BY a.domain, a.account_id;
