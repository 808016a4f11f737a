#!/usr/bin/env bash
# The PM handoff (issue 5, SPEC §7): one folder per product area with
# tickets, NPS verbatims, usage by feature and affected accounts as CSV and
# XLSX, and a README data dictionary.  The fixture (tests/fixtures/handoff)
# puts emails, phone numbers in five formats, Luhn-valid and invalid card
# numbers, an IBAN and formula-looking text (=, +, -, @) in ticket subjects
# and NPS comments; every number below is counted by hand from it:
#
#   week 2026-W46 (UTC)   tickets                   verbatims  features
#   Billing               T1 T2 T3 T6 T7 (5)        N1 N3 N6   Invoice Paid, Invoice Viewed
#   Reporting             T3 T4 (2)                 N2 N6      Report Created
#   Login                 T5 (1)                    -          Login
#
# T3 is Billing by its theme (it was "charged") and Reporting by its
# product area; T2's product area is "billing" (any case); T6 has no
# product area and no email.  Active users of the week: ann, bob, cy, dee.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/handoff
export PRODOPS_NOW=2026-11-18T09:00:00Z # Wednesday of W47: W46 by default

PROFILES='[profile "hf-tickets"]
kind            = tickets
external_id     = id
created_at      = created
first_reply_at  = first_reply
solved_at       = solved
updated_at      = updated
status          = status
priority        = priority
channel         = channel
satisfaction    = satisfaction
tags            = tags
requester_email = email
product_area    = area
subject         = subject

[profile "hf-nps"]
kind             = nps
respondent_email = email
score            = score
responded_at     = when
comment          = comment
survey           = survey
'
printf '%s\n' "$PROFILES" > "$TMP/plain.conf"
{ printf '%s\n' "$PROFILES"; cat <<'CONF'; } > "$TMP/prodops.conf"
[areas]
Billing   = Billing, theme:billing, theme:pricing, event:Invoice*
Reporting = Data Export, theme:data/export, event:Report Created
Login     = login & access, theme:login/access,
            event:Login
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }

load_fixture() {
    expect_exit 0 P ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
    expect_exit 0 P ingest --profile hf-tickets --source desk "$FX/tickets.csv"
    expect_exit 0 P ingest --profile hf-nps --source survey "$FX/nps.csv"
    expect_exit 0 P ingest "$FX/events.jsonl"
}
load_fixture

# ---- every area of the last complete week ----------------------------------
O=$TMP/h
expect_exit 0 P report handoff --out "$O"
assert_eq "wrote $O/handoff-billing-2026-W46/ (5 tickets, 3 verbatims, 2 features, 3 accounts)
wrote $O/handoff-reporting-2026-W46/ (2 tickets, 2 verbatims, 1 features, 2 accounts)
wrote $O/handoff-login-2026-W46/ (1 tickets, 0 verbatims, 1 features, 1 accounts)" "$OUT" "one folder per area, with row counts"
B=$O/handoff-billing-2026-W46
assert_eq "README.md accounts.csv handoff-billing.json handoff-billing.xlsx nps_verbatims.csv tickets.csv trend.csv usage_by_feature.csv" \
  "$(ls "$B" | tr '\n' ' ' | sed 's/ $//')" "the eight files of a folder"
# The trend's last week is the period: its counts are the folder's rows
# (5 tickets; NPS responses on the area's themes, with or without a
# comment, at least the 3 verbatims); the JSON holds the row counts.
assert_eq "13 2026-W46 5" "$(tail -n +2 "$B/trend.csv" | wc -l) $(tail -1 "$B/trend.csv" | cut -d, -f1,3 | tr ',' ' ')" "trend: 13 weeks, the last = the period's tickets"
assert_eq "3" "$(awk -F, 'NR > 1 && $1 == "2026-W46" { print ($4 >= 3) ? 3 : $4 }' "$B/trend.csv")" "trend: the period's NPS responses include the verbatims"
out=$(json_check "$B/handoff-billing.json" "report='handoff'" "area.name='Billing'" \
  "period.label='2026-W46'" "redacted=True" "rows={'tickets.csv': 5, 'nps_verbatims.csv': 3, 'usage_by_feature.csv': 2, 'accounts.csv': 3, 'trend.csv': 13}") \
  && pass "handoff JSON: area, period, row counts" || { fail "handoff JSON"; echo "$out" | grep "not ok"; }
