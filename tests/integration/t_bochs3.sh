# shellcheck shell=bash
# A second implementation of VMX: the Bochs 3 build beside the clone
# (../shared/emulators/bochs-3, tools/emu.sh BOCHS3_DEFAULT).  The hyperjack
# and the VMX self-tests on two processor models, and Linux as the guest with
# its APs started the SDM's way (linux-ap=wait-for-sipi: each AP a guest in
# the wait-for-SIPI state), which Bochs 2.7 cannot run (it keeps an INIT
# pending after its VM exit; Bochs 3 fixed that).  Without the build, one
# line says what was skipped.

# shellcheck source=vmcs_selftests.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmcs_selftests.sh"

BOCHS3_CASES="bochs3-corei7_skylake_x-2 bochs3-tigerlake-2 bochs3-linux-sipi-2 bochs3-linux-sipi-4"

if ! bochs3_available; then
	echo "  SKIP t_bochs3: no Bochs 3 at $BOCHS3_DEFAULT; skipped: $BOCHS3_CASES"
else
	# The hyperjack on two cores and the self-tests, one boot per model:
	# EPT, VPID, "load IA32_EFER" and VMWRITE to any field on both.
	make_test_iso bochs3-vmx "vmx-selftest"
	for model in corei7_skylake_x tigerlake; do
		begin_case "bochs3-$model-2"
		BOCHS=3 BOCHS_CPU=$model BOCHS_SMP=2 bochs_boot "$TEST_DIR/bochs3-vmx.iso" "$LOG"
		expect_status $? 0
		expect_vmx_root 2 yes yes
		expect_selftests_pass
		expect_vmcs_selftests yes yes yes
		end_case
	done

	# Linux on every core, each AP a guest waiting for Linux's SIPI.  Linux
	# must see all its cores (guest-proof's cpus=) and power off; every core
	# must leave VMX operation.
	LINUX_IMAGE=${LINUX_IMAGE:-build/linux/bzImage}
	LINUX_INITRD=${LINUX_INITRD:-build/linux/initramfs.cpio}
	for n in 2 4; do
		begin_case "bochs3-linux-sipi-$n"
		if ! tools/linux-guest.sh iso "$TEST_DIR/bochs3-sipi.iso" "$KERNEL_ELF" "$LINUX_IMAGE" "$LINUX_INITRD" \
			"console=ttyS0,115200 quiet panic=-1" "linux-ap=wait-for-sipi" 0; then
			fail "could not make the ISO (make linux)"
		else
			BOCHS=3 BOCHS_SMP=$n EMU_TIMEOUT=${LINUX_GUEST_TIMEOUT:-400} \
				bochs_boot "$TEST_DIR/bochs3-sipi.iso" "$LOG"
			expect_status $? 0
			expect '^linux: the APs wait for Linux.s SIPI as guests in the wait-for-SIPI state$'
			expect "^guest-proof signature=\"hypervisor64\" cpuid-hv=yes hypervisor-flag=yes cpus=$n "
			for ((cpu = 1; cpu < n; cpu++)); do
				expect "^guest-os-exits cpu=$cpu total=[1-9][0-9]* .*cpuid=[1-9]"
			done
			expect_not 'did not leave its guest'
			expect "^guest-os linux exit=poweroff cpus=$n exits=[1-9][0-9]*$"
			expect "^summary cpus=$n online=$n vmxon=$n guests=$n iommu=absent$"
		fi
		end_case
	done
fi
