#!/usr/bin/env bash
# The feature-request roll-up (issue 17): request rules match across
# tickets, NPS comments and posts; accounts are counted once however often
# they ask; ARR, votes and mentions are summed by hand below from
# tests/fixtures/requests (accounts from tests/fixtures/tickets):
#
#   ACC-1 Acme 120,000 (Enterprise), ACC-2 Globex 45,000 (Mid-Market),
#   ACC-3 Initech 9,000 (SMB)
#   dark mode:  T1, T2 (Acme, twice), NPS 3 (Globex, a detractor), NPS 9
#               (Initech, "wish"), Fider 1 (12 votes) with its merged
#               duplicate 3 (2 votes), Canny c-101 (Acme, 9 votes)
#               -> accounts ACC-1, ACC-2, ACC-3; ARR 174,000; votes 23,
#               posts 3, tickets 2, NPS 2; 1 detractor; status open
#   excel export: T3 (Globex), Fider 2 (7 votes) -> ARR 45,000
#   Scheduled exports: Canny c-102 (Globex, 4 votes, in progress), no
#               rule -> its own request, ARR 45,000, status started
#   SAML single sign-on: Fider 4 (5 votes, started), no account
#   Gantt view: Canny c-103 (gmail: no account, 2 votes, complete)
#   T4 is no feature request; T5 (Dec 20) is after week 2026-W46; a sixth
#   post (another Fider source) has a phone number in its title.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/requests
export PRODOPS_NOW=2026-11-18T09:00:00Z

cat > "$TMP/prodops.conf" <<CONF
[requests]
file = $FX/requests.conf

[profile "rq-tickets"]
kind            = tickets
external_id     = id
created_at      = created
updated_at      = updated
status          = status
requester_email = email
product_area    = area
subject         = subject

[profile "rq-nps"]
kind             = nps
respondent_email = email
score            = score
responded_at     = when
comment          = comment

[profile "canny"]
kind         = requests
external_id  = ID
title        = Title
description  = Details
status       = Status
votes        = Votes
author_email = Author Email
organization = Company Name
created_at   = Created At
CONF
P=(prodops --config "$TMP/prodops.conf")
expect_exit 0 "${P[@]}" ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
# Loaded "in January", so that T5 (Dec 20) is a plausible time.
PRODOPS_NOW=2027-01-05T00:00:00Z expect_exit 0 "${P[@]}" ingest "$FX/tickets.csv" "$FX/nps.csv" "$FX/fider-1.csv" "$FX/canny.csv"

# A post whose title holds a phone number: its name is redacted.
printf 'number,title,description,created_at,created_by,votes_count,comments_count,status,responded_by,responded_at,response,original_number,original_title,tags\n9,Call me at +1 415 555 0132 about SSO,,2026-11-01T08:00:00Z,Hy Ro,1,0,open,,,,,,\n' > "$TMP/fider-pii.csv"
expect_exit 0 "${P[@]}" ingest --source fider-b "$TMP/fider-pii.csv"
expect_exit 0 "${P[@]}" report requests --week 2026-W46 --out "$TMP/rep"
assert_match "wrote $TMP/rep/requests-2026-W46.xlsx, .md, .html and .json" "$OUT" "four files"
J=$TMP/rep/requests-2026-W46.json
json_check "$J" \
  "period.label='2026-W46'" \
  "rules=2" \
  "requests.0.name='dark mode'" \
  "requests.0.accounts=['ACC-1', 'ACC-2', 'ACC-3']" \
  "requests.0.arr=120000+45000+9000" \
  "requests.0.mentions={'votes': 12+2+9, 'posts': 3, 'tickets': 2, 'nps': 2}" \
  "requests.0.detractors=1" \
  "requests.0.detractor_comments=1" \
  "requests.0.status='open'" \
  "requests.0.period={'mentions': 2, 'accounts': 2}" \
  "requests.0.segments={'Enterprise': 1, 'Mid-Market': 1, 'SMB': 1}" \
  "requests.0.verbatims.0.text='please add dark mode, call me at [phone]'" \
  "requests.0.verbatims.0.account='Globex'" \
  "requests.0.verbatims.1.text='Feature request: dark theme for our agents'" \
  "requests.1.name='excel export'" \
  "requests.1.arr=45000" \
  "requests.1.mentions={'votes': 7, 'posts': 1, 'tickets': 1, 'nps': 0}" \
  "requests.2.name='Scheduled exports'" \
  "requests.2.status='started'" \
  "requests.3.name='SAML single sign-on'" \
  "requests.3.arr=0" \
  "requests.3.accounts=[]" \
  "requests.3.status='started'" \
  "requests.4.name='Gantt view'" \
  "requests.4.status='completed'" \
  && pass "roll-up numbers by hand" || fail "roll-up numbers"
assert_eq "6 Call me at [phone] about SSO" "$(python3 -c "import json,sys; r = json.load(open('$J'))['requests']; print(len(r), r[5]['name'])")" \
  "six requests (T4 none); a post's title redacted as its name"
assert_eq "13 1 1" "$(python3 -c "
import json; r = json.load(open('$J'))['requests'][0]['trend']
print(len(r), [w['mentions'] for w in r if w['week'] == '2026-W46'][0] - 1, r[-1]['week'] == '2026-W46')" | sed 's/True/1/')" \
  "13 trend weeks ending with W46 (2 mentions there)"