assert_eq "handoff-billing-2026-W46 handoff-login-2026-W46 handoff-reporting-2026-W46" \
  "$(ls -A "$O" | tr '\n' ' ' | sed 's/ $//')" "nothing else in the output folder (no temporary names)"

# rows FOLDER FILE COLUMNS...: the named columns of every row, ';'-joined.
rows() {
    python3 - "$1/$2" "${@:3}" <<'PY'
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for row in r:
    print(";".join(row[c] for c in sys.argv[2:]))
PY
}
R=$O/handoff-reporting-2026-W46 L=$O/handoff-login-2026-W46

assert_eq "T1 T2 T3 T6 T7" "$(rows "$B" tickets.csv external_id | tr '\n' ' ' | sed 's/ $//')" "Billing tickets: by product area (any case) or theme, created in W46 only"
assert_eq "T3 T4" "$(rows "$R" tickets.csv external_id | tr '\n' ' ' | sed 's/ $//')" "Reporting tickets: T3 by area, T4 by theme"
assert_eq "T5" "$(rows "$L" tickets.csv external_id)" "Login tickets"
assert_eq "T1;2026-11-09T10:00:00Z;2026-11-10T10:00:00Z;solved;high;email;Billing;invoice;billing;Acme Corp;Enterprise;120000.00;1.50;24.00;good" \
  "$(rows "$B" tickets.csv external_id created_at solved_at status priority channel product_area tags themes account_name account_plan account_arr first_reply_hours resolution_hours satisfaction | head -1)" "a ticket row: times, account, hours"
assert_eq "Invoice wrong, write to [email] or call [phone]|'=HYPERLINK(\"http://evil.example\",\"refund\")|CSV export fails, card [card] was charged|[phone] called about pricing|Card 4111 1111 1111 1112 declined on invoice 12345, IBAN [iban]" \
  "$(rows "$B" tickets.csv subject | paste -sd '|')" "subjects redacted (a Luhn-invalid card stays), formulas neutralized"
assert_eq "'@SUM(A1:A2) in report looks wrong; call [phone]" "$(rows "$R" tickets.csv subject | tail -1)" "@ neutralized, national phone redacted"
assert_eq "'-2 seats after SSO login, email [email] or [phone]" "$(rows "$L" tickets.csv subject)" "- neutralized"
assert_eq ";" "$(rows "$B" tickets.csv requester_id account_name | sed -n 4p)" "no email: empty id, no account"

assert_eq "2026-11-09T12:00:00Z;3;detractor;Billing is a mess, invoices wrong. Call me at [phone];billing;Q4 pulse;Acme Corp;Enterprise;Enterprise
2026-11-11T12:00:00Z;6;detractor;Too expensive; reach me at [email] or [card];pricing;Q4 pulse;Initech;Starter;SMB
2026-11-14T12:00:00Z;5;detractor;'@admin the invoice PDF download is broken, ring [phone];billing, bugs, data/export;Q4 pulse;Acme Corp;Enterprise;Enterprise" \
  "$(rows "$B" nps_verbatims.csv responded_at score category comment themes survey account_name plan segment)" "Billing verbatims: themed comments only, redacted"
assert_eq "2026-11-10T12:00:00Z;9;promoter;'=1+1 great reports, export to CSV works
2026-11-14T12:00:00Z;5;detractor;'@admin the invoice PDF download is broken, ring [phone]" \
  "$(rows "$R" nps_verbatims.csv responded_at score category comment)" "Reporting verbatims"
assert_eq "" "$(rows "$L" nps_verbatims.csv comment)" "Login: no verbatims"

# Usage: Invoice Paid twice in W46 (h5, h15 on Sunday evening) by bob, who
# also paid in W45 (h16); Invoice Viewed twice by ann, in W45 by ann and eve.
assert_eq "Invoice Paid;2;1;1;0.2500;1;0
Invoice Viewed;2;1;1;0.2500;2;-1" "$(rows "$B" usage_by_feature.csv event_name events active_users accounts adoption active_users_previous active_users_change)" "Billing usage: events, users, adoption of 4 active users, the week before"
assert_eq "Report Created;3;2;1;0.5000;1;1" "$(rows "$R" usage_by_feature.csv event_name events active_users accounts adoption active_users_previous active_users_change)" "Reporting usage: exact event name (not 'Report Created v2')"
assert_eq "Login;3;3;3;0.7500;0;3" "$(rows "$L" usage_by_feature.csv event_name events active_users accounts adoption active_users_previous active_users_change)" "Login usage"

