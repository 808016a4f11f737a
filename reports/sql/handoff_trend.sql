-- PM handoff trend.csv: the area's volumes in each of the 13 weeks (of
-- zone $2) ending at the period's end $1 -- tickets created whose product
-- area is one of $3 (any case) or whose themes meet $4, NPS responses
-- whose themes meet $4, and the detractors among them.  A period that
-- does not end on a Monday gets 7-day windows ending at its end.
SELECT w.label,
       to_char(w.first_day, 'YYYY-MM-DD'),
       (SELECT count(*) FROM prodops.tickets t
         WHERE t.created_at >= w.start AND t.created_at < w.stop
           AND (lower(t.product_area) = ANY (SELECT lower(x)
                                               FROM unnest($3::text[]) x)
                OR t.themes && $4::text[])),
       (SELECT count(*) FROM prodops.nps_responses r
         WHERE r.responded_at >= w.start AND r.responded_at < w.stop
           AND r.themes && $4::text[]),
       (SELECT count(*) FROM prodops.nps_responses r
         WHERE r.responded_at >= w.start AND r.responded_at < w.stop
           AND r.themes && $4::text[] AND r.score <= 6)
  FROM prodops.report_weeks($1::timestamptz, $2, 13) w
 ORDER BY w.start;
