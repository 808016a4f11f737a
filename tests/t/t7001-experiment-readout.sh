#!/usr/bin/env bash
# Experiment readouts (issue 16, SPEC §9) on a hand-made warehouse: one
# exposure event of each vendor (Amplitude $exposure and [Experiment]
# Exposure, Mixpanel $experiment_started, PostHog $feature_flag_called,
# Segment Experiment Viewed) for the flag checkout-v2, purchases, tickets
# and NPS answers of the same people.  Assignment (first exposure wins,
# crossovers excluded and counted, windows cut at the window and at the
# as-of day), the JSON's numbers against the arithmetic below, the workbook
# read back, CUPED and mSPRT by hand, generated ship and SRM cases, and the
# configuration's errors.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/experiments

for f in amplitude.json mixpanel.jsonl posthog.csv segment.jsonl tickets.csv nps.csv; do
    expect_exit 0 prodops ingest "$FX/$f"
done

# ---- exposures at load ----------------------------------------------------
# 16 exposure events name their experiment and variant: amplitude 7 (amp-x1,
# x2, x3, x3b, x4, x4b, x6 -- x6 is "[Experiment] Exposure"), mixpanel 4,
# posthog 3, segment 2 (seg-x2 by experiment_id / variation_id).  amp-x5
# names no variant: counted with its reason, and still a usage event.
assert_eq "amplitude|7 mixpanel|4 posthog|3 segment|2" \
    "$(sql "SELECT source || '|' || count(*) FROM prodops.exposure_events GROUP BY source ORDER BY source" | tr '\n' ' ' | sed 's/ $//')" \
    "each vendor's exposure events become exposures"
assert_eq "checkout-v2|treatment" "$(sql "SELECT experiment, variant FROM prodops.exposure_events WHERE source = 'segment' AND user_key = 's2@x.example'")" \
    "Segment: experiment_id and variation_id stand in for the names"
assert_eq "p1@x.example" "$(sql "SELECT email FROM prodops.exposure_events WHERE user_key = 'ph-user-1'")" \
    "PostHog: the person's email from \$set.email"
assert_eq "\$exposure|checkout-v2|no variant" "$(sql "SELECT event_name, experiment, reason FROM prodops.exposure_rejects")" \
    "an exposure without a variant is counted with its reason"
assert_eq "1" "$(sql "SELECT count(*) FROM prodops.usage_events WHERE user_id = 'a5@x.example'")" \
    "... and stays a usage event"
# The same file again is skipped; overlapping events add no exposure.
expect_exit 0 prodops ingest --source amp2 "$FX/amplitude.json"
assert_eq "16" "$(sql "SELECT count(*) FROM prodops.exposures")" "exposures are deduped"
# --reprocess: the earlier load's exposures make way for the new load's.
expect_exit 0 prodops ingest --reprocess "$FX/amplitude.json"
assert_eq "16|1" "$(sql "SELECT (SELECT count(*) FROM prodops.exposures), (SELECT count(*) FROM prodops.exposure_rejects)")" \
    "reprocessed: the same exposures and rejects"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.exposures x JOIN prodops.files f USING (file_id) WHERE f.name = 'amplitude.json' AND x.file_id = (SELECT min(file_id) FROM prodops.files WHERE name = 'amplitude.json')")" \
    "... none left under the replaced load"

# A mapped exposure export (Statsig's, here): experiment and variant
# columns make each row a "$exposure" event; st1's two experiments at one
# instant are two events; st3's empty group is counted, not lost.
cat >"$TMP/statsig.conf" <<'EOF'
[profile "statsig"]
kind       = usage
user_id    = user_id
event_time = timestamp
experiment = experiment_name
variant    = group
EOF
expect_exit 0 prodops --config "$TMP/statsig.conf" ingest --profile statsig --source statsig "$FX/statsig.csv"
assert_match "4 read, 4 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "every exposure row is an event"
assert_eq "onboarding-v9|st1@x.example|Test pricing-v3|st1@x.example|Control pricing-v3|st2@x.example|Test" \
    "$(sql "SELECT experiment || '|' || user_key || '|' || variant FROM prodops.exposure_events WHERE source = 'statsig' ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')" \
    "mapped exposures: experiment and variant from their columns"
