#!/usr/bin/env bash
# `make bench`: boot times and AP bring-up cost, written as Markdown tables
# to build/bench.md (and the terminal).  Numbers are medians of BENCH_RUNS.
#   tools/bench.sh [ISO]
# Bring-up is measured by the kernel with the boot processor's TSC, from the
# first INIT IPI to the last AP reaching ap_main (the `smp:` line).  The first
# table compares AP start-up without and with the SDM's 10 ms INIT delay.  The
# guest tables come from `vmx-bench` (the kernel times CPUID and VMCALL as a
# guest and CPUID in VMX root, in TSC ticks) and from boots with and without
# the hyperjack.  BENCH_ONLY=guest measures only those; BENCH_ONLY=init only
# the INIT-delay table.
set -u
cd "$(dirname "$0")/.." || exit 1
. tools/emu.sh
iso=${1:-build/hypervisor.iso}
runs=${BENCH_RUNS:-5}
counts=${BENCH_CPUS:-"1 2 4 8 16 32 64 255"}
out=build/bench.md
log=build/bench.serial
export EMU_TIMEOUT=600

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR + 1) / 2)] : "n/a")}'; }
now_ms() { date +%s%3N; }

# time_boot CMD...: prints "wall_ms bringup_us" for one boot.
time_boot() {
	local start end us
	start=$(now_ms)
	"$@" >/dev/null 2>&1
	end=$(now_ms)
	us=$(sed -nE 's/^smp: [0-9]+ of [0-9]+ application processors online in ([0-9]+) us.*/\1/p' "$log")
	echo "$((end - start)) ${us:-0}"
}

# bringup_median N ISO [QEMU ARGS...]: the median AP bring-up (us) at -smp N
# in single-threaded TCG.
bringup_median() {
	local n=$1 image=$2 ups=()
	shift 2
	for _ in $(seq "$runs"); do
		read -r _ u < <(QEMU_ACCEL=tcg-single QEMU_SMP=$n QEMU_MEM=512 time_boot qemu_boot "$image" "$log" "$@")
		ups+=("$u")
	done
	printf '%s\n' "${ups[@]}" | median
}

# The INIT delay's share: bring-up at 2 and 64 cores, and the marginal cost
# of each AP beyond the first, (t64 - t2) / 62, without and with it.
init_delay_table() {
	local delayed t2 t64
	delayed=$(iso_with_cmdline init-delay ap-init-delay) || { echo "bench: no ISO" >&2; return; }
	echo "| AP start-up, QEMU tcg-single | bring-up, 2 cpus (us) | bring-up, 64 cpus (us) | marginal cost per AP (us) |"
	echo "|---|---|---|---|"
	for variant in "without the INIT delay (default here):$iso" "with it (ap-init-delay):$delayed"; do
		t2=$(bringup_median 2 "${variant#*:}")
		t64=$(bringup_median 64 "${variant#*:}")
		printf '| %s | %s | %s | %s |\n' "${variant%%:*}" "$t2" "$t64" "$(((t64 - t2) / 62))"
	done
	echo
}

# AP bring-up by core count in single-threaded TCG, where every vCPU shares
# one host thread, so the figure is the emulator's host time for each AP
# (and moves with the host's load); and the marginal cost of an AP beyond
# the first, (tN - t2) / (N - 2).
smp_table() {
	local t t2="" per
	echo "| QEMU tcg-single, -smp N | AP bring-up (us, first INIT to last AP online) | per AP beyond the first (us) |"
	echo "|---|---|---|"
	for n in ${BENCH_SMP_CPUS:-1 2 4 16 64 255}; do
		t=$(bringup_median "$n" "$iso")
		[ "$n" = 2 ] && t2=$t
		per=-
		[ -n "$t2" ] && [ "$n" -gt 2 ] && per=$(((t - t2) / (n - 2)))
		printf '| %s | %s | %s |\n' "$n" "$t" "$per"
	done
	echo
}

