#!/bin/bash
# Build a static, KVM-only qemu-system-aarch64 with the libhvabi patches of
# contrib/qemu/patches, linked with a static aarch64 libhvabi built from this
# tree (Debian 12 host, as root; README.md in this directory).
#
#   contrib/qemu/build.sh [--cache DIR] [--jobs N] [--rebuild | --cached-only]
#
# --cached-only prints the cached build's line and exits 1 when there is
# none (nothing is downloaded or built); --rebuild builds even when cached.
#
# The QEMU source is Debian's: the newest qemu source package of sid that
# can be downloaded. Versions come from sid's index (apt-get source through
# a private apt configuration: its own sources, lists and cache under the
# cache, the machine's apt state is left as it was) and from
# $HVABI_QEMU_POOL_VERSIONS (default "1:11.1.1+ds-1"): versions no longer
# indexed whose files are still in the mirror's pool, fetched by URL with
# the checksums of their .dsc checked by dpkg-source. The newest version
# whose files download wins (sid's index listed 11.1.3 and 11.1.2 whose
# files answered 404, 2026-12-06).
#
# Host packages (installed when missing, from the machine's own sources):
# gcc-aarch64-linux-gnu, pkg-config for aarch64, libglib2.0-dev:arm64,
# libfdt-dev:arm64, zlib1g-dev:arm64, python3-venv, ninja-build, meson (for
# libhvabi). QEMU 11 wants meson >= 1.5, pycotap and qemu.qmp, which
# Debian 12 lacks: sid's meson, python3-pycotap and python3-qemu-qmp
# (arch all) are downloaded through the private configuration and unpacked
# into the cache (never installed); QEMU's configure finds them on
# PYTHONPATH.
#
# The cache ($HVABI_QEMU_CACHE, else /var/cache/hvabi-qemu as root, else
# ${XDG_CACHE_HOME:-~/.cache}/hvabi-qemu) holds
#   apt/                    the private apt configuration, state, sources
#   pytools/                meson, pycotap, qemu.qmp unpacked
#   <qemu version>-<key>/   qemu-system-aarch64 (stripped), build.log, info
# where <key> is the first 12 hex digits of the SHA-256 over the patches,
# this script and libhvabi's sources (lib/, include/, the top meson files):
# a rerun with the same inputs prints the cached binary and builds nothing.
# The build tree (<cache>/work) is removed after a successful build.
#
# The last line printed is "QEMU <version> <path of qemu-system-aarch64>".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
jobs=${HVABI_QEMU_JOBS:-2}
rebuild=0
cached_only=0
cache=""
while [ $# -gt 0 ]; do
	case "$1" in
	--cache) cache=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--rebuild) rebuild=1 ;;
	--cached-only) cached_only=1 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
if [ -z "$cache" ]; then
	if [ -n "${HVABI_QEMU_CACHE:-}" ]; then
		cache=$HVABI_QEMU_CACHE
	elif [ "$(id -u)" = 0 ]; then
		cache=/var/cache/hvabi-qemu
	else
		cache=${XDG_CACHE_HOME:-$HOME/.cache}/hvabi-qemu
	fi
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
log() { echo "build.sh: $*" >&2; }
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive

# --- the key: patches, this script, libhvabi's sources ---------------------

