#!/usr/bin/env bash
# Debian's stock kernel under the hypervisor (`make test-linux-stock`): the
# bzImage of Debian 12's linux-image-amd64, fetched from the distribution's
# archive with apt-get download and unpacked (not installed) into a cache
# outside the clone, with the project's test initramfs, booted in Bochs.
# It checks Linux's guest-proof line and the hypervisor's report, and
# prints how long the boot took.  Minutes: it is not part of `make test`.
#
#   tools/linux-stock.sh HYPERVISOR.elf INITRD
set -u
cd "$(dirname "$0")/.." || exit 1

elf=$1 initrd=$2
cache=${XDG_CACHE_HOME:-$HOME/.cache}/hypervisor/stock
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
[ -n "$pkg" ] || { echo "linux-stock: apt-cache knows no linux-image-amd64" >&2; exit 1; }
image="$cache/$pkg/vmlinuz"
if [ ! -s "$image" ]; then
	mkdir -p "$cache/$pkg" && cd "$cache/$pkg" || exit 1
	apt-get download "$pkg" >/dev/null 2>&1 || { echo "linux-stock: apt-get download $pkg failed" >&2; exit 1; }
	dpkg-deb -x ./*.deb unpacked && cp unpacked/boot/vmlinuz-* vmlinuz && rm -rf unpacked ./*.deb
	cd - >/dev/null || exit 1
fi
echo "linux-stock: $pkg ($image, $(stat -c %s "$image") bytes)"

iso=build/linux/stock-guest.iso
tools/linux-guest.sh iso "$iso" "$elf" "$image" "$initrd" "console=ttyS0,115200 quiet panic=-1" "" 0 || exit 1
. tools/emu.sh
log=build/linux/stock-guest.serial
start=$(date +%s)
BOCHS_SMP=${BOCHS_SMP:-1} BOCHS_MEM=${BOCHS_MEM:-256} EMU_TIMEOUT=${EMU_TIMEOUT:-900} bochs_boot "$iso" "$log"
rc=$?
echo "linux-stock: Bochs corei7_skylake_x, ${BOCHS_SMP:-1} core(s): status $rc after $(($(date +%s) - start)) s"
tr -d '\r' < "$log" | grep -E '^(guest-proof|guest-os|summary|linux:)'
grep -q '^guest-os linux exit=poweroff' <(tr -d '\r' < "$log") &&
	grep -q '^guest-proof signature="hypervisor64" cpuid-hv=yes' <(tr -d '\r' < "$log") || {
	echo "linux-stock: FAIL: no guest-proof line or no power-off" >&2
	exit 1
}
echo "linux-stock: PASS"
