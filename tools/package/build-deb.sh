#!/bin/sh
# build-deb.sh BUILD OUTDIR -- makes the Debian packages from a finished build.
#
#   staffroom-kiosk      the kiosk program, its sample content, its systemd
#                        units and first-boot script, an example config
#   staffroom-collector  the central tools (collector, report, provision,
#                        fleet, content), the collector's unit, example
#                        configs for it and for the broker
#
# Plain dpkg-deb, no debhelper: the packages are small and their contents are
# listed here in one place. Dependencies come from dpkg-shlibdeps on the real
# binaries (so an arm64 build gets arm64 library names), plus what the
# scripts need. The architecture is the binaries' own (read with file(1)
# from its ELF header), so BUILD=build/arm64 makes arm64 packages.
set -eu

build=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
version=$(sed -n 's/^#define STAFFROOM_VERSION "\(.*\)"/\1/p' "$root/app/core/version.h")
case "$(od -An -t x1 -j 18 -N 2 "$build/bin/staffroom-kiosk" | tr -d ' ')" in
    b700) arch=arm64 ;;
    3e00) arch=amd64 ;;
    *) echo "build-deb: $build/bin/staffroom-kiosk: not an amd64 or arm64 program" >&2; exit 1 ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/staffroom-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# install_file SRC DEST MODE: copies into the package tree being built.
install_file() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
    chmod "$3" "$2"
}

# install_program SRC DEST: a program, stripped of its debugging symbols (the
# build keeps them; the package need not carry them).
strip_cmd=strip
[ "$arch" = arm64 ] && strip_cmd=aarch64-linux-gnu-strip
install_program() {
    install_file "$1" "$2" 0755
    $strip_cmd --strip-unneeded --remove-section=.comment --remove-section=.note "$2"
}

# shlib_depends BINARY...: the Depends line dpkg-shlibdeps computes.
shlib_depends() {
    mkdir -p "$work/shlibs/debian"
    printf 'Source: staffroom\n\nPackage: staffroom\nArchitecture: any\n' \
        > "$work/shlibs/debian/control"
    (cd "$work/shlibs" && DEB_HOST_ARCH=$arch dpkg-shlibdeps -O "$@" 2>/dev/null) |
        sed -n 's/^shlibs:Depends=//p'
}

# finish NAME PKGDIR EXTRA_DEPENDS: writes DEBIAN/control and builds the .deb.
finish() {
    name=$1; pkgdir=$2; extra=$3
    bins=$(find "$pkgdir/usr/bin" -type f)
    # shellcheck disable=SC2086
    depends=$(shlib_depends $bins)
    size=$(du -sk "$pkgdir" | cut -f1)
    sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
        -e "s/@DEPENDS@/$depends${extra:+, $extra}/" "$here/$name/control.in" \
        > "$pkgdir/DEBIAN/control"
    for script in postinst prerm postrm conffiles; do
        [ -f "$here/$name/$script" ] || continue
        install_file "$here/$name/$script" "$pkgdir/DEBIAN/$script" 0755
    done
    [ -f "$pkgdir/DEBIAN/conffiles" ] && chmod 0644 "$pkgdir/DEBIAN/conffiles"
    (cd "$pkgdir" && find . -type f ! -path './DEBIAN/*' -exec md5sum {} + |
        sed 's|  \./|  |' > DEBIAN/md5sums)
    dpkg-deb --root-owner-group --build "$pkgdir" "$out/${name}_${version}_${arch}.deb" >/dev/null
    echo "$out/${name}_${version}_${arch}.deb"
}

docs() { # docs PKGDIR NAME: copyright and changelog, as Debian policy wants
    d=$1/usr/share/doc/$2
    mkdir -p "$d"
    cp "$here/copyright" "$d/copyright"
    printf '%s (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- Staffroom <staffroom@example.nhs.uk>  %s\n' \
        "$2" "$version" "$version" "$(date -R -d @0)" | gzip -9n > "$d/changelog.gz"
}

# ---- staffroom-kiosk -------------------------------------------------------
k=$work/staffroom-kiosk
mkdir -p "$k/DEBIAN"
install_program "$build/bin/staffroom-kiosk" "$k/usr/bin/staffroom-kiosk"
mkdir -p "$k/usr/share/staffroom"
cp -r "$root/assets/content" "$k/usr/share/staffroom/content"
find "$k/usr/share/staffroom" -type f -exec chmod 0644 {} +
install_file "$root/assets/staffroom-kiosk.example.ini" \
    "$k/usr/share/doc/staffroom-kiosk/examples/staffroom-kiosk.ini" 0644
for unit in "$root"/firmware/systemd/*.service; do
    case "$(basename "$unit")" in staffroom-collector*) continue ;; esac
    install_file "$unit" "$k/lib/systemd/system/$(basename "$unit")" 0644
done
for script in staffroom-firstboot readonly-root.sh; do
    [ -f "$root/firmware/$script" ] &&
        install_file "$root/firmware/$script" "$k/usr/lib/staffroom/$script" 0755
done
docs "$k" staffroom-kiosk
finish staffroom-kiosk "$k" "adduser, fonts-dejavu-core"

# ---- staffroom-collector ---------------------------------------------------
c=$work/staffroom-collector
mkdir -p "$c/DEBIAN"
for tool in collector report provision fleet content; do
    if [ ! -f "$build/bin/staffroom-$tool" ]; then
        echo "build-deb: $build/bin/staffroom-$tool is missing: build first" >&2
        exit 1
    fi
    install_program "$build/bin/staffroom-$tool" "$c/usr/bin/staffroom-$tool"
done
# Its own copy of the pack answers are checked against (the kiosk package
# may be installed beside it, and two packages may not own one file).
mkdir -p "$c/usr/share/staffroom-collector"
cp -r "$root/assets/content" "$c/usr/share/staffroom-collector/content"
find "$c/usr/share/staffroom-collector" -type f -exec chmod 0644 {} +
[ -f "$root/tools/collector/staffroom-collector.example.ini" ] &&
    install_file "$root/tools/collector/staffroom-collector.example.ini" \
        "$c/usr/share/doc/staffroom-collector/examples/staffroom-collector.ini" 0644
for f in "$root"/tools/broker/*; do
    install_file "$f" "$c/usr/share/doc/staffroom-collector/examples/broker/$(basename "$f")" 0644
done
[ -f "$root/firmware/systemd/staffroom-collector.service" ] &&
    install_file "$root/firmware/systemd/staffroom-collector.service" \
        "$c/lib/systemd/system/staffroom-collector.service" 0644
docs "$c" staffroom-collector
finish staffroom-collector "$c" "adduser, mosquitto-clients"
