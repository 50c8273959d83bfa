#!/usr/bin/env bash
# The dependency rule of the source tree (docs/architecture.md), checked.
#
#   include/   constants and register layouts: includes only include/
#   lib/       pure code, no hardware access: includes include/ and lib/
#   lib/libc/  the C library the kernel needs (<string.h>), below everything:
#              includes nothing of the project; every layer calls it
#   arch/x86/  code that touches the CPU and devices: include/, lib/, arch/x86/
#              except the two folders above the VMM:
#   arch/x86/vmx/      the VMX backend: not arch/x86/guests/ nor arch/x86/vmxtest/
#   arch/x86/guests/   the guest kinds: not arch/x86/vmxtest/, and the VMCS only
#                      through the backend's narrow interface (no vmcs_access.h,
#                      no VMCS_ field names)
#   arch/x86/vmxtest/  self-tests, the test guest, benchmarks, fault points
#   kernel/    the boot flow and the report: anything above
#   boot/      assembly: takes its constants from include/ (generated)
#   lib/host/  pure code only the host uses: only lib/host/, tests/ and
#              tools/ may include it (the kernel does not link it)
#
# Also: no inline assembly, port or MSR access in include/ or lib/, since
# those files are built into the host tests, the fuzzers and vmxcheck.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
allowed_for() {
	case "$1" in
	include/*) echo "include/" ;;
	lib/*) echo "include/ lib/" ;;
	arch/x86/vmxtest/*) echo "include/ lib/ arch/x86/" ;;
	arch/x86/guests/*) echo "include/ lib/ arch/x86/ (not vmxtest/, nor vmx/vmcs_access.h)" ;;
	arch/x86/*) echo "include/ lib/ arch/x86/ (not guests/ nor vmxtest/ from below them)" ;;
	kernel/*) echo "include/ lib/ arch/x86/ kernel/" ;;
	tests/* | tools/*) echo "include/ lib/ tests/" ;;
	*) echo "" ;;
	esac
}

while IFS= read -r file; do
	allowed=$(allowed_for "$file")
	while IFS= read -r inc; do
		ok=0
		for prefix in $allowed; do
			[[ $inc == "$prefix"* ]] && ok=1
		done
		if [[ $inc == lib/host/* && ! $file =~ ^(lib/host|tests|tools)/ ]]; then
			ok=0
			allowed="$allowed (not lib/host/: host-only)"
		fi
		# asm_consts.c is the assembly's constants, every layer's: compiled, never linked.
		if [[ $file == arch/x86/asm_consts.c ]]; then
			:
		elif [[ $inc == arch/x86/vmxtest/* && $file == arch/x86/* && $file != arch/x86/vmxtest/* ]] ||
			[[ $inc == arch/x86/guests/* && $file == arch/x86/* &&
				! $file =~ ^arch/x86/(guests|vmxtest)/ ]]; then
			ok=0
		fi
		if [[ $inc == arch/x86/vmx/vmcs_access.h && $file == arch/x86/guests/* ]]; then
			ok=0
		fi
		if ((!ok)); then
			echo "layers: $file includes \"$inc\", outside its layer (may use: ${allowed:-nothing})" >&2
			status=1
		fi
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
done < <(git ls-files --cached --others --exclude-standard -- \
	'include/*.h' 'lib/*.[ch]' 'arch/x86/*.[ch]' 'kernel/*.[ch]' 'tests/*.[ch]' 'tools/*.[ch]')

# Guest kinds speak to the processor's virtualization through the backend's
# functions, never by VMCS field: a second backend (AMD-V) implements those.
mapfile -t kinds < <(git ls-files --cached --others --exclude-standard -- 'arch/x86/guests/*.[ch]')
if ((${#kinds[@]})) && grep -nE '\bVMCS_[A-Z0-9_]+' "${kinds[@]}"; then
	echo "layers: a guest kind names a VMCS field (use arch/x86/vmx/vcpu.h or vmcs_build.h)" >&2
	status=1
fi

mapfile -t pure < <(git ls-files --cached --others --exclude-standard -- 'include/*.h' 'lib/*.[ch]' |
	grep -v '^lib/libc/')
if grep -nE '__asm__|\basm[[:space:]]*\(|\b(in|out)[bwl]\(|(^|[^>.a-z_])(rd|wr)msr\(' "${pure[@]}"; then
	echo "layers: hardware access in pure code (include/, lib/)" >&2
	status=1
fi
# lib/libc/ is built into the kernel only: REP MOVSB may be there, ports and MSRs may not.
mapfile -t libc < <(git ls-files --cached --others --exclude-standard -- 'lib/libc/*.[ch]')
if ((${#libc[@]})) && grep -nE '\b(in|out)[bwl]\(|(^|[^>.a-z_])(rd|wr)msr\(|#[[:space:]]*include[[:space:]]*"' "${libc[@]}"; then
	echo "layers: lib/libc/ is the bottom layer: no hardware access, no project includes" >&2
	status=1
fi
# No header circles anywhere: two headers that include each other, round a circle or directly.
mapfile -t sources < <(git ls-files --cached --others --exclude-standard -- \
	'include/*.h' 'lib/*.[ch]' 'arch/*.[ch]' 'kernel/*.[ch]')
python3 tools/check-circles.py --includes "${sources[@]}" || status=1
exit $status
