#!/bin/sh
# setup-deps.sh -- install the Debian packages Staffroom needs, if any are
# missing. Every entry target of the Makefile calls this first. When all
# packages are present it prints nothing and does nothing.
#
# Uses apt-get directly as root, through sudo otherwise. Set
# STAFFROOM_NO_SETUP=1 to skip (e.g. on a machine managed by other means).
#
# setup-deps.sh arm64 also installs what cross-building for a Raspberry Pi
# needs: Debian's aarch64 cross compiler, the arm64 -dev packages beside the
# native ones (multiarch) and qemu-user to run the arm64 unit tests here.
set -eu
arch=${1:-}

[ "${STAFFROOM_NO_SETUP:-0}" = 1 ] && exit 0

# One line a package: what it is for is in README.md ("What gets installed").
PACKAGES="
build-essential
pkg-config
libsdl2-dev
libsdl2-ttf-dev
libsdl2-image-dev
libsqlite3-dev
sqlite3
libqrencode-dev
libmosquitto-dev
mosquitto
mosquitto-clients
openssl
libcjson-dev
libinih-dev
libcmocka-dev
libsodium-dev
libcairo2-dev
fonts-dejavu-core
zbar-tools
xvfb
xdotool
systemd
shellcheck
debootstrap
"
if [ "$arch" = arm64 ]; then
    PACKAGES="$PACKAGES crossbuild-essential-arm64 qemu-user"
    for p in libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libsqlite3-dev libqrencode-dev \
             libmosquitto-dev libcjson-dev libinih-dev libsodium-dev libcairo2-dev \
             libcmocka-dev; do
        PACKAGES="$PACKAGES $p:arm64"
    done
fi

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

echo "setup: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "setup: not root and no sudo; please install:$missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ "$arch" = arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
fi
# A fresh machine has no package lists yet; update once, then install.
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