assert_eq "ACC-1;Acme Corp;Enterprise;Enterprise;EMEA;120000.00;2;2;2;2;4.00;1
ACC-3;Initech;Starter;SMB;APAC;9000.00;1;0;1;1;6.00;0
ACC-2;Globex;Growth;Mid-Market;;45000.00;1;0;0;0;;1" \
  "$(rows "$B" accounts.csv account_id name plan segment region arr tickets high_urgent_tickets detractors nps_responses mean_score feature_users)" "Billing accounts: most tickets, then most detractors (Globex's region \"NA\" loads as a null)"
assert_eq "ACC-1;1;1;1;1;5.00;2
ACC-2;1;0;0;1;9.00;0" "$(rows "$R" accounts.csv account_id tickets high_urgent_tickets detractors nps_responses mean_score feature_users)" "Reporting accounts"
assert_eq "ACC-3;1;1;0;0;;1" "$(rows "$L" accounts.csv account_id tickets high_urgent_tickets detractors nps_responses mean_score feature_users)" "Login accounts"

# ---- privacy: no raw email and no Luhn-valid number anywhere ---------------
# no_pii DIR...: every file, and every XML part of every workbook.
no_pii() {
    python3 - "$@" <<'PY'
import os, re, sys, zipfile
email = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
digits = re.compile(rb"(?<![0-9])[0-9]+(?:[ -][0-9]+)*")
def luhn(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        n = int(c) * (2 if i % 2 else 1)
        s += n - 9 if n > 9 else n
    return s % 10 == 0
def cards(text):
    # every run of whole digit groups (joined by single spaces or dashes,
    # as cards are written) with 13-19 digits in all
    out = []
    for m in digits.finditer(text):
        g = re.split(rb"[ -]", m.group())
        for i in range(len(g)):
            for j in range(i + 1, len(g) + 1):
                d = b"".join(g[i:j]).decode()
                if 13 <= len(d) <= 19 and luhn(d):
                    out.append(d)
    return out
bad = 0
parts = 0
for top in sys.argv[1:]:
    for dirpath, _, files in os.walk(top):
        for f in files:
            path = os.path.join(dirpath, f)
            blobs = [(path, open(path, "rb").read())]
            if f.endswith(".xlsx"):
                z = zipfile.ZipFile(path)
                blobs = [(path + ":" + n, z.read(n)) for n in z.namelist()]
            for name, data in blobs:
                parts += 1
                for m in email.finditer(data):
                    print("email in", name, m.group()); bad += 1
                for c in cards(data):
                    print("card number in", name, c); bad += 1
print("checked", parts, "files and parts;", bad, "leaks")
sys.exit(1 if bad or not parts else 0)
PY
}
out=$(no_pii "$O") && pass "no email, no Luhn-valid number in any file or XLSX part ($(echo "$out" | tail -1))" || { fail "PII found"; echo "$out" | head; }
assert_eq "0" "$(grep -rlE 'requester_email|respondent_email|requester_domain|respondent_domain' "$O" --include='*.csv' | wc -l)" "no email or domain column in any CSV"

# ---- safe to open: CSV neutralized, XLSX plain strings, no formulas --------
out=$(python3 - "$O" <<'PY'
import csv, os, re, sys
bad = 0
num = re.compile(r"-?[0-9]+(\.[0-9]+)?")
for dirpath, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".csv"):
            for row in csv.reader(open(os.path.join(dirpath, f), encoding="utf-8-sig", newline="")):
                for cell in row:
                    if cell and cell[0] in "=+-@\t\r" and not num.fullmatch(cell):
                        print("live formula", f, repr(cell)); bad += 1
print(bad)
PY
)
assert_eq "0" "$(echo "$out" | tail -1)" "no CSV cell starts with = + - @ TAB CR unless it is a number"
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
[ -n "$PYXL" ] || fail "no python3 with openpyxl: run scripts/install-deps.sh"
"${PYXL:-python3}" - "$B/handoff-billing.xlsx" "$B" > "$TMP/xlsx.out" 2>&1 <<'PY'
import csv, datetime, sys, zipfile, openpyxl
path, folder = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(path)
assert wb.sheetnames == ["tickets", "nps_verbatims", "usage_by_feature", "accounts", "trend"], wb.sheetnames
for name in wb.sheetnames:
    ws = wb[name]
    rows = list(csv.reader(open(f"{folder}/{name}.csv", encoding="utf-8-sig", newline="")))
    assert ws.max_row == len(rows), (name, ws.max_row, len(rows))
    assert [c.value for c in ws[1]] == rows[0], name
    assert all(c.font.b for c in ws[1]), "bold header"
    assert ws.freeze_panes == "A2", ws.freeze_panes
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(rows[0]))}{len(rows)}", ws.auto_filter.ref
t = wb["tickets"]
head = [c.value for c in t[1]]
subj = head.index("subject") + 1
formula = t.cell(row=3, column=subj)
assert formula.value == '=HYPERLINK("http://evil.example","refund")', formula.value
assert formula.data_type == "s", formula.data_type
for row in t.iter_rows(min_row=2):
    for c, h in zip(row, head):
        if h in ("subject", "tags", "themes", "requester_id", "external_id") and c.value is not None:
            assert c.data_type == "s", (h, c.value, c.data_type)
