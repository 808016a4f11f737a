#!/usr/bin/env bash
# "Needs attention" (issue 14 §1, SPEC §10) for the reopen rate and
# per-event adoption: a surge of reopened tickets planted in one product
# area is flagged as a binomial rate with its driver (mix and rate
# parts), its accounts and its evidence; an event's adoption drop in one
# plan is flagged with that plan as its driver, while a bigger drop of an
# event in [usage] ignore_events is not judged at all; every number is
# worked out by hand below.  The same warehouse a week earlier flags
# nothing.  The levels of the same tickets (resolution time, backlog) do
# not move and are not news.
. "$(dirname "$0")/../lib/test-lib.sh"

cat > "$TMP/prodops.conf" <<'CONF'
[profile "reo-tickets"]
kind            = tickets
external_id     = id
created_at      = created
updated_at      = created
solved_at       = solved
status          = status
priority        = priority
channel         = channel
product_area    = area
subject         = subject
requester_email = email
reopens         = reopens

[usage]
ignore_events = $autocapture
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }
jlen() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$1" "$2"; }
cat > "$TMP/accounts.csv" <<'CSV'
Account ID,Account Name,Website,Plan,Segment,Region,ARR,Account Owner
A1,Acme,acme.example,Enterprise,Enterprise,EMEA,500000,Kim
A2,Globex,globex.example,Starter,SMB,NA,20000,Kim
CSV
# 14 ISO weeks, W33 (Mon Aug 10) to W46 (Mon Nov 9), UTC.  Every week 80
# tickets, 2 hours apart from Monday 00:00, each solved 2 hours after it
# was created: Billing x A1, Billing x A2, Login x A1, Login x A2, 20
# each, in that order; the first 2 of each cell reopened (10 %).  W46:
# Billing x A1 has 14 reopened, Billing x A2 5.  Email, normal priority,
# subjects no theme rule matches.
python3 - "$TMP" <<'PY'
import datetime as dt, sys
out = sys.argv[1]
mon = dt.datetime(2026, 8, 10, tzinfo=dt.timezone.utc)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
cells = [("Billing", "acme"), ("Billing", "globex"), ("Login", "acme"),
         ("Login", "globex")]
with open(out + "/tickets.csv", "w") as f:
    f.write("id,created,solved,status,priority,channel,area,subject,email,reopens\n")
    n = 0
    for w in range(14):
        start = mon + dt.timedelta(weeks=w)
        for c, (area, dom) in enumerate(cells):
            k = {0: 14, 1: 5}.get(c, 2) if w == 13 else 2
            for j in range(20):
                n += 1
                t = start + dt.timedelta(hours=2 * (20 * c + j))
                f.write(f"T{n},{iso(t)},{iso(t + dt.timedelta(hours=2))},"
                        f"solved,normal,email,{area},Question number {n},"
                        f"u{j}@{dom}.example,{1 if j < k else 0}\n")
# Usage, the same 14 weeks: 60 users (u0-u29 @acme, A1, Enterprise;
# u0-u29 @globex, A2, Starter) log in every Monday and Sunday at 10:00;
# on Wednesdays u0-u14 of each domain create a report (30 of 60) and
# every user fires $autocapture.  W46: no globex user creates a report,
# only 10 acme users fire $autocapture.
with open(out + "/events.jsonl", "w") as f:
    k = 0
    def ev(name, t, who):
        global k
        k += 1
        f.write('{"event": "%s", "properties": {"time": %d, "distinct_id": '
                '"%s", "$insert_id": "e%d"}}\n' % (name, t.timestamp(), who, k))
    for w in range(14):
        start = mon + dt.timedelta(weeks=w)
        for dom in ("acme", "globex"):
            for j in range(30):
                who = f"u{j}@{dom}.example"
                for d in (0, 6):
                    ev("Login", start + dt.timedelta(days=d, hours=10), who)
                wed = start + dt.timedelta(days=2, hours=10)
                if j < 15 and not (w == 13 and dom == "globex"):
                    ev("Report Created", wed, who)
                if w < 13 or (dom == "acme" and j < 10):
                    ev("$autocapture", wed, who)
PY
expect_exit 0 P ingest --kind accounts "$TMP/accounts.csv"
expect_exit 0 P ingest --profile reo-tickets --source desk "$TMP/tickets.csv"
expect_exit 0 P ingest "$TMP/events.jsonl"
export PRODOPS_NOW=2026-11-18T09:00:00Z # W47: the report week is W46
expect_exit 0 P report weekly --out "$TMP/rep"
J=$TMP/rep/weekly-2026-W46.json

