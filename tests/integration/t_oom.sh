# shellcheck shell=bash
# Issue 11, defect 3 (its own file: 255 cores take a while, and the mutation
# check runs it alone).
make_test_iso smp-default ""

# 3. Little memory, many cores: every listed core in the report, the ones
# without memory offline as out-of-memory, the others started and checked.
begin_case qemu-oom-255
QEMU_SMP=255 QEMU_MEM=18 EMU_TIMEOUT=300 qemu_boot "$TEST_DIR/smp-default.iso" "$LOG"; expect_status $? 0
expect_count '^cpu [0-9]+ ' 255
expect '^summary cpus=255 online=[0-9]+ vmxon=0 guests=0 iommu=absent$'
expect '^cpu [0-9]+ apic=[0-9]+ offline reason=out-of-memory$'
expect '^cpu 0 apic=0 online vmx=unsupported vmxon=skipped cause=amd-svm-not-supported caps=same guest=skipped exits=0 ept=no vpid=no$'
online=$(log_lines | sed -nE 's/^summary cpus=255 online=([0-9]+).*/\1/p')
[ "${online:-0}" -gt 1 ] || fail "no AP was started: online=${online:-?}"
expect_count '^cpu [0-9]+ apic=[0-9]+ online vmx=unsupported vmxon=skipped cause=amd-svm-not-supported caps=same guest=skipped exits=0 ept=no vpid=no$' "${online:-0}"
expect_not 'vmx-check-not-run'
end_case