created = t.cell(row=2, column=head.index("created_at") + 1)
assert created.value == datetime.datetime(2026, 11, 9, 10, 0), created.value
arr = t.cell(row=2, column=head.index("account_arr") + 1)
assert arr.value == 120000 and arr.data_type == "n", arr.value
n = wb["nps_verbatims"]
assert n.cell(row=4, column=4).value.startswith("@admin") and n.cell(row=4, column=4).data_type == "s"
u = wb["usage_by_feature"]
assert u.cell(row=2, column=5).value == 0.25 and u.cell(row=2, column=5).number_format == "0.0%"
z = zipfile.ZipFile(path)
for part in z.namelist():
    if part.startswith("xl/worksheets/"):
        xml = z.read(part).decode()
        assert "<f>" not in xml and "<f " not in xml, part
print("xlsx ok")
PY
assert_eq "xlsx ok" "$(tail -1 "$TMP/xlsx.out")" "workbook = CSVs; text cells are strings; no <f> elements; bold frozen headers, filters"

# ---- the README data dictionary --------------------------------------------
RM=$(cat "$B/README.md")
assert_match "^# PM handoff: Billing, 2026-W46" "$RM" "README title"
assert_match "from 2026-11-09T00:00:00Z to 2026-11-16T00:00:00Z" "$RM" "README: the period"
assert_match "Themes: \`billing\`, \`pricing\`" "$RM" "README: the area's themes"
assert_match "Events \(a final \`\*\` matches any ending\): \`Invoice\*\`" "$RM" "README: the area's events"
assert_match "\| tickets.csv \| 5 \|" "$RM" "README: row counts"
assert_match "\| nps_verbatims.csv \| 3 \|" "$RM" "README: verbatim count"
assert_match "HMAC-SHA256" "$RM" "README: how ids are made"
assert_match "\`--no-redact\` turns this off" "$RM" "README: redaction was on"
missing=$(for f in tickets nps_verbatims usage_by_feature accounts; do
    for c in $(head -1 "$B/$f.csv" | sed 's/^\xef\xbb\xbf//' | tr ',' ' '); do
        awk -v f="### $f.csv" -v c="| $c |" 'index($0, f) {on = 1; next} /^### / {on = 0} on && index($0, c) == 1 {found = 1} END {exit !found}' "$B/README.md" || echo "$f.$c"
    done
done)
assert_eq "" "$missing" "README: every column of every file in its dictionary table"

# ---- pseudonyms: HMAC of the email under the workspace secret --------------
id_of() { rows "$1" "$2" "$3" | sed -n "${4}p"; }
ann=$(id_of "$B" tickets.csv requester_id 1)
want=$(python3 -c 'import hmac, hashlib, sys; print("p-" + "".join("abcdefghijklmnop"[int(c, 16)] for c in hmac.new(bytes.fromhex(sys.argv[1]), b"ann@acme.example", hashlib.sha256).hexdigest()[:16]))' "$(sql "SELECT encode(secret, 'hex') FROM prodops.workspace")")
assert_eq "$want" "$ann" "requester_id = p- + HMAC-SHA256(workspace secret, email)[:16], hex digits as letters a-p"
assert_eq "$ann" "$(id_of "$B" nps_verbatims.csv respondent_id 1)" "the same person has the same id in tickets and NPS"
assert_eq "1" "$(sql "SELECT count(*) FROM prodops.workspace WHERE length(secret) = 32")" "one 32-byte secret"
touch "$B/stray.txt"
expect_exit 0 P report handoff --out "$O"
assert_eq "$ann" "$(id_of "$B" tickets.csv requester_id 1)" "ids are stable across runs"
[ -e "$B/stray.txt" ] && fail "the old folder was not replaced" || pass "a new run replaces the folder whole"
assert_eq "handoff-billing-2026-W46 handoff-login-2026-W46 handoff-reporting-2026-W46" \
  "$(ls -A "$O" | tr '\n' ' ' | sed 's/ $//')" "no temporary or old folders left"

