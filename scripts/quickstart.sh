#!/bin/sh
# The README's first command: install what is missing, build, start the
# embedded database, write the bundled sample exports, load them, and write
# the weekly report of the last complete week, the OKR review of this
# quarter, the PM handoff folders of the demo's product areas and the
# readouts of the demo's two experiments (examples/prodops.conf), the
# launch reviews of its two launches and the feature-request roll-up.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
make -s
P=./build/prodops
$P db start
$P demo --out demo
$P ingest --kind accounts demo/crm
status=0
$P ingest demo/zendesk demo/freshdesk demo/hubspot demo/nps demo/usage || status=$?
# Launches and feature-request posts are loaded only when asked for.
$P ingest --kind releases demo/releases || status=$?
$P ingest --kind requests demo/fider || status=$?
echo
echo "loaded files:"
$P files
echo
# The example config's key results name 2026Q4 and its experiments' dates
# are for a demo ending on 2026-11-30; the demo data is always the 26 weeks
# before this week's Monday, so they move with it: key results to the
# current quarter, experiments to 6 and 4 weeks before that Monday (and
# the pricing page's end to 8 days before).
quarter="$(date -u +%Y)Q$(( ($(date -u +%m | sed 's/^0//') - 1) / 3 + 1 ))"
monday=$(date -u -d "-$(( $(date -u +%u) - 1 )) days" +%F)
before() { date -u -d "$monday -$1 days" +%F; }
sed -e "s/^quarter *= *2026Q4/quarter   = $quarter/" \
    -e "s/^start *= *2026-10-19$/start       = $(before 42)/" \
    -e "s/^start *= *2026-11-02$/start       = $(before 28)/" \
    -e "s/^end *= *2026-11-22$/end         = $(before 8)/" \
    examples/prodops.conf > demo/prodops.conf
cp examples/requests.conf demo/requests.conf
# The weekly report with the config: its Experiments block and the
# requests gaining need the [experiment] sections and the request rules.
$P --config demo/prodops.conf report weekly --out output
echo
$P --config demo/prodops.conf report okr --out output
echo
$P --config demo/prodops.conf report handoff --all --out output
echo
$P --config demo/prodops.conf report experiment --all --out output
echo
$P --config demo/prodops.conf report experiments --quarter "$quarter" --out output
echo
# The demo's launches are 8 and 3 weeks old: both are in the last 13 weeks.
$P --config demo/prodops.conf report launch --since "$(before 91)" --out output
echo
$P --config demo/prodops.conf report requests --quarter "$quarter" --out output
echo
echo "Next: open output/*.xlsx or output/*.html (weekly report, OKR review,"
echo "experiment readouts and portfolio, launch reviews, feature requests)"
echo "and output/handoff-*/ (one folder per product area, README.md first);"
echo "'prodops rejects' lists quarantined rows; psql \"\$($P db url)\" opens"
echo "the warehouse."
# Exit 1 means some rows were rejected (the demo has partial survey
# responses, which are rejects by design): not a failure of the setup.
[ "$status" -le 1 ] || exit "$status"
exit 0
