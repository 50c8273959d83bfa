#!/usr/bin/env bash
# Pure code that only the host uses (lib/host/) must stay out of the kernel:
# no function defined in a host-only object may be defined in the kernel ELF.
#
#   tools/check-host-only.sh KERNEL_ELF HOST_ONLY_OBJECT...
#
# Prints one line; exits non-zero if a host-only function is in the kernel.
set -euo pipefail
elf=$1
shift
[ $# -gt 0 ] || { echo "host-only: no host-only objects given" >&2; exit 1; }

mapfile -t kernel_syms < <(nm --defined-only "$elf" | awk '{ print $3 }' | sort -u)
mapfile -t host_syms < <(for obj; do
	nm -g --defined-only "$obj" | awk '$2 == "T" { print $3 }'
done | sort -u)
[ ${#host_syms[@]} -gt 0 ] || { echo "host-only: no functions in $*" >&2; exit 1; }

mapfile -t leaked < <(comm -12 <(printf '%s\n' "${kernel_syms[@]}") \
	<(printf '%s\n' "${host_syms[@]}"))
if [ ${#leaked[@]} -gt 0 ]; then
	echo "host-only: $elf defines host-only functions: ${leaked[*]}" >&2
	exit 1
fi
echo "host-only: none of the ${#host_syms[@]} host-only functions is in $elf"