# Another warehouse has another secret, so other ids.
DB2=${DBNAME}_b
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DB2 WITH (FORCE)" -c "CREATE DATABASE $DB2" >/dev/null
(
    export PRODOPS_DSN=${ADMIN_URI/\/prodops\?//$DB2?}
    load_fixture >/dev/null
    P report handoff --area Billing --out "$TMP/ws2" >/dev/null
)
other=$(id_of "$TMP/ws2/handoff-billing-2026-W46" tickets.csv requester_id 1)
assert_match "^p-[a-p]{16}$" "$other" "the other warehouse's id has the same form"
[ "$other" != "$ann" ] && pass "another warehouse gives another id" || fail "the same id in two warehouses: $other"
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $DB2 WITH (FORCE)" >/dev/null

# ---- --no-redact ------------------------------------------------------------
expect_exit 0 P report handoff --area billing --no-redact --out "$TMP/raw"
assert_match "^wrote $TMP/raw/handoff-billing-2026-W46/ \(5 tickets" "$OUT" "--area matches in any case"
RB=$TMP/raw/handoff-billing-2026-W46
assert_eq "Invoice wrong, write to ann@acme.example or call +1 (415) 555-0132|'=HYPERLINK(\"http://evil.example\",\"refund\")|CSV export fails, card 4111 1111 1111 1111 was charged|'+44 20 7946 0958 called about pricing|Card 4111 1111 1111 1112 declined on invoice 12345, IBAN DE89 3704 0044 0532 0130 00" \
  "$(rows "$RB" tickets.csv subject | paste -sd '|')" "--no-redact shows the raw text (still neutralized: '+44)"
assert_eq "Too expensive; reach me at x.private@gmail.com or 4012888888881881" "$(rows "$RB" nps_verbatims.csv comment | sed -n 2p)" "--no-redact: raw comments"
assert_eq "$ann" "$(id_of "$RB" tickets.csv requester_id 1)" "--no-redact keeps requesters pseudonymous"
assert_match "Written with \`--no-redact\`" "$(cat "$RB/README.md")" "the README says --no-redact was used"
assert_match "NOT redacted \(--no-redact\)" "$(cat "$RB/README.md")" "the dictionary says which columns are raw"

# ---- periods, zones, areas ---------------------------------------------------
expect_exit 0 P report handoff --area Billing --from 2026-11-05 --to 2026-11-09 --out "$TMP/days"
assert_eq "T8 T1" "$(rows "$TMP/days/handoff-billing-2026-11-05_2026-11-09" tickets.csv external_id | tr '\n' ' ' | sed 's/ $//')" "--from/--to: local days, --to included"
# Kolkata's W46 starts Sunday 18:30 UTC: bob's Sunday-evening payment
# (h15) is W47 there, his W45 one (h16) is W46.
expect_exit 0 P report handoff --area Billing --tz Asia/Kolkata --out "$TMP/ist"
assert_eq "Invoice Paid;2;1;0;1
Invoice Viewed;2;1;2;-1" "$(rows "$TMP/ist/handoff-billing-2026-W46" usage_by_feature.csv event_name events active_users active_users_previous active_users_change)" "usage by local day of the report zone"
assert_match "local days of Asia/Kolkata, from 2026-11-08T18:30:00Z" "$(cat "$TMP/ist/handoff-billing-2026-W46/README.md")" "README: the zone's period"

expect_exit 2 P report handoff --area Nope --out "$TMP/x"
assert_match "unknown area 'Nope' \(\[areas\] has: 'Billing', 'Reporting', 'Login'\)" "$ERR" "an unknown area lists the known ones"
expect_exit 2 P report handoff --week 2026-W46 --from 2026-11-01 --to 2026-11-02
expect_exit 2 P report handoff --from 2026-11-01
expect_exit 2 P report handoff --week 2026-W60
expect_exit 2 P report handoff --from 2026-11-05 --to 2026-11-01
assert_match "before" "$ERR" "--to before --from"
expect_exit 2 P report handoff --all --area Billing
[ ! -e "$TMP/x" ] && pass "usage errors write nothing" || fail "usage error wrote $TMP/x"

# Environment failures: exit 4 for the file system, 3 for the database.
touch "$TMP/afile"
expect_exit 4 P report handoff --area Billing --out "$TMP/afile"
assert_match "cannot create directory '$TMP/afile/.handoff-billing-2026-W46.tmp.[0-9]+'" "$ERR" "an output path that is a file: exit 4"
PRODOPS_DSN="postgresql:///none?host=$TMP/nosocket" expect_exit 3 P report handoff --out "$TMP/x"
assert_match "cannot connect to the database" "$ERR" "no database: exit 3"

# test_regression_2026_12_05_stale_tmp_folders (issue 12 item 13): a killed
# handoff leaves .handoff-…tmp.PID/ (and .old.PID/) behind.  The next run
# removes those whose process is gone, and nothing else: not a live
# process's (this shell's $$), not a file of that name, not names that only
# look alike.
S=$TMP/stale
mkdir -p "$S"
( exit 0 ) & dead=$!; wait "$dead"      # a pid that was and is no more
beyond=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))   # a pid that never was
for d in ".handoff-billing-2026-W46.tmp.$dead" ".handoff-login-2026-11-01_2026-11-15.old.$beyond" \
         ".handoff-billing-2026-W46.tmp.$$" ".handoff-billing-2026-W46.tmp.${dead}x" \
         ".handoff-billing-2026-W46.tmp.0$dead" ".handoff-bill ing-2026-W46.tmp.$dead" \
         "handoff-billing-2026-W46.tmp.$dead" ".handoff-billing-2026-W46.bak.$dead" "keep"; do
    mkdir "$S/$d" && echo partial > "$S/$d/tickets.csv"