assert_eq "pricing-v3|no variant" "$(sql "SELECT r.experiment, r.reason FROM prodops.exposure_rejects r JOIN prodops.usage_sources s USING (source_id) WHERE s.source = 'statsig'")" \
    "a mapped row without a variant is counted"
printf '[profile "half"]\nkind = usage\nuser_id = user_id\nevent_time = timestamp\nexperiment = experiment_name\n' >"$TMP/half.conf"
expect_exit 1 prodops --config "$TMP/half.conf" check --profile half "$FX/statsig.csv"
assert_match "profile 'half' maps 'experiment' without 'variant'" "$ERR" "an exposure mapping needs both columns"
# Statsig's groups are "Control" and "Test": a readout left at the default
# control ("control") says so rather than comparing against nobody.
printf '[experiment "pricing-v3"]\nstart = 2026-11-01\nprimary = conversion:Purchase\n' >"$TMP/pricing.conf"
expect_exit 0 prodops --config "$TMP/pricing.conf" report experiment pricing-v3 --as-of 2026-11-12 --out "$TMP/pricing"
assert_match "no user was assigned to the control 'control'" "$(cat "$TMP/pricing/experiment-pricing-v3.md")" "a control nobody saw is a caveat"

# ---- the readout as of 2026-11-12 -------------------------------------------
C=$TMP/prodops.conf
cat >"$C" <<'EOF'
[experiment "Checkout v2"]
flag        = checkout-v2
weights     = control:50, treatment:50
start       = 2026-11-02
window_days = 7
primary     = conversion:Purchase
secondary   = count:Purchase
guardrails  = tickets, detractor
mde         = 0.1
EOF
P() { prodops --config "$C" "$@"; }
expect_exit 0 P report experiment "Checkout v2" --as-of 2026-11-12 --out "$TMP/rep"
assert_match "wrote .*/experiment-checkout-v2.json, .md, .html and .xlsx" "$OUT" "the files are named by the slug"
J=$TMP/rep/experiment-checkout-v2.json
for ext in json md html xlsx; do
    [ -s "$TMP/rep/experiment-checkout-v2.$ext" ] && pass "$ext written" || fail "$ext missing"
done