key=$( (cd "$here" && sha256sum build.sh patches/*.patch) |
	cat - <(cd "$src" && find lib include -type f | LC_ALL=C sort |
		xargs sha256sum; sha256sum meson.build meson_options.txt) |
	sha256sum | cut -c1-12)

# --- the private apt configuration (sid) -----------------------------------

apt_dir=$cache/apt
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	     /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v '^[[:space:]]*#' |
	 grep -oE 'https?://[^ /]+/debian/?( |$)' | head -n 1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian/}
mirror=${mirror%/}
apt_opts=(
	-o "Dir::Etc::SourceList=/dev/null"
	-o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
	-o "Dir::Etc::Preferences=/dev/null"
	-o "Dir::Etc::PreferencesParts=$apt_dir/preferences.d"
	-o "Dir::State::Lists=$apt_dir/lists"
	-o "Dir::Cache=$apt_dir/cache"
)
apt_updated=0
apt_update() {
	[ $apt_updated = 0 ] || return 0
	mkdir -p "$apt_dir/sources.list.d" "$apt_dir/preferences.d" \
		 "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	{
		echo "deb-src $mirror sid main"
		echo "deb [arch=all] $mirror sid main"
	} > "$apt_dir/sources.list.d/sid.list"
	log "apt-get update (private: $(paste -sd';' "$apt_dir/sources.list.d/sid.list"))"
	apt-get "${apt_opts[@]}" update -q >&2
	apt_updated=1
}

# --- the QEMU source: the newest version that downloads --------------------

# fetch_source VERSION DIR: the .dsc and its files into DIR; 0 on success.
fetch_source() {
	local ver=$1 dir=$2 upstream dsc f
	mkdir -p "$dir"
	if (cd "$dir" && apt-get "${apt_opts[@]}" source --download-only -q \
		"qemu=$ver" >&2 2>/dev/null); then
		return 0
	fi
	# Not in the index (or its files are gone): the pool, by URL.
	upstream=${ver#*:}
	dsc="qemu_${upstream}.dsc"
	(cd "$dir" && curl -fsS -o "$dsc" \
		"$mirror/pool/main/q/qemu/${dsc//+/%2b}") || { rm -f "$dir/$dsc"; return 1; }
	for f in $(sed -n '/^Files:/,/^[^ ]/s/^ [0-9a-f]* [0-9]* //p' "$dir/$dsc"); do
		(cd "$dir" && curl -fsS -o "$f" "$mirror/pool/main/q/qemu/${f//+/%2b}") ||
			{ rm -f "$dir/$f"; return 1; }
	done
}

srcdir=$cache/apt/src
qemu_ver=""
if [ -f "$cache/source-version" ] && [ $rebuild = 0 ]; then
	qemu_ver=$(cat "$cache/source-version")
	[ -f "$srcdir/qemu_${qemu_ver#*:}.dsc" ] || qemu_ver=""
fi
if [ -z "$qemu_ver" ] && [ $cached_only = 1 ]; then
	log "no qemu source in $cache"
	exit 1
fi
if [ -z "$qemu_ver" ]; then
	apt_update
	mapfile -t candidates < <(
		{ apt-cache "${apt_opts[@]}" showsrc qemu | sed -n 's/^Version: //p'
		  for v in ${HVABI_QEMU_POOL_VERSIONS:-1:11.1.1+ds-1}; do echo "$v"; done
		} | sort -u | sort -t: -k1,1nr -k2,2Vr)
	for v in "${candidates[@]}"; do
		log "trying the qemu source $v"
		if fetch_source "$v" "$srcdir"; then
			qemu_ver=$v
			break
		fi
		log "qemu $v: its files do not download"
	done
	[ -n "$qemu_ver" ] || { log "no qemu source downloads"; exit 1; }
	echo "$qemu_ver" > "$cache/source-version"
fi
upver=${qemu_ver#*:}
upver=${upver%%+*}
upver=${upver%%-*}
dest=$cache/$upver-$key
if [ -x "$dest/qemu-system-aarch64" ] && [ $rebuild = 0 ]; then
	log "cached: $dest (qemu $qemu_ver)"
	echo "QEMU $qemu_ver $dest/qemu-system-aarch64"
	exit 0
fi
if [ $cached_only = 1 ]; then
	log "not built: $dest"
	exit 1
fi

# --- host packages ----------------------------------------------------------

packages=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross pkg-config python3-venv ninja-build
	  meson curl dpkg-dev libglib2.0-dev:arm64 libfdt-dev:arm64 zlib1g-dev:arm64)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		log "adding the arm64 architecture"
		"${as_root[@]}" dpkg --add-architecture arm64
	fi
	log "installing ${missing[*]}"
	"${as_root[@]}" apt-get update -q >&2
	"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# --- meson >= 1.5, pycotap, qemu.qmp: sid's, unpacked ----------------------

pytools=$cache/pytools
if [ ! -d "$pytools/usr/lib/python3/dist-packages/mesonbuild" ]; then
	apt_update
	mkdir -p "$apt_dir/debs"
	(cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download -q meson python3-pycotap \
		python3-qemu-qmp >&2)
	rm -rf "$pytools"
	mkdir -p "$pytools"
	for d in "$apt_dir"/debs/*.deb; do
		dpkg-deb -x "$d" "$pytools"
	done
fi

# --- libhvabi for aarch64, static -------------------------------------------

work=$cache/work
rm -rf "$work"
mkdir -p "$work"
logf=$work/build.log
t0=$(date +%s)
log "libhvabi (static, aarch64)"
meson setup "$work/hvabi-build" "$src" --cross-file "$src/tests/kernels/aarch64-cross.ini" \
	-Ddefault_library=static -Dtests=disabled -Dexamples=disabled \
	--prefix="$work/hvabi" --libdir=lib >> "$logf" 2>&1
ninja -C "$work/hvabi-build" -j "$jobs" >> "$logf" 2>&1
meson install -C "$work/hvabi-build" >> "$logf" 2>&1

# --- QEMU: unpack, patch, configure, build ------------------------------------

log "unpacking qemu $qemu_ver"
dpkg-source -x "$srcdir/qemu_${qemu_ver#*:}.dsc" "$work/qemu" >> "$logf" 2>&1
for p in "$here"/patches/*.patch; do
	log "applying $(basename "$p")"
	patch -d "$work/qemu" -p1 --no-backup-if-mismatch -s < "$p"
done
mkdir -p "$work/qemu/build"
log "configure"
# ninja may run meson again: both need sid's meson and the libhvabi .pc
export PYTHONPATH=$pytools/usr/lib/python3/dist-packages
export PKG_CONFIG_PATH=$work/hvabi/lib/pkgconfig
(
	cd "$work/qemu/build"
	../configure --python=/usr/bin/python3 --cross-prefix=aarch64-linux-gnu- \
		--target-list=aarch64-softmmu --without-default-features --enable-kvm \
		--disable-tcg --enable-fdt=system --enable-hvabi --disable-docs \
		--disable-install-blobs --disable-download --static
) >> "$logf" 2>&1 || { tail -30 "$logf" >&2; log "configure failed ($logf)"; exit 1; }
t1=$(date +%s)
log "ninja -j$jobs qemu-system-aarch64 (about 5 minutes on 2 cores)"
ninja -C "$work/qemu/build" -j "$jobs" qemu-system-aarch64 >> "$logf" 2>&1 ||
	{ tail -30 "$logf" >&2; log "build failed ($logf)"; exit 1; }
t2=$(date +%s)

mkdir -p "$dest"
aarch64-linux-gnu-strip -o "$dest/qemu-system-aarch64.new" "$work/qemu/build/qemu-system-aarch64"
mv "$dest/qemu-system-aarch64.new" "$dest/qemu-system-aarch64"
cp "$logf" "$dest/build.log"
{
	echo "qemu $qemu_ver"
	echo "key $key"
	echo "libhvabi $(cd "$src" && git describe --always --dirty 2>/dev/null || echo unknown)"
	echo "patches $(cd "$here/patches" && ls | paste -sd' ')"
	echo "seconds configure+libhvabi $((t1 - t0)) ninja $((t2 - t1))"
} > "$dest/info"
rm -rf "$work"
log "built in $((t2 - t0)) s: $dest"
echo "QEMU $qemu_ver $dest/qemu-system-aarch64"