done
echo "a file" > "$S/.handoff-reporting-2026-W46.tmp.$beyond"
kill -0 "$dead" 2>/dev/null && fail "pid $dead was reused: rerun" || true
expect_exit 0 P report handoff --area Billing --out "$S"
assert_eq "$(printf '%s\n' ".handoff-bill ing-2026-W46.tmp.$dead" ".handoff-billing-2026-W46.bak.$dead" \
    ".handoff-billing-2026-W46.tmp.$$" ".handoff-billing-2026-W46.tmp.0$dead" ".handoff-billing-2026-W46.tmp.${dead}x" \
    ".handoff-reporting-2026-W46.tmp.$beyond" handoff-billing-2026-W46 "handoff-billing-2026-W46.tmp.$dead" keep | LC_ALL=C sort)" \
  "$(ls -A "$S" | LC_ALL=C sort)" "stale working folders of dead pids removed; a live pid's, a file and look-alikes stay"
assert_eq "partial" "$(cat "$S/.handoff-billing-2026-W46.tmp.$$/tickets.csv")" "the live process's folder keeps its files"

# Without [areas]: each product area of the week's tickets, tickets only.
expect_exit 0 prodops --config "$TMP/plain.conf" report handoff --out "$TMP/plain"
assert_eq "wrote $TMP/plain/handoff-billing-2026-W46/ (3 tickets, 0 verbatims, 0 features, 3 accounts)
wrote $TMP/plain/handoff-core-app-2026-W46/ (1 tickets, 0 verbatims, 0 features, 1 accounts)
wrote $TMP/plain/handoff-data-export-2026-W46/ (1 tickets, 0 verbatims, 0 features, 1 accounts)
wrote $TMP/plain/handoff-login-access-2026-W46/ (1 tickets, 0 verbatims, 0 features, 1 accounts)" "$OUT" "no [areas]: the week's product areas (Billing = billing)"
assert_match "No \`\[areas\]\` section is configured" "$(cat "$TMP/plain/handoff-billing-2026-W46/README.md")" "README: where the area came from"

