#!/usr/bin/env bash
# The CLI contract: --help everywhere, usage errors exit 2, migrations are
# idempotent, `prodops db` reports on the embedded cluster and refuses to
# manage a configured server, folders and zip archives ingest.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/tickets

expect_exit 0 prodops --help
assert_match "ingest +load export files" "$OUT" "command table in --help"
for cmd in ingest check files rejects db demo; do
    expect_exit 0 prodops "$cmd" --help
    assert_match "Usage|usage" "$OUT" "$cmd --help prints a usage"
done
expect_exit 2 prodops frobnicate
assert_match "'frobnicate' is not a prodops command" "$ERR" "unknown command"
expect_exit 2 prodops rejects --file abc
expect_exit 2 prodops --config "$TMP/missing.conf" files
assert_match "cannot open config" "$ERR" "missing config file"
printf '[ingest]\nmax_reject_ratio = 7\nbogus = 1\n[profile "p"]\nexternal_id = Id\n' > "$TMP/bad.conf"
expect_exit 2 prodops --config "$TMP/bad.conf" files
assert_match "bad.conf:2: 'max_reject_ratio' must be between 0 and 1" "$ERR" "a config problem with file:line"
assert_match "bad.conf:3: unknown key 'bogus'" "$ERR" "every config problem at once"
assert_match "profile 'p' has no 'kind'" "$ERR" "and the checks after the file"
assert_match "invalid configuration: 3 problems in .*bad.conf" "$ERR" "counted"

printf '[database]\nwal = archive\n' > "$TMP/wal.conf"
expect_exit 2 prodops --config "$TMP/wal.conf" files
assert_match "wal.conf:2: 'wal' must be minimal or replica, not 'archive'" "$ERR" "[database] wal is checked"

# Migrations: applied once, whatever the number of connections.
expect_exit 0 prodops files
expect_exit 0 prodops files
n_migrations=$(ls "$ROOT"/load/sql/[0-9][0-9][0-9]_*.sql | wc -l)
# Numbers may have gaps (a migration can land on another branch first).
latest=$(ls "$ROOT"/load/sql/[0-9][0-9][0-9]_*.sql | sed 's|.*/0*\([0-9][0-9]*\)_.*|\1|' | sort -n | tail -1)
assert_eq "$n_migrations|$n_migrations|$latest" \
  "$(sql "SELECT count(*), count(DISTINCT version), max(version) FROM prodops.schema_migrations")" "each migration applied once"
# A migration numbered below the newest applied one (another branch's 008
# arriving after 009) still applies: undo 009 and pretend a migration
# numbered after every real one ran (a fixed 10 would now be real).
fake=$((latest + 1))
sql "DROP INDEX prodops.runs_job_started;
     ALTER TABLE prodops.runs DROP COLUMN scheduled_for, DROP COLUMN trigger,
       DROP COLUMN attempt, DROP COLUMN error, DROP COLUMN outputs,
       DROP COLUMN outputs_removed, DROP COLUMN host, DROP COLUMN pid;
     DELETE FROM prodops.schema_migrations WHERE version = 9;
     INSERT INTO prodops.schema_migrations (version, name) VALUES ($fake, '${fake}_elsewhere.sql')" >/dev/null
expect_exit 0 prodops files
assert_eq "1|1" "$(sql "SELECT (SELECT count(*) FROM prodops.schema_migrations WHERE version = 9),
    (SELECT count(*) FROM information_schema.columns WHERE table_schema = 'prodops'
     AND table_name = 'runs' AND column_name = 'scheduled_for')")" \
  "a missing migration below the newest applied one is applied"
sql "DELETE FROM prodops.schema_migrations WHERE version = $fake" >/dev/null

# A configured server is never managed by prodops.
expect_exit 2 prodops db stop
assert_match "prodops does not manage it" "$ERR" "db stop refuses a configured server"
expect_exit 0 prodops db url
assert_eq "$PRODOPS_DSN" "$OUT" "db url prints the configured DSN"

