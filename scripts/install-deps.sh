#!/bin/bash
# Install what libhvabi needs to build and test on Debian 12 (run as root,
# or as a user with sudo). Safe to run again: apt-get skips what is there.
set -euo pipefail

packages=(
	build-essential meson ninja-build pkg-config
	libcmocka-dev
	valgrind gcovr clang libclang-rt-14-dev
	g++
	linux-libc-dev linux-libc-dev-arm64-cross linux-libc-dev-riscv64-cross
	abigail-tools
	debhelper dpkg-dev lintian
)

as_root=()
if [ "$(id -u)" != 0 ]; then
	as_root=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}"
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
