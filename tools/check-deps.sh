#!/bin/sh
# Fail on an include back-edge: common <- extract <- transform <- load <- reports <- jobs.
# jobs/demo/ is a library under the commands: it includes common/ and itself
# only, so the demo never reaches into the pipeline or the CLI.
rank() {
    case "$1" in
    common) echo 0 ;; extract) echo 1 ;; transform) echo 2 ;; load) echo 3 ;;
    reports) echo 4 ;; jobs) echo 5 ;; *) echo 9 ;;
    esac
}
bad=0
for f in $(git ls-files 'common/*' 'extract/*' 'transform/*' 'load/*' 'reports/*' 'jobs/*' | grep -E '\.[ch]$'); do
    from=$(rank "${f%%/*}")
    for inc in $(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$f"); do
        to=$(rank "$inc")
        if [ "$to" -gt "$from" ] && [ "$to" -ne 9 ]; then
            echo "check-deps: $f includes a later stage ($inc)"; bad=1
        fi
    done
    case "$f" in
    jobs/demo/*)
        for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
            case "$inc" in
            common/*|jobs/demo/*) ;;
            *) echo "check-deps: $f includes $inc (jobs/demo/ may include common/ and jobs/demo/ only)"; bad=1 ;;
            esac
        done ;;
    esac
done
exit $bad
