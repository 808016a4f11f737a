#!/usr/bin/env bash
# Failure alerts (issue 18): a job's on_failure command runs when a run
# fails -- once, after its last attempt -- with deliver's calling
# convention (through sh in the config's folder, PRODOPS_JOB and
# PRODOPS_RUN_ID set) plus the error as $1 and in PRODOPS_ERROR; deliver
# runs only on success, on_failure never then.  A run that cannot start
# (no database) alerts too; a failing alert is logged, the run's exit
# status stays the run's.
. "$(dirname "$0")/../lib/test-lib.sh"

cd "$TMP" || exit 1
mkdir -p inbox
cp "$ROOT/tests/fixtures/tickets/zendesk-a.csv" inbox/
cat > alert.sh <<'SH'
#!/bin/sh
{ echo "args=$#|$1"; echo "job=$PRODOPS_JOB"; echo "run=$PRODOPS_RUN_ID"
  echo "error=$PRODOPS_ERROR"; echo "cwd=$(pwd)"; } >> alert.log
SH
cat > deliver.sh <<'SH'
#!/bin/sh
echo "delivered $#" >> deliver.log
SH
chmod +x alert.sh deliver.sh
cat > prodops.conf <<'CONF'
[source "gone"]
path     = no/such/folder
kind     = tickets

[source "desk"]
path     = inbox
kind     = tickets
settle   = 0

[job "broken"]
schedule   = @daily
sources    = gone
deliver    = ./deliver.sh
on_failure = ./alert.sh
retries    = 1
retry_base = 0.1

[job "fine"]
schedule   = @daily
sources    = desk
deliver    = ./deliver.sh
on_failure = ./alert.sh
retries    = 0

[job "loud"]
schedule   = @daily
sources    = gone
on_failure = exit 7
retries    = 0
CONF

expect_exit 4 prodops run broken
run_id=$(sql "SELECT max(run_id) FROM prodops.runs WHERE job = 'broken'")
error=$(sql "SELECT error FROM prodops.runs WHERE run_id = $run_id")
assert_eq "2|failed" "$(sql "SELECT count(*), max(status) FROM prodops.runs WHERE job = 'broken'")" \
    "two attempts, both failed"
assert_match "no/such/folder" "$error" "the run's error names the missing folder"
assert_eq "args=1|$error
job=broken
run=$run_id
error=$error
cwd=$TMP" "$(cat alert.log)" "on_failure ran once, after the last attempt, with the error, job and run id, in the config's folder"
[ ! -e deliver.log ] && pass "deliver did not run for the failed run" || fail "deliver ran: $(cat deliver.log)"
assert_match "info broken\\[$run_id\\]: ran on_failure command './alert.sh'" "$ERR" "the log says the alert ran"

rm -f alert.log
expect_exit 0 prodops run fine
assert_eq "delivered 0" "$(cat deliver.log)" "a successful run delivers"
[ ! -e alert.log ] && pass "and does not alert" || fail "on_failure ran on success: $(cat alert.log)"

# An alert that fails is logged; the run's status is the run's.
expect_exit 4 prodops run loud
assert_match "error loud\\[[0-9]+\\]: on_failure command 'exit 7' exited with status 7" "$ERR" "a failing alert is logged"

# No database: the run cannot start, and that is a failure to hear about.
PRODOPS_DSN="postgresql://nobody@/nodb?host=$TMP/nosocket" expect_exit 3 prodops run broken
assert_match "^args=1\\|.*$TMP/nosocket" "$(head -1 alert.log)" "a run that cannot reach its database alerts, with the error"
assert_eq "run=" "$(sed -n 3p alert.log)" "and no run id (none was recorded)"
done_testing
