# shellcheck shell=bash
# DMA remapping (VT-d): QEMU's intel-iommu and its edu device.  With the
# IOMMU on, the edu device's DMA into the hypervisor's own page table is
# blocked and recorded as a fault, while its DMA into a page the guests'
# domain maps arrives; without it, the report says iommu=absent with a
# problem line, and the same DMA lands (so the test can tell the two apart).

make_test_iso iommu "test=dma-attack loglevel=2"
make_test_iso iommu-off "iommu=off"

EDU_MESSAGE='written by the edu device'

# expect_blocked: the attack's page is unchanged and exactly its fault was recorded.
expect_blocked() {
	expect '^iommu: unit 0 at 0x[0-9a-f]+ version [0-9]+\.[0-9]+ segment 0 (include-pci-all|scoped) scopes=[0-9]+ mgaw=[0-9]+ sagaw=0x[0-9a-f]+ superpages=[a-z0-9,]+ '
	expect '^iommu: on: 1 units, domain 1: '
	expect '^test: dma-attack page unchanged=yes fault=00:0[0-9a-f]\.0 addr=0x[0-9a-f]+ faults=1 target=0x[0-9a-f]+ \(iommu-page-table\)$'
	local target addr bdf
	target=$(log_lines | sed -nE 's/^test: dma-attack .* target=(0x[0-9a-f]+) .*/\1/p')
	addr=$(field addr '^test: dma-attack page ')
	bdf=$(field fault '^test: dma-attack page ')
	[ -n "$target" ] && [ "$addr" = "$target" ] || fail "the fault's address $addr is not the target page $target"
	expect "^iommu: blocked dma from $bdf to $target \\(write, no-write-permission\\)$"
	expect_count '^iommu: blocked dma ' 2
	expect "^test: dma-attack guest page 0x[0-9a-f]+ received=\"$EDU_MESSAGE\"\$"
	# The same page hidden afterwards (iommu_hide, with the IOTLB invalidated) is blocked.
	local guest
	guest=$(log_lines | sed -nE 's/^test: dma-attack guest page (0x[0-9a-f]+) .*/\1/p')
	expect "^test: dma-attack hidden later unchanged=yes fault=$bdf addr=$guest faults=1\$"
	expect "^iommu: blocked dma from $bdf to $guest \\(write, no-write-permission\\)$"
	expect_not '^problem iommu-'
}

begin_case "qemu-intel-iommu"
QEMU_MACHINE=q35,kernel-irqchip=split qemu_boot "$TEST_DIR/iommu.iso" "$LOG" \
	-device intel-iommu,intremap=off -device edu; expect_status $? 0
expect_blocked
expect '^summary .* iommu=on$'
end_case

# Caching mode (a unit that caches not-present entries) and 48-bit width: a 4-level domain.
begin_case "qemu-intel-iommu-cm-48bit"
QEMU_MACHINE=q35,kernel-irqchip=split qemu_boot "$TEST_DIR/iommu.iso" "$LOG" \
	-device intel-iommu,intremap=off,caching-mode=on,aw-bits=48 -device edu; expect_status $? 0
expect_blocked
expect '^iommu: unit 0 .* mgaw=48 .*caching-mode=yes '
expect '^iommu: on: 1 units, domain 1: 4-level 48-bit '
expect '^summary .* iommu=on$'
end_case

begin_case "qemu-no-iommu"
QEMU_MACHINE=q35 qemu_boot "$TEST_DIR/iommu.iso" "$LOG" -device edu; expect_status $? 0
expect '^iommu: no ACPI DMAR table'
expect "^test: dma-attack page unchanged=no fault=none addr=0x0 faults=0 target=0x[0-9a-f]+ \\(kept-page\\)$"
expect "^test: dma-attack guest page 0x[0-9a-f]+ received=\"$EDU_MESSAGE\"\$"
expect '^test: dma-attack hidden later unchanged=no fault=none addr=0x0 faults=0$'
expect "^problem iommu-absent: .*the guest's devices can reach the hypervisor's memory"
expect '^summary .* iommu=absent$'
end_case

begin_case "qemu-iommu-off-option"
QEMU_MACHINE=q35,kernel-irqchip=split qemu_boot "$TEST_DIR/iommu-off.iso" "$LOG" \
	-device intel-iommu,intremap=off; expect_status $? 0
expect '^iommu: off \(iommu=off\)'
expect_not '^iommu: unit '
expect "^problem iommu-off: iommu=off is on the command line, so the guest's devices can reach the hypervisor's memory"
expect '^summary .* iommu=off$'
end_case
