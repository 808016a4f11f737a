#!/usr/bin/env bash
# Presentation and report-time hygiene (issue 14 §2): tags left out of the
# top tags by glob ([report] ignore_tags), product-area aliases folded
# into one name ([product_areas]), events left out of adoption only
# ([usage] ignore_events); labels, not metric ids, in every summary; and
# the Summary sheet read back: every number formatted.  Expected values
# are worked out by hand from the rows below.
. "$(dirname "$0")/../lib/test-lib.sh"

cat > "$TMP/prodops.conf" <<'CONF'
[profile "t-tickets"]
kind            = tickets
external_id     = id
created_at      = created
updated_at      = updated
status          = status
priority        = priority
channel         = channel
tags            = tags
product_area    = area
requester_email = email

[report]
ignore_tags = plan_*, legacy?

[product_areas]
Billing = Billing issue, billing QUESTION

[usage]
ignore_events = $autocapture, $pageview

[areas]
Billing = Billing
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }

# Week 2026-W46 (Nov 9-16, UTC).  Tags: plan_enterprise, plan_pro,
# plan_trial match plan_*; legacy1 matches legacy?, legacy12 does not; and
# planet does not match plan_* (the _ is literal, not LIKE's any-one).
#   billing: A1 A2 -> 2; login: A2 A3 -> 2; planet: A4 -> 1;
#   legacy12: A4 -> 1 (sorted after billing, login: count, then name).
# Areas: "Billing issue" (A1) and "Billing question" (A2, case-blind
# alias) are Billing, and A3 is Billing already: Billing 3; Login 1 (A4);
# A5 has none: unknown 1.
cat > "$TMP/tickets.csv" <<'CSV'
id,created,updated,status,priority,channel,tags,area,email
A1,2026-11-09T10:00:00Z,2026-11-09T10:00:00Z,open,normal,email,plan_enterprise billing,Billing issue,a@x.example
A2,2026-11-10T10:00:00Z,2026-11-10T10:00:00Z,open,normal,email,plan_pro billing login legacy1,Billing question,b@x.example
A3,2026-11-11T10:00:00Z,2026-11-11T10:00:00Z,open,normal,email,plan_trial login,Billing,c@x.example
A4,2026-11-12T10:00:00Z,2026-11-12T10:00:00Z,open,normal,email,planet legacy12,Login,d@x.example
A5,2026-11-13T10:00:00Z,2026-11-13T10:00:00Z,open,normal,email,,,e@x.example
CSV
# Usage in W46: u1 Login and $autocapture, u2 only $autocapture, u3
# Report.  Active users 3 (u2 is active: SPEC §6 counts any event);
# adoption leaves $autocapture out: Login 1/3, Report 1/3.
t=1794218400 # 2026-11-09T10:00:00Z
{
    printf '{"event":"Login","properties":{"time":%d,"distinct_id":"u1","$insert_id":"e1"}}\n' $t
    printf '{"event":"$autocapture","properties":{"time":%d,"distinct_id":"u1","$insert_id":"e2"}}\n' $((t + 60))
    printf '{"event":"$autocapture","properties":{"time":%d,"distinct_id":"u2","$insert_id":"e3"}}\n' $((t + 3600))
    printf '{"event":"Report","properties":{"time":%d,"distinct_id":"u3","$insert_id":"e4"}}\n' $((t + 7200))
} > "$TMP/events.jsonl"

expect_exit 0 P ingest --profile t-tickets --source desk "$TMP/tickets.csv"
expect_exit 0 P ingest "$TMP/events.jsonl"
expect_exit 0 P report weekly --week 2026-W46 --out "$TMP/rep"
J=$TMP/rep/weekly-2026-W46.json
out=$(json_check "$J" \
  "tickets.tickets_created=5" \
  "tickets.top_tags=[{'tag': 'billing', 'count': 2}, {'tag': 'login', 'count': 2}, {'tag': 'legacy12', 'count': 1}, {'tag': 'planet', 'count': 1}]" \
  "tickets.by_product_area={'Billing': 3, 'Login': 1, 'unknown': 1}" \
  "usage.active_users=3" \
  "usage.adoption={'Login': 1/3, 'Report': 1/3}") \
  && pass "ignore_tags, product-area aliases, ignore_events (active users unchanged)" \
  || { fail "hygiene settings"; echo "$out" | grep "not ok"; }

