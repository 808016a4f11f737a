-- `prodops forget --email`: every column the address was erased from
-- (migration 018); the caller commits, or rolls back for --dry-run.
SELECT table_name, column_name, action, rows
  FROM prodops.forget_email($1);
