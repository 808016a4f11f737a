-- PM handoff areas when the configuration has no [areas] section: the
-- distinct non-empty product areas of the tickets created in [$1, $2),
-- case-insensitively (the first spelling in sort order stands for all).
SELECT min(product_area)
  FROM prodops.tickets
 WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz
   AND btrim(product_area) <> ''
 GROUP BY lower(product_area)
 ORDER BY lower(min(product_area));
