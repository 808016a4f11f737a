-- Releases (issue 17): the last row of the most recently loaded file wins
-- (a launch moved to another date is a re-ingest, not a second launch);
-- an identical row is unchanged.  Returns staged, distinct, inserted,
-- updated.  $1 = file_id.
WITH best AS (
    SELECT DISTINCT ON (source, name) *
      FROM stage_releases
     ORDER BY source, name, ord DESC
), merged AS (
    INSERT INTO prodops.releases AS r (source, name, released_on,
                                       product_area, events, flag, link,
                                       pattern, description, extra, file_id)
    SELECT source, name, released_on, product_area, events, flag, link,
           pattern, description, extra, $1::bigint
      FROM best
    ON CONFLICT (source, name) DO UPDATE SET
        released_on = excluded.released_on,
        product_area = excluded.product_area, events = excluded.events,
        flag = excluded.flag, link = excluded.link,
        pattern = excluded.pattern, description = excluded.description,
        extra = excluded.extra, file_id = excluded.file_id
    WHERE (excluded.released_on, excluded.product_area, excluded.events,
           excluded.flag, excluded.link, excluded.pattern,
           excluded.description, excluded.extra)
          IS DISTINCT FROM
          (r.released_on, r.product_area, r.events, r.flag, r.link,
           r.pattern, r.description, r.extra)
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM stage_releases),
       (SELECT count(*) FROM best),
       count(*) FILTER (WHERE inserted),
       count(*) FILTER (WHERE NOT inserted)
  FROM merged;
