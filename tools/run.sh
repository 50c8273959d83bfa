#!/usr/bin/env bash
# `make run`, `make qemu`, `make bochs`: boot the ISO with COM1 on the terminal.
#   tools/run.sh auto|qemu|bochs ISO
# auto takes QEMU with KVM and -cpu host when this machine offers nested VMX
# (so VMXON runs on real VMX), and Bochs otherwise (it emulates VMX).
# On a terminal, what you type goes to COM1 and Ctrl-] ends the run; without
# one, EMU_TIMEOUT (seconds, default 600) bounds it (tools/emu.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
. tools/emu.sh
mode=$1 iso=$2
export EMU_TIMEOUT=${EMU_TIMEOUT:-600}

# Why KVM cannot be used, or nothing when it can.
kvm_unusable_reason() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo "/dev/kvm is missing or not accessible"; return; }
	grep -qw vmx /proc/cpuinfo || { echo "this processor has no Intel VMX (KVM could not offer it to a guest)"; return; }
	local nested=/sys/module/kvm_intel/parameters/nested
	[ -r $nested ] || { echo "kvm_intel is not loaded"; return; }
	case $(cat $nested) in
	Y|y|1) ;;
	*) echo "kvm_intel's nested virtualization is off (modprobe kvm_intel nested=1)"; return ;;
	esac
}

if [ "$mode" = auto ]; then
	reason=$(kvm_unusable_reason)
	if [ -z "$reason" ]; then
		echo "run: QEMU with KVM and -cpu host: this machine offers nested VMX"
		mode=qemu-kvm
	else
		echo "run: Bochs, which emulates VMX: QEMU+KVM is not usable here because $reason"
		mode=bochs
	fi
fi

serial=build/run.serial
case $mode in
qemu-kvm) QEMU_ACCEL=kvm QEMU_SMP=${QEMU_SMP:-$(nproc)} emu_console "$serial" qemu_boot "$iso" "$serial" ;;
qemu) [ -z "$(kvm_unusable_reason)" ] && export QEMU_ACCEL=kvm
      echo "run: QEMU (${QEMU_ACCEL:-tcg})"
      emu_console "$serial" qemu_boot "$iso" "$serial" ;;
bochs) export BOCHS_SMP=${BOCHS_SMP:-2}
       echo "run: $(bochs_describe)"
       emu_console "$serial" bochs_boot "$iso" "$serial" ;;
esac
rc=$?
case $rc in
0) echo "run: the kernel ended the run as a success (report above)" ;;
1) echo "run: the kernel reported a failure (see above)" ;;
*) echo "run: the run did not end with the kernel's report (status $rc)" ;;
esac
exit $rc
