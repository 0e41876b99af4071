#!/bin/bash
# Fetch the Debian kernels the kernel lab boots, and the tools to boot them
# (Debian 12, as root).
#
#   tests/kernels/setup.sh [--arch arm64|amd64|riscv64] [--refresh] [--no-install] [SERIES...]
#
# --arch picks the kernels' architecture: arm64 (the default; run.sh boots
# them), amd64 (run-x86.sh boots them) or riscv64 (run-riscv.sh boots them;
# default series 6.12 7.2, looked up in Debian trixie and sid only, since
# bookworm has no riscv64).
# SERIES are kernel series such as 6.1, 6.12 or 7.2 (default: 6.1 6.12 7.2).
# For each, the newest linux-image-SERIES*-ARCH package is looked for in
# this machine's own apt sources, then in Debian sid through a private apt
# configuration (its own sources, lists and cache under the kernel cache, so
# the machine's apt state is left as it was). Packages are only downloaded
# (apt-get download) and unpacked (dpkg-deb -x), never installed. In sid
# linux-image-* is a meta package: the image comes from the linux-binary-*
# package it depends on, the config from linux-base-* and (amd64) the
# modules from linux-modules-*.
#
# amd64 and riscv64 kernels build KVM as modules: setup.sh keeps kvm.ko,
# kvm-amd.ko (amd64) and what they depend on (modules.dep, made with depmod from the package's
# modules), decompressed, in <release>/modules, so the lab's /init needs
# nothing but finit_module(2).
#
# The cache lives outside the build tree, so reruns are quick:
#   $HVABI_KERNEL_CACHE, else /var/cache/hvabi-kernels as root,
#   else ${XDG_CACHE_HOME:-~/.cache}/hvabi-kernels
# and holds
#   <release>/vmlinuz      the kernel as shipped (QEMU boots it directly)
#   <release>/config       its .config
#   <release>/packages     "package version origin" of what it came from
#   <release>/modules/     amd64: kvm-amd.ko and its dependencies (.ko,
#                          riscv64: kvm.ko;
#                          decompressed), modules.load (the order to load
#                          them in, one file name a line), modules.dep
#   series/<series>        arm64: symlink to ../<release>
#   series-amd64/<series>  amd64: symlink to ../<release> (series-riscv64/:
#                          the same for riscv64)
#   apt-sid/               the private apt configuration and state for sid
#                          (arm64); apt-sid-amd64/ the same for amd64,
#                          apt-sid-riscv64/ for riscv64 (trixie and sid)
#
# A series already in the cache is not looked up again unless --refresh is
# given. --no-install skips installing the host packages. The last lines
# printed are "KERNEL <series> <release> <image package> <version> <dir>".
set -euo pipefail

refresh=0
install=1
arch=arm64
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=${2:-}; shift ;;
	--arch=*) arch=${1#--arch=} ;;
	--refresh) refresh=1 ;;
	--no-install) install=0 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
	*) series+=("$1") ;;
	esac
	shift
done
if [ ${#series[@]} = 0 ]; then
	if [ "$arch" = riscv64 ]; then
		series=(6.12 7.2)
	else
		series=(6.1 6.12 7.2)
	fi
fi
case "$arch" in
arm64|amd64|riscv64) ;;
*) echo "setup.sh: --arch must be arm64, amd64 or riscv64, not '$arch'" >&2; exit 2 ;;
esac
# The KVM module whose dependencies are kept (amd64, riscv64).
case "$arch" in
amd64) kvm_module=kvm-amd ;;
riscv64) kvm_module=kvm ;;
*) kvm_module="" ;;
esac

for s in "${series[@]}"; do
	if ! [[ "$s" =~ ^[0-9]+\.[0-9]+$ ]]; then
		echo "setup.sh: '$s' is not a kernel series (e.g. 6.12)" >&2
		exit 2
	fi
done

if [ -n "${HVABI_KERNEL_CACHE:-}" ]; then
	cache=$HVABI_KERNEL_CACHE
elif [ "$(id -u)" = 0 ]; then
	cache=/var/cache/hvabi-kernels
else
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/hvabi-kernels
fi
# Where a series' symlink lives: series/ for arm64 (as it always was),
# series-<arch>/ for the others.
if [ "$arch" = arm64 ]; then
	links=$cache/series
else
	links=$cache/series-$arch
fi
mkdir -p "$links"

as_root=()
if [ "$(id -u)" != 0 ]; then
	as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

log() { echo "setup.sh: $*" >&2; }

# --- host tools and the arm64 architecture ---------------------------------

host_updated=0
host_update() {
	if [ $host_updated = 0 ]; then
		log "apt-get update (this machine's sources)"
		"${as_root[@]}" apt-get update -q >&2
		host_updated=1
	fi
}