# Assignment: exposures from 2026-11-02 (p3, 11-01, is before the start)
# to before 2026-11-13 (m4, 11-13 02:00, is after the as-of day).
#   control:   a1 a2 (Amplitude), m1 (Mixpanel), p1 (PostHog), s1 (Segment) = 5
#   treatment: a3 a6, m2 m3, p2, s2                                       = 6
#   a4 saw treatment (11-03) then control (11-04): a crossover, excluded.
# Metrics over [first exposure, min(first exposure + 7 days, 11-13)):
#   conversion:Purchase  control a1 (11-03) m1 s1 = 3/5; treatment a3 (11-04:
#     its window opens at its first exposure, 11-03, not the second, 11-05)
#     m2 p2 = 3/6; a6's purchase (11-11 09:00) is past its 7 days
#     (11-11 08:00), m3's (11-13 01:00) past the as-of day; a1's purchase of
#     11-01 is before its exposure.
#   count:Purchase       control 1+0+1+0+1 = 3 (Σx² 3); treatment 1+0+2+0+1+0
#                        = 4 (Σx² 6)
#   tickets              control a2 2 (11-03, 11-05), p1 1 (by $set.email) = 3
#                        (Σx² 5); treatment m2 1 = 1; s2's ticket is before
#                        its exposure, p2's after its window
#   detractor            control a1 (3 on 11-04) = 1/5; treatment none (s2
#                        answered 9, m2's 5 came before its exposure)
# SRM: 5 and 6 against 5.5 each: χ² = 2 × 0.5² / 5.5, 1 df: p = erfc(sqrt(χ²/2)).
# Holm over the 4 tests: the smallest p (detractor, 0.26) × 4 > 1, so all 1.
# The plan: 2 (1.959964 + 0.841621)² × 0.6 × 0.4 / (0.1 × 0.6)² = 1046.5 ->
# 1047 per variant; 11 days so far: control 5/11 a day needs
# ceil(1042 × 11 / 5) = 2293 more days, treatment ceil(1041 × 11 / 6) = 1909.
Z=1.959963984540054
pc=0.6; pt=0.5
SE="math.sqrt($pt*(1-$pt)/6+$pc*(1-$pc)/5)"
out=$(json_check "$J" \
  "experiment='Checkout v2'" "slug='checkout-v2'" "flag='checkout-v2'" "control='control'" \
  "as_of='2026-11-12'" "start='2026-11-02'" "end=None" "method='fixed-horizon'" "cuped=False" \
  "crossover_users=1" "exposures_rejected=1" "other_variant_users=0" \
  "variants.0.name='control'" "variants.0.users=5" "variants.1.name='treatment'" "variants.1.users=6" \
  "srm_p=math.erfc(math.sqrt(2*0.5**2/5.5/2))" "srm=False" \
  "variants.0.metrics.conversion:Purchase={'n': 5, 'mean': 0.6, 'variance': 0.6*0.4}" \
  "variants.1.metrics.conversion:Purchase={'n': 6, 'mean': 0.5, 'variance': 0.5*0.5}" \
  "variants.0.metrics.count:Purchase.variance=(3-3**2/5)/4" \
  "variants.1.metrics.count:Purchase.mean=4/6" \
  "variants.1.metrics.count:Purchase.variance=(6-4**2/6)/5" \
  "variants.0.metrics.tickets.mean=3/5" "variants.0.metrics.tickets.variance=(5-3**2/5)/4" \
  "variants.1.metrics.tickets.mean=1/6" \
  "variants.0.metrics.detractor.mean=1/5" "variants.1.metrics.detractor.mean=0" \
  "results.0.metric='conversion:Purchase'" "results.0.role='primary'" \
  "results.0.diff=$pt-$pc" \
  "results.0.ci_low=$pt-$pc-$Z*$SE" "results.0.ci_high=$pt-$pc+$Z*$SE" \
  "results.0.p_value=math.erfc(abs(($pt-$pc)/$SE)/math.sqrt(2))" \
  "results.0.lift_rel=($pt-$pc)/$pc" \
  "results.0.lift_rel_ci_low=($pt-$pc)/$pc-$Z*math.sqrt($pt*(1-$pt)/6/$pc**2+$pt**2*$pc*(1-$pc)/5/$pc**4)" \
  "results.0.p_value_holm=1" "results.0.significant=False" \
  "results.1.metric='count:Purchase'" "results.1.role='secondary'" \
  "results.1.diff=4/6-3/5" \
  "results.1.p_value=math.erfc(abs(4/6-3/5)/math.sqrt(((6-16/6)/5)/6+((3-9/5)/4)/5)/math.sqrt(2))" \
  "results.2.metric='tickets'" "results.2.role='guardrail'" "results.2.lower_is_better=True" \
  "results.2.diff=1/6-3/5" \
  "results.3.metric='detractor'" "results.3.p_value=math.erfc(0.2/math.sqrt(0.16/5)/math.sqrt(2))" \
  "results.3.p_value_holm=1" \
  "planned_users_per_variant=1047" "planned_reached=False" "days_left=2293" \
  "decision='keep running'" "winner=None" \
  "daily.0={'day': '2026-11-02', 'users': {'control': 2, 'treatment': 0}, 'primary_mean': {'control': 0.5, 'treatment': None}}" \
  "daily.1.users={'control': 2, 'treatment': 1}" \
  "daily.8.users={'control': 5, 'treatment': 6}" \
  "daily.10.primary_mean={'control': 0.6, 'treatment': 0.5}" \
  ) && pass "the readout matches the hand computation" || { fail "readout"; echo "$out" | grep "not ok"; }
