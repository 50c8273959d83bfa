#!/usr/bin/env bash
# The README's transcripts, from real runs: each block between
# `<!-- transcript: NAME -->` and `<!-- /transcript -->` is replaced by what
# NAME's command printed on COM1, shortened by its filter.
#   tools/readme-transcripts.sh [--check] [NAME...]
# --check: change nothing, exit 1 when a transcript's shape differs (its
# lines, with the numbers that vary from run to run masked).  Minutes: each
# NAME is a Bochs boot.
# shellcheck disable=SC2317 # the transcript_ functions are called by name
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p build/readme

# selftest: `BOCHS_SMP=4 make bochs CMDLINE=vmx-selftest`, the memory map
# and the self-tests shortened.
transcript_selftest() {
	BOCHS_SMP=4 make -s --no-print-directory bochs CMDLINE=vmx-selftest </dev/null >/dev/null 2>&1
	tr -d '\r' < build/run.serial | awk '
		/^mmap / && !/type=available/ { next }
		/^mmap / && seen_mmap++ { next }
		/^(PASS|SKIP): / { if (tests++ == 4) print "..."; if (tests > 4) next }
		{ print }'
}

# linux2: `BOCHS_SMP=2 make run-linux`, from the Linux stage on.
transcript_linux2() {
	BOCHS_SMP=2 make -s --no-print-directory run-linux </dev/null >/dev/null 2>&1
	tr -d '\r' < build/run-linux-bare.serial |
		grep -E '^(linux: |acpi: power-off|guest-|cpu [0-9]|hypervisor signature|summary )'
}

# splice NAME FILE: FILE's lines become the README's transcript block NAME.
splice() {
	python3 - "$1" "$2" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
text = open("README.md").read()
body = open(path).read().rstrip("\n")
pattern = re.compile(r"(<!-- transcript: %s -->\n```\n).*?(\n```\n<!-- /transcript -->)" % re.escape(name), re.S)
text, n = pattern.subn(lambda m: m.group(1) + body + m.group(2), text)
if n != 1:
    sys.exit("readme-transcripts: no transcript block named " + name)
open("README.md", "w").write(text)
PY
}

# mask: the numbers that change between runs (times, counts, addresses).
mask() {
	sed -E 's/[0-9]+/N/g; s/0xN[0-9a-fN]*/0xN/g'
}

check=0
[ "${1:-}" = --check ] && { check=1; shift; }
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(sed -n 's/^<!-- transcript: \([a-z0-9-]*\) -->$/\1/p' README.md)
status=0
for name in "${names[@]}"; do
	"transcript_$name" > "build/readme/$name.txt" || { echo "readme-transcripts: $name failed" >&2; exit 1; }
	if [ $check = 1 ]; then
		old=$(sed -n "/^<!-- transcript: $name -->\$/,/^<!-- \/transcript -->\$/p" README.md | sed '1,2d;$d' | sed '$d')
		if [ "$(mask <<<"$old")" = "$(mask < "build/readme/$name.txt")" ]; then
			echo "readme-transcripts: $name matches a fresh run"
		else
			echo "readme-transcripts: $name differs from a fresh run (build/readme/$name.txt):"
			diff <(mask <<<"$old") <(mask < "build/readme/$name.txt") | head -n 20
			status=1
		fi
		continue
	fi
	splice "$name" "build/readme/$name.txt" || exit 1
	echo "readme-transcripts: $name regenerated"
done
exit $status
