#!/bin/sh
# screenshots.sh [KIOSK [OUT]] -- saves a PNG of every kiosk screen at
# 800x480 and 720x1280 into OUT/800x480/ and OUT/720x1280/ (default
# build/screenshots), by running each script in tests/ui/screens/ headless.
#
# A script may ask for a special setup in a comment line:
#   # content: text     a content pack with an optional free-text question
#   # store: broken     an outbox that cannot be written (save-failed)
# Each run gets a fresh outbox in a scratch folder, removed at the end.
# Exit 1 if any script fails (its message names the file and line).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
kiosk=${1:-$root/build/bin/staffroom-kiosk}
out=${2:-$root/build/screenshots}
work=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-shots.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

mkdir -p "$work/content-text"
for f in pack.json toolkit.json strings.json; do
    cp "$root/assets/content/$f" "$work/content-text/$f"
done
cp "$root/tests/ui/screens/questions-with-text.json" "$work/content-text/questions.json"

status=0
for size in 800x480 720x1280; do
    mkdir -p "$out/$size"
    for script in "$root"/tests/ui/screens/*.txt; do
        name=$(basename "$script" .txt)
        run="$work/$size-$name"
        mkdir -p "$run"
        content="$root/assets/content"
        grep -q '^# content: text' "$script" && content="$work/content-text"
        store="$run/outbox.db"
        # a folder where the database file should be: it can never be opened
        grep -q '^# store: broken' "$script" && { store="$run/broken"; mkdir -p "$store"; }
        cat > "$run/kiosk.ini" <<INI
[device]
id = screenshot-kiosk
site = Example Hospital
area = Ward 1
[store]
path = $store
[content]
dir = $content
cache_dir = $run/content-good
[ui]
admin_pin = 1234
fullscreen = false
INI
        if ! "$kiosk" --config "$run/kiosk.ini" --headless --size "$size" --script "$script" \
                --screenshots "$out/$size" 2> "$run/stderr"; then
            echo "screenshots: $name at $size failed:" >&2
            cat "$run/stderr" >&2
            status=1
        fi
    done
done
[ "$status" -eq 0 ] && echo "screenshots: $(ls "$out"/*/*.png | wc -l) PNGs in $out"
exit "$status"
