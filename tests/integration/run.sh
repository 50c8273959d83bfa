#!/usr/bin/env bash
# Integration tests: boot the kernel in QEMU (SeaBIOS and OVMF) and Bochs and
# assert on what it printed on COM1.  Usage: tests/integration/run.sh [ISO]
# TESTS="t_smp t_vmx" runs only those files (make integration-test TESTS=...).
set -u
cd "$(dirname "$0")/../.." || exit 1
KERNEL_ELF=${KERNEL_ELF:-build/hypervisor.elf}
. tests/integration/lib.sh

for t in tests/integration/t_*.sh; do
	if [ -n "${TESTS:-}" ] && [[ " $TESTS " != *" $(basename "$t" .sh) "* ]]; then
		continue
	fi
	echo "== $t"
	# shellcheck source=/dev/null
	. "$t"
done
finish
