#!/usr/bin/env bash
# The hypervisor's ISO with a Linux kernel and initramfs as Multiboot2
# modules: GRUB loads all three and the hypervisor runs Linux as its guest
# (`make run-linux`, tests/integration/t_linux_guest.sh).
#
#   tools/linux-guest.sh iso OUT.iso HYPERVISOR.elf BZIMAGE INITRD \
#       [LINUX_CMDLINE] [HYPERVISOR_CMDLINE] [TIMEOUT]
#
# INITRD may be "-" for none.  The module string of the kernel is Linux's
# command line (kernel/linux_stage.h).
set -u
cd "$(dirname "$0")/.." || exit 1

LINUX_GUEST_CMDLINE=${LINUX_GUEST_CMDLINE:-console=ttyS0,115200 quiet panic=-1}

make_iso() {
	local out=$1 elf=$2 image=$3 initrd=$4
	local linux_cmdline=${5:-$LINUX_GUEST_CMDLINE} hv_cmdline=${6:-} timeout=${7:-0}
	local dir=${out%.iso}.isodir initrd_line=""
	rm -rf "$dir" && mkdir -p "$dir/boot/grub" || return 1
	cp "$elf" "$dir/boot/hypervisor.elf" && cp "$image" "$dir/boot/bzImage" || return 1
	if [ "$initrd" != - ]; then
		cp "$initrd" "$dir/boot/initramfs.cpio" || return 1
		initrd_line="module2 /boot/initramfs.cpio"
	fi
	local mark=""
	# For tools/linux-bare.sh bench-guest: GRUB marks its hand-over on COM1.
	[ -n "${LINUX_GUEST_GRUB_MARK:-}" ] &&
		mark='serial --unit=0 --speed=115200; terminal_output --append serial; echo "grub: loading Linux"'
	cat > "$dir/boot/grub/grub.cfg" <<-CFG
	# The hypervisor with Linux as its guest (tools/linux-guest.sh).
	set timeout=$timeout
	set default=0
	menuentry "hypervisor: Linux as the guest" {
		$mark
		multiboot2 /boot/hypervisor.elf $hv_cmdline
		module2 /boot/bzImage $linux_cmdline
		$initrd_line
		if [ "\${grub_platform}" = "pc" ]; then
			set gfxpayload=text
		fi
		boot
	}
	menuentry "hypervisor alone (no-linux)" {
		multiboot2 /boot/hypervisor.elf no-linux $hv_cmdline
		module2 /boot/bzImage
		if [ "\${grub_platform}" = "pc" ]; then
			set gfxpayload=text
		fi
		boot
	}
	CFG
	grub-mkrescue -o "$out" "$dir" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; return 1; }
}

case ${1:-} in
iso) shift; make_iso "$@" ;;
*) echo "usage: $0 iso OUT.iso HYPERVISOR.elf BZIMAGE INITRD|- [LINUX_CMDLINE] [HV_CMDLINE] [TIMEOUT]" >&2; exit 2 ;;
esac