measure() {
	local label=$1; shift
	local walls=() ups=()
	for _ in $(seq "$runs"); do
		read -r w u < <(time_boot "$@")
		walls+=("$w"); ups+=("$u")
	done
	printf '| %s | %s | %s |\n' "$label" \
		"$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${ups[@]}" | median)"
}

# The `bench:` line of a vmx-bench boot, as table cells: "min / median" three times.
exit_cost_cells() {
	tr -d '\r' < "$log" | sed -nE 's/^bench: cpu 0 .*cpuid-root min=([0-9]+) median=([0-9]+) cpuid-guest min=([0-9]+) median=([0-9]+) vmcall min=([0-9]+) median=([0-9]+).*/\1 \/ \2 | \3 \/ \4 | \5 \/ \6/p'
}

guest_tables() {
	KERNEL_ELF=${KERNEL_ELF:-build/hypervisor.elf} TEST_DIR=build/bench
	# shellcheck source=../tests/integration/lib.sh
	. tests/integration/lib.sh
	make_test_iso bench-exits "vmx-bench"
	make_test_iso bench-exits-stats "vmx-bench exit-stats"
	make_test_iso bench-no-guest "no-guest"
	echo "| Bochs model, cpu 0, 1000 runs each (TSC ticks) | CPUID in VMX root, min / median | CPUID as guest, min / median | VMCALL as guest, min / median |"
	echo "|---|---|---|---|"
	for model in corei7_skylake_x corei7_sandy_bridge_2600k tigerlake core2_penryn_t9600; do
		BOCHS_CPU=$model BOCHS_SMP=1 bochs_boot "$TEST_DIR/bench-exits.iso" "$log" >/dev/null 2>&1
		echo "| $model | $(exit_cost_cells) |"
	done
	# The exit profile's own cost: the same path timed and recorded (exit_stats.c).
	BOCHS_SMP=1 bochs_boot "$TEST_DIR/bench-exits-stats.iso" "$log" >/dev/null 2>&1
	echo "| corei7_skylake_x with exit-stats | $(exit_cost_cells) |"
	echo
	echo "| Bochs corei7_skylake_x, 2 cpus | boot to exit (ms, wall) | AP bring-up (us) |"
	echo "|---|---|---|"
	BOCHS_SMP=2 measure "every core hyperjacked (default)" bochs_boot "$iso" "$log"
	BOCHS_SMP=2 measure "no-guest" bochs_boot "$TEST_DIR/bench-no-guest.iso" "$log"
}

if [ "${BENCH_ONLY:-}" = guest ]; then
	guest_tables | tee "$out"
	echo "bench: written to $out"
	exit 0
fi
if [ "${BENCH_ONLY:-}" = init ]; then
	init_delay_table | tee "$out"
	echo "bench: written to $out"
	exit 0
fi
if [ "${BENCH_ONLY:-}" = smp ]; then
	smp_table | tee "$out"
	echo "bench: written to $out"
	exit 0
fi

{
	echo "Measured $(date -u +%Y-%m-%d) on $(nproc) host cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), median of $runs runs, by \`make bench\`."
	echo
	init_delay_table
	smp_table
	for accel in tcg tcg-single; do
		echo "| QEMU $accel, -smp N | boot to exit (ms, wall) | AP bring-up (us, first INIT to last AP online) |"
		echo "|---|---|---|"
		for n in $counts; do
			QEMU_ACCEL=$accel QEMU_SMP=$n QEMU_MEM=512 measure "$n" qemu_boot "$iso" "$log"
		done
		echo
	done
	echo "| Other boots | boot to exit (ms, wall) | AP bring-up (us) |"
	echo "|---|---|---|"
	QEMU_FIRMWARE=uefi QEMU_MEM=512 measure "QEMU TCG, OVMF (UEFI), 1 cpu" qemu_boot "$iso" "$log"
	BOCHS_SMP=1 measure "Bochs corei7_skylake_x, 1 cpu" bochs_boot "$iso" "$log"
	BOCHS_SMP=4 measure "Bochs corei7_skylake_x, 4 cpus" bochs_boot "$iso" "$log"
	echo
	guest_tables
} | tee "$out"
echo "bench: written to $out"