assert_eq "11" "$(python3 -c "import json; print(len(json.load(open('$J'))['daily']))")" "one daily point per day, start to as-of"

# Markdown and HTML: the decision in the first line, then the numbers.
assert_match "^\*\*Decision: keep running\*\* — Checkout v2 as of 2026-11-12: the planned sample is not reached yet \(about 2293 days left\)\.$" \
    "$(head -1 "$TMP/rep/experiment-checkout-v2.md")" "Markdown: the decision first"
assert_match "\| treatment \| conversion:Purchase \| -0.1 \|" "$(cat "$TMP/rep/experiment-checkout-v2.md")" "Markdown: the primary result"
assert_match "\| control \| 600.0 \| 20.0 % \|" "$(cat "$TMP/rep/experiment-checkout-v2.md")" "Markdown: tickets per 1 000 users and detractor share"
assert_match "1 user saw more than one variant and is left out" "$(cat "$TMP/rep/experiment-checkout-v2.md")" "Markdown: the crossover caveat"
assert_match "<b>Decision: keep running</b>" "$(cat "$TMP/rep/experiment-checkout-v2.html")" "HTML: the decision"

# The workbook, read back.
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
[ -n "$PYXL" ] || fail "no python3 with openpyxl: run scripts/install-deps.sh"
"${PYXL:-python3}" - "$TMP/rep/experiment-checkout-v2.xlsx" "$J" >"$TMP/xlsx.out" 2>&1 <<'PY'
import json, math, sys, zipfile, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
doc = json.load(open(sys.argv[2]))
assert wb.sheetnames == ["Results", "Daily", "SRM"], wb.sheetnames
ws = wb["Results"]
assert ws["A1"].value == "Experiment Checkout v2: keep running (as of 2026-11-12)", ws["A1"].value
assert [c.value for c in ws[4]][:3] == ["Variant", "Metric", "Role"]
for i, r in enumerate(doc["results"]):
    row = [c.value for c in ws[5 + i]]
    assert row[0:3] == [r["variant"], r["metric"], r["role"]], row
    for col, key in [(5, "diff"), (6, "ci_low"), (7, "ci_high"), (11, "p_value"), (12, "p_value_holm")]:
        assert math.isclose(row[col], r[key], rel_tol=1e-14), (key, row[col], r[key])
    assert row[13] == "no"
# Control and variant means beside each test: conversion 0.6 and 0.5.
assert (ws["D5"].value, ws["E5"].value) == (0.6, 0.5), (ws["D5"].value, ws["E5"].value)
assert ws["A10"].value == "Caveats"
caveats = [ws.cell(row=11 + i, column=1).value for i in range(len(doc["caveats"]))]
assert caveats == doc["caveats"], caveats
d = wb["Daily"]
assert [c.value for c in d[1]] == ["Day", "Users: control", "Users: treatment",
    "conversion:Purchase: control", "conversion:Purchase: treatment"], [c.value for c in d[1]]
assert d["A2"].value.strftime("%Y-%m-%d") == "2026-11-02" and d["A12"].value.strftime("%Y-%m-%d") == "2026-11-12"
assert (d["B12"].value, d["C12"].value, d["D12"].value, d["E12"].value) == (5, 6, 0.6, 0.5)
assert d["E2"].value is None  # no treatment user yet: empty, not 0
s = wb["SRM"]
assert [(s.cell(row=r, column=1).value, s.cell(row=r, column=3).value, s.cell(row=r, column=4).value) for r in (2, 3)] == \
    [("control", 5, 5.5), ("treatment", 6, 5.5)]
