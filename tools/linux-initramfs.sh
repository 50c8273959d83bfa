#!/usr/bin/env bash
# The test initramfs: busybox-static, tests/linux/init and guest-proof (built
# here, static, with the host's gcc), as an uncompressed cpio archive.
#   tools/linux-initramfs.sh OUT.cpio
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
busybox=/bin/busybox
# Debian's busybox package is linked dynamically: only busybox-static runs
# in an initramfs without a C library.
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' && [ -x "$busybox" ] || {
	echo "linux-initramfs: $busybox is missing: run make deps (package busybox-static)" >&2
	exit 1
}
mkdir -p "$(dirname "$out")"
proof=$(dirname "$out")/guest-proof
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -static -s -o "$proof" tests/linux/guest-proof.c
python3 tools/linux-initramfs.py -o "$out" --init tests/linux/init --busybox "$busybox" --proof "$proof"
echo "linux-initramfs: $out, $(stat -c %s "$out") bytes" >&2
