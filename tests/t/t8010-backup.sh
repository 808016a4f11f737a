#!/usr/bin/env bash
# Backups (issue 18): `prodops db backup` of a warehouse with data, then
# `prodops db restore` into a second database of a configured server and
# into a fresh embedded cluster (a new PRODOPS_HOME: what a PostgreSQL
# major upgrade of the embedded cluster does, see README "Operations"):
# the same rows in every table and the same weekly report.  A warehouse
# that holds data is refused without --force and kept whole when the
# restore fails; a file that is no backup is refused before anything
# changes.  A backup taken while a load runs holds whole files only.
. "$(dirname "$0")/../lib/test-lib.sh"

cd "$TMP" || exit 1
expect_exit 0 prodops demo --out demo --end 2026-03-09 --tickets 400 \
    --nps-per-week 3 --events-per-day 20 --accounts 8
expect_exit 1 prodops ingest demo   # a few rows of the demo are rejects
expect_exit 0 prodops report weekly --week 2026-W10 --out before
counts() {
    psql -XqAt "$1" -c "SELECT table_name || '=' || rows FROM prodops.table_sizes() ORDER BY 1" | tr '\n' ' '
}
report() { grep -v '"generated_at"' "$1/weekly-2026-W10.json"; }
before=$(counts "$PRODOPS_DSN")
# 400 tickets asked for, and the demo experiments' trial tickets.
assert_match "events=[1-9].*tickets=4[0-9][0-9] " "$before" "the warehouse holds demo data"

expect_exit 0 prodops db backup w.dump
assert_match "^backed up the warehouse to w.dump \\([0-9.]+ [kM]B, PostgreSQL [0-9.]+, schema version [0-9]+\\)$" \
    "$OUT" "backup says where, how big, which server"
[ -s w.dump ] && [ ! -e w.dump.tmp ] && pass "the file is there, no .tmp left" || fail "no w.dump"
assert_eq "PGDMP" "$(head -c 5 w.dump)" "custom format"
expect_exit 0 prodops db backup --help
assert_match "Usage" "$OUT" "db backup --help"
expect_exit 2 prodops db backup
assert_match "'db backup' takes one FILE" "$ERR" "a usage error names what is missing"
expect_exit 4 prodops db backup no/such/folder/w.dump
assert_match "error: cannot write 'no/such/folder/w.dump.tmp': No such file or directory" "$ERR" \
    "a folder that is not there is a file error (exit 4)"