assert s["A5"].value == "SRM p (chi-square)" and math.isclose(s["B5"].value, doc["srm_p"], rel_tol=1e-14)
assert s["B7"].value == 1 and s["B8"].value == 1  # crossovers, rejected exposures
charts = [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("xl/charts/chart")]
assert len(charts) == 2, charts  # cumulative users, primary mean
print("workbook ok")
PY
[ $? -eq 0 ] && pass "the workbook holds the JSON's numbers and two native charts" || { fail "workbook"; cat "$TMP/xlsx.out"; }

# ---- windows cut at the as-of day ---------------------------------------------
# As of 2026-11-03 (cut-off 11-04 00:00): a4 has seen only treatment, so it
# is assigned, not a crossover; a3's and a4's purchases (11-04) are after
# the cut-off, a1's (11-03 10:00) before.  control a1 a2: 1/2; treatment
# a3 a4: 0/2.
expect_exit 0 P report experiment "Checkout v2" --as-of 2026-11-03 --out "$TMP/early"
out=$(json_check "$TMP/early/experiment-checkout-v2.json" \
  "crossover_users=0" "variants.0.users=2" "variants.1.users=2" \
  "variants.0.metrics.conversion:Purchase.mean=1/2" "variants.1.metrics.conversion:Purchase.mean=0" \
  "daily.1.users={'control': 2, 'treatment': 2}" \
  ) && pass "as of an earlier day: later exposures and events do not count" || { fail "as-of cut"; echo "$out" | grep "not ok"; }

# ---- nobody seen yet ------------------------------------------------------------
# Without mde or end there is no planned sample (SPEC §9), but a variant
# with no users is no sample: an experiment that starts after the as-of
# day keeps running instead of reading "no effect" on zero users.
printf '[experiment "Not yet"]\nflag = checkout-v2\nstart = 2026-11-20\nprimary = conversion:Purchase\n' >"$TMP/notyet.conf"
expect_exit 0 prodops --config "$TMP/notyet.conf" report experiment "Not yet" --as-of 2026-11-12 --out "$TMP/notyet"
out=$(json_check "$TMP/notyet/experiment-not-yet.json" "variants.0.users=0" "decision='keep running'") \
  && pass "zero users: keep running, not no effect" || { fail "zero users"; echo "$out" | grep "not ok"; }

# ---- CUPED and mSPRT ----------------------------------------------------------
# The pre-period is the 7 days before each first exposure: only a1 bought
# then (11-01 10:00, its exposure 11-02 10:00).  Per user, in the order
# control a1 a2 m1 p1 s1, treatment a3 a6 m2 m3 p2 s2, conversion y and
# pre-period x:
cat >>"$C" <<'EOF'

