# shellcheck shell=bash
# Every core up: QEMU TCG at several core counts, a core that never answers,
# and a stack overflow on an AP caught by its guard page.

make_test_iso smp "ap-timeout-ms=20000"

# expect_all_online N: N cpu lines, all online, distinct APIC ids, and the summary.
expect_all_online() {
	expect_count '^cpu [0-9]+ apic=[0-9]+ online' "$1"
	expect_count '^cpu [0-9]+ ' "$1"
	expect_distinct_apic_ids "$1"
	expect "^summary cpus=$1 online=$1 vmxon=0 guests=0 iommu=absent\$"
	expect_not '^EXCEPTION'
}

for n in 1 2 4 8 64 255; do
	begin_case "qemu-smp-$n"
	QEMU_SMP=$n QEMU_MEM=512 EMU_TIMEOUT=300 qemu_boot "$TEST_DIR/smp.iso" "$LOG"
	expect_status $? 0
	expect_all_online "$n"
	# QEMU's qemu64 model calls itself AuthenticAMD.
	expect_count '^cpu [0-9]+ apic=[0-9]+ online vmx=unsupported vmxon=skipped cause=amd-svm-not-supported caps=same guest=skipped exits=0 ept=no vpid=no$' "$n"
	[ "$n" -gt 1 ] && expect "^smp: $((n - 1)) of $((n - 1)) application processors online in [0-9]+ us"
	end_case
done

# An Intel-branded CPU without VMX (TCG cannot offer it; nor x2APIC in
# QEMU 7.2, which Bochs covers).
begin_case qemu-intel-4
QEMU_SMP=4 QEMU_CPU=qemu64,vendor=GenuineIntel qemu_boot "$TEST_DIR/smp.iso" "$LOG"
expect_status $? 0
expect '^apic: xapic mode, boot processor apic id 0$'
expect_all_online 4
expect_count '^cpu [0-9]+ apic=[0-9]+ online vmx=unsupported vmxon=skipped cause=no-vmx-cpuid-hypervisor caps=same guest=skipped exits=0 ept=no vpid=no$' 4
expect '^problem no-vmx-cpuid-hypervisor on cpu0 cpu1 cpu2 cpu3: '
end_case

make_test_iso phantom "test=phantom-cpu ap-timeout-ms=2000"
begin_case qemu-phantom-cpu
QEMU_SMP=2 qemu_boot "$TEST_DIR/phantom.iso" "$LOG"; expect_status $? 0
expect '^cpu 2 apic=254 offline reason=no-answer-to-init-sipi$'
expect '^cpu 1 apic=1 online'
expect '^summary cpus=3 online=2 vmxon=0 guests=0 iommu=absent$'
end_case

make_test_iso overflow "test=ap-stack-overflow"
begin_case qemu-ap-stack-overflow
QEMU_SMP=2 qemu_boot "$TEST_DIR/overflow.iso" "$LOG"; expect_status $? 1
expect '^EXCEPTION cpu=1 apic=1 vector=14 \(#PF page fault\)'
expect '^  cpu 1 overflowed its stack: 0x[0-9a-f]+ is the guard page under it$'
expect '^cpu 1 apic=1 offline reason=exception$'
expect '^cpu 0 apic=0 online'
expect '^summary cpus=2 online=1 vmxon=0 guests=0 iommu=absent$'
end_case

# Broken ACPI: a clear message naming the table, and a boot that carries on
# with the boot processor alone rather than stopping or hanging.
make_test_iso acpi-bad "test=acpi-bad-checksum"
begin_case qemu-acpi-bad-checksum
QEMU_SMP=4 qemu_boot "$TEST_DIR/acpi-bad.iso" "$LOG"; expect_status $? 0
expect '^acpi: table RSDP: .*checksum.*only the boot processor will be used$'
expect_count '^cpu [0-9]+ ' 1
expect '^summary cpus=1 online=1 vmxon=0 guests=0 iommu=absent$'
end_case
