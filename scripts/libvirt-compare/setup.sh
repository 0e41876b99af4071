#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Installs what libvirt_compare.py needs on Debian 12 (bookworm): virsh, the
# QEMU driver that qemu:///embed loads in-process (no daemon is started),
# qemu-system-x86 (hypervisor-cpu-baseline and the models' family/model/
# stepping) and nss_wrapper (gives the embedded driver its 'libvirt-qemu'
# user without adding one to the system). With --source DIR it also unpacks
# libvirt's Debian source package into DIR for libvirt_compare.py
# --selftest, through a private apt configuration (a deb-src line of its own;
# /etc/apt is left alone). Run as root from anywhere:
#   bash scripts/libvirt-compare/setup.sh [--source /tmp/libvirt-src]
# Nothing in the build or the tests uses it.
set -euo pipefail

apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 \
	libnss-wrapper python3 dpkg-dev

if [ "${1:-}" = --source ]; then
	dest=${2:?--source needs a directory}
	apt_dir=$(mktemp -d)
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dest"
	for suite in bookworm bookworm-updates; do
		echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main"
	done > "$apt_dir/sources.list"
	echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main" >> "$apt_dir/sources.list"
	opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
	      -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
	apt-get "${opts[@]}" update -q
	# The source of the libvirt actually installed.
	version=$(dpkg-query -W -f '${source:Version}' libvirt0)
	(cd "$dest" && apt-get "${opts[@]}" source -q "libvirt=$version")
	rm -rf "$apt_dir"
	echo "libvirt source: $(ls -d "$dest"/libvirt-*/ | head -1)"
fi
