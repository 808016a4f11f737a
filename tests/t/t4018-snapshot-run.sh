#!/usr/bin/env bash
# Issue 15: the weekly report runs its families and the attention's
# statements as one list, the attention's waiting on the quality line's
# dates (reports/snapshot.h: pd_report_stmt.after).  The order rules are
# checked in C against this script's database (tests/unit/db_snapshot.c):
# a waiting statement is sent after the one it waits on, with parameters
# made from its result; a wait on a later statement and a failing
# prepare() fail the run cleanly.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }
load_report_fixture

BIN=$(dirname "$PRODOPS_BIN")/tests/db_snapshot
[ -x "$BIN" ] || { fail "$BIN is not built (make unit)"; done_testing; }
out=$("$BIN" 2>&1); rc=$?
printf '%s\n' "$out" | grep -E '^\[ +(OK|FAILED|PASSED|ERROR|SKIPPED) +\]' | sed 's/^/  /'
assert_eq 0 "$rc" "db_snapshot exits 0"
assert_match '\[  PASSED  \] 4 test' "$out" "all four order tests pass"

done_testing
