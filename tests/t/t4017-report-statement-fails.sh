#!/usr/bin/env bash
# Issue 15: the weekly report reads its two connections as rows arrive
# (reports/snapshot.c).  When a statement fails on one connection while
# the other is busy, the report must stop with the server's error and
# exit 3 (a database error) -- not hang on the statement still in flight,
# not write a partial report -- and the next report must run as before.
# The failure: the event rollups are locked by another session and the
# report's sessions give up on a lock after 300 ms (lock_timeout through
# PGOPTIONS, which every libpq connection of the report reads).
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }
load_report_fixture
export PRODOPS_NOW=2026-11-18T09:00:00Z

expect_exit 0 P report weekly --out "$TMP/before"

# The second session holds the lock until the test writes COMMIT.
rm -f "$TMP/lock.fifo"; mkfifo "$TMP/lock.fifo"
psql -XqAt "$PRODOPS_DSN" < "$TMP/lock.fifo" > "$TMP/lock.out" 2>&1 &
locker=$!
exec 9> "$TMP/lock.fifo"
echo "BEGIN; LOCK TABLE prodops.rollup_daily, prodops.rollup_user_days IN ACCESS EXCLUSIVE MODE;" >&9
for _ in $(seq 300); do
    [ "$(sql "SELECT count(*) FROM pg_locks WHERE relation = 'prodops.rollup_daily'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ] && break
    sleep 0.1
done

PGOPTIONS="-c lock_timeout=300" expect_exit 3 timeout 60 "$PRODOPS_BIN" \
    --config "$TMP/prodops.conf" report weekly --out "$TMP/failed"
printf '  (the error: %s)\n' "$ERR"
assert_match "lock timeout" "$ERR" "the report names the server's error"
assert_eq "1" "$(printf '%s\n' "$ERR" | grep -c '^prodops: error:')" \
  "one error line"
assert_eq "" "$(ls "$TMP/failed" 2>/dev/null | grep -v '^$' || true)" \
  "no partial report is written"

echo "COMMIT;" >&9
exec 9>&-
wait "$locker"

# Nothing of the failed report is left holding the server.
assert_eq "0" "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'prodops'")" \
  "no report session left behind"
expect_exit 0 P report weekly --out "$TMP/after"
for f in "$TMP"/before/*.json "$TMP"/before/*.md; do
    assert_eq "" "$(cmp "$f" "$TMP/after/$(basename "$f")" 2>&1)" \
      "the next report writes the same $(basename "$f")"
done
done_testing
