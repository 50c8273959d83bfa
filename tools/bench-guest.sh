#!/usr/bin/env bash
# A Multiboot test kernel booted by GRUB directly and as the hypervisor's
# guest, in Bochs: wall-clock time of the whole emulator run (BIOS, GRUB,
# the kernel to its status on port 0xf4; under the hypervisor also its own
# boot, the VMX check on every core and the guest's launch), median of
# BENCH_RUNS runs (default 3).  docs/measurements.md, `make bench-guest`.
#
#   tools/bench-guest.sh HYPERVISOR.elf GUESTS_DIR
set -u
cd "$(dirname "$0")/.." || exit 1
. tools/emu.sh

elf=$1 guests=$2 runs=${BENCH_RUNS:-3} out=build/bench-guest
mkdir -p "$out"
export EMU_TIMEOUT=300

bare_iso() { # NAME KERNEL ARGS
	local dir=$out/bare-$1 command=multiboot
	[[ $(basename "$2") == mb2-* ]] && command=multiboot2
	rm -rf "$dir" && mkdir -p "$dir/boot/grub" && cp "$2" "$dir/boot/" || return 1
	printf 'set timeout=0\nset default=0\nmenuentry bare {\n\t%s /boot/%s %s\n\tboot\n}\n' \
		"$command" "$(basename "$2")" "$3" > "$dir/boot/grub/grub.cfg"
	grub-mkrescue -o "$out/bare-$1.iso" "$dir" >"$dir.log" 2>&1
}

# median of the runs' milliseconds, or "failed" if one did not end as expected
time_runs() { # ISO CPUS WANT_LINE [EXPECT_REPORT]
	local times=() start end
	for _ in $(seq "$runs"); do
		start=$(date +%s%3N)
		EXPECT_REPORT=${4:-1} BOCHS_SMP=$2 bochs_boot "$1" "$out/run.serial" >/dev/null 2>&1
		end=$(date +%s%3N)
		tr -d '\r' < "$out/run.serial" | grep -q "$3" || { echo failed; return; }
		times+=($((end - start)))
	done
	printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

echo "| kernel | cores | bare (ms) | guest (ms) | guest - bare (ms) |"
echo "|---|---|---|---|---|"
for c in "mb1-elf32.elf:1:" "mb2-elf64.elf:2:smp=mp"; do
	IFS=: read -r kernel cpus args <<<"$c"
	name=${kernel%%.*}-$cpus
	bare_iso "$name" "$guests/$kernel" "$args" || exit 1
	tools/guest-iso.sh "$out/guest-$name.iso" "$elf" "$guests/$kernel" "$args" "" "" 0 || exit 1
	b=$(time_runs "$out/bare-$name.iso" "$cpus" '^mbtest: exit 0' 0)
	g=$(time_runs "$out/guest-$name.iso" "$cpus" '^guest-os multiboot exit=status code=0')
	d=$([ "$b" != failed ] && [ "$g" != failed ] && echo $((g - b)))
	echo "| $kernel ${args:-} | $cpus | $b | $g | ${d:-} |"
done
