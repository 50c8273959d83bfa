#!/usr/bin/env bash
# The test kernel and initramfs booted directly by GRUB, with no hypervisor:
# the baseline the Linux guest is measured against (`make run-linux-bare`,
# tests/integration/t_linux_bare.sh, docs/measurements.md).
#
#   tools/linux-bare.sh iso OUT.iso BZIMAGE INITRD [CMDLINE]
#   tools/linux-bare.sh run qemu|bochs ISO     COM1 on the terminal (typed keys too, tools/emu.sh emu_console)
#   tools/linux-bare.sh bench ISO              boot times, a Markdown table
#
# A run ends when Linux powers the machine off (emu.sh status 3).
set -u
cd "$(dirname "$0")/.." || exit 1

# Quiet, so that the serial console (slow under emulation) carries little.
LINUX_BARE_CMDLINE=${LINUX_BARE_CMDLINE:-console=ttyS0,115200 quiet panic=-1}

make_iso() {
	local out=$1 image=$2 initrd=$3 cmdline=${4:-$LINUX_BARE_CMDLINE}
	local dir=${out%.iso}.isodir
	rm -rf "$dir" && mkdir -p "$dir/boot/grub" || return 1
	cp "$image" "$dir/boot/bzImage" && cp "$initrd" "$dir/boot/initramfs.cpio" || return 1
	cat > "$dir/boot/grub/grub.cfg" <<-CFG
	# Linux straight from GRUB (tools/linux-bare.sh): the baseline.  GRUB
	# writes to COM1 too, so that its line marks when Linux is loaded.
	set timeout=0
	set default=0
	serial --unit=0 --speed=115200
	terminal_output --append serial
	menuentry "Linux, no hypervisor" {
		echo "grub: loading Linux"
		linux /boot/bzImage $cmdline
		initrd /boot/initramfs.cpio
	}
	CFG
	grub-mkrescue -o "$out" "$dir" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; return 1; }
}

run() {
	local mode=$1 iso=$2 serial=build/run-linux-bare.serial rc
	. tools/emu.sh
	export EMU_TIMEOUT=${EMU_TIMEOUT:-300}
	mkdir -p build
	case $mode in
	qemu) emu_console "$serial" qemu_boot "$iso" "$serial" ;;
	*) export BOCHS_SMP=${BOCHS_SMP:-2}
	   echo "run: $(bochs_describe)"
	   emu_console "$serial" bochs_boot "$iso" "$serial" ;;
	esac
	rc=$?
	case $rc in
	0) echo "run: the hypervisor ended the run as a success (report above)" ;;
	1) echo "run: the hypervisor reported a failure (see above)" ;;
	3) echo "run: Linux powered the machine off"; return 0 ;;
	*) echo "run: the run did not end with the hypervisor's report (status $rc)" ;;
	esac
	return $rc
}

now_ms() { date +%s%3N; }

# time_boot LOG CMD...: prints "total_ms linux_ms status": emulator start to
# its end, and from GRUB's "loading Linux" line on COM1 to the end.
time_boot() {
	local log=$1 start grub="" end rc pid
	shift
	start=$(now_ms)
	"$@" >/dev/null 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		[ -z "$grub" ] && grep -q 'grub: loading Linux' "$log" 2>/dev/null && grub=$(now_ms)
		sleep 0.02
	done
	wait $pid
	rc=$?
	end=$(now_ms)
	echo "$((end - start)) $((end - ${grub:-$start})) $rc"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR + 1) / 2)] : "n/a")}'; }

