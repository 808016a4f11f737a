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
hold_locks "prodops.rollup_daily, prodops.rollup_user_days"

PGOPTIONS="-c lock_timeout=300" expect_exit 3 timeout 60 "$PRODOPS_BIN" \
    --config "$TMP/prodops.conf" report weekly --out "$TMP/failed"
printf '  (the error: %s)\n' "$ERR"
assert_match "lock timeout" "$ERR" "the report names the server's error"
assert_eq "1" "$(printf '%s\n' "$ERR" | grep -c '^prodops: error:')" \
  "one error line"
assert_eq "" "$(ls "$TMP/failed" 2>/dev/null | grep -v '^$' || true)" \
  "no partial report is written"

release_locks

# Nothing of the failed report is left holding the server.
assert_eq "0" "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'prodops'")" \
  "no report session left behind"
expect_exit 0 P report weekly --out "$TMP/after"
for f in "$TMP"/before/*.json "$TMP"/before/*.md; do
    assert_eq "" "$(cmp "$f" "$TMP/after/$(basename "$f")" 2>&1)" \
      "the next report writes the same $(basename "$f")"
done

# Session 14: the request roll-up runs in a thread on a connection of its
# own while the report's connections read everything else.  Its failure
# (the requests table locked) stops the report the same way, and the
# thread's session is gone too.
hold_locks "prodops.requests"
PGOPTIONS="-c lock_timeout=300" expect_exit 3 timeout 60 "$PRODOPS_BIN" \
    --config "$TMP/prodops.conf" report weekly --out "$TMP/failed2"
printf '  (the error: %s)\n' "$ERR"
assert_match "lock timeout" "$ERR" "the roll-up's error is the report's"
assert_eq "1" "$(printf '%s\n' "$ERR" | grep -c '^prodops: error:')" \
  "one error line from the roll-up's thread"
assert_eq "" "$(ls "$TMP/failed2" 2>/dev/null | grep -v '^$' || true)" \
  "no partial report is written when the roll-up fails"
release_locks
assert_eq "0" "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'prodops'")" \
  "no roll-up session left behind"
expect_exit 0 P report weekly --out "$TMP/after2"
assert_eq "" "$(cmp "$TMP/before/$(basename "$TMP"/before/*.json)" "$TMP/after2/$(basename "$TMP"/before/*.json)" 2>&1)" \
  "the report after the roll-up's failure is the same"
done_testing