if [ $install = 1 ]; then
	if [ "$arch" = arm64 ]; then
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			log "adding the arm64 architecture"
			"${as_root[@]}" dpkg --add-architecture arm64
			host_update
		fi
		packages=(qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross cpio
			  meson ninja-build gzip)
	elif [ "$arch" = riscv64 ]; then
		# qemu-system-misc: qemu-system-riscv64; qemu-system-data: the
		# OpenSBI firmware (-bios default).
		packages=(qemu-system-misc qemu-system-data gcc-riscv64-linux-gnu
			  libc6-dev-riscv64-cross cpio meson ninja-build gzip kmod xz-utils zstd)
	else
		# kmod: depmod; xz-utils, zstd: the modules' compression.
		packages=(qemu-system-x86 gcc libc6-dev cpio meson ninja-build gzip kmod
			  xz-utils zstd)
	fi
	missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		host_update
		log "installing ${missing[*]}"
		"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
	fi
fi

# --- apt front ends: the machine's sources and a private sid ---------------

if [ "$arch" = arm64 ]; then
	sid=$cache/apt-sid
else
	sid=$cache/apt-sid-$arch
fi
sid_mirror() {
	# The host of this machine's Debian mirror (deb822 or one-line format).
	local host
	host=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		   /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v '^[[:space:]]*#' |
	       grep -oE 'https?://[^ /]+/debian/?( |$)' | head -n 1 | tr -d ' ' || true)
	echo "${host:-http://deb.debian.org/debian/}"
}
sid_opts=(
	-o "Dir::Etc::SourceList=/dev/null"
	-o "Dir::Etc::SourceParts=$sid/sources.list.d"
	-o "Dir::Etc::Preferences=/dev/null"
	-o "Dir::Etc::PreferencesParts=$sid/preferences.d"
	-o "Dir::State::Lists=$sid/lists"
	-o "Dir::Cache=$sid/cache"
)
# Foreign architectures are fetched without adding them to dpkg.
[ "$arch" != riscv64 ] || sid_opts+=(-o "APT::Architectures::=riscv64")
sid_updated=0
sid_update() {
	[ $sid_updated = 0 ] || return 0
	mkdir -p "$sid/sources.list.d" "$sid/preferences.d" "$sid/lists/partial" \
		 "$sid/cache/archives/partial"
	local mirror
	mirror=$(sid_mirror)
	if [ "$arch" = riscv64 ]; then
		# riscv64 became a release architecture with trixie (6.12).
		echo "deb [arch=$arch] ${mirror%/} trixie main" > "$sid/sources.list.d/sid.list"
		echo "deb [arch=$arch] ${mirror%/} sid main" >> "$sid/sources.list.d/sid.list"
	else
		echo "deb [arch=$arch] ${mirror%/} sid main" > "$sid/sources.list.d/sid.list"
	fi
	log "apt-get update (private: $(paste -sd';' "$sid/sources.list.d/sid.list"))"
	apt-get "${sid_opts[@]}" update -q >&2
	sid_updated=1
}

# apt_cmd ORIGIN CMD...: run an apt command against the machine's sources
# ("host") or the private sid configuration ("sid").
apt_cmd() {
	local origin=$1
	shift
	if [ "$origin" = sid ]; then
		"$1" "${sid_opts[@]}" "${@:2}"
	else
		"$@"
	fi
}

