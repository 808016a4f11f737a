-- Issue 17: the launches a review covers, oldest first.  $1: a name
-- (case-insensitive) or NULL; $2, $3: released from $2 to $3, both
-- included (dates, each NULL for no bound).  The same launch from two sources (a
-- releases CSV row and a Jira version of the same name) is one launch: the
-- row that says how to measure it (events or a flag) wins, then the most
-- recently loaded.
SELECT source, name
  FROM (SELECT DISTINCT ON (lower(name)) source, name, released_on
          FROM prodops.releases
         WHERE ($1::text IS NULL OR lower(name) = lower($1::text))
           AND ($2::date IS NULL OR released_on >= $2::date)
           AND ($3::date IS NULL OR released_on <= $3::date)
         ORDER BY lower(name),
                  (cardinality(events) > 0 OR flag IS NOT NULL) DESC,
                  file_id DESC NULLS LAST) r
 ORDER BY released_on, name;