# No raw metric ids in what people read (the JSON keeps SPEC's names).
for ext in md txt html; do
    f=$TMP/rep/weekly-2026-W46.$ext
    ids=$(grep -oE '\b(first_reply_hours_median|tickets_created|backlog_end|csat_pct|active_users|dau_avg|wau|mau|stickiness|nps_moe95)\b' "$f" | head -3)
    assert_eq "" "$ids" "weekly .$ext: labels, no metric ids"
done

# The Summary read back: every number cell has a number format, and the
# Change column's is signed.
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
[ -n "$PYXL" ] || fail "no python3 with openpyxl: run scripts/install-deps.sh"
"${PYXL:-python3}" - "$TMP/rep/weekly-2026-W46.xlsx" > "$TMP/xlsx.out" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Summary"]
n = 0
for row in ws.iter_rows(min_row=4):
    for c in row:
        if isinstance(c.value, (int, float)):
            assert c.number_format != "General", (c.coordinate, c.value)
            n += 1
assert n > 0
for c in ws["D"][3:]:
    if isinstance(c.value, (int, float)):
        assert c.number_format.startswith("+"), (c.coordinate, c.number_format)
ad = {r[0]: r[1] for r in wb["Feature adoption"].iter_rows(min_row=2, values_only=True) if r[1] is not None}
assert set(ad) == {"Login", "Report"}, ad
print("xlsx ok")
PY
assert_eq "xlsx ok" "$(tail -1 "$TMP/xlsx.out")" "Summary: every number formatted; adoption without ignored events"

# The handoff area "Billing" names the product area Billing: its aliases
# come along, so A1 (Billing issue), A2 (Billing question) and A3
# (Billing) are its tickets, as the weekly breakdown counts them.  The
# trend's week_start is an Excel date, not text.
expect_exit 0 P report handoff --area Billing --week 2026-W46 --out "$TMP/h"
H=$TMP/h/handoff-billing-2026-W46
assert_eq "A1 A2 A3" "$(python3 -c 'import csv,sys; print(" ".join(sorted(r["external_id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))))' "$H/tickets.csv")" "handoff: product-area aliases applied"
"${PYXL:-python3}" - "$H/handoff-billing.xlsx" > "$TMP/hx.out" 2>&1 <<'PY'
import datetime, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["trend"]
col = [c.value for c in ws[1]].index("week_start")
days = [r[col] for r in ws.iter_rows(min_row=2, values_only=True)]
assert len(days) == 13 and all(isinstance(d, datetime.datetime) for d in days), days
assert days[-1] == datetime.datetime(2026, 11, 9), days[-1]  # W46's Monday
assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
print("handoff xlsx ok")
PY
assert_eq "handoff xlsx ok" "$(tail -1 "$TMP/hx.out")" "handoff: week_start is a date; landscape"

# Every problem of the hygiene settings at once, each at its line.
cat > "$TMP/bad.conf" <<'CONF'
[report]
ignore_tags = plan_*, , x

[product_areas]
Billing = Billing issue
Support = billing issue

[usage]
ignore_events = a,,b
colour = blue
CONF
expect_exit 2 prodops --config "$TMP/bad.conf" report weekly --week 2026-W46 --out "$TMP/bad"
assert_match "bad.conf:2: \[report\] ignore_tags: an empty item" "$ERR" "empty tag pattern named with its line"
assert_match "bad.conf:6: \[product_areas\] Support: alias 'billing issue' already names 'Billing'" "$ERR" "an alias of two areas"
assert_match "bad.conf:9: \[usage\] ignore_events: an empty item" "$ERR" "empty event name"
assert_match "bad.conf:10: unknown key 'colour' in \[usage\]" "$ERR" "unknown key"
[ ! -e "$TMP/bad" ] && pass "nothing written" || fail "a bad config wrote outputs"

done_testing
