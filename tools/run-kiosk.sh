#!/bin/sh
# run-kiosk.sh -- what `make run` does after building: open the kiosk in a
# window with the sample content and a private outbox under run/.
#
# run/kiosk.ini is written on first use and then left alone (edit it freely).
# Without a display (no $DISPLAY or $WAYLAND_DISPLAY) it says so, shows the
# headless command, and runs a short scripted tour headless instead, saving
# screenshots into run/screenshots/.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
mkdir -p run
if [ ! -f run/kiosk.ini ]; then
    cat > run/kiosk.ini <<INI
# Written by 'make run' for a desktop try-out. Relative paths are relative
# to this file's folder. Every key: build/bin/staffroom-kiosk --config run/kiosk.ini --check-config
[device]
id = desktop-kiosk
site = Desktop
area = Try-out
[store]
path = outbox.db
[content]
dir = $root/assets/content
cache_dir = content-good
[ui]
size = 800x480
fullscreen = false
# Long-press the top-left corner for 3 seconds, then this PIN.
admin_pin = 1234
INI
    echo "run: wrote run/kiosk.ini (admin PIN 1234: long-press the top-left corner)"
fi

kiosk="build/bin/staffroom-kiosk --config run/kiosk.ini"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run: no display here (neither DISPLAY nor WAYLAND_DISPLAY is set)."
    echo "run: on a desktop, 'make run' opens the kiosk in a window. Headless, run for example:"
    echo "       $kiosk --headless --script tools/tour.txt --screenshots run/screenshots"
    echo "run: doing that now: a scripted tour of the screens, saved as PNGs."
    mkdir -p run/screenshots
    $kiosk --headless --script tools/tour.txt --screenshots run/screenshots
    echo "run: screenshots in run/screenshots/; answers in run/outbox.db"
    exit 0
fi
echo "run: starting the kiosk (answers go to run/outbox.db; close the window to stop)"
exec $kiosk
