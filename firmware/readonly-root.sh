#!/bin/sh
# readonly-root.sh -- makes a kiosk safe to unplug: a read-only root, the
# outbox and configuration on their own writable partition, a journal kept
# in RAM. Run once, as root, on a kiosk that already works (after the first
# boot, with the staffroom-kiosk package installed); it takes effect at the
# next boot. See firmware/README.md, "Power-cut-safe layout".
#
#   /                   read-only: an overlay (overlayroot, tmpfs on top,
#                       recurse=0 so other mounts stay as they are). Writes
#                       land in RAM and vanish at power-off; a power cut can
#                       not damage the system files.
#   /srv/staffroom      the data partition (ext4, label staffroom-data):
#     state/  -> /var/lib/staffroom   the outbox (SQLite, WAL, synchronous=FULL)
#                                     and the last good content pack
#     etc/    -> /etc/staffroom       the installed configuration and password
#   /boot/firmware      stays writable (FAT): staffroom.ini is dropped there.
#   journal             Storage=volatile: in RAM, at most 32 MB.
#
# usage: readonly-root.sh [--dry-run] [--data-label LABEL]
#   --dry-run       print every file it would write and every command it would
#                   run; change nothing
#   --data-label L  the data partition's file system label (default
#                   staffroom-data; make it with mkfs.ext4 -L, README.md)
#
# STAFFROOM_ROOT=DIR writes the files under DIR instead of / (an image being
# prepared, or a test) and then only lists the commands that must run on the
# board itself (mounting, installing overlayroot).
#
# Exit codes: 0 done, 1 failed, 2 usage error.
set -eu

root=${STAFFROOM_ROOT:-}
label=staffroom-data
dry_run=0
data_mount=/srv/staffroom
state_dir=/var/lib/staffroom
config_dir=/etc/staffroom
begin_mark="# staffroom begin: written by readonly-root.sh; do not edit between the marks"
end_mark="# staffroom end"

usage() {
    echo "usage: readonly-root.sh [--dry-run] [--data-label LABEL]   (--help for more)" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) dry_run=1 ;;
        --data-label)
            [ $# -ge 2 ] || usage
            label=$2; shift ;;
        --help|-h) sed -n '2,/^set -eu/{/^set -eu/d; s/^# \{0,1\}//; p}' "$0"; exit 0 ;;
        *) printf 'readonly-root.sh: unknown argument %s\n' "$1" >&2; usage ;;
    esac
    shift
done
case "$label" in
    ''|*[!A-Za-z0-9_-]*) printf 'readonly-root.sh: label "%s": letters, digits, - and _ only\n' \
                             "$label" >&2; exit 2 ;;
esac

say() { printf 'readonly-root.sh: %s\n' "$*"; }

# run CMD...: a command on the live system (printed instead when dry or
# when preparing another root).
run() {
    if [ "$dry_run" = 1 ] || [ -n "$root" ]; then
        printf '+ %s\n' "$*"
    else
        "$@"
    fi
}

# write_file PATH MODE: stdin becomes $root/PATH, replaced atomically.
write_file() {
    if [ "$dry_run" = 1 ]; then
        printf '=== %s (mode %s)\n' "$1" "$2"
        cat
        return
    fi
    mkdir -p "$root$(dirname "$1")"
    cat > "$root$1.new.$$"
    chmod "$2" "$root$1.new.$$"
    mv -f "$root$1.new.$$" "$root$1"
}

if [ "$dry_run" = 0 ] && [ -z "$root" ] && [ "$(id -u)" != 0 ]; then
    say "must run as root (or with --dry-run)" >&2
    exit 1
fi
if [ "$dry_run" = 0 ] && [ -z "$root" ] && ! blkid -L "$label" >/dev/null 2>&1; then
    say "no partition labelled $label: make it first (firmware/README.md)" >&2
    exit 1
fi

# ---- 1. the data partition and the two bind mounts, in /etc/fstab ----------
fstab=$root/etc/fstab
kept=""
if [ -f "$fstab" ]; then
    kept=$(awk -v b="$begin_mark" -v e="$end_mark" '
        $0 == b { skip = 1; next }
        $0 == e { skip = 0; next }
        !skip' "$fstab")
fi
{
    [ -n "$kept" ] && printf '%s\n' "$kept"
    printf '%s\n' "$begin_mark"
    printf 'LABEL=%s %s ext4 defaults,noatime 0 2\n' "$label" "$data_mount"
    printf '%s/state %s none bind,x-systemd.requires-mounts-for=%s 0 0\n' \
        "$data_mount" "$state_dir" "$data_mount"
    printf '%s/etc %s none bind,x-systemd.requires-mounts-for=%s 0 0\n' \
        "$data_mount" "$config_dir" "$data_mount"
    printf '%s\n' "$end_mark"
} | write_file /etc/fstab 0644

# ---- 2. the journal in RAM ---------------------------------------------------
write_file /etc/systemd/journald.conf.d/staffroom-volatile.conf 0644 <<'EOF'
# Written by readonly-root.sh: the root is read-only, so the journal lives in
# RAM (lost at power-off; estates read kiosks' health from the fleet list).
[Journal]
Storage=volatile
RuntimeMaxUse=32M
EOF

# ---- 3. the overlay on / -----------------------------------------------------
# recurse=0: only / is overlaid; /srv/staffroom and /boot/firmware stay
# writable. Maintenance: add overlayroot=disabled to cmdline.txt, reboot.
write_file /etc/overlayroot.local.conf 0644 <<'EOF'
# Written by readonly-root.sh: / is a RAM overlay on the read-only card.
overlayroot="tmpfs:recurse=0"
EOF

# ---- 4. on the board: populate the data partition, install overlayroot ----
run mkdir -p "$data_mount" "$state_dir" "$config_dir"
run mount "$data_mount"
run mkdir -p "$data_mount/state" "$data_mount/etc"
# The configuration installed so far moves onto the data partition once.
run cp -a -n "$config_dir/." "$data_mount/etc/"
run chown root:staffroom "$data_mount/etc"
run chmod 0750 "$data_mount/etc"
run chown staffroom:staffroom "$data_mount/state"
run chmod 0700 "$data_mount/state"
run mount "$state_dir"
run mount "$config_dir"
# Pi OS: dphys-swapfile would write a swap file to the (now RAM) root.
if [ -e "$root/lib/systemd/system/dphys-swapfile.service" ]; then
    run systemctl disable dphys-swapfile.service
fi
run apt-get install -y overlayroot
run update-initramfs -u
if [ "$dry_run" = 1 ]; then
    say "dry run: nothing was changed"
elif [ -n "$root" ]; then
    say "files written under $root; run the commands above on the board"
else
    say "done: the root is read-only from the next boot (check with: findmnt /)"
fi
