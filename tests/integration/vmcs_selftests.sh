# shellcheck shell=bash
# What the VMCS self-tests (arch/x86/vmx/selftest_vmcs.c, on a small test
# guest) must print on each Bochs model; sourced by t_vmx.sh, whose boots
# run `vmx-selftest`, so these assertions cost no boot of their own.

# Every processor with VMX: each test by name.
VMCS_SELFTESTS="vmcs-valid-guest-runs vmlaunch-launched-vmcs vmresume-clear-vmcs
vmclear-vmxon-pointer vmclear-unaligned-address vmptrld-vmxon-pointer
vmptrld-unaligned-address vmptrld-wrong-revision vmread-unsupported-field
vmwrite-unsupported-field entry-invalid-control-cr3-target-count
entry-invalid-host-state-cr0 guest-rflags-bit1-clear guest-cr4-pae-clear
guest-cs-unusable guest-tr-type-16bit-tss guest-gdtr-base-non-canonical
guest-rip-above-4g-in-compatibility-mode guest-activity-state-reserved
guest-vmcs-link-pointer-not-all-ones guest-cpuid guest-vmcall
guest-xsetbv-invalid-xcr0 guest-vmx-instruction-ud"

# expect_vmcs_selftests EPT EFER VMWRITE_ANY: which optional features the
# model has (yes|no): EPT with unrestricted guest, the "load IA32_EFER"
# entry control, and VMWRITE to read-only fields (IA32_VMX_MISC bit 29).
# Without a feature its tests SKIP with the reason, never FAIL.
expect_vmcs_selftests() {
	local t
	for t in $VMCS_SELFTESTS; do
		expect "^PASS: $t\$"
	done
	if [ "$1" = yes ]; then
		expect '^PASS: entry-invalid-control-ept-walk-length$'
		expect '^PASS: guest-cr0-pg-without-pe$'
	else
		expect '^SKIP: entry-invalid-control-ept-walk-length \(needs EPT, which this processor does not offer\)$'
		expect '^SKIP: guest-cr0-pg-without-pe \(needs unrestricted guest \(and EPT\), which this processor does not offer; '
	fi
	if [ "$2" = yes ]; then
		expect '^PASS: guest-efer-reserved-bit$'
	else
		expect '^SKIP: guest-efer-reserved-bit \(the "load IA32_EFER" VM-entry control is not offered\)$'
	fi
	if [ "$3" = yes ]; then
		expect '^SKIP: vmwrite-read-only-field \(IA32_VMX_MISC bit 29: '
	else
		expect '^PASS: vmwrite-read-only-field$'
	fi
	# Bochs 2.7 enters a guest at a non-canonical RIP (SDM 3C 27.3.1.4 says
	# it must not); the test names that deviation instead of failing.
	expect '^(PASS: guest-rip-non-canonical|SKIP: guest-rip-non-canonical \(this processor does not make the check: it entered the guest, which took #GP\(0\) at the non-canonical RIP)'
	# The core is usable afterwards: the report follows the summary.
	expect '^SUMMARY: [0-9]+ tests, 0 failures, [0-9]+ skipped$'
}