# The embedded cluster of the suite (PRODOPS_HOME set by tests/run).
before=$fails
( unset PRODOPS_DSN
  expect_exit 0 prodops db status
  assert_match ": running$" "$OUT" "db status: running"
  expect_exit 0 prodops db url
  assert_eq "1" "$(psql -XqAt "$OUT" -c 'SELECT 1')" "psql accepts db url"
  assert_match "^postgresql://prodops@/prodops\?host=" "$OUT" "unix-socket URI"
  assert_eq "minimal|0" "$(psql -XqAt "$OUT" -c "SELECT current_setting('wal_level') || '|' || current_setting('max_wal_senders')")" \
    "the embedded cluster writes minimal WAL by default"
  cores=$(getconf _NPROCESSORS_ONLN)
  workers=$(( cores > 3 ? 2 : cores - 1 ))
  assert_eq "$workers" "$(psql -XqAt "$OUT" -c "SHOW max_parallel_maintenance_workers")" \
    "an index build sorts in as many processes as there are cores ($cores), at most three"
  assert_eq "2MB" "$(psql -XqAt "$OUT" -c "SHOW backend_flush_after")" \
    "under minimal WAL a load's writes start reaching the disk before its commit"
  [ "$fails" -eq "$before" ] ) || fail "embedded cluster checks"

# [database] wal reaches a cluster that exists: at its next start, since a
# running server keeps its settings (wal_level needs a restart).
before=$fails
( unset PRODOPS_DSN
  export PRODOPS_HOME="$TMP/walhome"
  trap 'prodops db stop >/dev/null 2>&1' EXIT
  printf '[database]\nwal = replica\n' > "$TMP/replica.conf"
  expect_exit 0 prodops db url
  u=$OUT
  assert_eq "minimal|0" "$(psql -XqAt "$u" -c "SELECT current_setting('wal_level') || '|' || current_setting('max_wal_senders')")" "a new cluster: minimal"
  expect_exit 0 prodops --config "$TMP/replica.conf" db url
  assert_eq "minimal" "$(psql -XqAt "$u" -c "SHOW wal_level")" "a running server keeps its level"
  expect_exit 0 prodops db stop
  expect_exit 0 prodops --config "$TMP/replica.conf" db url
  assert_eq "replica|10" "$(psql -XqAt "$u" -c "SELECT current_setting('wal_level') || '|' || current_setting('max_wal_senders')")" "wal = replica after a restart"
  assert_eq "0" "$(psql -XqAt "$u" -c "SHOW backend_flush_after")" "replica keeps the default writeback"
  expect_exit 0 prodops db stop
  expect_exit 0 prodops db url
  assert_eq "minimal" "$(psql -XqAt "$u" -c "SHOW wal_level")" "and back to minimal"
  if psql -XqAt "$u" -c "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)" | grep -q 1; then
      assert_eq "lz4" "$(psql -XqAt "$u" -c "SHOW default_toast_compression")" "lz4 where the server has it"
  fi
  expect_exit 0 prodops db stop
  [ "$fails" -eq "$before" ] ) || fail "[database] wal checks"

# Folders (recursive, sorted) and zip archives of CSVs.
mkdir -p "$TMP/inbox/a/b"
cp "$FX/zendesk-a.csv" "$TMP/inbox/a/b/"
cp "$FX/accounts.csv" "$TMP/inbox/notes.md"
( cd "$TMP" && cp "$FX/zendesk-b.csv" . && python3 -c '
import zipfile
z = zipfile.ZipFile("inbox/export.zip", "w", zipfile.ZIP_DEFLATED)
z.write("zendesk-b.csv", "part1.csv")
z.writestr("part2.csv", open("zendesk-b.csv").read().replace("6,Flo Ng", "7,Gus Ho"))
z.close()' )
expect_exit 0 prodops ingest "$TMP/inbox"
assert_match "loaded zendesk-a.csv" "$OUT" "file in a subfolder"
assert_match "loaded export.zip as file [0-9]+ \(zendesk tickets, utf-8\): 8 read, 2 new" "$OUT" "zip members load as one file"
assert_eq "1 2 3 4 5 6 7" "$(sql "SELECT string_agg(external_id, ' ' ORDER BY external_id::int) FROM prodops.tickets")" "all tickets from folder and zip"
assert_eq 2 "$(sql "SELECT count(*) FROM prodops.files")" "notes.md was not taken from the folder"
done_testing
