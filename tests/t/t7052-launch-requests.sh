#!/usr/bin/env bash
# The requests a launch answers (issue 17): the feature-request roll-up's
# requests whose name matches the launch's pattern (or is its name), the
# accounts asking for them and which of those adopted the launch, worked
# out by hand below; the renderings, the verdict's clause, the OKR
# review's headline, and `reports = launch` in a [job].
#
# Accounts (tests/fixtures/launch): Acme ACC-A 120,000, Globex ACC-B
# 45,000, Initech ACC-C 20,000, Umbrella ACC-D 8,000, Hooli ACC-E 9,000.
# Bulk export (released Oct 21, pattern /export/) is used, from the
# release on, by Acme (Oct 21), Globex (Oct 23) and Umbrella (Oct 26 in
# Berlin): t7051 works these out.
# The asks (rules: tests/fixtures/launch-requests/requests.conf):
#   bulk export: post 1 (Acme, planned), post 2 (Initech: the rule matches
#     its description), ticket R1 (Globex), ticket R2 and the NPS comment
#     "please add bulk export" (Acme again: Acme asks three times, counted
#     once) -> accounts ACC-A, ACC-B, ACC-C; ARR 185,000; adopted ACC-A,
#     ACC-B -> 2, ARR 165,000; status planned.
#   Export to Excel: post 3 (Umbrella), no rule: its own request, named by
#     its title, which /export/ matches -> 1 account, ARR 8,000, adopted
#     (first use Oct 26).
#   dark theme: post 4 (Hooli): not Bulk export's; not Dark mode's either
#     (its pattern is its name and event: "Dark mode|Theme Changed"), but
#     the launch named "Dark theme" (pattern /night mode/) by its name.
# Bulk export's askers over both requests: 4 accounts, 3 adopted, ARR
# 193,000 and 173,000 -> "3 of 4 accounts that asked for it use it".
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/launch
RX=$ROOT/tests/fixtures/launch-requests

cat > "$TMP/prodops.conf" <<CONF
[report]
timezone = Europe/Berlin

[requests]
file = $RX/requests.conf

[profile "launch-tickets"]
kind            = tickets
external_id     = id
created_at      = created
subject         = subject
tags            = tags
requester_email = email

[profile "launch-nps"]
kind             = nps
respondent_email = email
score            = score
responded_at     = when
comment          = comment

[job "launches"]
schedule = @weekly
reports  = launch
output   = $TMP/job

[job "asks"]
schedule = @weekly
reports  = requests
output   = $TMP/asks
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }
export PRODOPS_NOW=2026-11-24T09:00:00Z
expect_exit 0 P ingest --kind accounts "$FX/accounts.csv"
expect_exit 0 P ingest "$FX/events.jsonl"
expect_exit 0 P ingest --profile launch-tickets --source desk "$FX/tickets.csv"
expect_exit 0 P ingest --profile launch-tickets --source desk2 "$RX/tickets.csv"
expect_exit 0 P ingest --profile launch-nps --source survey "$FX/nps.csv"
expect_exit 0 P ingest --kind requests --source fider "$RX/posts.csv"
expect_exit 0 P ingest --kind releases "$FX/releases.csv"
expect_exit 0 P ingest --kind releases --source more "$RX/releases.csv"
assert_eq "ACC-A ACC-C ACC-D ACC-E" \
    "$(sql "SELECT string_agg(account_id, ' ' ORDER BY external_id) FROM prodops.requests")" \
    "each post reaches its company's account"

expect_exit 0 P report launch "bulk export" --out "$TMP/rep"
J=$TMP/rep/launch-bulk-export.json
json_check "$J" \
  "requests.0.name='bulk export'" "requests.0.status='planned'" \
  "requests.0.accounts_asking=3" "requests.0.accounts_adopted=2" \
  "requests.0.arr_asking=185000" "requests.0.arr_adopted=165000" \
  "requests.0.accounts=[{'account': 'ACC-A', 'arr': 120000, 'adopted': True, 'first_use': '2026-10-21'}, {'account': 'ACC-B', 'arr': 45000, 'adopted': True, 'first_use': '2026-10-23'}, {'account': 'ACC-C', 'arr': 20000, 'adopted': False, 'first_use': None}]" \
  "requests.1.name='Export to Excel'" "requests.1.accounts_asking=1" \
  "requests.1.accounts_adopted=1" "requests.1.arr_asking=8000" \
  "requests.1.accounts=[{'account': 'ACC-D', 'arr': 8000, 'adopted': True, 'first_use': '2026-10-26'}]" \
  "request_askers={'accounts_asking': 4, 'accounts_adopted': 3, 'arr_asking': 193000, 'arr_adopted': 173000}" \
  || fail "the requests Bulk export answers"
python3 -c "import json,sys; sys.exit(len(json.load(open(sys.argv[1]))['requests']) != 2)" "$J" \
    && pass "two requests, not dark theme" || fail "request count"
