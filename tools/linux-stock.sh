#!/usr/bin/env bash
# Debian's stock kernel under the hypervisor (`make test-linux-stock`): the
# bzImage of Debian 12's linux-image-amd64, fetched from the distribution's
# archive with apt-get download and unpacked (not installed) into a cache
# outside the clone, booted in Bochs twice:
#  1. with the project's test initramfs: Linux's guest-proof line and the
#     hypervisor's report;
#  2. with the initrd Debian's initramfs-tools makes for it (mkinitramfs, as
#     /boot/initrd.img-* would be), no root disk: its /init drops to the
#     `(initramfs)` shell, `poweroff -f` is typed there through the console
#     (tools/console.py, driven by tests/integration/pty_session.py), and the
#     report must say exit=poweroff;
#  3. with the test initramfs and console=tty0: Linux's console on the
#     screen (a machine without a serial port), read from the VGA text
#     memory Bochs' debugger saves at the end.
# Prints how long each boot took.  Minutes: it is not part of `make test`.
#
#   tools/linux-stock.sh HYPERVISOR.elf INITRD
# STOCK_ONLY=proof|initramfs-tools|screen runs one of the three.
set -u
cd "$(dirname "$0")/.." || exit 1

elf=$1 initrd=$2
cache=${XDG_CACHE_HOME:-$HOME/.cache}/hypervisor/stock
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')
[ -n "$pkg" ] || { echo "linux-stock: apt-cache knows no linux-image-amd64" >&2; exit 1; }
image="$cache/$pkg/vmlinuz"
root="$cache/$pkg/root"
if [ ! -s "$image" ] || [ ! -d "$root/lib/modules" ]; then
	rm -rf "${cache:?}/$pkg" && mkdir -p "$cache/$pkg" && cd "$cache/$pkg" || exit 1
	apt-get download "$pkg" >/dev/null 2>&1 || { echo "linux-stock: apt-get download $pkg failed" >&2; exit 1; }
	dpkg-deb -x ./*.deb root && cp root/boot/vmlinuz-* vmlinuz && rm -f ./*.deb
	cd - >/dev/null || exit 1
fi
version=$(basename "$(find "$root/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n1)")
echo "linux-stock: $pkg, kernel $version ($image, $(stat -c %s "$image") bytes)"

# debian_initrd OUT: Debian's initrd for $version, from the unpacked modules.
# mkinitramfs reads /lib/modules/VERSION and /boot/config-VERSION only:
# links there while it runs, where this machine has none of its own.
debian_initrd() {
	local out=$1 links=() rc path
	command -v mkinitramfs >/dev/null || { echo "linux-stock: mkinitramfs is missing (make deps DEPS=stock)" >&2; return 1; }
	for path in "/lib/modules/$version" "/boot/config-$version"; do
		[ -e "$path" ] && continue
		mkdir -p "$(dirname "$path")" && ln -s "$root$path" "$path" || return 1
		links+=("$path")
	done
	mkinitramfs -o "$out.tmp" "$version" >"$out.log" 2>&1
	rc=$?
	[ ${#links[@]} -eq 0 ] || rm -f "${links[@]}"
	[ $rc -eq 0 ] || { cat "$out.log" >&2; return 1; }
	mv "$out.tmp" "$out"
}

# A stock kernel needs minutes in Bochs: 900 s unless EMU_TIMEOUT says
# otherwise (emu.sh's own default of 120 s would cut it).
stock_timeout=${EMU_TIMEOUT:-900}
. tools/emu.sh
status=0

# 1. The test initramfs: the guest-proof line from inside.
if [ "${STOCK_ONLY:-proof}" = proof ] || [ -z "${STOCK_ONLY:-}" ]; then
	iso=build/linux/stock-guest.iso log=build/linux/stock-guest.serial
	tools/linux-guest.sh iso "$iso" "$elf" "$image" "$initrd" "console=ttyS0,115200 quiet panic=-1" "" 0 || exit 1
	start=$(date +%s)
	BOCHS_SMP=${BOCHS_SMP:-1} BOCHS_MEM=${BOCHS_MEM:-256} EMU_TIMEOUT=$stock_timeout bochs_boot "$iso" "$log"
	rc=$?
	echo "linux-stock: test initramfs, $(bochs_describe): status $rc after $(($(date +%s) - start)) s"
	tr -d '\r' < "$log" | grep -E '^(guest-proof|guest-os|summary|linux:)'
	if [ $rc -eq 0 ] && grep -q '^guest-os linux exit=poweroff' <(tr -d '\r' < "$log") &&
		grep -q '^guest-proof signature="hypervisor64" cpuid-hv=yes' <(tr -d '\r' < "$log"); then
		echo "linux-stock: PASS: the test initramfs"
	else
		echo "linux-stock: FAIL: the test initramfs: no guest-proof line or no power-off" >&2
		status=1
	fi
fi

# 2. Debian's initramfs-tools initrd, its shell on the (scripted) terminal.
if [ "${STOCK_ONLY:-initramfs-tools}" = initramfs-tools ] || [ -z "${STOCK_ONLY:-}" ]; then
	debian="$cache/$pkg/initrd.img-$version"
	[ -s "$debian" ] || debian_initrd "$debian" || exit 1
	echo "linux-stock: initramfs-tools initrd $debian ($(stat -c %s "$debian") bytes)"
	iso=build/linux/stock-debian-initrd.iso log=build/linux/stock-debian-initrd.serial
	# No panic=: initramfs-tools would then reboot instead of giving its shell.
	tools/linux-guest.sh iso "$iso" "$elf" "$image" "$debian" "console=ttyS0,115200 quiet" "" 0 || exit 1
	start=$(date +%s)
	# shellcheck disable=SC2016 # expanded by the inner shell
	python3 tests/integration/pty_session.py "$log.tty" "$stock_timeout" \
		--expect '\(initramfs\) ' --send 'poweroff -f\r' -- \
		env REPORT_LINUX=1 BOCHS_SMP="${BOCHS_SMP:-1}" BOCHS_MEM="${BOCHS_MEM:-512}" \
		bash -c '. tools/emu.sh && emu_console "$1" bochs_boot "$2" "$1"' _ "$log" "$iso" >/dev/null
	rc=$?
	echo "linux-stock: initramfs-tools initrd, $(bochs_describe): status $rc after $(($(date +%s) - start)) s"
	tr -d '\r' < "$log" | grep -E '^(guest-os|summary|linux:)|initramfs'
	if [ $rc -eq 0 ] && grep -q '^guest-os linux exit=poweroff' <(tr -d '\r' < "$log"); then
		echo "linux-stock: PASS: Debian's initrd, its shell, poweroff -f"
	else
		echo "linux-stock: FAIL: Debian's initrd: no (initramfs) shell or no power-off (status $rc, $log)" >&2
		status=1
	fi
fi
# 3. A machine without a serial port: console=tty0 makes the screen Linux's
# console (the last console= is /dev/console, where /init writes the proof
# line); as Linux ends, Bochs' debugger saves the VGA text screen.
if [ "${STOCK_ONLY:-screen}" = screen ] || [ -z "${STOCK_ONLY:-}" ]; then
	iso=build/linux/stock-screen.iso log=build/linux/stock-screen.serial
	tools/linux-guest.sh iso "$iso" "$elf" "$image" "$initrd" \
		"console=ttyS0,115200 console=tty0 quiet panic=-1" "" 0 || exit 1
	start=$(date +%s)
	# The screen as Linux ends (vmx_linux_end), before the hypervisor's
	# console redraws its own text for the report.
	BOCHS_DUMP_VGA_AT=0x$(nm "$elf" | awk '$3 == "vmx_linux_end" { print $1 }') \
	BOCHS_DUMP_VGA=$PWD/build/linux/stock-screen.vga BOCHS_SMP=1 BOCHS_MEM=${BOCHS_MEM:-256} \
		EMU_TIMEOUT=$stock_timeout bochs_boot "$iso" "$log"
	rc=$?
	echo "linux-stock: console=tty0, $(bochs_describe): status $rc after $(($(date +%s) - start)) s; the screen:"
	vga_text build/linux/stock-screen.vga > build/linux/stock-screen.txt 2>/dev/null
	sed 's/^/  | /' build/linux/stock-screen.txt
	if [ $rc -eq 0 ] && grep -q '^guest-proof signature="hypervisor64" cpuid-hv=yes' build/linux/stock-screen.txt &&
		! grep -q '^guest-proof' <(tr -d '\r' < "$log"); then
		echo "linux-stock: PASS: Linux's console on the screen (console=tty0)"
	else
		echo "linux-stock: FAIL: the guest-proof line is not on the screen, or went to COM1 (status $rc)" >&2
		status=1
	fi
fi
[ $status -eq 0 ] && echo "linux-stock: PASS"
exit $status
