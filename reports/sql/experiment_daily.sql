-- The assigned people by local day of first exposure (zone $2) and
-- variant, with the sum of metric $1 (the primary): the readout cumulates
-- them into the daily series of its workbook's chart.
SELECT (first_at AT TIME ZONE $2)::date::text, variant, count(*), sum(y)
  FROM exp_values
 WHERE metric = $1
 GROUP BY 1, 2
 ORDER BY 1, 2;
