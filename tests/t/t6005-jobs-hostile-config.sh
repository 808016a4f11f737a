#!/usr/bin/env bash
# Issue 12 ("Nothing lost, nothing silent"), the jobs side: configuration
# that could never work fails at load time, one line each with file:line
# (item 11); prodops cron escapes what cron and systemd would expand in a
# job name or a config path (item 12).  No run happens here.
. "$(dirname "$0")/../lib/test-lib.sh"

# ---- item 11: values that were accepted and then ignored or failed later
C=$TMP/bad.conf
cat > "$C" <<'CONF'
[ingest]
max_reject_ratio = nan
max_reject_ratio = inf
max_reject_ratio = -0.1
max_reject_ratio = 1.5
max_reject_ratio =
timezone = Mars/Olympus

[report]
timezone = zone.tab

[source "desk"]
path = inbox
timezone = iso3166.tab

[job "feb"]
schedule = 0 0 31 2 *
timezone = tzdata.zi
sources = desk

[job "short"]
schedule = 0 0 31 4,6,9,11 *

[job "leap"]
schedule = 0 0 30 FEB *

[job "ok"]
schedule = 0 0 29 2 *
CONF
expect_exit 2 prodops --config "$C" jobs list
for want in \
    "$C:2: 'max_reject_ratio' must be between 0 and 1, not 'nan'" \
    "$C:3: 'max_reject_ratio' must be between 0 and 1, not 'inf'" \
    "$C:4: 'max_reject_ratio' must be between 0 and 1, not '-0.1'" \
    "$C:5: 'max_reject_ratio' must be between 0 and 1, not '1.5'" \
    "$C:6: 'max_reject_ratio' must be between 0 and 1, not ''" \
    "$C:7: \\[ingest\\] timezone: unknown time zone 'Mars/Olympus'" \
    "$C:10: \\[report\\] timezone: unknown time zone 'zone.tab'" \
    "$C:14: \\[source \"desk\"\\] timezone: unknown time zone 'iso3166.tab'" \
    "$C:17: \\[job \"feb\"\\] schedule: cron \"0 0 31 2 \\*\": never runs: February has no day 31" \
    "$C:18: \\[job \"feb\"\\] timezone: unknown time zone 'tzdata.zi'" \
    "$C:22: \\[job \"short\"\\] schedule: cron \"0 0 31 4,6,9,11 \\*\": never runs: none of its months has a day 31" \
    "$C:25: \\[job \"leap\"\\] schedule: cron \"0 0 30 FEB \\*\": never runs: February has no day 30"; do
    assert_match "^prodops: error: $want\$" "$ERR" "reported: ${want#*: }"
done
assert_eq 12 "$(printf '%s\n' "$ERR" | grep -c "^prodops: error: $C:[0-9]*: ")" \
    "one line per problem, and 29 February is not one"
assert_match "invalid configuration: 12 problems in $C" "$ERR" "and their count"
expect_exit 2 prodops --config "$C" jobs next
assert_match "12 problems" "$ERR" "jobs next refuses the same configuration"

# The command line's ratio is checked the same way, before any file.
for r in nan inf -1 1.01 '' 0x; do
    expect_exit 2 prodops ingest --max-reject-ratio "$r" "$TMP/none.csv"
    assert_match "^prodops: error: --max-reject-ratio must be between 0 and 1" "$ERR" \
        "--max-reject-ratio '$r' is a usage error"
done

# ---- item 12: prodops cron with % and $ in names and paths -----------------
D="$TMP/conf %h\$USER\\%x'q"
mkdir -p "$D"
JOB="w%n\$HOME\\%q'x"
printf '[job "%s"]\nschedule = 0 7 * * MON\ntimezone = Europe/Berlin\n' "$JOB" > "$D/prodops.conf"
expect_exit 0 prodops --config "$D/prodops.conf" cron
printf '%s\n' "$OUT" > "$TMP/cron.out"
CONF=$(realpath "$D/prodops.conf")
# The crontab line as cron runs it: an unescaped % ends the command (the
# rest is its stdin), \% is a %; then sh, with printf in place of prodops.
line=$(grep '^0 7 \* \* MON ' "$TMP/cron.out")
args=$(python3 - "$line" "$PRODOPS_BIN" <<'PY'
import subprocess, sys
line, exe = sys.argv[1], sys.argv[2]
cmd = line.split(" ", 5)[5]
out, esc = [], False
for ch in cmd:                       # Vixie cron's do_command.c
    if esc:
        if ch != "%":
            out.append("\\")
        out.append(ch); esc = False; continue
    if ch == "\\":
        esc = True; continue
    if ch == "%":
        break
    out.append(ch)
cmd = "".join(out).replace("'" + exe + "'", "printf '[%s]\\n'", 1)
sys.stdout.write(subprocess.run(["sh", "-c", cmd + " && pwd"], capture_output=True,
                                text=True).stdout)
PY
)
assert_eq "$(printf '[--config]\n[%s]\n[run]\n[%s]\n%s' "$CONF" "$JOB" "$(dirname "$CONF")")" \
    "$args" "the crontab line runs the job in its folder, % and \$ untouched"
# The units: specifiers and variables escaped; systemd's own reading of
# ExecStart= (quotes, C escapes, %%, \$\$) gives back the real arguments.
exec_line=$(grep '^ExecStart=' "$TMP/cron.out")
got=$(python3 - "$exec_line" <<'PY'
import sys
s, args, i = sys.argv[1][len("ExecStart="):], [], 0
while i < len(s):
    if s[i] == " ":
        i += 1; continue
    q = s[i] == '"'
    i += q; a = ""
    while i < len(s) and (s[i] != '"' if q else s[i] != " "):
        if s[i] == "\\":
            a += s[i + 1]; i += 2
        elif s[i] in "%$":
            assert s[i + 1] == s[i], "bare " + s[i]
            a += s[i]; i += 2
        else:
            a += s[i]; i += 1
    i += q; args.append(a)
print("\n".join(args[1:]))
PY
)
assert_eq "$(printf -- '--config\n%s\nrun\n%s' "$CONF" "$JOB")" "$got" "ExecStart= gives back the path and the job name"
assert_match "^WorkingDirectory=.*/conf %%h\\\$USER\\\\%%x'q\$" "$OUT" "WorkingDirectory= escapes %"
assert_match "^Description=prodops job w%%n\\\$HOME\\\\%%q'x\$" "$OUT" "Description= escapes %"
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir -p "$TMP/units"
    awk -v dir="$TMP/units" '/^# \/etc\/systemd\/system\//{f = dir "/" substr($2, 21); next}
        /^# systemctl/{f = ""} f{print > f}' "$TMP/cron.out"
    (cd "$TMP/units" && systemd-analyze verify --man=no ./prodops-*.service ./prodops-*.timer) \
        >"$TMP/verify.out" 2>&1
    rc=$?
    assert_eq "0|" "$rc|$(cat "$TMP/verify.out")" "systemd-analyze verify accepts the units"
else
    echo "# systemd-analyze not installed: units not verified"
fi
done_testing
