#!/usr/bin/env bash
# Debugging the kernel in Bochs' debugger and in GDB on QEMU (README,
# "Debugging").  The Makefile's targets call this; so do the tests.
#   tools/debug.sh syms ELF OUT     symbol file for Bochs' ldsym: "ADDRESS NAME" lines
#   tools/debug.sh bochs ISO SYMS [ELF]   Bochs with its debugger (make bochs-debug)
#   tools/debug.sh trace ELF SYMS OUT   instruction trace between two break points (make bochs-trace)
#   tools/debug.sh qemu ISO [ELF]   QEMU waiting for GDB (make debug)
#   tools/debug.sh gdb ELF          GDB attached to it (make gdb)
# Environment: CMDLINE="kernel command line" (bochs, qemu: boot an ISO made
# with it, e.g. CMDLINE=break=vmxon@1), BREAK=fn[,fn...] (Bochs breakpoints at functions),
# DEBUG_SCRIPT=FILE (debugger commands instead of a person), GDB_SCRIPT=FILE
# (GDB in batch mode), GDB_PORT (default 1234), DEBUG_SERIAL (COM1's file),
# TRACE_CPU (default 0), TRACE_FROM/TRACE_TO (points,
# default vmx-check and vmxoff), BOCHS/BOCHS_CPU/BOCHS_SMP/BOCHS_MEM as for `make bochs`.
set -u
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=emu.sh
. tools/emu.sh

die() { echo "debug: $*" >&2; exit 2; }

# Text, data and bss symbols, so that u, x and the trace show names.
make_syms() {
	local elf=$1 out=$2
	nm --defined-only "$elf" | awk '$2 ~ /^[TtWwDdBbRr]$/ { print $1, $3 }' | sort -u > "$out.tmp" &&
		mv "$out.tmp" "$out"
}

# address_of SYMS NAME: the symbol's address (hex, 0x-prefixed), or fail.
address_of() {
	local addr
	addr=$(awk -v n="$2" '$2 == n { print $1; exit }' "$1")
	[ -n "$addr" ] || return 1
	echo "0x$addr"
}

# bochs_config DIR ISO SERIAL: Bochs' settings as `make bochs` has them, with
# the VNC display (no client needed), so the terminal is the debugger's.
bochs_config() {
	{
		BOCHS_SMP=${BOCHS_SMP:-2} bochs_rc_common "$2"
		echo "com1: enabled=1, mode=file, dev=\"$3\""
		# The Bochs 3 build has no VNC server (its README): no screen there.
		if [ "$(bochs_major)" -ge 3 ]; then
			echo "display_library: nogui"
		else
			echo 'display_library: rfb, options="timeout=0"'
		fi
		echo "log: $1/bochs.log"
	} > "$1/bochsrc"
}

# second_instruction ELF ADDR: the address of the instruction after ADDR's.
second_instruction() {
	objdump -d --start-address="$2" --stop-address=$(($2 + 32)) "$1" |
		awk '/^ +[0-9a-f]+:/ { n++; if (n == 2) { sub(":", "", $1); print "0x" $1; exit } }'
}

