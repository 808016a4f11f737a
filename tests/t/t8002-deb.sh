#!/usr/bin/env bash
# The Debian package (issue 18): scripts/build-deb.sh builds it (as `make
# deb`: dpkg-buildpackage -b -us -uc on a copy of the checkout), then
#   - dpkg-deb -c: the files, the conffile, the dependencies, the scripts;
#   - lintian, when installed: errors fail, warnings are printed;
#   - systemd-analyze verify on prodops.service;
#   - the package is not installed (dpkg -i would change the machine): it
#     is unpacked with dpkg-deb -x, its binary runs --version, and the
#     service's setup is replayed as an unprivileged user (nobody standing
#     in for prodops): a home like /var/lib/prodops, the packaged
#     /etc/prodops/prodops.conf with its paths moved there, sample exports
#     in its inbox, `prodops run weekly` on the embedded cluster that user
#     owns.
# About two minutes, most of it compiling; skipped under make check-asan,
# which would build the same package a second time.
. "$(dirname "$0")/../lib/test-lib.sh"
cd "$ROOT"
case " ${MAKEFLAGS:-} " in
*fsanitize*) echo "the package is built and checked by make test, not again under sanitizers"; exit 77 ;;
esac
for c in dpkg-buildpackage dh dpkg-deb; do
    command -v $c >/dev/null 2>&1 || { echo "$c missing (scripts/install-deps.sh)"; exit 77; }
done

# The package's version is the release's: VERSION, which a build outside
# git prints as its version.
assert_eq "$(cat VERSION)" "$(dpkg-parsechangelog -S Version)" "debian/changelog's version is VERSION's"

# The version the build will see (before building: the checkout may change).
want=$(git -c safe.directory='*' describe --always --dirty 2>/dev/null || cat VERSION)
start=$(date +%s)
scripts/build-deb.sh "$TMP/deb" >"$TMP/build.out" 2>&1 ||
    { tail -30 "$TMP/build.out"; fail "scripts/build-deb.sh"; exit 1; }
echo "package built in $(($(date +%s) - start)) s"
DEB=$(ls "$TMP"/deb/prodops_*_*.deb)

# ---- contents ----------------------------------------------------------
dpkg-deb -c "$DEB" | awk '{print $1, $2, $6}' >"$TMP/contents"
for f in "-rwxr-xr-x root/root ./usr/bin/prodops" \
    "-rw-r--r-- root/root ./usr/share/man/man1/prodops.1.gz" \
    "-rw-r--r-- root/root ./usr/share/man/man5/prodops.conf.5.gz" \
    "-rw-r--r-- root/root ./etc/prodops/prodops.conf" \
    "-rw-r--r-- root/root ./lib/systemd/system/prodops.service" \
    "-rw-r--r-- root/root ./usr/share/bash-completion/completions/prodops" \
    "-rw-r--r-- root/root ./usr/share/zsh/vendor-completions/_prodops" \
    "-rw-r--r-- root/root ./usr/share/prodops/prodops.conf" \
    "-rw-r--r-- root/root ./usr/share/prodops/themes.conf" \
    "-rw-r--r-- root/root ./usr/share/prodops/requests.conf" \
    "-rw-r--r-- root/root ./usr/share/doc/prodops/copyright"; do
    grep -qxF -- "$f" "$TMP/contents" && pass "contains ${f##* }" || fail "missing: $f"
done
assert_eq "" "$(grep -E '\./(var|home|tmp|usr/local)/' "$TMP/contents")" \
    "nothing under /var, /home, /tmp or /usr/local (postinst makes /var/lib/prodops)"
depends=$(dpkg-deb -f "$DEB" Depends)
for d in postgresql adduser libpq5 libxlsxwriter libpcre2-8 libyajl zlib1g; do
    assert_match "(^|, )$d" "$depends" "depends on $d"
done
dpkg-deb -e "$DEB" "$TMP/control"
assert_eq "/etc/prodops/prodops.conf" "$(cat "$TMP/control/conffiles")" "the configuration is a conffile"
assert_match "adduser --system --group .*--home /var/lib/prodops" \
    "$(tr -d '\\\n' <"$TMP/control/postinst" | tr -s ' ')" "postinst creates the prodops system user"
# dh_installsystemd --no-enable --no-start: nothing starts the service,
# and it is enabled again only where it was (an upgrade), inside the
# "debian-installed" test; without --no-enable a fresh install enables it.
assert_eq "" "$(grep -E 'deb-systemd-invoke.*(start|restart)' "$TMP/control/postinst")" \
    "the service is not started on install"
awk '/debian-installed/ { guarded = 1 } /deb-systemd-helper enable/ && !guarded { bad = 1 }
    END { exit bad }' "$TMP/control/postinst" &&
    grep -q "was-enabled" "$TMP/control/postinst" &&
    pass "the service is enabled only where it was before (upgrades)" ||
    fail "postinst enables the service on a fresh install"
for s in postinst prerm postrm; do
    sh -n "$TMP/control/$s" && pass "$s is valid sh" || fail "$s syntax"
