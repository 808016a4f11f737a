-- `prodops db size`: every table, largest first (migration 018), and the
-- span of the usage events (the primary key leads with event_time).
SELECT s.table_name, s.rows, s.bytes, s.partitions,
       CASE WHEN s.table_name = 'events' THEN
           (SELECT to_char(min(event_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
                   || ' to ' ||
                   to_char(max(event_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
              FROM prodops.events) END AS span
  FROM prodops.table_sizes() s
 ORDER BY s.bytes DESC, s.table_name;
