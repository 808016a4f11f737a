-- PM handoff areas when the configuration has no [areas] section: the
-- distinct non-empty product areas of the tickets created in [$1, $2),
-- case-insensitively (the first spelling in sort order stands for all),
-- an alias of [product_areas] ($3, case-blind) counted as the name it is
-- shown as ($4), as the weekly report shows it.
WITH shown AS (
    SELECT coalesce((SELECT m.t
                       FROM unnest($3::text[], $4::text[]) m(f, t)
                      WHERE lower(m.f) = lower(t.product_area)
                      LIMIT 1), t.product_area) AS name
      FROM prodops.tickets t
     WHERE t.created_at >= $1::timestamptz AND t.created_at < $2::timestamptz
       AND btrim(t.product_area) <> ''
)
SELECT min(name)
  FROM shown
 GROUP BY lower(name)
 ORDER BY lower(min(name));