[experiment "Checkout v2 (CUPED)"]
flag        = checkout-v2
start       = 2026-11-02
window_days = 7
primary     = conversion:Purchase
mde         = 0.1
cuped       = true
sequential  = true
EOF
expect_exit 0 P report experiment "Checkout v2 (CUPED)" --as-of 2026-11-12 --out "$TMP/cuped"
assert_match "experiment-checkout-v2-cuped.json" "$OUT" "the slug drops the parentheses"
"${PYXL:-python3}" - "$TMP/cuped/experiment-checkout-v2-cuped.json" >"$TMP/cuped.out" 2>&1 <<'PY'
import json, math, sys
doc = json.load(open(sys.argv[1]))
yc, xc = [1, 0, 1, 0, 1], [1, 0, 0, 0, 0]
yt, xt = [1, 0, 1, 0, 1, 0], [0, 0, 0, 0, 0, 0]
def cov(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    return sum((p - ma) * (q - mb) for p, q in zip(a, b)) / (len(a) - 1)
# θ over both variants together (Deng et al.), then each variant's mean
# adjusted by θ (x̄_v - x̄) and variance var(y) - 2θ cov(x, y) + θ² var(x).
theta = cov(xc + xt, yc + yt) / cov(xc + xt, xc + xt)
xbar = sum(xc + xt) / 11
def adj(y, x):
    m = sum(y) / len(y) - theta * (sum(x) / len(x) - xbar)
    v = cov(y, y) - 2 * theta * cov(x, y) + theta ** 2 * cov(x, x)
    return m, max(v, 0)
mc, vc = adj(yc, xc)
mt, vt = adj(yt, xt)
d = mt - mc
v = vt / 6 + vc / 5
# mSPRT (Johari et al.): τ² = (mde × control mean)²; p = min(1, 1/Λ),
# Λ = sqrt(v / (v + τ²)) exp(τ² d² / (2 v (v + τ²))); the interval is the
# confidence sequence d ± sqrt(2 v (v + τ²) / τ² (ln 20 + ln sqrt((v + τ²) / v))).
tau2 = (0.1 * mc) ** 2
lam = math.sqrt(v / (v + tau2)) * math.exp(tau2 * d * d / (2 * v * (v + tau2)))
h = math.sqrt(2 * v * (v + tau2) / tau2 * (math.log(20) + 0.5 * math.log((v + tau2) / v)))
r = doc["results"][0]
assert doc["method"] == "sequential (mSPRT)" and doc["cuped"] is True
for got, want in [(r["cuped_theta"], theta), (r["diff"], d), (r["p_value"], min(1, 1 / lam)),
                  (r["ci_low"], d - h), (r["ci_high"], d + h)]:
    assert math.isclose(got, want, rel_tol=1e-9), (got, want)
# The variants' own numbers stay SPEC §9's raw ones.
assert doc["variants"][0]["metrics"]["conversion:Purchase"]["mean"] == 0.6
print("cuped ok", theta, d, min(1, 1 / lam))
PY
[ $? -eq 0 ] && pass "CUPED and the always-valid p-value match the hand computation" || { fail "cuped/msprt"; cat "$TMP/cuped.out"; }
assert_match "sequential \(mSPRT\) with CUPED" "$(sed -n 3p "$TMP/cuped/experiment-checkout-v2-cuped.md")" "the readout says which method"

# ---- generated: a real effect, and a sample-ratio mismatch --------------------
# "ship": 300 users a variant, conversion 60/300 against 120/300, planned
# 2 × 2.801585² × 0.16 / (0.5 × 0.2)² = 251.2 -> 252 users: reached.
# "srm": 300 against 200 for weights 50:50: χ² = 2 × 50² / 250 = 20.
python3 - "$TMP/gen.jsonl" <<'PY'
import json, sys
t0 = 1793577600  # 2026-11-02 00:00 UTC
out = open(sys.argv[1], "w")
def ev(name, user, t, key, **props):
    p = {"time": t, "distinct_id": user, "$insert_id": key}
    p.update(props)
    out.write(json.dumps({"event": name, "properties": p}) + "\n")
for v, conv in (("control", 60), ("treatment", 120)):
    for i in range(300):
        u = "%s-%d@gen.example" % (v, i)
        ev("$experiment_started", u, t0 + i * 60, "g-x-%s" % u, **{"Experiment name": "ship-it", "Variant name": v})
        if i < conv:
            ev("Signed Up", u, t0 + i * 60 + 3600, "g-c-%s" % u)
for v, n in (("a", 300), ("b", 200)):
    for i in range(n):
        u = "srm-%s-%d@gen.example" % (v, i)
        ev("$experiment_started", u, t0 + i * 60, "s-x-%s" % u, **{"Experiment name": "lopsided", "Variant name": v})
PY
expect_exit 0 prodops ingest --source gen "$TMP/gen.jsonl"
cat >>"$C" <<'EOF'

[experiment "ship-it"]
start   = 2026-11-02
end     = 2026-11-08
primary = conversion:Signed Up
mde     = 0.5

[experiment "lopsided"]
control = a
weights = a:50, b:50
start   = 2026-11-02
primary = conversion:Signed Up
EOF
expect_exit 0 P report experiment --all --as-of 2026-11-10 --out "$TMP/all"
assert_eq "4" "$(grep -c '^wrote ' <<<"$OUT")" "--all writes every experiment"
out=$(json_check "$TMP/all/experiment-ship-it.json" \
  "flag='ship-it'" "end='2026-11-08'" "variants.0.users=300" "variants.1.users=300" \
  "planned_users_per_variant=math.ceil(2*(1.959963984540054+0.841621233572914)**2*0.2*0.8/(0.5*0.2)**2)" \
  "planned_reached=True" "decision='ship'" "winner='treatment'" \
  "results.0.diff=0.2" \
  "results.0.p_value=math.erfc(0.2/math.sqrt(0.4*0.6/300+0.2*0.8/300)/math.sqrt(2))" \
  "results.0.significant=True" "daily.6.day='2026-11-08'" \
  ) && pass "a real effect with the planned sample: ship" || { fail "ship"; echo "$out" | grep "not ok"; }
assert_match "^\*\*Decision: ship\*\* — ship-it as of 2026-11-10: ship treatment: conversion:Signed Up \+100.0 % relative" \
    "$(head -1 "$TMP/all/experiment-ship-it.md")" "the ship line names the winner and the lift"
out=$(json_check "$TMP/all/experiment-lopsided.json" \
  "srm_p=math.erfc(math.sqrt(20/2))" "srm=True" "decision='srm'" \
  ) && pass "300 against 200 for 50:50 is a sample-ratio mismatch: no decision" || { fail "srm"; echo "$out" | grep "not ok"; }

# ---- usage errors and the configuration's checks ------------------------------
expect_exit 2 P report experiment nope
assert_match "unknown experiment 'nope'" "$ERR" "an unknown experiment is a usage error"
expect_exit 2 P report experiment
assert_match "name one experiment or give --all" "$ERR" "a name or --all"
expect_exit 2 P report experiment ship-it --as-of 2026-02-30
assert_match "--as-of: '2026-02-30' is not a day" "$ERR" "a bad as-of day"
B=$TMP/bad.conf
cat >"$B" <<'EOF'
[experiment "broken"]
weights = control:50
start = 2026-11-31
primary = revenue
guardrails = tickets, nps
mde = 0
colour = blue

[experiment "no-start"]
primary = tickets
weights = a:1, b:1
EOF
expect_exit 2 prodops --config "$B" report experiment broken
for want in \
    "$B:2: \\[experiment \"broken\"\\] weights: 'control:50' names fewer than two variants" \
    "$B:3: \\[experiment \"broken\"\\] start: '2026-11-31' is not a day \\(YYYY-MM-DD\\)" \
    "$B:4: \\[experiment \"broken\"\\] primary: unknown metric 'revenue'" \
    "$B:5: \\[experiment \"broken\"\\] guardrails: unknown metric 'nps'" \
    "$B:6: \\[experiment \"broken\"\\] mde: '0' is not a relative effect above 0" \
    "$B:7: \\[experiment \"broken\"\\] unknown key 'colour'" \
    "$B:1: \\[experiment \"broken\"\\] start: missing" \
    "$B:9: \\[experiment \"no-start\"\\] start: missing"; do
    assert_match "$want" "$ERR" "reported: ${want#*: }"
done
assert_match "invalid configuration: 8 problems" "$ERR" "every problem at once"

# prodops init's example parses once uncommented.
expect_exit 0 prodops init "$TMP/team"
sed -n '/^;\[experiment/,/^;cuped/p' "$TMP/team/prodops.conf" | sed 's/^;//' >"$TMP/init.conf"
assert_match "^\[experiment \"new-onboarding\"\]" "$(head -1 "$TMP/init.conf")" "init writes a commented [experiment] example"
expect_exit 0 prodops --config "$TMP/init.conf" report experiment new-onboarding --out "$TMP/init-out"
done_testing
