# shellcheck shell=bash
# The Linux guest's baseline: the test kernel and initramfs booted directly
# by GRUB (tools/linux-bare.sh), no hypervisor.  Linux itself prints the
# guest-proof line and powers the machine off; under no hypervisor the
# proof shows what the emulator offers (Bochs: no hypervisor bit, VMX in
# CPUID; QEMU TCG: the hypervisor bit).

LINUX_BARE_ISO=${LINUX_BARE_ISO:-build/linux/bare.iso}

# expect_linux_ran CPUS: the proof line's common fields, /init's power-off.
expect_linux_ran() {
	expect_count '^guest-proof ' 1
	expect "^guest-proof .* cpus=$1 vmcall=sigill "
	expect '^init: powering off$'
	expect 'reboot: Power down'
	expect_not 'Kernel panic'
}

for n in 1 2; do
	begin_case "bochs-linux-bare-$n"
	without_report
	if [ -s "$LINUX_BARE_ISO" ]; then
		BOCHS_SMP=$n EMU_TIMEOUT=300 bochs_boot "$LINUX_BARE_ISO" "$LOG"
		expect_status $? 3
		expect_linux_ran "$n"
		expect '^guest-proof signature="" cpuid-hv=no hypervisor-flag=no cpus=[0-9]+ vmcall=sigill cpuid-vmx=yes vmx-flag=yes$'
	else
		fail "$LINUX_BARE_ISO is missing (make $LINUX_BARE_ISO)"
	fi
	end_case
done

begin_case qemu-linux-bare-2
without_report
if [ -s "$LINUX_BARE_ISO" ]; then
	QEMU_SMP=2 EMU_TIMEOUT=300 qemu_boot "$LINUX_BARE_ISO" "$LOG"
	expect_status $? 3
	expect_linux_ran 2
	expect '^guest-proof signature="TCGTCGTCGTCG" cpuid-hv=yes hypervisor-flag=yes cpus=2 vmcall=sigill cpuid-vmx=no vmx-flag=no$'
else
	fail "$LINUX_BARE_ISO is missing (make $LINUX_BARE_ISO)"
fi
end_case
