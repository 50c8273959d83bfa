# shellcheck shell=bash
# A provoked exception is reported with its vector and registers, the report
# still closes the run, and the run ends as a failure, not a success or a reset.

make_test_iso exception "test=exception"

begin_case qemu-exception
qemu_boot "$TEST_DIR/exception.iso" "$LOG"; expect_status $? 1
expect '^EXCEPTION cpu=0 apic=[0-9]+ vector=6 \(#UD invalid opcode\) error=0x0 rip=0x[0-9a-f]{16}'
expect '^  rax=[0-9a-f]{16} '
expect '^cpu 0 apic=[0-9]+ offline reason=exception$'
expect '^summary cpus=1 online=0 vmxon=0 guests=0 iommu=off$'
end_case
