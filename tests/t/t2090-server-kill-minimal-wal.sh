#!/usr/bin/env bash
# Issue 15: the embedded cluster writes minimal WAL, so a partition made by
# the loading transaction skips the WAL and is synced at commit instead.
# A kill -9 of the server (not the client, as t2004) in the middle of a
# load leaves the warehouse as before the file, and one right after a
# commit keeps everything that committed: events, rollups, ledger.
. "$(dirname "$0")/../lib/test-lib.sh"

# A cluster of our own: the suite's is shared by every script.
unset PRODOPS_DSN PGHOST PGDATABASE
export PRODOPS_HOME="$TMP/home"
trap 'prodops db stop >/dev/null 2>&1; rm -rf "$TMP"' EXIT
expect_exit 0 prodops db url
U=$OUT
q() { psql -XqAt "$U" -c "$1"; }
assert_eq "minimal" "$(q "SHOW wal_level")" "the embedded cluster runs wal_level=minimal"
# Kill the postmaster; its children go with it (they watch the postmaster).
kill_server() {
    kill -9 "$(head -1 "$PRODOPS_HOME/pg/postmaster.pid")"
    for _ in $(seq 1 100); do psql -XqAt "$U" -c "SELECT 1" >/dev/null 2>&1 || break; sleep 0.1; done
}

prodops demo --out "$TMP/demo" --bench-events 100000 >/dev/null || { echo "demo failed"; exit 1; }
MX=$TMP/demo/bench/mixpanel-bench.jsonl
expect_exit 0 prodops ingest "$ROOT/tests/fixtures/tickets/zendesk-a.csv"
STATE="SELECT (SELECT count(*) FROM prodops.files) || ' files, ' ||
  (SELECT count(*) FROM prodops.usage_events) || ' events, ' ||
  (SELECT coalesce(sum(events), 0) FROM prodops.usage_daily) || ' in rollups, ' ||
  (SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM prodops.tickets t)"
before=$(q "$STATE")

"$PRODOPS_BIN" ingest --no-progress "$MX" >"$TMP/killed.out" 2>&1 &
pid=$!
for _ in $(seq 1 400); do
    n=$(q "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %'")
    [ "$n" -gt 0 ] && break
    sleep 0.05
done
assert_eq 1 "$n" "the load was in its COPY when the server was killed"
kill_server
wait $pid
assert_eq 3 "$?" "the client fails with the database exit code"
expect_exit 0 prodops db url
assert_eq "$before" "$(q "$STATE")" "after recovery the warehouse is as before the file"

# The load again, then a crash right after its commit.
expect_exit 0 prodops ingest --no-progress "$MX"
assert_match "100000 read, 100000 new" "$OUT" "the re-run loads every event"
after=$(q "$STATE")
kill_server
expect_exit 0 prodops db url
assert_eq "$after" "$(q "$STATE")" "a crash after the commit keeps the file, its events and rollups"
assert_match "^2 files, 100000 events, 100000 in rollups" "$after" "rollups equal the events"
expect_exit 0 prodops ingest --no-progress "$MX"
assert_match "skipped|already loaded" "$OUT$ERR" "and the file counts as loaded"
done_testing
