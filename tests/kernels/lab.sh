# Shared by the kernel lab's run scripts (run.sh: arm64, run-x86.sh: amd64);
# sourced, not run.

# lab_cache: the kernel cache setup.sh fills ($HVABI_KERNEL_CACHE, else
# /var/cache/hvabi-kernels as root, else ${XDG_CACHE_HOME:-~/.cache}/hvabi-kernels).
lab_cache() {
	if [ -n "${HVABI_KERNEL_CACHE:-}" ]; then
		echo "$HVABI_KERNEL_CACHE"
	elif [ "$(id -u)" = 0 ]; then
		echo /var/cache/hvabi-kernels
	else
		echo "${XDG_CACHE_HOME:-$HOME/.cache}/hvabi-kernels"
	fi
}

# lab_pack ROOT OUT: ROOT's tree as an initramfs (newc cpio, gzip), files in
# sorted order, owned by root, reproducible.
lab_pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc --owner=0:0 --reproducible) | gzip -9n > "$2"
}

# lab_split RES: split RES/console.log at /init's markers (init.c) into
# RES/<step>.out, each step's output without the markers, and RES/steps,
# one "<step> rc=<rc> ms=<ms>" line a step ("<step> rc=unfinished" for a
# step the console ends in).
lab_split() {
	awk -v dir="$1" '
		/^=== BEGIN / { name = $3; file = dir "/" name ".out"; printf "" > file; next }
		/^=== END / {
			if (name != "") { close(file); print $3, $4, $5 > (dir "/steps") }
			name = ""; next
		}
		name != "" { print > file }
		END { if (name != "") print name, "rc=unfinished" > (dir "/steps") }
	' "$1/console.log"
	touch "$1/steps"
}