# Hygiene settings (issue 14) hold in the handoff as in the weekly report:
# a [product_areas] alias is part of the area it is shown as, with or
# without [areas]; [usage] ignore_events leave usage_by_feature.
{ cat "$TMP/plain.conf"; cat <<'CONF'; } > "$TMP/hygiene-plain.conf"
[product_areas]
Reporting = Data Export, core app
CONF
expect_exit 0 prodops --config "$TMP/hygiene-plain.conf" report handoff --out "$TMP/hyg-plain"
assert_eq "wrote $TMP/hyg-plain/handoff-billing-2026-W46/ (3 tickets, 0 verbatims, 0 features, 3 accounts)
wrote $TMP/hyg-plain/handoff-login-access-2026-W46/ (1 tickets, 0 verbatims, 0 features, 1 accounts)
wrote $TMP/hyg-plain/handoff-reporting-2026-W46/ (2 tickets, 0 verbatims, 0 features, 2 accounts)" "$OUT" "no [areas]: aliases fold into the name they are shown as"
assert_eq "T3 T4" "$(rows "$TMP/hyg-plain/handoff-reporting-2026-W46" tickets.csv external_id | tr '\n' ' ' | sed 's/ $//')" "the aliased area holds both spellings' tickets"
{ cat "$TMP/prodops.conf"; cat <<'CONF'; } > "$TMP/hygiene.conf"
[product_areas]
Login & Access = Core App

[usage]
ignore_events = Invoice Viewed
CONF
expect_exit 0 prodops --config "$TMP/hygiene.conf" report handoff --out "$TMP/hyg"
assert_eq "T4 T5" "$(rows "$TMP/hyg/handoff-login-2026-W46" tickets.csv external_id | tr '\n' ' ' | sed 's/ $//')" "[areas]: an alias of the area's product area joins it (case-blind)"
assert_eq "Invoice Paid;2;1;1;0.2500;1;0" "$(rows "$TMP/hyg/handoff-billing-2026-W46" usage_by_feature.csv event_name events active_users accounts adoption active_users_previous active_users_change)" "ignore_events: the event leaves usage_by_feature, adoption still over the 4 active users"

# [areas] mistakes are configuration errors with file:line.
cat > "$TMP/bad.conf" <<'CONF'
[areas]
Billing = Billing, plan:gold
Empty =
Glob = event:a*b
CONF
expect_exit 2 prodops --config "$TMP/bad.conf" report handoff
assert_match "bad.conf:2: unknown item prefix 'plan:' in area 'Billing'" "$ERR" "unknown item prefix, with its line"
assert_match "bad.conf:3: area 'Empty' lists nothing" "$ERR" "an empty list, with its line"
assert_match "bad.conf:4: 'event:a\*b' in area 'Glob': only a trailing '\*' is a wildcard" "$ERR" "a star inside a name"

# ---- test_regression_2026_12_05_pii_in_areas_and_events (issue 12 item 6) --
# A product area and an event name are data too: an email or a card number
# in them is redacted in tickets.csv, usage_by_feature.csv and the workbook;
# without [areas] such a product area names a folder, a README and a JSON,
# which show it redacted.  T90 is Billing by its theme ("charged").
cat > "$TMP/pii-tickets.csv" <<'CSV'
id,created,first_reply,solved,updated,status,priority,channel,satisfaction,tags,email,area,subject
T90,2026-11-12T10:00:00Z,,,2026-11-12T10:00:00Z,open,normal,email,,,x@acme.example,ask john.doe@example.com or 4111 1111 1111 1111,charged twice
T91,2026-11-12T11:00:00Z,,,2026-11-12T11:00:00Z,open,normal,email,,,x@acme.example,ops john@localhost,help
CSV
printf '{"event": "Invoice Sent jane@example.org 5500000000000004", "properties": {"time": 1794477600, "distinct_id": "ann@acme.example", "$insert_id": "pii1"}}\n' > "$TMP/pii-events.jsonl"
expect_exit 0 P ingest --profile hf-tickets --source desk "$TMP/pii-tickets.csv"
expect_exit 0 P ingest "$TMP/pii-events.jsonl"
expect_exit 0 P report handoff --area Billing --out "$TMP/pii"
PB=$TMP/pii/handoff-billing-2026-W46
assert_eq "ask [email] or [card]" "$(rows "$PB" tickets.csv external_id product_area | sed -n 's/^T90;//p')" "tickets.csv: product_area redacted"
assert_eq "Invoice Sent [email] [card]" "$(rows "$PB" usage_by_feature.csv event_name | grep Sent)" "usage_by_feature.csv: event_name redacted"
expect_exit 0 prodops --config "$TMP/plain.conf" report handoff --out "$TMP/pii-plain"
assert_match "wrote $TMP/pii-plain/handoff-ask-email-or-card-p-[a-p]{16}-2026-W46/ \(1 tickets" "$OUT" "no [areas]: a product area with PII names its folder redacted, with its pseudonym"
assert_match "wrote $TMP/pii-plain/handoff-ops-email-p-[a-p]{16}-2026-W46/ \(1 tickets" "$OUT" "a dotless-host email in a product area"
out=$(no_pii "$TMP/pii" "$TMP/pii-plain") && pass "no email, no Luhn-valid number in any file or XLSX part ($(echo "$out" | tail -1))" || { fail "PII found"; echo "$out" | head; }
assert_eq "0" "$( (ls -R "$TMP/pii" "$TMP/pii-plain"; cat "$TMP"/pii-plain/*/README.md "$TMP"/pii-plain/*/*.json "$TMP"/pii*/*/*.csv) | grep -cE 'john|jane|localhost|4111[ -]?1111[ -]?1111[ -]?1111|5500000000000004')" "no name, host or card digits in any file name, README, JSON or CSV"
assert_match "^# PM handoff: ask \\\\?\[email\\\\?\] or \\\\?\[card" "$(cat "$TMP"/pii-plain/handoff-ask-*/README.md)" "README: the area's name redacted"

