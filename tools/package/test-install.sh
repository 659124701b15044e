#!/bin/sh
# test-install.sh DEBDIR -- installs the packages into a clean Debian 12 root
# and checks that they work there: the programs start and validate their
# shipped example configs, the users exist, the units are enabled.
#
# The root is made with debootstrap (minbase, from deb.debian.org) into a
# fresh folder each time and removed afterwards; apt inside it fetches the
# packages' dependencies, which proves the Depends lines are complete. Needs
# root (chroot) and the network to the Debian mirror. Takes about a minute.
set -eu
debs=$(cd "$1" && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-debroot.XXXXXX")
failures=0
cleanup() {
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$root"
}
trap cleanup EXIT

check() { # check DESCRIPTION COMMAND...: runs a command inside the root
    what=$1; shift
    if out=$(chroot "$root" "$@" 2>&1); then
        echo "ok   $what"
    else
        echo "FAIL $what: $* said:"; echo "$out" | sed 's/^/     /'
        failures=$((failures + 1))
    fi
}

if [ "$(id -u)" -ne 0 ]; then
    echo "test-install: needs root (debootstrap and chroot)" >&2
    exit 1
fi
echo "== clean Debian 12 root in $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" > "$root.log" 2>&1 || {
    echo "test-install: debootstrap failed (see $root.log)" >&2
    exit 1
}
rm -f "$root.log"
mount -t proc proc "$root/proc"
mkdir -p "$root/tmp/debs"
cp "$debs"/*.deb "$root/tmp/debs/"
chroot "$root" apt-get update -qq
# shellcheck disable=SC2016
if ! chroot "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends /tmp/debs/*.deb' > "$root/tmp/install.log" 2>&1; then
    echo "FAIL installing the packages:"; tail -n 30 "$root/tmp/install.log"
    exit 1
fi
echo "ok   packages installed with their dependencies"

ex=/usr/share/doc
check "kiosk validates its example config and shipped content" \
    staffroom-kiosk --config $ex/staffroom-kiosk/examples/staffroom-kiosk.ini --check-config
# As estates would: the collector's broker password in place first.
chroot "$root" sh -c 'umask 077 && echo test-password > /etc/staffroom/collector.password'
check "collector validates its example config" \
    staffroom-collector --config $ex/staffroom-collector/examples/staffroom-collector.ini \
    --check-config
for tool in report provision fleet content; do
    check "staffroom-$tool --help" staffroom-$tool --help
done
check "kiosk user exists" getent passwd staffroom
check "collector user exists" getent passwd staffroom-collector
check "kiosk unit enabled for boot" \
    test -L /etc/systemd/system/multi-user.target.wants/staffroom-kiosk.service
check "collector unit enabled for boot" \
    test -L /etc/systemd/system/multi-user.target.wants/staffroom-collector.service
check "the kiosk package removes cleanly" \
    sh -c 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq staffroom-kiosk >/dev/null'

if [ "$failures" -ne 0 ]; then
    echo "test-install: $failures check(s) failed"
    exit 1
fi
echo "test-install: all checks passed"