bench() {
	local iso=$1 runs=${BENCH_RUNS:-3} log=build/linux-bare-bench.serial
	. tools/emu.sh
	export EMU_TIMEOUT=600
	measure() {
		local label=$1 totals=() linux=() t l rc
		shift
		for _ in $(seq "$runs"); do
			read -r t l rc < <(time_boot "$log" "$@" "$iso" "$log")
			[ "$rc" = 3 ] || { echo "| $label | run ended with status $rc | |"; return; }
			totals+=("$t"); linux+=("$l")
		done
		printf '| %s | %s | %s |\n' "$label" "$(printf '%s\n' "${totals[@]}" | median)" \
			"$(printf '%s\n' "${linux[@]}" | median)"
	}
	echo "Linux booted by GRUB with no hypervisor, median of $runs runs (\`tools/linux-bare.sh bench\`)."
	echo
	echo "| emulator | emulator start to power-off (ms, wall) | GRUB's \"loading Linux\" to power-off (ms, wall) |"
	echo "|---|---|---|"
	BOCHS_SMP=1 measure "Bochs corei7_skylake_x, 1 core" bochs_boot
	BOCHS_SMP=2 measure "Bochs corei7_skylake_x, 2 cores" bochs_boot
	QEMU_SMP=1 measure "QEMU TCG, 1 cpu" qemu_boot
	QEMU_SMP=2 measure "QEMU TCG, 2 cpus" qemu_boot
}

# bench-guest BARE_ISO GUEST_ISO: the same kernel and initramfs booted by
# GRUB directly and under the hypervisor (tools/linux-guest.sh, built with
# LINUX_GUEST_GRUB_MARK=1 so that GRUB marks its hand-over on COM1), in
# Bochs, and the ratio; then the guest's exit counts of the last run.
bench_guest() {
	local bare=$1 guest=$2 runs=${BENCH_RUNS:-3} log=build/linux-guest-bench.serial n
	. tools/emu.sh
	export EMU_TIMEOUT=600
	median_of() { # ISO STATUS: median "total grub" of the runs, or "failed rc"
		local iso=$1 want=$2 totals=() linux=() t l rc
		for _ in $(seq "$runs"); do
			read -r t l rc < <(time_boot "$log" bochs_boot "$iso" "$log")
			[ "$rc" = "$want" ] || { echo "failed $rc"; return; }
			totals+=("$t"); linux+=("$l")
		done
		echo "$(printf '%s\n' "${totals[@]}" | median) $(printf '%s\n' "${linux[@]}" | median)"
	}
	echo "Linux booted by GRUB directly and as the hypervisor's guest, Bochs corei7_skylake_x,"
	echo "median of $runs runs (\`tools/linux-bare.sh bench-guest\`, \`make bench-linux\`)."
	echo
	echo "| cores | bare: GRUB to power-off (ms) | guest: GRUB to power-off (ms) | guest / bare | bare total (ms) | guest total (ms) |"
	echo "|---|---|---|---|---|---|"
	for n in 1 2 4; do
		local b g
		b=$(BOCHS_SMP=$n median_of "$bare" 3)
		g=$(BOCHS_SMP=$n median_of "$guest" 0)
		# shellcheck disable=SC2086 # two words each: total and GRUB-to-end
		set -- $b $g
		if [ "$1" = failed ] || [ "$3" = failed ]; then
			echo "| $n | $b | $g | | | |"
			continue
		fi
		printf '| %s | %s | %s | %s | %s | %s |\n' "$n" "$2" "$4" \
			"$(awk -v g="$4" -v b="$2" 'BEGIN { printf "%.2f", g / b }')" "$1" "$3"
	done
	echo
	echo "Exits of the last 4-core guest run (\`guest-os-exits\` lines):"
	echo
	grep -a '^guest-os' "$log" | tr -d '\r' | sed 's/^/    /'
}

case ${1:-} in
iso) shift; make_iso "$@" ;;
bench-guest) shift; bench_guest "$@" ;;
run) shift; run "$@" ;;
bench) shift; bench "$@" ;;
*) echo "usage: $0 iso OUT.iso BZIMAGE INITRD [CMDLINE] | run qemu|bochs ISO | bench ISO | bench-guest BARE_ISO GUEST_ISO" >&2; exit 2 ;;
esac
