# shellcheck shell=bash
# What the VMCS self-tests (arch/x86/vmx/selftest_vmcs.c, on a small test
# guest) must print on each Bochs model; sourced by t_vmx.sh, whose boots
# run `vmx-selftest`, so these assertions cost no boot of their own; and what
# every core in VMX root operation prints.  Sourced by t_vmx.sh and t_bochs3.sh.

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

# expect_vmx_root N EPT VPID: N cores online, each in and out of VMX root
# operation and hyperjacked on the way: a guest that came back, with or
# without EPT and VPID (yes|no).
expect_vmx_root() {
	expect_count "^cpu [0-9]+ apic=[0-9]+ online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok caps=same guest=ok exits=[1-9][0-9]* ept=$2 vpid=$3\$" "$1"
	expect "^summary cpus=$1 online=$1 vmxon=$1 guests=$1 iommu=absent\$"
	expect '^hypervisor signature="hypervisor64"$'
	expect_not '^vmx: cpu [0-9]+ (guest exit|VM entry failed|VMLAUNCH failed)'

	expect_distinct_apic_ids "$1"
	local revisions
	revisions=$(log_lines | grep -E '^cpu ' | sed -nE 's/.* revision=(0x[0-9a-f]+).*/\1/p' | sort -u | wc -l)
	[ "$revisions" -eq 1 ] || fail "cores disagree on the VMCS revision id"
}

expect_selftests_pass() {
	expect '^PASS: vmxon-valid$'
	expect '^PASS: vmxon-cr4-vmxe-clear$'
	expect '^PASS: vmxon-cr0-bit5-clear$'
	expect '^PASS: vmxon-unaligned-region$'
	expect '^PASS: vmxon-wrong-revision$'
	expect '^PASS: vmxon-beyond-physical-width$'
	expect '^PASS: vmxon-in-vmx-root$'
	expect '^PASS: vmxoff-outside-vmx$'
	expect '^PASS: feature-control-write-when-locked$'
	expect '^PASS: vmclear-vmxon-pointer$'
	expect '^PASS: vmptrld-vmxon-pointer$'
	expect '^PASS: vmptrld-wrong-revision$'
	expect '^PASS: vmresume-clear-vmcs$'
	expect '^PASS: vmread-unsupported-field$'
	expect '^PASS: vmwrite-unsupported-field$'
	expect '^(PASS|SKIP): vmwrite-read-only-field'
	expect_not '^FAIL: '
	expect '^SUMMARY: [0-9]+ tests, 0 failures, [0-9]+ skipped$'
}