# Tickets about it: t7051's 3 before and 1 after, plus R1 (Oct 5, before)
# and R2 (Nov 2, after) -> 4 -> 2.
V="Bulk export: 67 % of active accounts use it after 4 weeks; tickets about it fell 4 → 2; 3 of 4 accounts that asked for it use it"
json_check "$J" "verdict='$V'" || fail "the verdict's clause"
MD=$(cat "$TMP/rep/launch-bulk-export.md")
assert_match "^\*\*$V\*\*$" "$MD" "the Markdown leads with it"
assert_match "^## The requests it answers$" "$MD" "Markdown: the section"
assert_match "^3 of the 4 accounts that asked for it use it \(ARR 173,000 of 193,000\)\.$" "$MD" "Markdown: the askers"
assert_match "^\| bulk export \| planned \| 3 \| 2 \| 185,000 \| 165,000 \|$" "$MD" "Markdown: per request"
assert_match "^\| ACC-C \| bulk export \| 20,000 \| no \| – \|$" "$MD" "Markdown: an asker that does not use it"
assert_match "^\| ACC-D \| Export to Excel \| 8,000 \| yes \| 2026-10-26 \|$" "$MD" "Markdown: one that does"
assert_match "^\|---\|---\|---:\|---:\|---:\|---:\|$" "$MD" "Markdown: request and status left, numbers right"
assert_match "^\|---\|---\|---:\|---\|---:\|$" "$MD" "Markdown: account, request and uses-it left"
HTML=$(cat "$TMP/rep/launch-bulk-export.html")
assert_match "The requests it answers</h2>" "$HTML" "HTML: the section"
assert_match ">ACC-C</td>" "$HTML" "HTML: the askers"
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
"${PYXL:-python3}" - "$TMP/rep/launch-bulk-export.xlsx" <<'PY' && pass "the workbook's Requests sheet" || fail "workbook"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Summary", "Adoption", "Requests"], wb.sheetnames
ws = wb["Requests"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=6)]
assert rows[0] == ["Request", "Status", "Account", "ARR", "Uses it", "First use"], rows[0]
assert rows[1] == ["bulk export", "planned", "ACC-A", 120000, True, "2026-10-21"], rows[1]
assert rows[3][2:5] == ["ACC-C", 20000, False], rows[3]
assert rows[4][:5] == ["Export to Excel", "open", "ACC-D", 8000, True], rows[4]
assert rows[5] == [None] * 6, rows[5]
s = wb["Summary"]
facts = {r[0].value: r[1].value for r in s.iter_rows(min_row=3, max_row=30) if r[0].value}
assert facts["Accounts that asked for it"] == 4, facts
assert facts["... of them using it"] == 3, facts
assert facts["ARR of those using it"] == 173000, facts
PY

# No request matches Dark mode: an empty list, and every rendering says so.
expect_exit 0 P report launch "dark mode" --out "$TMP/rep"
json_check "$TMP/rep/launch-dark-mode.json" "requests=[]" \
  "request_askers={'accounts_asking': 0, 'accounts_adopted': 0, 'arr_asking': 0, 'arr_adopted': 0}" \
  "verdict='Dark mode: 0 % of active accounts use it after 1 week; tickets about it: 0 in the 4 weeks before, 0 since'" \
  || fail "a launch no request matches"
assert_match "^No feature request matches this launch" "$(cat "$TMP/rep/launch-dark-mode.md")" "Markdown says so"
assert_match "<p>No feature request matches this launch" "$(cat "$TMP/rep/launch-dark-mode.html")" "HTML says so"
"${PYXL:-python3}" - "$TMP/rep/launch-dark-mode.xlsx" <<'PY' && pass "the workbook says so" || fail "workbook, no request"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Requests"]
assert ws["A2"].value == "No feature request matches this launch.", ws["A2"].value
PY
# The launch named as the request is: matched by its name; Hooli never
# changed a theme.
expect_exit 0 P report launch "dark theme" --out "$TMP/rep"
json_check "$TMP/rep/launch-dark-theme.json" "requests.0.name='dark theme'" \
  "requests.0.accounts=[{'account': 'ACC-E', 'arr': 9000, 'adopted': False, 'first_use': None}]" \
  || fail "matched by name"
assert_match "; 0 of 1 account that asked for it uses it$" \
    "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['verdict'])" "$TMP/rep/launch-dark-theme.json")" \
    "one asking account: singular"

# The OKR review's launches say what the reviews say.
expect_exit 0 P report okr --quarter 2026Q4 --out "$TMP/okr"
json_check "$TMP/okr/okr-2026Q4.json" "launches.0.name='Bulk export'" "launches.0.verdict='$V'" \
  || fail "the OKR review's headline"

# ---- reports = launch in a job -----------------------------------------
# The launches of the 91 days before Nov 30 (from Sep 1): all three.
expect_exit 0 P run launches --at 2026-11-30T07:00
for s in bulk-export dark-mode dark-theme; do
    for ext in json md html xlsx; do
        [ -s "$TMP/job/launch-$s.$ext" ] || fail "job: launch-$s.$ext missing"
    done
done
pass "the job wrote the three reviews"
json_check "$TMP/job/launch-bulk-export.json" "verdict='$V'" "request_askers.accounts_adopted=3" \
  || fail "the job's review"
# reports = requests: the roll-up of the quarter so far, as the launch
# review read it.
expect_exit 0 P run asks --at 2026-11-30T07:00
json_check "$TMP/asks/requests-2026Q4.json" "requests.0.name='bulk export'" \
  "requests.0.accounts=['ACC-A', 'ACC-B', 'ACC-C']" "requests.0.arr=185000" \
  || fail "the job's roll-up"
# In April 2027 no launch is that recent: nothing written, no error.
rm -rf "$TMP/job"
expect_exit 0 P run launches --at 2027-04-05T07:00
assert_eq "" "$(ls "$TMP/job" 2>/dev/null)" "no launch in 91 days: nothing written"
done_testing
