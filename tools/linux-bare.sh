#!/usr/bin/env bash
# The test kernel and initramfs booted directly by GRUB, with no hypervisor:
# the baseline the Linux guest is measured against (`make run-linux-bare`,
# tests/integration/t_linux_bare.sh, docs/measurements.md).
#
#   tools/linux-bare.sh iso OUT.iso BZIMAGE INITRD [CMDLINE]
#   tools/linux-bare.sh run qemu|bochs ISO     COM1 on the terminal (typed keys too, tools/emu.sh emu_console)
#   tools/linux-bare.sh bench ISO              boot times, a Markdown table
#   tools/linux-bare.sh bench-guest BARE GUEST [STATS]  guest against bare (make bench-linux)
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

# bench-guest BARE_ISO GUEST_ISO [STATS_ISO]: the same kernel and
# initramfs booted by GRUB directly and under the hypervisor
# (tools/linux-guest.sh, built with LINUX_GUEST_GRUB_MARK=1 so that GRUB
# marks its hand-over on COM1), in Bochs, with the same Linux command line
# (make bench-linux: BENCH_LINUX_CMDLINE, the same clock facts for both:
# tsc_early_khz=, lpj=, clocksource=, tsc=reliable, and proof-work=N for
# guest-proof's fixed workload), and the ratios of boot and workload time;
# then the clock each boot kept (guest-proof's clock line) and the guest's
# exit counts of the last run.  STATS_ISO, the guest ISO with exit-stats,
# is booted once more on 2 cores for the exit profile and its timeline,
# plotted with gnuplot to EXIT_TIMELINE_SVG (docs/exit-timeline.svg).
bench_guest() {
	local bare=$1 guest=$2 stats=${3:-} runs=${BENCH_RUNS:-3} log=build/linux-guest-bench.serial
	local clock_bare="" clock_guest=""
	. tools/emu.sh
	export EMU_TIMEOUT=600
	work_us() { tr -d '\r' < "$log" | sed -nE 's/^guest-proof work rounds=[0-9]+ us=([0-9]+).*/\1/p'; }
	boot_ms() { tr -d '\r' < "$log" | sed -nE 's/^guest-proof boot ms=([0-9]+).*/\1/p'; }
	clock_of() { tr -d '\r' < "$log" | sed -nE 's/^guest-proof clock (.*)/\1/p'; }
	median_of() { # ISO STATUS: median "total grub work boot" of the runs, or "failed rc"
		local iso=$1 want=$2 totals=() linux=() work=() booted=() t l rc
		for _ in $(seq "$runs"); do
			read -r t l rc < <(time_boot "$log" bochs_boot "$iso" "$log")
			[ "$rc" = "$want" ] || { echo "failed $rc"; return; }
			totals+=("$t"); linux+=("$l"); work+=("$(work_us)"); booted+=("$(boot_ms)")
		done
		echo "$(printf '%s\n' "${totals[@]}" | median) $(printf '%s\n' "${linux[@]}" | median)" \
			"$(printf '%s\n' "${work[@]}" | median) $(printf '%s\n' "${booted[@]}" | median)"
	}
	ratio() { awk -v g="$1" -v b="$2" 'BEGIN { if (b > 0 && g > 0) printf "%.3f", g / b; else printf "n/a" }'; }
	echo "Linux booted by GRUB directly and as the hypervisor's guest, Bochs corei7_skylake_x,"
	echo "median of $runs runs (\`tools/linux-bare.sh bench-guest\`, \`make bench-linux\`), the same"
	echo "Linux command line for both: \`$(sed -n 's|.*linux /boot/bzImage ||p' "${bare%.iso}.isodir/boot/grub/grub.cfg")\`."
	echo "Linux's boot: its own CLOCK_BOOTTIME when guest-proof starts (emulated time, which host load does not change)."
	echo "Workload: guest-proof's proof-work rounds on cpu 0 (each writes 64 pages, makes 2 system calls), timed by Linux's CLOCK_MONOTONIC."
	echo "Wall: GRUB's hand-over to power-off on the host's clock, the hypervisor's own boot and report included (noisy on a loaded host)."
	echo
	echo "| cores | bare Linux boot (ms) | guest Linux boot (ms) | boot guest / bare | bare workload (us) | guest workload (us) | workload guest / bare | bare wall (ms) | guest wall (ms) | wall guest / bare |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for n in ${BENCH_LINUX_CPUS:-1 2 4}; do
		local b g
		b=$(BOCHS_SMP=$n median_of "$bare" 3)
		clock_bare=$(clock_of)
		g=$(BOCHS_SMP=$n median_of "$guest" 0)
		clock_guest=$(clock_of)
		# shellcheck disable=SC2086 # four words each: total, GRUB-to-end, workload, Linux's boot
		set -- $b $g
		if [ "$1" = failed ] || [ "$5" = failed ]; then
			echo "| $n | $b | $g | | | | | | | |"
			continue
		fi
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$4" "$8" \
			"$(ratio "$8" "$4")" "$3" "$7" "$(ratio "$7" "$3")" "$2" "$6" "$(ratio "$6" "$2")"
	done
	echo
	echo "The clock each kept (guest-proof's clock line, last run of each):"
	echo
	echo "    bare:  ${clock_bare:-none}"
	echo "    guest: ${clock_guest:-none}"
	echo
	echo "Exits of the last guest run (\`guest-os\` lines):"
	echo
	grep -a '^guest-os' "$log" | tr -d '\r' | sed 's/^/    /'
	[ -n "$stats" ] && exit_profile "$stats"
}

