#!/usr/bin/env bash
# Scheduled jobs, configuration side (issue 6): prodops init, [job]
# validation reporting every problem at once with file:line, jobs next in
# the job's zone and UTC across DST changes (text and --json), and the
# crontab lines and systemd units of prodops cron.  No run happens here.
. "$(dirname "$0")/../lib/test-lib.sh"

# ---- prodops init -------------------------------------------------------
expect_exit 0 prodops init "$TMP/team"
assert_match "Next steps" "$OUT" "init prints the next steps"
assert_match "prodops run weekly" "$OUT" "the next steps name the run"
for f in prodops.conf themes.conf inbox/zendesk inbox/crm inbox/nps/delighted \
         inbox/usage/amplitude; do
    [ -e "$TMP/team/$f" ] && pass "init wrote $f" || fail "init did not write $f"
done
cmp -s "$TMP/team/themes.conf" "$ROOT/transform/rules/themes.conf" &&
    pass "themes.conf is the built-in rule set" || fail "themes.conf differs"
before=$(md5sum < "$TMP/team/prodops.conf")
expect_exit 2 prodops init "$TMP/team"
assert_match "prodops.conf already exists" "$ERR" "init refuses to overwrite"
assert_match "hint:" "$ERR" "with a hint"
assert_eq "$before" "$(md5sum < "$TMP/team/prodops.conf")" "the config is untouched"
# The written config is valid and has the two jobs.
expect_exit 0 prodops --config "$TMP/team/prodops.conf" jobs next --json \
    --from 2026-11-23T00:00:00Z
printf '%s' "$OUT" > "$TMP/init-next.json"
json_check "$TMP/init-next.json" '0.job="weekly"' '0.utc="2026-11-23T07:00:00Z"' \
    '1.job="quarterly"' '1.utc="2027-01-01T00:00:00Z"' || fail "init jobs"

# ---- validation: every problem at once, each with file:line -------------
C=$TMP/bad.conf
cat > "$C" <<'CONF'
[source "desk"]
path     = inbox/desk
timezone = Europe/Nowhere
kind     = tickets

[source "pathless"]
kind = nps

[job "weekly"]
schedule = 0 25 * * MON
timezone = Mars/Olympus
sources  = desk, nosuch, pathless
reports  = weekly, quarterly
keep     = twelve
retries  = -1
retry_base = 0
catchup  = sometimes
colour   = blue

[job "noschedule"]
sources = desk
CONF
expect_exit 2 prodops --config "$C" jobs next
for want in \
    "$C:3: \\[source \"desk\"\\] timezone: unknown time zone 'Europe/Nowhere'" \
    "$C:10: \\[job \"weekly\"\\] schedule: cron \"0 25 \\* \\* MON\": hour 25 is out of range 0-23" \
    "$C:11: \\[job \"weekly\"\\] timezone: unknown time zone 'Mars/Olympus'" \
    "$C:13: \\[job \"weekly\"\\] reports: unknown report 'quarterly' \\(weekly, okr, handoff, requests, launch, experiment, experiments\\)" \
    "$C:14: \\[job \"weekly\"\\] keep: 'twelve' is not a whole number" \
    "$C:15: \\[job \"weekly\"\\] retries: '-1' is not a whole number" \
    "$C:16: \\[job \"weekly\"\\] retry_base: '0' is not a number of seconds" \
    "$C:17: \\[job \"weekly\"\\] catchup: 'sometimes' is neither latest nor none" \
    "$C:18: \\[job \"weekly\"\\]: unknown key 'colour'" \
    "$C:12: \\[job \"weekly\"\\] sources: no \\[source \"nosuch\"\\] section" \
    "$C:12: \\[job \"weekly\"\\] sources: \\[source \"pathless\"\\] has no 'path'" \
    "$C:21: \\[job \"noschedule\"\\] schedule: missing"; do
    assert_match "$want" "$ERR" "reported: ${want#*: }"
done
assert_eq 12 "$(printf '%s\n' "$ERR" | grep -c "^prodops: error: $C:[0-9]*: ")" \
    "one line per problem"
assert_match "invalid configuration: 12 problems in $C" "$ERR" "and their count"

# ---- jobs next: the job's zone and UTC, DST, --json ---------------------
G=$TMP/good.conf
cat > "$G" <<'CONF'
[job "weekly"]
schedule = 0 7 * * MON
timezone = America/New_York

[job "nightly"]
schedule = 30 2 * * *
timezone = America/New_York
catchup  = none

[job "early"]
schedule = 30 1 * * *
timezone = America/New_York

[job "quarterly"]
schedule = @quarterly
timezone = Europe/Berlin
CONF
P() { prodops --config "$G" "$@"; }
expect_exit 0 P jobs next weekly --count 3 --from 2026-03-01
assert_match "weekly +Mon 2026-03-02T07:00:00-05:00 +2026-03-02T12:00:00Z +America/New_York" \
    "$OUT" "a winter Monday: 07:00 EST is 12:00Z"
assert_match "weekly +Mon 2026-03-09T07:00:00-04:00 +2026-03-09T11:00:00Z" \
    "$OUT" "after the spring change: 07:00 EDT is 11:00Z"
