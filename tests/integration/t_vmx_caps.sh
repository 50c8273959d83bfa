# shellcheck shell=bash
# The cross-core comparison of VMX capabilities: cpu 1 reads one
# IA32_VMX_MISC bit flipped (test=caps-differ), so its line says
# caps=differs and the difference is printed above the report.

make_test_iso caps-differ "test=caps-differ"
begin_case bochs-caps-differ-2
BOCHS_SMP=2 bochs_boot "$TEST_DIR/caps-differ.iso" "$LOG"; expect_status $? 0
expect '^vmx: cpu 1 IA32_VMX_MISC=0x[0-9a-f]+ differs from cpu 0.s 0x[0-9a-f]+$'
expect '^cpu 0 apic=0 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok caps=same guest=ok exits=[0-9]+ ept=yes vpid=yes$'
expect '^cpu 1 apic=1 online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok caps=differs guest=ok exits=[0-9]+ ept=yes vpid=yes$'
expect '^summary cpus=2 online=2 vmxon=2 guests=2 iommu=absent$'
end_case
