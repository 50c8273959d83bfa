#!/usr/bin/env bash
# Mutation check: applies each single-line bug in tests/mutants/list to a
# copy of the tree, rebuilds, runs the part of the suite named for it and
# expects that part to FAIL.  Prints one line per mutant and a closing
# "mutants: N caught, M survived"; exits non-zero if any survived or could
# not be applied.  Slow (each boot mutant runs a whole integration file).
#
#   tests/mutants/run.sh [NAME...]      e.g. tests/mutants/run.sh page0-not-reserved
set -u
cd "$(dirname "$0")/../.." || exit 1
src=$(pwd)
work=$(mktemp -d /tmp/mutants.XXXXXX)
trap 'rm -rf "$work"' EXIT

trim() { sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<<"$1"; }

# The tree as committed plus local edits, without build outputs, taken once
# at the start; each mutant gets a fresh copy of it.
snapshot_tree() {
	mkdir -p "$work/base" &&
		git ls-files -z | xargs -0 cp --parents -t "$work/base" 2>/dev/null
	git ls-files -z --others --exclude-standard | xargs -0 -r cp --parents -t "$work/base"
}
copy_tree() {
	rm -rf "$work/tree" && cp -a "$work/base" "$work/tree"
}
snapshot_tree

# check SPEC: 0 if the named part of the suite passes, 1 if it fails, 3 if
# the mutant does not even build (a bug the compiler catches proves nothing
# about the tests).
check() {
	case $1 in
	unit:*)
		make -s BUILD=build "build/host/${1#unit:}" >/dev/null 2>&1 || return 3
		"build/host/${1#unit:}" >/dev/null 2>&1
		;;
	boot:*)
		make -s BUILD=build >/dev/null 2>&1 || return 3
		# The Linux guest's images (the kernel from its cache outside the tree).
		if [[ $1 == boot:t_linux* ]]; then
			make -s BUILD=build build/linux/bzImage build/linux/initramfs.cpio \
				>/dev/null 2>&1 || return 3
		fi
		TESTS=${1#boot:} EMU_TIMEOUT=${MUTANT_EMU_TIMEOUT:-60} LINUX_GUEST_TIMEOUT=${MUTANT_EMU_TIMEOUT:-120} \
			tests/integration/run.sh >"$work/boot.log" 2>&1
		;;
	*) echo "mutants: unknown check '$1'" >&2; return 2 ;;
	esac
}

caught=0 survived=0 broken=0 rc=0
while IFS='|' read -r name file expr what; do
	name=$(trim "$name")
	case $name in '' | '#'*) continue ;; esac
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	file=$(trim "$file") expr=$(trim "$expr") what=$(trim "$what")
	copy_tree
	cd "$work/tree" || exit 1
	start=$(date +%s)
	cp "$file" "$work/original"
	sed -i "$expr" "$file"
	if cmp -s "$file" "$work/original"; then
		echo "mutants: $name NOT APPLIED: '$expr' changes nothing in $file"
		broken=$((broken + 1))
	elif check "$what" </dev/null; then
		echo "mutants: $name SURVIVED ($what passed with the bug, $(($(date +%s) - start)) s)"
		survived=$((survived + 1))
	elif rc=$? && [ $rc -eq 3 ]; then
		echo "mutants: $name DOES NOT BUILD: fix its expression"
		broken=$((broken + 1))
	else
		echo "mutants: $name caught by $what ($(($(date +%s) - start)) s)"
		caught=$((caught + 1))
	fi
	cd "$src" || exit 1
done <tests/mutants/list
echo "mutants: $caught caught, $survived survived, $broken not applied or not built"
[ $survived -eq 0 ] && [ $broken -eq 0 ]
