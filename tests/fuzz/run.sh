#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz with clang, generates their seed
# corpora, and runs each for FUZZ_SECONDS (default 60).  Prints one line per
# target and a closing "fuzz: N passed, N failed"; exits non-zero if any
# target failed to build or found a crash.
#
#   tests/fuzz/run.sh [TARGET...]     e.g. tests/fuzz/run.sh acpi
#
# Environment: FUZZ_SECONDS, FUZZ_CC (default clang), BUILD (default build).
# Each target keeps its corpus in $BUILD/fuzz/corpus/TARGET across runs and
# writes crashing inputs to $BUILD/fuzz/artifacts/TARGET/.
set -u
cd "$(dirname "$0")/../.." || exit 1

seconds=${FUZZ_SECONDS:-60}
cc=${FUZZ_CC:-clang}
out=${BUILD:-build}/fuzz
cflags=(-std=gnu11 -O1 -g -I. -Wall -Wextra -Werror -fno-omit-frame-pointer
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)

# Sources each target links besides its harness.  A target whose sources do
# not exist yet is skipped rather than failed: it is still being written.
declare -A srcs=(
	[multiboot2]="lib/multiboot2.c lib/printf.c"
	[acpi]="lib/acpi.c tests/support/acpi_build.c"
	[vmx_dump]="lib/vmx/*.c lib/host/vmx_*.c lib/printf.c"
	[cmdline]="lib/cmdline.c lib/options.c lib/escape.c"
	[acpi_power]="lib/acpi_power.c lib/power_ports.c"
	[guest_image]="lib/guest_image.c lib/mb2_header.c lib/multiboot_load.c lib/elf_segments.c lib/multiboot_mmap.c lib/multiboot1_info.c lib/multiboot2_info.c lib/multiboot2.c lib/printf.c"
	[gdb]="lib/gdb/*.c tests/support/gdb_fake.c"
	[acpi_dmar]="lib/acpi_dmar.c"
)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(multiboot2 acpi vmx_dump cmdline acpi_power guest_image gdb acpi_dmar)

# libFuzzer ships in a separate Debian package named after clang's version.
check_toolchain() {
	local major probe=$out/probe
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "fuzz: $cc not found; run as root: apt-get install clang" >&2
		return 1
	fi
	mkdir -p "$out"
	printf 'int LLVMFuzzerTestOneInput(const char *d, long n)\n{ return 0; }\n' \
		>"$probe.c"
	if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe.c" -o "$probe" \
		2>"$probe.log"; then
		major=$("$cc" -dumpversion | cut -d. -f1)
		echo "fuzz: $cc cannot link libFuzzer; run as root:" \
			"apt-get install libclang-rt-$major-dev" >&2
		return 1
	fi
}

build() {
	local t=$1 s
	for s in ${srcs[$t]}; do
		if [ ! -e "$s" ]; then
			echo "fuzz: $t skipped: $s does not exist yet"
			return 2
		fi
	done
	# shellcheck disable=SC2086 # a list of source files, split on purpose
	"$cc" "${cflags[@]}" "tests/fuzz/fuzz_$t.c" ${srcs[$t]} \
		-o "$out/fuzz_$t" >"$out/$t.build.log" 2>&1 && return 0
	cat "$out/$t.build.log"
	echo "fuzz: $t FAILED to build"
	return 1
}

# libFuzzer writes new inputs into the first directory and only reads the
# seeds, so regenerated seeds never mix with what fuzzing found.
run() {
	local t=$1
	local log=$out/$t.log dict=()
	local corpus=$out/corpus/$t artifacts=$out/artifacts/$t/
	mkdir -p "$corpus" "$artifacts" "$out/seeds/$t"
	# The GDB stub's seed: a session as GDB opens it (a target without seeds starts empty).
	# shellcheck disable=SC2016 # the packets' $ is literal
	[ "$t" = gdb ] && printf '+$qSupported:swbreak+#c9+$g#67$m1000,4#90$vCont;s:2;c#00\x03$?#3f' \
		>"$out/seeds/gdb/session"
	[ -f "$out/seeds/$t.dict" ] && dict=(-dict="$out/seeds/$t.dict")
	"$out/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$artifacts" "${dict[@]}" \
		"$corpus" "$out/seeds/$t" >"$log" 2>&1
	local rc=$?
	local runs
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $rc -eq 0 ]; then
		echo "fuzz: $t ok: ${runs:-?} runs in ${seconds}s," \
			"corpus $(find "$corpus" -type f | wc -l) inputs"
		return 0
	fi
	# The report (stack trace included) ends the log; the input is named
	# by libFuzzer's "Test unit written to" line.
	tail -n 60 "$log"
	echo "fuzz: $t FAILED (exit $rc) after ${runs:-?} runs; log $log"
	echo "fuzz: replay with: $out/fuzz_$t $artifacts<crash-file>"
	return 1
}

check_toolchain || { echo "fuzz: 0 passed, ${#targets[@]} failed"; exit 1; }
# The ACPI seeds are built in C with the unit tests' table builders.
make_seeds() {
	python3 tests/fuzz/make_seeds.py "$out/seeds" &&
		"$cc" -std=gnu11 -O1 -g -I. -Wall -Wextra -Werror tests/fuzz/acpi_seeds.c \
			tests/support/acpi_build.c -o "$out/acpi_seeds" &&
		"$out/acpi_seeds" "$out/seeds" &&
		"$cc" -std=gnu11 -O1 -g -I. -Wall -Wextra -Werror tests/fuzz/dmar_seeds.c \
			tests/support/dmar_build.c tests/support/acpi_build.c -o "$out/dmar_seeds" &&
		"$out/dmar_seeds" "$out/seeds/acpi_dmar"
}

rm -rf "$out/seeds"
# The test guest kernels, when built (make guests), seed the guest image target.
copy_guest_seeds() {
	local f
	for f in "${BUILD:-build}"/guests/*.elf "${BUILD:-build}"/guests/*.bin; do
		[ -f "$f" ] && cp "$f" "$out/seeds/guest_image/"
	done
	return 0
}
if ! make_seeds || ! copy_guest_seeds; then
	echo "fuzz: 0 passed, ${#targets[@]} failed"
	exit 1
fi

passed=0 failed=0
for t in "${targets[@]}"; do
	if [ -z "${srcs[$t]+set}" ]; then
		echo "fuzz: unknown target $t (known: ${!srcs[*]})"
		failed=$((failed + 1))
		continue
	fi
	build "$t"
	case $? in
	0) ;;
	2) continue ;;
	*) failed=$((failed + 1)); continue ;;
	esac
	if run "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
