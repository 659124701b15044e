#!/bin/sh
# run-kiosk.sh -- what `make run` does after building: open the kiosk in a
# window with the sample content and a private outbox under run/, delivering
# its answers through a local broker to a local collector.
#
# run/kiosk.ini is written on first use and then left alone (edit it freely).
# When mosquitto is installed, a broker with the shipped configuration
# (tools/broker/) starts on a free loopback port in run/broker/, and
# staffroom-collector with run/collector.ini stores the answers in
# run/collector.db; the kiosk runs with run/kiosk.ini plus an [mqtt] section
# pointing at them (run/kiosk-live.ini, written each time). Both stop when the
# kiosk exits. Without mosquitto the kiosk keeps its answers in run/outbox.db.
#
# Without a display (no $DISPLAY or $WAYLAND_DISPLAY) it says so, shows the
# headless command, and runs a short scripted tour headless instead, saving
# screenshots into run/screenshots/; with mosquitto, the tour's answers then
# go through the local broker to the collector (the script's `drain`).
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
[clock]
# A try-out on a desktop: file answers by this computer's clock even if the
# kernel does not report it NTP-synchronised (containers never do). A real
# kiosk leaves this false, so answers wait for the right time.
trust_wall_clock = true
INI
    echo "run: wrote run/kiosk.ini (admin PIN 1234: long-press the top-left corner)"
fi

kiosk="build/bin/staffroom-kiosk --config run/kiosk.ini"
headless=0
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    headless=1
    echo "run: no display here (neither DISPLAY nor WAYLAND_DISPLAY is set)."
    echo "run: on a desktop, 'make run' opens the kiosk in a window. Headless, run for example:"
    echo "       $kiosk --headless --script tools/tour.txt --screenshots run/screenshots"
    echo "run: doing that now: a scripted tour of the screens, saved as PNGs."
    mkdir -p run/screenshots
fi

# The kiosk on its own: a window, or the headless tour (answers stay in
# run/outbox.db).
kiosk_alone() {
    if [ "$headless" = 1 ]; then
        $kiosk --headless --script tools/tour.txt --screenshots run/screenshots
        echo "run: screenshots in run/screenshots/; answers in run/outbox.db"
        exit 0
    fi
    echo "run: starting the kiosk (close the window to stop)"
    exec $kiosk
}

mosquitto=$(command -v mosquitto || { [ -x /usr/sbin/mosquitto ] && echo /usr/sbin/mosquitto; } || true)
if [ -z "$mosquitto" ] || [ ! -x build/bin/staffroom-collector ]; then
    echo "run: mosquitto is not installed: answers stay in run/outbox.db (tools/setup-deps.sh installs it)"
    kiosk_alone
fi

# ---- a local broker and collector -------------------------------------------
device=$(sed -n 's/^id *= *//p' run/kiosk.ini | head -n 1)
broker_dir=$root/run/broker
mkdir -p "$broker_dir"
chmod 700 "$broker_dir"
cp tools/broker/staffroom.acl "$broker_dir/"
secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
umask 077
collector_pw=$(secret)
kiosk_pw=$(secret)
printf 'staffroom-collector:%s\n%s:%s\n' "$collector_pw" "$device" "$kiosk_pw" > "$broker_dir/passwd"
mosquitto_passwd -U "$broker_dir/passwd"
echo "$collector_pw" > "$broker_dir/staffroom-collector.password"
echo "$kiosk_pw" > "$broker_dir/kiosk.password"
umask 022

broker_pid=""
collector_pid=""
stop_all() {
    [ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null && wait "$collector_pid" 2>/dev/null
    [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
    return 0
}
trap stop_all EXIT INT TERM

# A free port: try some, keep the first the broker could listen on (it exits
# at once when the port is taken).
for _ in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
    sed -e "s#@PORT@#$port#g" -e "s#@DIR@#$broker_dir#g" -e "s#@USER@#$(id -un)#g" \
        -e '/^@TLS@/d' tools/broker/mosquitto.conf.in > "$broker_dir/mosquitto.conf"
    : > "$broker_dir/mosquitto.log"
    "$mosquitto" -c "$broker_dir/mosquitto.conf" 2> "$broker_dir/mosquitto.stderr" &
    broker_pid=$!
    for _ in $(seq 50); do
        grep -q " running" "$broker_dir/mosquitto.log" 2>/dev/null && break
        kill -0 "$broker_pid" 2>/dev/null || break
        sleep 0.1
    done
    grep -q " running" "$broker_dir/mosquitto.log" && break
    kill "$broker_pid" 2>/dev/null || true
    broker_pid=""
done
if [ -z "$broker_pid" ]; then
    echo "run: mosquitto did not start (see run/broker/mosquitto.log); answers stay in run/outbox.db"
    stop_all
    trap - EXIT INT TERM
    kiosk_alone
fi

cat > run/registry.ini <<INI
# Written by 'make run': the one kiosk of the try-out.
[$device]
site = Desktop
area = Try-out
INI
cat > run/collector.ini <<INI
# Written by 'make run' each time (the broker's port changes).
[mqtt]
host = 127.0.0.1
port = $port
username = staffroom-collector
password_file = broker/staffroom-collector.password
client_id = make-run-collector
[store]
path = collector.db
[registry]
path = registry.ini
[content]
dir = $root/assets/content
INI
build/bin/staffroom-collector --config run/collector.ini 2> run/collector.log &
collector_pid=$!

# run/kiosk.ini without any [mqtt] section, plus one for this broker.
awk '/^\[/ { skip = ($0 == "[mqtt]") } !skip' run/kiosk.ini > run/kiosk-live.ini
cat >> run/kiosk-live.ini <<INI
# Added by 'make run' for this session's broker (tools/run-kiosk.sh).
[mqtt]
host = 127.0.0.1
port = $port
password_file = broker/kiosk.password
INI

echo "run: broker on 127.0.0.1:$port (run/broker/), collector storing into run/collector.db (log run/collector.log)"
status=0
if [ "$headless" = 1 ]; then
    # The tour, then wait (at most 30 s) until the collector has confirmed
    # every answer it made.
    sed '/^quit/d' tools/tour.txt > run/tour-live.txt
    printf 'drain 30\nquit\n' >> run/tour-live.txt
    build/bin/staffroom-kiosk --config run/kiosk-live.ini --headless --script run/tour-live.txt \
        --screenshots run/screenshots || status=$?
    echo "run: screenshots in run/screenshots/"
else
    echo "run: starting the kiosk (answers: run/outbox.db until the collector confirms them; close the window to stop)"
    build/bin/staffroom-kiosk --config run/kiosk-live.ini || status=$?
fi
stop_all
trap - EXIT INT TERM
echo "run: stopped the collector and the broker; answers held by the collector: $(
    sqlite3 run/collector.db 'SELECT count(*) FROM answer' 2>/dev/null || echo '?')"
exit $status