# W46 against W33-W45: every baseline week 8 of 80 reopened, 10 % in
# every cell, so the weeks' spread is 0 and the binomial range decides.
#   Billing: 14 + 5 = 19 of 40 = 47.5 %, +37.5 against 10 ± 100 x 1.96
#     √(0.1 x 0.9 / 40) = ±9.297: outside; score 37.5 / 4.743 = 7.91.
#   Enterprise (plan, segment, region EMEA, account A1 alike): 14 + 2 =
#     16 of 40 = 40 %, +30, score 30 / 4.743 = 6.32; Starter 7 of 40 =
#     17.5 %, +7.5: inside.  Total 23 of 80 = 28.75 %, +18.75 against
#     ±6.574, score 5.59 (theme none, email, normal are the total too).
#     Each carries Billing as its top area (Enterprise: rate 0.5 x (70 -
#     10) = +30 of its +30): one story, told by Billing, the best score.
#   Drivers of Billing, by plan: shares 0.5 and 0.5 in both periods, so
#     mix 0; rate Enterprise 0.5 x (70 - 10) = +30, Starter 0.5 x (25 -
#     10) = +7.5; the item's mix 0 and rate 37.5 = its change.  Segment
#     and region split it the same (+30), listed after plan (ties keep
#     the dimension order).  Accounts: A1 +30, A2 +7.5.
#   Evidence: Billing x Enterprise subjects of W46, newest first:
#     tickets 1040 + 20, 19, 18.
#   Levels: resolution 2 h every week, backlog empty at every week's end:
#     no change, not news; tickets created 80 a week: no change.
out=$(json_check "$J" \
  "attention.0.metric='reopen_rate_pct'" \
  "attention.0.dimension='product_area'" "attention.0.value='Billing'" \
  "attention.0.this_week=100*19/40" "attention.0.baseline=10" \
  "attention.0.change=47.5-10" "attention.0.spread=0" \
  "attention.0.range.0=10-196*math.sqrt(0.09/40)" "attention.0.range.1=10+196*math.sqrt(0.09/40)" \
  "attention.0.weeks=13" "attention.0.count=40" \
  "attention.0.score=37.5/(100*math.sqrt(0.09/40))" \
  "attention.0.direction='bad'" "attention.0.noise='binomial'" \
  "attention.0.mix=0" "attention.0.rate=37.5" \
  "attention.0.drivers.0={'dimension': 'plan', 'value': 'Enterprise', 'this_week': 70, 'baseline': 10, 'delta': 30, 'mix': 0, 'rate': 30}" \
  "attention.0.drivers.1.dimension='segment'" "attention.0.drivers.2.value='EMEA'" \
  "attention.0.accounts=[{'account_id': 'A1', 'name': 'Acme', 'arr': 500000, 'delta': 30}, {'account_id': 'A2', 'name': 'Globex', 'arr': 20000, 'delta': 7.5}]" \
  "attention.0.evidence=['Question number 1060', 'Question number 1059', 'Question number 1058']" \
  "inside_noise=[]" "left_out.reopen_rate_pct=[]")
rc=$?
echo "$out"
[ "$rc" = 0 ] || fail "the JSON differs from the hand arithmetic"

# Adoption of "Report Created": 30 of 60 users (50 %) every baseline
# week; W46 15 of 60 = 25 %, -25 against 50 ± 100 x 1.96 √(0.25 / 60) =
# ±12.65: outside; score 25 / 6.455 = 3.87, second after Billing.  Shares
# of the plans 0.5 and 0.5 in both periods: mix 0; rate Starter 0.5 x (0
# - 50) = -25, Enterprise 0.  $autocapture fell from 100 % to 17 %, but
# it is ignored: no item, no cell.  Active users: 60 every week, no
# change (an ignored event still makes its user active).
out=$(json_check "$J" \
  "usage.active_users=60" \
  "attention.1.metric='adoption_pct'" "attention.1.dimension='event'" \
  "attention.1.value='Report Created'" \
  "attention.1.this_week=25" "attention.1.baseline=50" "attention.1.change=-25" \
  "attention.1.weeks=13" "attention.1.count=60" \
  "attention.1.score=25/(100*math.sqrt(0.25/60))" \
  "attention.1.direction='bad'" "attention.1.mix=0" "attention.1.rate=-25" \
  "attention.1.drivers.0={'dimension': 'plan', 'value': 'Starter', 'this_week': 0, 'baseline': 50, 'delta': -25, 'mix': 0, 'rate': -25}" \
  "attention.1.accounts=[]" "left_out.adoption_pct=[]")
rc=$?
echo "$out"
[ "$rc" = 0 ] || fail "the adoption item differs from the hand arithmetic"
assert_eq "2" "$(jlen "$J" attention)" "two items: the Billing reopen story, the report adoption drop"
! grep -q 'autocapture' "$J" && pass "the ignored event judged nowhere" || fail "\$autocapture judged"

MD=$TMP/rep/weekly-2026-W46.md
first=$(awk '/^## Needs attention/{s=1;next} s&&/^- /{print;exit}' "$MD")
assert_match "Reopen rate, product area Billing: 47.5 % this week \(40 solved\) against 10.0 % over the last 13 whole weeks, \+37.5 points against a range of 0.7-19.3 %\." "$first" ".md: the headline"
assert_match "Drivers: plan Enterprise" "$first" ".md: the driver named"
assert_match "rate \+30.0" "$first" ".md: the driver's rate part"

# A week earlier: W45 against W33-W44 (W32 before the data: left out),
# every week alike: nothing flagged, nothing inside the noise.
expect_exit 0 P report weekly --week 2026-W45 --out "$TMP/quiet"
Q=$TMP/quiet/weekly-2026-W45.json
assert_eq "0 0" "$(jlen "$Q" attention) $(jlen "$Q" inside_noise)" "quiet week: no item"
out=$(json_check "$Q" "left_out.reopen_rate_pct=['2026-W32']" \
  "left_out.resolution_hours_median=['2026-W32']" \
  "left_out.adoption_pct=['2026-W32']")
rc=$?
echo "$out"
[ "$rc" = 0 ] || fail "W32 named as left out"
done_testing