# exit_profile STATS_ISO: one 2-core guest boot with exit-stats; its profile
# table, and its timeline as data and an SVG plot (gnuplot).
exit_profile() {
	local iso=$1 log=build/linux-guest-stats.serial data=build/exit-timeline.dat
	local svg=${EXIT_TIMELINE_SVG:-docs/exit-timeline.svg}
	BOCHS_SMP=2 bochs_boot "$iso" "$log" >/dev/null 2>&1
	echo
	echo "Exit profile of one 2-core guest run with \`exit-stats\` (TSC ticks in the handler; Bochs: about one per instruction):"
	echo
	echo "| cpu | reason | count | share | min | median | max |"
	echo "|---|---|---|---|---|---|---|"
	tr -d '\r' < "$log" | sed -nE 's/^exit-stats cpu=([0-9]+) reason=([a-z0-9-]+) count=([0-9]+) share=([0-9.]+%) min=([0-9]+) median=([0-9]+) max=([0-9]+)$/| \1 | \2 | \3 | \4 | \5 | \6 | \7 |/p'
	echo
	echo "Exits per second by reason, all cores (\`exit-stats-second\` lines):"
	echo
	tr -d '\r' < "$log" | grep -a '^exit-stats-second ' | sed 's/^/    /'
	timeline_data "$log" > "$data"
	command -v gnuplot >/dev/null 2>&1 || { echo; echo "(no gnuplot: no plot; make deps DEPS=bench)"; return; }
	plot_timeline "$data" "$svg" && { echo; echo "Plotted: $svg"; }
}

# timeline_data LOG: "second reason count" columns as a table, one column per reason.
timeline_data() {
	tr -d '\r' < "$1" | grep -a '^exit-stats-second ' | awk '
		{ t = substr($2, 3) + 0; if (t > last) last = t
		  for (i = 3; i <= NF; i++) { split($i, kv, "="); n[t, kv[1]] = kv[2]; r[kv[1]] = 1 } }
		END { printf "second"; for (k in r) { names[++m] = k; printf " %s", k }; printf "\n"
		      for (t = 0; t <= last; t++) { printf "%d", t
			for (j = 1; j <= m; j++) printf " %d", n[t, names[j]] + 0; printf "\n" } }'
}

plot_timeline() {
	local data=$1 svg=$2 cols
	cols=$(head -n1 "$data" | wc -w)
	[ "$cols" -gt 1 ] || return 1
	gnuplot <<-GP
	set terminal svg size 900,420 font "sans,11"
	set output "$svg"
	set title "VM exits per second by reason, Linux guest on 2 cores (Bochs, make bench-linux)"
	set xlabel "seconds since the hypervisor armed exit-stats (emulated TSC time)"
	set ylabel "exits per second"
	set key outside right
	set style data linespoints
	plot for [c=2:$cols] "$data" using 1:c title columnheader(c)
	GP
}

case ${1:-} in
iso) shift; make_iso "$@" ;;
bench-guest) shift; bench_guest "$@" ;;
run) shift; run "$@" ;;
bench) shift; bench "$@" ;;
*) echo "usage: $0 iso OUT.iso BZIMAGE INITRD [CMDLINE] | run qemu|bochs ISO | bench ISO | bench-guest BARE_ISO GUEST_ISO [STATS_ISO]" >&2; exit 2 ;;
esac