assert_eq 4 "$(printf '%s\n' "$OUT" | wc -l)" "a header and --count 3 lines"
# 02:30 does not exist on 8 March (spring forward): it runs at 03:00 EDT.
expect_exit 0 P jobs next nightly --count 3 --from 2026-03-07T00:00 --json
printf '%s' "$OUT" > "$TMP/nightly.json"
json_check "$TMP/nightly.json" \
    '0.job="nightly"' '0.local="2026-03-07T02:30:00-05:00"' '0.utc="2026-03-07T07:30:00Z"' \
    '1.local="2026-03-08T03:00:00-04:00"' '1.utc="2026-03-08T07:00:00Z"' \
    '2.local="2026-03-09T02:30:00-04:00"' '2.utc="2026-03-09T06:30:00Z"' || fail "spring gap"
# 01:30 happens twice on 1 November (fall back): it runs once, the first.
expect_exit 0 P jobs next early --count 2 --from 2026-10-31T12:00 --json
printf '%s' "$OUT" > "$TMP/early.json"
json_check "$TMP/early.json" \
    '0.local="2026-11-01T01:30:00-04:00"' '0.utc="2026-11-01T05:30:00Z"' \
    '1.local="2026-11-02T01:30:00-05:00"' '1.utc="2026-11-02T06:30:00Z"' || fail "fall overlap"
# --from with an offset is an instant; Berlin's quarters start at 23:00Z.
expect_exit 0 P jobs next quarterly --count 2 --from 2026-11-23T00:00:00Z --json
printf '%s' "$OUT" > "$TMP/q.json"
json_check "$TMP/q.json" '0.local="2027-01-01T00:00:00+01:00"' \
    '0.utc="2026-12-31T23:00:00Z"' '1.utc="2027-03-31T22:00:00Z"' || fail "quarters"
# Without JOB: one line per job, after PRODOPS_NOW.
PRODOPS_NOW=2026-03-04T00:00:00Z expect_exit 0 P jobs next --json
printf '%s' "$OUT" > "$TMP/all.json"
json_check "$TMP/all.json" '0.job="weekly"' '0.utc="2026-03-09T11:00:00Z"' \
    '1.job="nightly"' '1.utc="2026-03-04T07:30:00Z"' '3.job="quarterly"' || fail "all jobs"
expect_exit 2 P jobs next nosuch
assert_match "no job 'nosuch'" "$ERR" "an unknown job is a usage error"
expect_exit 2 P jobs next weekly --from 03/09/2026
assert_match "is not a time" "$ERR" "--from takes ISO 8601"
expect_exit 2 P run nosuch
assert_match "no job 'nosuch'" "$ERR" "run: an unknown job is a usage error"
expect_exit 2 P run weekly --at yesterday
assert_match "--at: 'yesterday' is not a time" "$ERR" "run --at takes ISO 8601"

# ---- prodops cron: crontab lines and systemd units ----------------------
expect_exit 0 P cron
conf=$(realpath "$G")
assert_match "^CRON_TZ=America/New_York$" "$OUT" "a CRON_TZ line"
assert_match "^0 7 \\* \\* MON cd '$(dirname "$conf")' && '.*prodops' --config '$conf' run 'weekly'$" \
    "$OUT" "the weekly crontab line"
assert_match "^0 0 1 1,4,7,10 \\* cd .* run 'quarterly'$" "$OUT" \
    "@quarterly spelled out for cron"
assert_match "Debian.s and Ubuntu.s cron" "$OUT" "a comment says where CRON_TZ works"
assert_match "^OnCalendar=Mon \\*-\\*-\\* 07:00:00 America/New_York$" "$OUT" "the weekly timer"
assert_match "^OnCalendar=\\*-01,04,07,10-01 00:00:00 Europe/Berlin$" "$OUT" "the quarterly timer"
assert_match "^ExecStart=\".*prodops\" --config \"$conf\" run \"weekly\"$" "$OUT" "the service runs the job"
assert_match "^# /etc/systemd/system/prodops-nightly.timer$" "$OUT" "one unit pair per job"
nightly=$(printf '%s\n' "$OUT" | sed -n '/prodops-nightly.timer/,/WantedBy/p')
assert_match "Persistent=false" "$nightly" "catchup = none: not persistent"
weekly=$(printf '%s\n' "$OUT" | sed -n '/prodops-weekly.timer/,/WantedBy/p')
assert_match "Persistent=true" "$weekly" "catchup = latest: persistent"
if command -v systemd-analyze >/dev/null; then
    printf '%s\n' "$OUT" | sed -n 's/^OnCalendar=//p' | while read -r cal; do
        systemd-analyze calendar "$cal" >/dev/null 2>&1 &&
            echo "ok: systemd reads OnCalendar=$cal" ||
            echo "not ok: systemd rejects OnCalendar=$cal"
    done > "$TMP/cal.txt"
    cat "$TMP/cal.txt"
    ! grep -q '^not ok' "$TMP/cal.txt" && pass "systemd-analyze accepts every OnCalendar" ||
        fail "an OnCalendar value is not valid"
fi
expect_exit 0 P cron weekly
assert_eq 1 "$(printf '%s\n' "$OUT" | grep -c '^OnCalendar=')" "cron JOB prints that job only"
expect_exit 2 prodops --config "$TMP/team/prodops.conf" cron nosuch
done_testing
