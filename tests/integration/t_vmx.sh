# shellcheck shell=bash
# VMX on every core in Bochs, which emulates it: VMXON on each processor
# model with VMX, the self-tests, and vmx=unsupported where there is none.

make_test_iso vmx "vmx-selftest vmx-dump"
# shellcheck source=vmcs_selftests.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmcs_selftests.sh"

# x2APIC mode (Bochs' Skylake-X offers it), and every core in VMX root.
# Core 2 has neither EPT nor VPID: its cores run their guests without them.
# Then, for the VMCS self-tests: "load IA32_EFER" and VMWRITE to any field
# (IA32_VMX_MISC bit 29); EPT comes with unrestricted guest here.  Last, the
# top of the EPT map: 2^MAXPHYADDR (40 bits here) with 1 GiB EPT pages, else
# 4 GiB (more than the 128 MiB of RAM) and 64 GiB beyond.
for spec in corei7_skylake_x:4:yes:yes:yes:1g corei7_sandy_bridge_2600k:2:yes:yes:no:2m \
	tigerlake:3:yes:yes:yes:1g core2_penryn_t9600:2:no:no:no:-; do
	IFS=: read -r model n ept_vpid efer vmwrite_any ept_pages <<<"$spec"
	begin_case "bochs-$model-$n"
	BOCHS_CPU=$model BOCHS_SMP=$n bochs_boot "$TEST_DIR/vmx.iso" "$LOG"; expect_status $? 0
	expect_vmx_root "$n" "$ept_vpid" "$ept_vpid"
	if [ "$ept_pages" = 1g ]; then
		expect '^vmx: EPT identity map of 0-0x10000000000: [0-9]+ tables, 1023 1 GiB, .*; top 2\^MAXPHYADDR, with 1 GiB pages, pool [0-9]+ pages$'
	elif [ "$ept_pages" = 2m ]; then
		expect '^vmx: EPT identity map of 0-0x1100000000: [0-9]+ tables, 0 1 GiB, .*; top RAM and 64 GiB beyond, without 1 GiB pages, pool [0-9]+ pages$'
	else
		expect_not '^vmx: EPT identity map'
	fi
	expect_selftests_pass
	expect_vmcs_selftests "$ept_vpid" "$efer" "$vmwrite_any"
	expect '^IA32_VMX_BASIC +0x[0-9a-f]{16}$'
	[ "$model" = corei7_skylake_x ] && expect '^apic: x2apic mode, boot processor apic id 0$'
	end_case
done

begin_case bochs-ryzen-2
BOCHS_CPU=ryzen BOCHS_SMP=2 bochs_boot "$TEST_DIR/vmx.iso" "$LOG"; expect_status $? 0
expect_count '^cpu [0-9]+ apic=[0-9]+ online vmx=unsupported vmxon=skipped cause=amd-svm-not-supported caps=same guest=skipped exits=0 ept=no vpid=no$' 2
expect '^problem amd-svm-not-supported on cpu0 cpu1: '
expect '^summary cpus=2 online=2 vmxon=0 guests=0 iommu=absent$'
expect_not '^hypervisor signature='
end_case

# Firmware that locks VT-x off, as every core reads it: the verdict, the
# advice, no VMXON attempt, and a run that still ends normally.
make_test_iso locked-off "test=vmx-locked-off"
begin_case bochs-locked-off-2
BOCHS_SMP=2 bochs_boot "$TEST_DIR/locked-off.iso" "$LOG"; expect_status $? 0
expect_count '^cpu [0-9]+ apic=[0-9]+ online vmx=disabled-by-firmware vmxon=skipped revision=0x[0-9a-f]+ cause=feature-control-locked-off caps=same guest=skipped exits=0 ept=no vpid=no$' 2
expect '^problem feature-control-locked-off on cpu0 cpu1: .*(firmware|BIOS|UEFI).*'
expect '^summary cpus=2 online=2 vmxon=0 guests=0 iommu=absent$'
expect '^apic: x2apic mode, boot processor apic id 0$'
expect_distinct_apic_ids 2
end_case
