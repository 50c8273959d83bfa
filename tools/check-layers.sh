#!/usr/bin/env bash
# The dependency rule of the source tree (docs/architecture.md), checked.
#
#   include/   constants and register layouts: includes only include/
#   lib/       pure code, no hardware access: includes include/ and lib/
#   arch/x86/  code that touches the CPU and devices: include/, lib/, arch/x86/
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
	arch/x86/*) echo "include/ lib/ arch/x86/" ;;
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
		if ((!ok)); then
			echo "layers: $file includes \"$inc\", outside its layer (may use: ${allowed:-nothing})" >&2
			status=1
		fi
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
done < <(git ls-files --cached --others --exclude-standard -- \
	'include/*.h' 'lib/*.[ch]' 'arch/x86/*.[ch]' 'kernel/*.[ch]' 'tests/*.[ch]' 'tools/*.[ch]')

mapfile -t pure < <(git ls-files --cached --others --exclude-standard -- 'include/*.h' 'lib/*.[ch]')
if grep -nE '__asm__|\basm[[:space:]]*\(|\b(in|out)[bwl]\(|(^|[^>.a-z_])(rd|wr)msr\(' "${pure[@]}"; then
	echo "layers: hardware access in pure code (include/, lib/)" >&2
	status=1
fi
exit $status