# newest_image ORIGIN SERIES: "package version" of the newest plain $arch
# image of a series (no -cloud, -rt, -16k, -dbg or -unsigned flavours).
newest_image() {
	local origin=$1 s=$2 re best="" bestv="" p v
	local names=()
	re="^linux-image-${s//./\\.}\\.[0-9]+(\\+[a-z0-9.]+)?(-[0-9]+)?-$arch$"
	for p in $(apt_cmd "$origin" apt-cache pkgnames "linux-image-$s" | sed "s/:$arch\$//" |
		   grep -E "$re" | sort -u); do
		names+=("$p:$arch")
	done
	[ ${#names[@]} -gt 0 ] || return 1
	# One query for all candidates: "package version" lines.
	while read -r p v; do
		[ -n "$v" ] || continue
		if [ -z "$bestv" ] || dpkg --compare-versions "$v" gt "$bestv"; then
			best=$p
			bestv=$v
		fi
	done < <(apt_cmd "$origin" apt-cache show --no-all-versions "${names[@]}" 2>/dev/null |
		 awk '/^Package: / { p = $2 } /^Version: / { print p, $2 }')
	[ -n "$best" ] && echo "$best $bestv"
}

# deps ORIGIN PACKAGE: the linux-binary-* and linux-base-* packages an image
# meta package depends on (sid's split packaging); nothing for bookworm's.
# For amd64 also the linux-modules-* package (KVM is a module there),
# whether the image or its linux-binary-* package depends on it.
deps() {
	local d
	d=$(apt_cmd "$1" apt-cache show --no-all-versions "$2:$arch" |
		sed -n 's/^Depends: //p' | head -n 1 |
		sed 's/[,|]/\n/g' | sed 's/([^)]*)//g; s/:any//; s/ //g' | grep -E '^linux-(binary|base|modules)-[0-9]' || true)
	if [ "$arch" = arm64 ]; then
		grep -Ev '^linux-modules-' <<< "$d" || true
		return
	fi
	echo "$d"
	for p in $(grep -E '^linux-binary-' <<< "$d"); do
		apt_cmd "$1" apt-cache show --no-all-versions "$p:$arch" |
			sed -n 's/^Depends: //p' | head -n 1 |
			sed 's/[,|]/\n/g' | sed 's/([^)]*)//g; s/:any//; s/ //g' |
			grep -E '^linux-modules-[0-9]' || true
	done | grep -vxF -f <(printf '%s\n' "$d") | sort -u || true
}

# keep_modules TREE REL DEST: from the modules tree TREE/lib/modules/REL of
# a kernel package, keep $kvm_module (kvm-amd, kvm) and every module it needs (modules.dep,
# made here with depmod since the packages ship none) decompressed in DEST,
# with DEST/modules.load listing them in load order (dependencies first).
keep_modules() {
	local tree=$1 rel=$2 dest=$3 mdir f order=() m
	mdir=$tree/lib/modules/$rel
	# depmod reads the compressed modules as they are.
	depmod -b "$tree" "$rel"
	declare -A seen=()
	declare -A dep=()
	while IFS= read -r line; do
		dep[${line%%:*}]=${line#*:}
	done < "$mdir/modules.dep"
	visit() {
		local m=$1 d
		[ -z "${seen[$m]:-}" ] || return 0
		seen[$m]=1
		for d in ${dep[$m]}; do
			visit "$d"
		done
		order+=("$m")
	}
	m=$(grep -oE "^[^:]*/${kvm_module}\\.ko(\\.[a-z]+)?:" "$mdir/modules.dep" | tr -d : | head -n 1)
	if [ -z "$m" ]; then
		log "$rel: no $kvm_module module in modules.dep"
		return 1
	fi
	visit "$m"
	mkdir -p "$dest"
	: > "$dest/modules.load"
	for m in "${order[@]}"; do
		f=$(basename "$m")
		case "$f" in
		*.ko.xz) xz -dc "$mdir/$m" > "$dest/${f%.xz}"; f=${f%.xz} ;;
		*.ko.zst) zstd -q -dc "$mdir/$m" > "$dest/${f%.zst}"; f=${f%.zst} ;;
		*.ko.gz) gzip -dc "$mdir/$m" > "$dest/${f%.gz}"; f=${f%.gz} ;;
		*.ko) cp "$mdir/$m" "$dest/$f" ;;
		*) log "$rel: $m: unknown module compression"; return 1 ;;
		esac
		echo "$f" >> "$dest/modules.load"
	done
	cp "$mdir/modules.dep" "$dest/modules.dep"
	log "$rel: modules $(paste -sd' ' "$dest/modules.load") (from ${order[*]})"
}

