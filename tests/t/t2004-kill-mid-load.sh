#!/usr/bin/env bash
# SPEC §5: a kill -9 in the middle of a large load leaves the warehouse as
# it was before the file; re-running gives exactly the contents of an
# uninterrupted run.
. "$(dirname "$0")/../lib/test-lib.sh"

prodops demo --out "$TMP/demo" --bench-tickets 200000 >/dev/null || { echo "demo failed"; exit 1; }
BIG=$(ls "$TMP"/demo/bench/*.csv)
FX=$ROOT/tests/fixtures/tickets
STATE="SELECT source, external_id, status, priority, channel, tags, subject, created_at, updated_at,
  solved_at, first_reply_at, extra FROM prodops.tickets"

expect_exit 0 prodops ingest "$FX/zendesk-a.csv"
before=$(table_digest "$STATE")

# The binary itself, not the shell function: kill must hit prodops.
"$PRODOPS_BIN" ingest "$BIG" >"$TMP/killed.out" 2>&1 &
pid=$!
# Wait until the rows are streaming into the server, then kill.
for _ in $(seq 1 400); do
    n=$(psql -XqAt "$ADMIN_URI" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DBNAME' AND query LIKE 'COPY %'")
    [ "$n" -gt 0 ] && break
    sleep 0.05
done
assert_eq 1 "$n" "the load was in its COPY when killed"
kill -9 $pid; wait $pid 2>/dev/null
sleep 0.5
assert_eq "$before" "$(table_digest "$STATE")" "after kill -9 the tickets are as before the file"
assert_eq 1 "$(sql "SELECT count(*) FROM prodops.files")" "no ledger row of the killed file"

expect_exit 0 prodops ingest "$BIG"
assert_match "200000 read" "$OUT" "re-run loads the file"
after_rerun=$(table_digest "$STATE")

# The same files into a fresh database, uninterrupted.
export PRODOPS_DSN=${PRODOPS_DSN/\/$DBNAME\?//${DBNAME}_clean?}
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS ${DBNAME}_clean" -c "CREATE DATABASE ${DBNAME}_clean" >/dev/null
expect_exit 0 prodops ingest "$FX/zendesk-a.csv" "$BIG"
assert_eq "$after_rerun" "$(table_digest "$STATE")" "killed-then-rerun equals an uninterrupted run"
done_testing
