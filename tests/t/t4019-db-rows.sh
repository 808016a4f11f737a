#!/usr/bin/env bash
# Issue 15: streamed statements are read in batches through a cursor
# (load/db_rows.h), the next FETCH sent before a batch's rows are handed
# out.  Checked in C against this script's database (tests/unit/db_rows.c):
# every row once and in order whatever the batch size, the cursor closed
# at the end, a failing row function or a server error failing cleanly
# with the connection usable after, pd_db_stream_resource() in a
# transaction of its own or the caller's.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }
load_report_fixture

run_db_program db_rows 7

done_testing