# ---- into a second database of the configured server ----------------------
DB2=${DBNAME}_r
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DB2 WITH (FORCE)" -c "CREATE DATABASE $DB2" >/dev/null
URI2=${ADMIN_URI/\/prodops\?//$DB2?}
PRODOPS_DSN=$URI2 expect_exit 0 prodops db restore w.dump
assert_match "^restored w.dump into the warehouse" "$OUT" "restore says so"
assert_eq "$before" "$(counts "$URI2")" "every table holds the same rows"
PRODOPS_DSN=$URI2 expect_exit 0 prodops report weekly --week 2026-W10 --out after
assert_eq "$(report before)" "$(report after)" "the weekly report has the same numbers"

# A warehouse with data is not overwritten by accident.
PRODOPS_DSN=$URI2 expect_exit 2 prodops db restore w.dump
assert_match "error: the warehouse is not empty: it holds [0-9]+ files and [0-9]+ runs?" "$ERR" \
    "restore refuses a warehouse that holds data"
assert_match "hint: restore into a new PRODOPS_HOME or database, or add --force" "$ERR" "and says what to do"
# A file that is no backup changes nothing.
echo "not a dump" > junk.dump
PRODOPS_DSN=$URI2 expect_exit 2 prodops db restore --force junk.dump
assert_match "'junk.dump' is not a backup pg_restore can read" "$ERR" "a bad file is refused"
assert_eq "$before" "$(counts "$URI2")" "and the warehouse is untouched"
# --force replaces it: a ticket deleted there comes back.
psql -XqAt "$URI2" -c "DELETE FROM prodops.tickets WHERE ctid IN (SELECT ctid FROM prodops.tickets LIMIT 10)" >/dev/null
PRODOPS_DSN=$URI2 expect_exit 0 prodops db restore --force w.dump
assert_match "replaced a warehouse of [0-9]+ files and [0-9]+ runs?" "$OUT" "--force says what it replaced"
assert_eq "$before" "$(counts "$URI2")" "and the backup's rows are back"
assert_eq "1" "$(psql -XqAt "$URI2" -c "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'prodops%'")" \
    "the replaced schema was dropped"

# ---- into a fresh embedded cluster (a new PRODOPS_HOME) -------------------
before_fails=$fails
( unset PRODOPS_DSN
  export PRODOPS_HOME="$TMP/home"
  trap 'prodops db stop >/dev/null 2>&1' EXIT
  expect_exit 0 prodops db restore w.dump
  URI3=$(prodops db url)
  assert_eq "$before" "$(counts "$URI3")" "embedded cluster: every table holds the same rows"
  expect_exit 0 prodops report weekly --week 2026-W10 --out embedded
  assert_eq "$(report before)" "$(report embedded)" "embedded cluster: the same weekly report"
  # And a backup of the embedded cluster restores too.
  expect_exit 0 prodops db backup again.dump
  [ "$fails" -eq "$before_fails" ] ) || fail "embedded cluster checks"
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DB2 WITH (FORCE)" -c "CREATE DATABASE $DB2" >/dev/null
PRODOPS_DSN=$URI2 expect_exit 0 prodops db restore again.dump
assert_eq "$before" "$(counts "$URI2")" "a backup of the embedded cluster restores on the server"

# ---- a backup while a file loads: whole files only ------------------------
PRODOPS_NOW=2026-03-01T05:30:00Z expect_exit 0 prodops demo --out bench --bench-tickets 60000
prodops ingest --source big bench/bench/zendesk-bench.csv >/dev/null 2>&1 & L=$!
copying() {
    sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
         AND query ILIKE 'COPY%' AND state = 'active'"
}
for i in $(seq 400); do [ "$(copying)" != 0 ] && break; sleep 0.02; done
[ "$(copying)" != 0 ] && pass "backup while a file is being copied in" || fail "no COPY seen"
expect_exit 0 prodops db backup during.dump
wait $L
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DB2 WITH (FORCE)" -c "CREATE DATABASE $DB2" >/dev/null
PRODOPS_DSN=$URI2 expect_exit 0 prodops db restore during.dump
assert_eq "0" "$(psql -XqAt "$URI2" -c "SELECT count(*) FROM prodops.tickets WHERE source = 'big'")" \
    "the file under way is not in the backup, not even in part"
assert_eq "$(psql -XqAt "$URI2" -c "SELECT sum(rows_loaded) FROM prodops.files WHERE kind = 'tickets'")" \
    "$(psql -XqAt "$URI2" -c "SELECT count(*) FROM prodops.tickets")" "files and rows reconcile in the backup"

# ---- a backup made by an older prodops comes up to date ----------------------
# As one made before migration 018: its functions and its row gone.
psql -XqAt "$URI2" -c "DROP FUNCTION prodops.table_sizes(), prodops.drop_event_months(timestamptz),
                           prodops.forget_email(text);
                       DELETE FROM prodops.schema_migrations WHERE version = 18" >/dev/null
pg_dump --format=custom --schema=prodops --file=old.dump "$URI2"
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DB2 WITH (FORCE)" -c "CREATE DATABASE $DB2" >/dev/null
PRODOPS_DSN=$URI2 expect_exit 0 prodops db restore old.dump
assert_eq "1" "$(psql -XqAt "$URI2" -c "SELECT count(*) FROM prodops.schema_migrations WHERE version = 18")" \
    "restore migrates an older backup to this version's schema"
PRODOPS_DSN=$URI2 expect_exit 0 prodops db size
assert_match "^files +[0-9]+ " "$(grep '^files' <<<"$OUT")" "and what 018 added works on it"
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DB2 WITH (FORCE)" >/dev/null
done_testing
