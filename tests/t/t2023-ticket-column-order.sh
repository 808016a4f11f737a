#!/usr/bin/env bash
# Issue 15, migration 028: the tickets' columns in an order without
# alignment padding.  The table is rebuilt: on a warehouse with tickets
# every row keeps every value, and the keys, checks, indexes and the
# attention view are there again, doing their work.
. "$(dirname "$0")/../lib/test-lib.sh"

FX="$ROOT/tests/fixtures/tickets"
COLS="source, external_id, account_id, account_ref, organization, requester_email,
      requester_domain, subject, status, priority, channel, product_area, tags,
      assignee, group_name, created_at, first_reply_at, solved_at, updated_at,
      reopens, replies, satisfaction, themes, extra, probable_duplicate_of,
      file_id, solved_time, first_reply_business_secs, resolution_business_secs,
      first_reply_reported, ticket_type, requester_name, resolution_reported_secs"
ROWS="SELECT md5(string_agg(x::text, E'\n' ORDER BY x.source, x.external_id)), count(*)
        FROM (SELECT $COLS FROM prodops.tickets) x"
SHAPE="SELECT string_agg(conname || ':' || contype::text, ' ' ORDER BY conname)
         FROM pg_constraint WHERE conrelid = 'prodops.tickets'::regclass"
INDEXES="SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes
          WHERE schemaname = 'prodops' AND tablename = 'tickets'"

expect_exit 0 prodops ingest --kind accounts "$FX/accounts.csv"
expect_exit 0 prodops ingest "$FX/zendesk-a.csv" "$FX/zendesk-typed-a.csv" "$FX/freshdesk-response.csv"
rows=$(sql "$ROWS")
assert_match '\|[1-9][0-9]*$' "$rows" "tickets loaded"
assert_eq "created_at" "$(sql "SELECT attname FROM pg_attribute WHERE attrelid = 'prodops.tickets'::regclass AND attnum = 1")" \
  "the fixed-width columns first"
shape=$(sql "$SHAPE")
indexes=$(sql "$INDEXES")
assert_eq "tickets_file_id_fkey:f tickets_pkey:p tickets_satisfaction_check:c tickets_solved_time_rule:c" "$shape" \
  "the key, the two checks and the file's foreign key"

# Run 028 again on the loaded table, as on a warehouse made before it.
sql "DELETE FROM prodops.schema_migrations WHERE version = 28" >/dev/null
expect_exit 0 prodops files
assert_eq "1" "$(sql "SELECT count(*) FROM prodops.schema_migrations WHERE version = 28")" "028 applied again"
assert_eq "$rows" "$(sql "$ROWS")" "every row and value kept"
assert_eq "$shape" "$(sql "$SHAPE")" "constraints made again"
assert_eq "$indexes" "$(sql "$INDEXES")" "indexes made again, with their options"
assert_eq "tickets_created_at brin autosummarize=on
tickets_pkey btree fillfactor=100
tickets_solved_time btree fillfactor=100" \
  "$(sql "SELECT c.relname || ' ' || am.amname || ' ' || array_to_string(c.reloptions, ',')
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
           WHERE i.indrelid = 'prodops.tickets'::regclass ORDER BY 1")" \
  "the BRIN on created_at and the btrees with full leaves"
assert_eq "$(sql "SELECT count(*) FROM prodops.tickets")" \
  "$(sql "SELECT count(*) FROM prodops.attention_tickets")" "the attention view reads the new table"

# The rebuilt constraints still refuse what they refused: each statement
# fails, naming the constraint.
refused_by() {
    local out
    if out=$(sql "$2" 2>&1); then
        fail "$1 refuses it: the statement succeeded"
    else
        assert_match "\"$1\"" "$out" "$1 refuses it"
    fi
}
ONE="WHERE external_id = (SELECT min(external_id) FROM prodops.tickets)"
refused_by tickets_satisfaction_check "UPDATE prodops.tickets SET satisfaction = 'meh' $ONE"
refused_by tickets_solved_time_rule "UPDATE prodops.tickets SET solved_time = created_at - interval '1 day' $ONE"
refused_by tickets_file_id_fkey "UPDATE prodops.tickets SET file_id = -1 $ONE"
refused_by tickets_pkey "INSERT INTO prodops.tickets SELECT * FROM prodops.tickets LIMIT 1"

# What others added: a view of theirs stops the migration before it
# touches anything, naming the view; grants and comments are carried over.
sql "CREATE VIEW public.their_tickets AS SELECT source, external_id FROM prodops.tickets;
     DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 't2023_reader')
                 THEN CREATE ROLE t2023_reader; END IF; END\$\$;
     GRANT SELECT ON prodops.tickets TO t2023_reader;
     GRANT SELECT ON prodops.attention_tickets TO t2023_reader WITH GRANT OPTION;
     COMMENT ON TABLE prodops.tickets IS 'support tickets';
     COMMENT ON COLUMN prodops.tickets.subject IS 'as the vendor sent it';
     DELETE FROM prodops.schema_migrations WHERE version = 28" >/dev/null
expect_exit 3 prodops files
assert_match "migration 028 rebuilds prodops.tickets, which these depend on: view their_tickets; save and drop them" \
  "$ERR" "a view of someone else's: one error naming it and what to do"
assert_eq "0|$rows" "$(sql "SELECT count(*) FROM prodops.schema_migrations WHERE version = 28")|$(sql "$ROWS")" \
  "nothing applied, nothing changed"
sql "DROP VIEW public.their_tickets" >/dev/null
expect_exit 0 prodops files
assert_eq "$rows" "$(sql "$ROWS")" "applied once the view is gone"
assert_eq "t2023_reader=r/prodops|t2023_reader=r*/prodops" \
  "$(sql "SELECT (SELECT a::text FROM unnest(relacl) a WHERE a::text LIKE 't2023_reader=%')
            FROM pg_class WHERE oid = 'prodops.tickets'::regclass")|$(sql "SELECT (SELECT a::text FROM unnest(relacl) a WHERE a::text LIKE 't2023_reader=%')
            FROM pg_class WHERE oid = 'prodops.attention_tickets'::regclass")" \
  "privileges on the table and the view carried over, grant option included"
assert_eq "support tickets|as the vendor sent it" \
  "$(sql "SELECT obj_description('prodops.tickets'::regclass, 'pg_class') || '|'
                 || col_description('prodops.tickets'::regclass,
                                    (SELECT attnum FROM pg_attribute WHERE attrelid = 'prodops.tickets'::regclass AND attname = 'subject'))")" \
  "comments carried over"

# The loader's paths name their columns: a staged load after the rebuild.
expect_exit 0 prodops ingest "$FX/zendesk-b.csv"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.files WHERE status <> 'loaded'")" "a load after the rebuild"
done_testing