# ---- the real SurveyMonkey export: real emails and IPs never come out ------
C=$SHARED/corpus/nps/2022_anc.csv
if [ -f "$C" ]; then
    cat > "$TMP/anc.conf" <<'CONF'
# The 2022 ANC candidate questionnaire (SurveyMonkey, two header rows):
# no NPS question, so the SMD number (01-10) stands in for a score; the
# open answer is the comment; every answer gets the theme "civic".
[profile "anc"]
kind             = nps
external_id      = Respondent ID
respondent_email = Contact information - Email
responded_at     = End Date
score            = Select the SMD in which you are running:
comment          = Why do you think you are the right person to serve as an ANC commissioner for your SMD?

[themes]
file = anc-themes.conf

[areas]
Civic = theme:civic
CONF
    printf 'civic = \\w\n' > "$TMP/anc-themes.conf"
    expect_exit 0 prodops --config "$TMP/anc.conf" ingest --profile anc --source anc "$C"
    want=$(python3 - "$C" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))[2:]
print(sum(1 for r in rows if r[14].strip() and re.search(r"\w", r[40])))
PY
)
    expect_exit 0 prodops --config "$TMP/anc.conf" report handoff --from 2022-01-01 --to 2022-12-31 --out "$TMP/anc"
    assert_match "handoff-civic-2022-01-01_2022-12-31/ \(0 tickets, $want verbatims" "$OUT" "corpus: every answered questionnaire is a verbatim ($want)"
    out=$(python3 - "$C" "$TMP/anc" <<'PY'
import csv, os, re, sys, zipfile
text = open(sys.argv[1], encoding="utf-8").read()
emails = set(re.findall(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", text))
ips = set(re.findall(r"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9.])", text))
blobs = []
for dirpath, _, files in os.walk(sys.argv[2]):
    for f in files:
        p = os.path.join(dirpath, f)
        if f.endswith(".xlsx"):
            z = zipfile.ZipFile(p)
            blobs += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        else:
            blobs.append(open(p, encoding="utf-8").read())
out = "\n".join(blobs)
leaks = [e for e in emails | ips if e in out]
print(len(emails), "emails and", len(ips), "IP addresses in the corpus;", len(leaks), "in the handoff", "[email]" in out)
PY
)
    assert_match "^[1-9][0-9]* emails and [1-9][0-9]* IP addresses in the corpus; 0 in the handoff True$" "$out" "corpus: none of its emails or IP addresses in the output, and the email in an answer is [email] ($out)"
    out=$(no_pii "$TMP/anc") && pass "corpus: no email or card number pattern in any output ($(echo "$out" | tail -1))" || { fail "corpus PII"; echo "$out" | head; }
else
    pass "# skip: no $SHARED/corpus (corpus redaction check)"
fi
done_testing
