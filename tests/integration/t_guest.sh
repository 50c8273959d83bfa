# shellcheck shell=bash
# The hyperjacked kernel in Bochs beyond the default boot (t_vmx.sh covers
# that on every Intel model): every failure path reported by name while the
# run goes on, the register check after unload, no-guest and stay-in-guest.

GUEST_LINE='^cpu [0-9]+ apic=[0-9]+ online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok'

# One boot, one failure per AP: cpu 1's guest triple faults (an unexpected
# exit), cpu 2's VMCS has an invalid control (VMLAUNCH VMfailValid), cpu 3's
# an invalid guest state (a failed VM entry).  cpu 0 runs on as usual.
make_test_iso guest-failures "test=guest-triple-fault test=guest-bad-control test=guest-bad-state"
begin_case bochs-guest-failures-4
BOCHS_SMP=4 bochs_boot "$TEST_DIR/guest-failures.iso" "$LOG"; expect_status $? 0
expect "^cpu 0 apic=0 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok caps=same guest=ok exits=[0-9]+ ept=yes vpid=yes$"
expect "^cpu 1 apic=1 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok cause=guest-unexpected-exit caps=same guest=failed exits=[0-9]+ ept=yes vpid=yes guest-error=triple-fault$"
expect '^vmx: cpu 1 guest exit triple-fault \(reason 2\) at rip=0x[0-9a-f]+ qualification=0x0$'
expect '^vmx: cpu 1   GUEST_IDTR_LIMIT=0x0$'
expect "^cpu 2 apic=2 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok cause=guest-launch-failed caps=same guest=failed exits=0 ept=yes vpid=yes guest-error=entry-invalid-control-fields$"
expect '^vmx: cpu 2 VMLAUNCH failed: VMfailValid, VM-instruction error 7 \(entry-invalid-control-fields\)$'
expect "^cpu 3 apic=3 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok cause=guest-entry-failed caps=same guest=failed exits=1 ept=yes vpid=yes guest-error=entry-failed-invalid-guest-state$"
expect '^vmx: cpu 3 VM entry failed: entry-failed-invalid-guest-state \(reason 0x80000021\) qualification=0: '
expect '^problem guest-unexpected-exit on cpu1: '
expect '^problem guest-launch-failed on cpu2: '
expect '^problem guest-entry-failed on cpu3: '
expect '^hypervisor signature="hypervisor64"$'
expect '^summary cpus=4 online=4 vmxon=4 guests=1 iommu=absent$'
expect_not '^EXCEPTION'
end_case

# The check after unload: an unload that gives back a shorter IDT is caught.
make_test_iso guest-unload-skew "test=guest-unload-skew"
begin_case bochs-guest-unload-check-2
BOCHS_SMP=2 bochs_boot "$TEST_DIR/guest-unload-skew.iso" "$LOG"; expect_status $? 0
expect "^cpu 0 apic=0 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok caps=same guest=ok "
expect '^vmx: cpu 1 after unload IDTR.limit=0xfef, before launch 0xfff$'
expect "$GUEST_LINE cause=guest-state-differs-after-unload caps=same guest=failed exits=16 ept=yes vpid=yes guest-error=IDTR.limit$"
expect '^summary cpus=2 online=2 vmxon=2 guests=1 iommu=absent$'
end_case

# no-guest: VMXON and VMXOFF as before the hypervisor existed.
make_test_iso no-guest "no-guest"
begin_case bochs-no-guest-2
BOCHS_SMP=2 bochs_boot "$TEST_DIR/no-guest.iso" "$LOG"; expect_status $? 0
expect_count "$GUEST_LINE caps=same guest=skipped exits=0 ept=no vpid=no$" 2
expect_not '^hypervisor signature='
expect '^summary cpus=2 online=2 vmxon=2 guests=0 iommu=absent$'
end_case

# stay-in-guest: the report comes from guests that never leave.
make_test_iso stay-in-guest "stay-in-guest vmx-selftest"
begin_case bochs-stay-in-guest-2
BOCHS_SMP=2 bochs_boot "$TEST_DIR/stay-in-guest.iso" "$LOG"; expect_status $? 0
expect_count '^cpu [0-9]+ apic=[0-9]+ online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=skipped caps=same guest=ok exits=15 ept=yes vpid=yes$' 2
expect '^vmx: self-tests skipped: the cores stay guests \(stay-in-guest\)$'
expect '^hypervisor signature="hypervisor64"$'
expect '^summary cpus=2 online=2 vmxon=2 guests=2 iommu=absent$'
end_case

# EPT leaves the hypervisor's memory out of the guests' view: each AP's
# guest reads one piece of its own hypervisor (cpu 1 its VMCS, cpu 2 its
# struct vmx_host, cpu 3 its host IST stack) and gets an EPT violation at
# exactly that guest-physical address, reported by name.  cpu 0 times its
# exits meanwhile (vmx-bench).
expect_touch_reported() {
	local cpu=$1 what=$2 addr
	addr=$(log_lines | sed -nE "s/^test: cpu $cpu's guest reads its $what at (0x[0-9a-f]+)$/\1/p" | head -n1)
	[ -n "$addr" ] || { fail "cpu $cpu's guest did not read its $what"; return; }
	expect "^vmx: cpu $cpu guest exit ept-violation at rip=0x[0-9a-f]+ qualification=0x[0-9a-f]+ \(read to a not-present page, .*\) guest-physical=$addr "
}
make_test_iso guest-touch-hypervisor "test=guest-touch-hypervisor vmx-bench"
begin_case bochs-guest-touch-hypervisor-4
BOCHS_SMP=4 bochs_boot "$TEST_DIR/guest-touch-hypervisor.iso" "$LOG"; expect_status $? 0
expect_touch_reported 1 VMCS
expect_touch_reported 2 'struct vmx_host'
expect_touch_reported 3 'host IST stack'
expect "^cpu 0 apic=0 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok caps=same guest=ok exits=20[0-9][0-9] ept=yes vpid=yes$"
expect '^bench: cpu 0 tsc ticks over 1000 runs: cpuid-root min=[0-9]+ median=[0-9]+ cpuid-guest min=[0-9]+ median=[0-9]+ vmcall min=[0-9]+ median=[0-9]+$'
expect_count "$GUEST_LINE cause=guest-unexpected-exit caps=same guest=failed exits=[0-9]+ ept=yes vpid=yes guest-error=ept-violation$" 3
expect '^summary cpus=4 online=4 vmxon=4 guests=1 iommu=absent$'
end_case
