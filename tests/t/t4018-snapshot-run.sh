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

run_db_program db_snapshot 4

done_testing
