-- Per variant and metric, the sums the statistics need (reports/exp_stats.h:
-- n, Σy, Σy², and for CUPED Σx, Σx², Σxy), then the people exposed, the
-- crossovers, and the exposure events of the experiment's days that could
-- not be assigned (exposure_rejects: no experiment named, or this one with
-- no variant) as rows with metric NULL.  $1 flag, $2 start day, $3 cut-off
-- day, $4 zone (experiment_assign.sql).
SELECT variant, metric, count(*), sum(y), sum(y * y), sum(x), sum(x * x),
       sum(x * y)
  FROM exp_values
 GROUP BY 1, 2
 UNION ALL
SELECT variant, NULL, count(*), NULL, NULL, NULL, NULL, NULL
  FROM exp_people
 WHERE variants = 1
 GROUP BY 1
 UNION ALL
SELECT '*crossover', NULL, count(*), NULL, NULL, NULL, NULL, NULL
  FROM exp_people
 WHERE variants > 1
 UNION ALL
SELECT '*rejected', NULL, count(*), NULL, NULL, NULL, NULL, NULL
  FROM prodops.exposure_rejects r
 WHERE (r.experiment = $1 OR r.experiment IS NULL)
   AND r.event_time >= $2::date::timestamp AT TIME ZONE $4
   AND r.event_time < $3::date::timestamp AT TIME ZONE $4
 ORDER BY 1, 2 NULLS FIRST;
