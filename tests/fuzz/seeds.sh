#!/bin/sh
# tests/fuzz/seeds.sh TARGET OUTDIR [SHARED_CORPUS]: write TARGET's seed
# inputs into OUTDIR (emptied first), from tests/fixtures, tests/cases and
# the shared corpus when the directory exists.  The shared corpus is read
# in place at run time and never copied into the repository (its files
# are third parties'; see its PROVENANCE.md).  Called by tests/fuzz/run.
set -eu
cd "$(dirname "$0")/../.."
target=$1 out=$2 shared=${3:-}
rm -rf "$out"
mkdir -p "$out"

# Export files: every fixture, every corpus file but its notes.
exports() {
    find tests/fixtures -type f | sort
    if [ -n "$shared" ] && [ -d "$shared" ]; then
        find "$shared" -type f ! -name '*.md' | sort
    fi
}

# A seed's name: its source path, leading ../ dropped (no dot files),
# with '/' and ' ' made '_'.
name() {
    printf '%s' "$1" | sed 's|^\(\.\./\)*||' | tr '/ ' '__'
}

n=0
case $target in
csv_reader | jsonl_reader | stream)
    # Whole files: the readers take any bytes (libFuzzer cuts them at
    # -max_len when it loads them).
    exports | while IFS= read -r f; do
        cp "$f" "$out/$(name "$f")"
    done
    ;;
header)
    # Mode byte (tests/fuzz/fuzz_header.c) + the first lines of each CSV:
    # auto-detected CSV binding, the same with the configured mappings,
    # and a JSON binding laying out the next lines as records.
    exports | grep '\.csv$' | while IFS= read -r f; do
        b=$(name "$f")
        { printf '\000'; head -n 2 "$f"; } >"$out/$b.auto"
        { printf '\020'; head -n 2 "$f"; } >"$out/$b.mapped"
        { printf '\010'; head -n 4 "$f"; } >"$out/$b.json"
    done
    ;;
parse_time)
    # Mode byte (tests/fuzz/fuzz_parse_time.c) + each input of the
    # table-driven cases, once month-first in UTC and once day-first in
    # New York, and all of them as one column (the per-file day/month
    # state); then a few round-trip seeds.
    awk '/^#/ { next }
         /^$/ { k = 0; next }
         { if (k++ == 0) { sub(/^"/, ""); sub(/"$/, ""); print } }' \
        tests/cases/parse_time.txt >"$out/.inputs"
    while IFS= read -r v; do
        n=$((n + 1))
        { printf '\000'; printf '%s' "$v"; } >"$out/case-$n.utc"
        { printf '\003'; printf '%s' "$v"; } >"$out/case-$n.ny-dmy"
    done <"$out/.inputs"
    { printf '\000'; cat "$out/.inputs"; } >"$out/all-cases.utc"
    { printf '\005'; cat "$out/.inputs"; } >"$out/all-cases.kolkata"
    rm -f "$out/.inputs"
    for r in 0000000000000000 00000E8D4A51000080 7FFFFFFFFFFFFFFF01 \
        0123456789ABCDEF40 FEDCBA9876543210FF; do
        printf '\200' >"$out/round-trip-$r"
        printf '%s' "$r" | sed 's/../\\x&/g' | xargs -0 printf >>"$out/round-trip-$r"
    done
    ;;
*)
    echo "seeds.sh: unknown target '$target'" >&2
    exit 2
    ;;
esac