# The quarter: T5 (Initech again) adds a ticket, not an account.
PRODOPS_NOW=2027-01-05T00:00:00Z expect_exit 0 "${P[@]}" report requests --quarter 2026Q4 --out "$TMP/rep"
json_check "$TMP/rep/requests-2026Q4.json" \
  "requests.0.mentions.tickets=3" "requests.0.arr=174000" \
  "requests.0.accounts=['ACC-1', 'ACC-2', 'ACC-3']" \
  && pass "an account asking twice counts once" || fail "quarter"
# The workbook, read back.
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
[ -n "$PYXL" ] || fail "no python3 with openpyxl: run scripts/install-deps.sh"
"${PYXL:-python3}" - "$TMP/rep/requests-2026-W46.xlsx" > "$TMP/cells" <<'PY' || fail "openpyxl"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
ws = wb["Requests"]
print([c.value for c in ws[1]][:6])
print([c.value for c in ws[2]][:11])
print(wb["Verbatims"]["D2"].value)
PY
assert_eq "['Requests', 'Trend', 'Verbatims']
['Rank', 'Request', 'Status', 'Accounts', 'ARR', 'Votes']
[1, 'dark mode', 'open', 3, 174000, 23, 3, 2, 2, 1, 2]
please add dark mode, call me at [phone]" "$(cat "$TMP/cells")" "xlsx cells read back"
assert_match "\| 1 \| dark mode \| open \| 3 \| 174,000 \| 23 \| 3 \| 2 \| 2 \| 1 \| 2 \|" "$(cat "$TMP/rep/requests-2026-W46.md")" "markdown row"
# The weekly report lists the requests asked most this week (only dark
# mode was asked in W46: the two NPS comments), the OKR review the
# quarter's top ten by ARR.
expect_exit 0 "${P[@]}" report weekly --week 2026-W46 --out "$TMP/weekly"
json_check "$TMP/weekly/weekly-2026-W46.json" \
  "requests_gained.0.name='dark mode'" "requests_gained.0.period.mentions=2" \
  "requests_gained.0.arr=174000" \
  && pass "weekly: requests that gained" || fail "weekly requests"
assert_eq "1" "$(python3 -c "import json; print(len(json.load(open('$TMP/weekly/weekly-2026-W46.json'))['requests_gained']))")" "weekly: only requests asked this week"
assert_match "dark mode: 2 asks this week; 3 accounts, 174,000 ARR at stake, 23 votes; open" \
  "$(cat "$TMP/weekly/weekly-2026-W46.md")" "weekly summary names it"
PRODOPS_NOW=2027-01-05T00:00:00Z expect_exit 0 "${P[@]}" report okr --quarter 2026Q4 --out "$TMP/okr"
json_check "$TMP/okr/okr-2026Q4.json" \
  "requests_top.0.name='dark mode'" "requests_top.0.mentions.tickets=3" \
  "requests_top.1.name='excel export'" "requests_top.4.name='Gantt view'" \
  && pass "okr: the quarter's top requests" || fail "okr requests"
assert_match "Top feature requests by ARR at stake" "$(cat "$TMP/okr/okr-2026Q4.md")" "okr summary section"
# --area: the requests with an ask in the area (T3's theme data/export).
printf '[areas]\nReporting = Reporting, theme:data/export\n' >> "$TMP/prodops.conf"
expect_exit 0 "${P[@]}" report requests --week 2026-W46 --area reporting --out "$TMP/area"
json_check "$TMP/area/requests-2026-W46.json" "area='Reporting'" "requests.0.name='excel export'" \
  && pass "area filter" || fail "area filter"
assert_eq "1" "$(python3 -c "import json; print(len(json.load(open('$TMP/area/requests-2026-W46.json'))['requests']))")" "only the area's request"
# Each PM handoff carries its area's requests (JSON and README).
expect_exit 0 "${P[@]}" report handoff --week 2026-W46 --area Reporting --out "$TMP/handoff"
json_check "$TMP/handoff/handoff-reporting-2026-W46/handoff-reporting.json" \
  "requests.0.name='excel export'" "requests.0.arr=45000" \
  "requests.0.accounts=['ACC-2']" \
  && pass "handoff: the area's requests" || fail "handoff requests"
assert_match "excel export: 1 accounts, ARR 45000, 7 votes, status open" \
  "$(cat "$TMP/handoff/handoff-reporting-2026-W46/README.md")" "handoff README lists them"
expect_exit 2 "${P[@]}" report requests --week 2026-W46 --area nowhere --out "$TMP/area"
assert_match "no area 'nowhere'" "$ERR" "unknown area"
# A bad rule names its file and line.
printf 'ok = fine\nbroken = (unclosed\n' > "$TMP/bad.conf"
printf '[requests]\nfile = %s\n' "$TMP/bad.conf" > "$TMP/bad-prodops.conf"
expect_exit 2 prodops --config "$TMP/bad-prodops.conf" report requests --week 2026-W46 --out "$TMP/bad"
assert_match "bad.conf:2: request 'broken'" "$ERR" "rule errors with file:line"

[ "$fails" = 0 ]