# breakpoint_commands SYMS ELF: `lb` at each function BREAK names, and at
# its second instruction: with more than one core, Bochs 2.7 lets a core run
# past a breakpoint that falls just after its turn ends (its 5-instruction
# debugger quantum; fixed in later Bochs), and the second catches it.
breakpoint_commands() {
	local name addr next
	[ -n "${BREAK:-}" ] || return 0
	for name in ${BREAK//,/ }; do
		addr=$(address_of "$1" "$name") || die "BREAK: no function $name in the kernel"
		echo "lb $addr"
		next=$(second_instruction "$2" "$addr")
		[ -n "$next" ] && [ "${BOCHS_SMP:-2}" -gt 1 ] && echo "lb $next"
	done
}

run_bochs() {
	local dir=$1
	# Bochs ignores SIGTERM: stop it with SIGINT, then SIGKILL.
	local flags
	mapfile -t flags < <(bochs_flags)
	TERM=dumb timeout --foreground -s INT -k 5 "${EMU_TIMEOUT:-3600}" \
		"$(bochs_binary)" "${flags[@]}" -f "$dir/bochsrc" -rc "$dir/rc"
}

bochs_debug() {
	local iso=$1 syms=$2 elf=${3:-build/hypervisor.elf} dir
	dir=$(mktemp -d)
	if [ -n "${CMDLINE:-}" ]; then
		make_iso_with "$elf" "$CMDLINE" "$dir/cmdline.iso"
		iso=$dir/cmdline.iso
	fi
	bochs_config "$dir" "$iso" "${DEBUG_SERIAL:-$PWD/build/bochs-debug.serial}"
	{
		echo "ldsym global \"$PWD/$syms\""
		breakpoint_commands "$syms" "$elf" || exit 2
		if [ -n "${DEBUG_SCRIPT:-}" ]; then
			cat "$DEBUG_SCRIPT"
		elif [ -n "${BREAK:-}" ]; then
			echo c
		fi
	} > "$dir/rc" || { rm -rf "$dir"; exit 2; }
	if [ -n "${DEBUG_SCRIPT:-}" ]; then
		run_bochs "$dir" </dev/null 2>&1 | grep -v '^[0-9]\{11\}[ipedf]\['
	else
		echo "debug: Bochs debugger; COM1 also goes to build/bochs-debug.serial; the screen is on VNC :5900 (Bochs 2.7; none under Bochs 3)"
		run_bochs "$dir"
	fi
	local rc=${PIPESTATUS[0]}
	rm -rf "$dir"
	return "$rc"
}

# An ISO whose kernel command line is $2, from iso/grub.cfg, booting at once.
make_iso_with() {
	local elf=$1 cmdline=$2 out=$3 dir
	dir=$(mktemp -d)
	mkdir -p "$dir/boot/grub" && cp "$elf" "$dir/boot/hypervisor.elf" &&
		sed -e "s|multiboot2 /boot/hypervisor.elf.*|multiboot2 /boot/hypervisor.elf $cmdline|" \
			-e 's/^set timeout=.*/set timeout=0/' iso/grub.cfg > "$dir/boot/grub/grub.cfg" &&
		grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1
	local rc=$?
	rm -rf "$dir"
	[ $rc -eq 0 ] || die "could not make $out"
}

bochs_trace() {
	local elf=$1 syms=$2 out=$3 from=${TRACE_FROM:-vmx-check} to=${TRACE_TO:-vmxoff} dir start
	local cpu=${TRACE_CPU:-0}
	dir=$(mktemp -d)
	make_iso_with "$elf" "break=$from@$cpu,$to@$cpu" "$dir/trace.iso"
	BOCHS_SMP=${BOCHS_SMP:-$((cpu + 1))} bochs_config "$dir" "$dir/trace.iso" "$dir/serial"
	# Stopped at $from: trace with registers until $to, then a few more
	# instructions, so the one at $to itself (VMXOFF) is in.
	cat > "$dir/rc" <<-RC
	ldsym global "$PWD/$syms"
	c
	set \$cpu = $cpu
	trace-reg on
	trace on
	c
	s ${TRACE_AFTER:-200}
	trace off
	trace-reg off
	c
	quit
	RC
	start=$(date +%s%N)
	run_bochs "$dir" </dev/null 2>&1 | grep -v '^[0-9]\{11\}[ipedf]\[' > "$out"
	local rc=${PIPESTATUS[0]}
	echo "trace: cpu $cpu from $from to $to in $out: $(grep -c "^($cpu)\\.\\[" "$out") instructions," \
		"$(du -h "$out" | cut -f1), $((($(date +%s%N) - start) / 1000000)) ms"
	rm -rf "$dir"
	return "$rc"
}

qemu_accel() {
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
		echo kvm
	else
		echo tcg
	fi
}

qemu_debug() {
	local iso=$1 elf=${2:-build/hypervisor.elf} serial=${DEBUG_SERIAL:-build/debug.serial} tail_pid rc dir
	dir=$(mktemp -d)
	if [ -n "${CMDLINE:-}" ]; then
		make_iso_with "$elf" "$CMDLINE" "$dir/cmdline.iso"
		iso=$dir/cmdline.iso
	fi
	export QEMU_ACCEL=${QEMU_ACCEL:-$(qemu_accel)} EMU_TIMEOUT=${EMU_TIMEOUT:-3600}
	echo "debug: QEMU ($QEMU_ACCEL) waits for GDB on port ${GDB_PORT:-1234}: run 'make gdb' in another terminal"
	: > "$serial"
	tail -s 0.1 -n +1 -f "$serial" &
	tail_pid=$!
	qemu_boot "$iso" "$serial" -S -gdb "tcp:127.0.0.1:${GDB_PORT:-1234}"
	rc=$?
	sleep 0.3
	kill "$tail_pid" 2>/dev/null
	wait "$tail_pid" 2>/dev/null
	rm -rf "$dir"
	return $rc
}

gdb_attach() {
	local elf=$1 args=(-q -nx)
	command -v gdb >/dev/null || die "gdb is not installed (make deps, Debian package gdb)"
	[ -n "${GDB_SCRIPT:-}" ] && args+=(-batch)
	args+=(-ex "target remote 127.0.0.1:${GDB_PORT:-1234}" -x tools/hypervisor.gdb)
	[ -n "${GDB_SCRIPT:-}" ] && args+=(-x "$GDB_SCRIPT")
	gdb "${args[@]}" "$elf"
}

case ${1:-} in
syms) make_syms "$2" "$3" ;;
bochs) bochs_debug "$2" "$3" "${4:-}" ;;
trace) bochs_trace "$2" "$3" "$4" ;;
qemu) qemu_debug "$2" "${3:-}" ;;
gdb) gdb_attach "$2" ;;
*) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