# fetch SERIES: download, unpack and cache the newest image of a series.
fetch() {
	local s=$1 origin found pkg ver tmp rel vmlinuz config p
	found=""
	local origins=(host sid)
	# bookworm (this machine's sources) has no riscv64.
	[ "$arch" != riscv64 ] || origins=(sid)
	for origin in "${origins[@]}"; do
		if [ "$origin" = sid ]; then
			sid_update
		elif [ $refresh = 1 ]; then
			host_update
		fi
		found=$(newest_image "$origin" "$s" || true)
		if [ -z "$found" ] && [ "$origin" = host ] && [ $host_updated = 0 ]; then
			host_update
			found=$(newest_image "$origin" "$s" || true)
		fi
		[ -z "$found" ] || break
	done
	if [ -z "$found" ]; then
		log "no linux-image-$s*-$arch in this machine's sources nor in sid"
		return 1
	fi
	read -r pkg ver <<< "$found"

	tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
	# apt's download sandbox user must be able to write there.
	chmod 0755 "$tmp"
	if id _apt >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		chown _apt "$tmp"
	fi
	local pkgs=("$pkg:$arch")
	for p in $(deps "$origin" "$pkg"); do
		pkgs+=("$p:$arch")
	done
	log "downloading from $origin: ${pkgs[*]}"
	(cd "$tmp" && apt_cmd "$origin" apt-get download -q "${pkgs[@]}" >&2)
	mkdir "$tmp/x"
	for p in "$tmp"/*.deb; do
		# Only the image, the config and System.map: leave dtbs and
		# modules packed.
		dpkg-deb --fsys-tarfile "$p" |
			tar -x -C "$tmp/x" --wildcards --no-wildcards-match-slash \
			    './boot/vmlinuz-*' './boot/vmlinux-*' './boot/config-*' \
			    './usr/lib/modules/*/vmlinuz' './usr/lib/modules/*/config' \
			    2>/dev/null || true
		# amd64, riscv64: the modules too (kept below: KVM and what it needs).
		if [ -n "$kvm_module" ]; then
			mkdir -p "$tmp/m"
			dpkg-deb --fsys-tarfile "$p" |
				tar -x -C "$tmp/m" --wildcards './lib/modules/*' './usr/lib/modules/*' \
				    2>/dev/null || true
		fi
	done

	# trixie's riscv64 image is /boot/vmlinux-<release> (an Image, not
	# an ELF file); it is cached as vmlinuz like the others.
	vmlinuz=$(find "$tmp/x" -type f \( -path '*/boot/vmlinuz-*' -o -path '*/boot/vmlinux-*' \
		  -o -path '*/modules/*/vmlinuz' \) | head -n 1)
	if [ -z "$vmlinuz" ]; then
		log "$pkg $ver: no vmlinuz in ${pkgs[*]}"
		rm -rf "$tmp"
		return 1
	fi
	case "$vmlinuz" in
	*/boot/vmlinuz-*) rel=${vmlinuz##*/vmlinuz-} ;;
	*/boot/vmlinux-*) rel=${vmlinuz##*/vmlinux-} ;;
	*) rel=$(basename "$(dirname "$vmlinuz")") ;;
	esac
	config=$(find "$tmp/x" -type f \( -name "config-$rel" -o -path "*/modules/$rel/config" \) | head -n 1)

	rm -rf "${cache:?}/$rel"
	mkdir "$cache/$rel"
	if [ -n "$kvm_module" ]; then
		# Merged /usr: sid's packages ship /usr/lib/modules.
		if [ -d "$tmp/m/usr/lib/modules/$rel" ]; then
			mkdir -p "$tmp/m/lib/modules"
			cp -a "$tmp/m/usr/lib/modules/$rel" "$tmp/m/lib/modules/"
		fi
		if ! keep_modules "$tmp/m" "$rel" "$cache/$rel/modules"; then
			log "$pkg $ver: no KVM modules in ${pkgs[*]}"
			rm -rf "$tmp" "${cache:?}/$rel"
			return 1
		fi
	fi
	mv "$vmlinuz" "$cache/$rel/vmlinuz"
	if [ -n "$config" ]; then
		mv "$config" "$cache/$rel/config"
	else
		log "$pkg $ver: no kernel config found"
	fi
	# The image package first, then what it pulled in.
	for p in "$tmp"/*.deb; do
		echo "$(dpkg-deb -f "$p" Package) $(dpkg-deb -f "$p" Version) $origin"
	done | sort -k1,1 | awk -v img="$pkg" '$1 == img { print; next } { rest = rest $0 "\n" }
		END { printf "%s", rest }' > "$cache/$rel/packages"
	rm -rf "$tmp"
	ln -sfn "../$rel" "$links/$s"
}

status=0
for s in "${series[@]}"; do
	if [ $refresh = 1 ] || [ ! -f "$links/$s/vmlinuz" ] ||
	   { [ -n "$kvm_module" ] && [ ! -f "$links/$s/modules/modules.load" ]; }; then
		fetch "$s" || status=1
	fi
done

# --- what we have -----------------------------------------------------------

for s in "${series[@]}"; do
	d=$links/$s
	[ -f "$d/vmlinuz" ] || { echo "KERNEL $s missing"; continue; }
	rel=$(basename "$(readlink "$d")")
	read -r pkg ver _ < "$d/packages"
	kvm="?"
	[ -f "$d/config" ] && kvm=$(grep -E '^CONFIG_KVM=' "$d/config" | cut -d= -f2 || echo n)
	mods=""
	[ ! -f "$d/modules/modules.load" ] || mods="; modules $(paste -sd' ' "$d/modules/modules.load")"
	log "$s: $rel ($pkg $ver; CONFIG_KVM=${kvm:-n}$mods; $(sed 's/ [^ ]*$//' "$d/packages" | paste -sd, -))"
	echo "KERNEL $s $rel $pkg $ver $cache/$rel"
done
exit $status
