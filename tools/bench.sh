#!/usr/bin/env bash
# `make bench`: boot times and AP bring-up cost, written as Markdown tables
# to build/bench.md (and the terminal).  Numbers are medians of BENCH_RUNS.
#   tools/bench.sh [ISO]
# Bring-up is measured by the kernel with the boot processor's TSC, from the
# first INIT IPI to the last AP reaching ap_main (the `smp:` line).
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

{
	echo "Measured $(date -u +%Y-%m-%d) on $(nproc) host cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), median of $runs runs, by \`make bench\`."
	echo
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
} | tee "$out"
echo "bench: written to $out"