done

# ---- lintian -----------------------------------------------------------
if command -v lintian >/dev/null 2>&1; then
    lintian --fail-on error "$TMP"/deb/prodops_*.changes >"$TMP/lintian" 2>&1
    rc=$?
    sed 's/^/  lintian: /' "$TMP/lintian"
    assert_eq 0 "$rc" "lintian: no errors"
else
    echo "lintian not installed: skipped"
fi

# ---- unpacked: the binary and the unit ---------------------------------
# A folder every user can traverse (the service check runs as nobody).
X=$(mktemp -d /tmp/prodops-deb.XXXXXX)
chmod 755 "$X"
H=$X/home
cleanup() {
    [ -d "$H/pg" ] && runuser -u nobody -- env PRODOPS_HOME="$H" \
        "$X/root/usr/bin/prodops" -c /dev/null db stop >/dev/null 2>&1
    rm -rf "$X" "$TMP"
}
trap cleanup EXIT
dpkg-deb -x "$DEB" "$X/root"
expect_exit 0 "$X/root/usr/bin/prodops" --version
assert_eq "prodops $want" "$(printf '%s\n' "$OUT" | head -1)" "the packaged binary's version is the checkout's"
assert_match "libpq [0-9.]+, libxlsxwriter" "$OUT" "and names the libraries'"
expect_exit 0 "$X/root/usr/bin/prodops" -c "$X/root/etc/prodops/prodops.conf" jobs next
assert_match "weekly .*quarterly" "$(printf '%s' "$OUT" | tr '\n' ' ')" "the packaged configuration parses; its jobs"
assert_eq "" "$(grep -E '^(path|output) *= *[^ /]' "$X/root/etc/prodops/prodops.conf")" \
    "every path of /etc/prodops/prodops.conf is absolute"

if command -v systemd-analyze >/dev/null 2>&1; then
    unit=$X/root/lib/systemd/system/prodops.service
    assert_match "^User=prodops$" "$(cat "$unit")" "the service runs as prodops"
    assert_match "^Environment=PRODOPS_HOME=/var/lib/prodops$" "$(cat "$unit")" "with PRODOPS_HOME=/var/lib/prodops"
    assert_match "^ExecStart=/usr/bin/prodops schedule$" "$(cat "$unit")" "running prodops schedule"
    # verify checks that ExecStart's program exists: point it at the
    # unpacked one; man pages are not installed on this machine.
    mkdir -p "$X/unit"
    sed "s|/usr/bin/prodops|$X/root/usr/bin/prodops|g" "$unit" >"$X/unit/prodops.service"
    out=$(systemd-analyze verify --man=no "$X/unit/prodops.service" 2>&1)
    rc=$?
    assert_eq "0:" "$rc:$out" "systemd-analyze verify prodops.service"
else
    echo "systemd-analyze not installed: skipped"
fi

# ---- the service's setup, as an unprivileged user ----------------------
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1; then
    install -d -o nobody -m 750 "$H"
    sed "s|/var/lib/prodops|$H|g" "$X/root/etc/prodops/prodops.conf" >"$X/prodops.conf"
    chmod 644 "$X/prodops.conf"
    as_service() {
        (cd "$H" && runuser -u nobody -- env -u PRODOPS_DSN -u PGHOST -u PGDATABASE \
            PRODOPS_HOME="$H" "$X/root/usr/bin/prodops" -c "$X/prodops.conf" "$@")
    }
    expect_exit 0 as_service demo --out "$H/inbox" --tickets 300 --nps-per-week 10 --events-per-day 50
    # 1 is a success with rejected rows: the sample exports carry some.
    as_service run weekly >"$TMP/out" 2>"$TMP/err"
    rc=$?
    ERR=$(cat "$TMP/err")
    [ $rc -le 1 ] && pass "run weekly exits $rc" || { fail "run weekly exits $rc"; tail -5 "$TMP/err"; }
    assert_match "wrote weekly [0-9]{4}-W[0-9]{2} \(7 files in $H/output/weekly\)" "$ERR" \
        "run weekly as an unprivileged user on its own embedded cluster"
    assert_eq "nobody" "$(stat -c %U "$H/pg")" "the cluster belongs to that user"
    assert_match "^nobody$" "$(ps -o user= -p "$(head -1 "$H/pg/postmaster.pid")")" \
        "and its server runs as that user"
    # root, with the service's variables, runs the server as the data
    # directory's owner: nothing in the home changes hands.
    expect_exit 0 env -u PRODOPS_DSN PRODOPS_HOME="$H" "$X/root/usr/bin/prodops" \
        -c "$X/prodops.conf" jobs history weekly
    assert_match "weekly .*(ok|rejects)" "$OUT" "root reads the history of the service's warehouse"
    assert_eq "" "$(find "$H" ! -user nobody)" "and every file in the home still belongs to the service's user"
    expect_exit 0 as_service db stop
else
    echo "not root (or no nobody user): the service setup is not replayed"
fi
[ $fails -eq 0 ]
