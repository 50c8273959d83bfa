#!/usr/bin/env bash
# The hypervisor's ISO with any kernel as its guest: GRUB loads the
# hypervisor, the kernel and its modules as Multiboot2 modules, and the
# hypervisor runs the kernel on every core by what its header says it is
# (kernel/guest_stage.h): a Multiboot or Multiboot2 kernel, or Linux.
# `make run-guest`, tests/integration/t_multiboot_guest.sh.
#
#   tools/guest-iso.sh OUT.iso HYPERVISOR.elf KERNEL "ARGS" "MODULES" \
#       ["HYPERVISOR_CMDLINE"] [TIMEOUT]
#
# MODULES: paths, separated by spaces; each "path=args" gives a module its
# arguments.  A module's string is its path then its arguments, and the
# kernel's command line its path then ARGS, as GRUB Legacy and QEMU build
# them (GRUB 2 passes the arguments alone), so the guest sees e.g.
# "/boot/kernel.elf args".
set -u
cd "$(dirname "$0")/.." || exit 1

[ $# -ge 5 ] || {
	echo "usage: $0 OUT.iso HYPERVISOR.elf KERNEL ARGS MODULES [HV_CMDLINE] [TIMEOUT]" >&2
	exit 2
}
out=$1 elf=$2 kernel=$3 args=$4 modules=$5 hv_cmdline=${6:-} timeout=${7:-0}
dir=${out%.iso}.isodir
rm -rf "$dir" && mkdir -p "$dir/boot/grub" || exit 1
cp "$elf" "$dir/boot/hypervisor.elf" || exit 1
name=$(basename "$kernel")
cp "$kernel" "$dir/boot/$name" || exit 1
module_lines=""
for m in $modules; do
	path=${m%%=*} margs=""
	[ "$path" != "$m" ] && margs=${m#*=}
	mname=$(basename "$path")
	cp "$path" "$dir/boot/$mname" || exit 1
	module_lines+="	module2 /boot/$mname /boot/$mname $margs"$'\n'
done
cat > "$dir/boot/grub/grub.cfg" <<CFG
# The hypervisor with $name as its guest (tools/guest-iso.sh).
set timeout=$timeout
set default=0
menuentry "hypervisor: $name as the guest" {
	multiboot2 /boot/hypervisor.elf $hv_cmdline
	module2 /boot/$name /boot/$name $args
$module_lines	if [ "\${grub_platform}" = "pc" ]; then
		set gfxpayload=text
	fi
	boot
}
menuentry "hypervisor alone (no-linux)" {
	multiboot2 /boot/hypervisor.elf no-linux $hv_cmdline
	module2 /boot/$name
	if [ "\${grub_platform}" = "pc" ]; then
		set gfxpayload=text
	fi
	boot
}
CFG
grub-mkrescue -o "$out" "$dir" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; exit 1; }
