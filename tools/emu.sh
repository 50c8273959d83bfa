#!/usr/bin/env bash
# Boot helpers shared by `make run`, the integration tests and the
# benchmarks.  Source this file; each function boots an ISO, copies COM1 to
# a file and returns 0 for a run the kernel ended as a success, 1 for a
# failure it reported, 2 for anything else (reset, hang, emulator error),
# and 3 when Linux powered the machine off (a Linux run's end).  A success
# needs the kernel's report on COM1 (report_verdict).  EMU_TIMEOUT bounds a
# run in seconds (0: no bound).

EMU_TIMEOUT=${EMU_TIMEOUT:-120}
QEMU_SUCCESS=33		# isa-debug-exit: (0x10 << 1) | 1, see arch/x86/emulator.h
QEMU_FAILURE=35
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS_TEMPLATE=${OVMF_VARS_TEMPLATE:-/usr/share/OVMF/OVMF_VARS_4M.fd}

# qemu_boot ISO SERIAL_OUT [extra qemu arguments...]
# Environment: QEMU_FIRMWARE=bios|uefi, QEMU_SMP, QEMU_MEM (MiB),
# QEMU_ACCEL=tcg|tcg-single|kvm, QEMU_CPU; CONSOLE_PTY as for bochs_boot.
qemu_boot() {
	local iso=$1 out=$2; shift 2
	local args=(-M "${QEMU_MACHINE:-pc}" -m "${QEMU_MEM:-256}" -smp "${QEMU_SMP:-1}"
		-cdrom "$iso" -boot d -display none -no-reboot -monitor none
		-serial "${CONSOLE_PTY:-file:$out}" -device isa-debug-exit,iobase=0xf4,iosize=0x04)
	if [ "${QEMU_FIRMWARE:-bios}" = uefi ]; then
		local vars
		vars=$(mktemp)
		cp "$OVMF_VARS_TEMPLATE" "$vars"
		args+=(-M q35 -drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
			-drive "if=pflash,format=raw,file=$vars")
	fi
	case ${QEMU_ACCEL:-tcg} in
	kvm) args+=(-accel kvm -cpu host) ;;
	tcg-single) args+=(-accel tcg,thread=single -cpu "${QEMU_CPU:-qemu64}") ;;
	*) args+=(-accel tcg -cpu "${QEMU_CPU:-qemu64}") ;;
	esac
	[ -n "${CONSOLE_PTY:-}" ] || : > "$out"
	# --foreground: keep the emulator in our process group, so Ctrl-C reaches it.
	timeout --foreground "$EMU_TIMEOUT" qemu-system-x86_64 "${args[@]}" "$@" </dev/null
	local rc=$?
	[ -n "${vars:-}" ] && rm -f "$vars"
	case $rc in
	"$QEMU_SUCCESS") [ -n "${CONSOLE_PTY:-}" ] && return 0
		report_verdict "$out" 0 ;;
	"$QEMU_FAILURE") return 1 ;;
	124) echo "qemu: no end after ${EMU_TIMEOUT}s" >&2; return 2 ;;
	# -no-reboot makes a reset and a power-off both end QEMU with 0.
	0) grep -q 'reboot: Power down' "$out" && return 3
	   echo "qemu: the machine reset (triple fault?) instead of reporting" >&2; return 2 ;;
	*) echo "qemu: exited with status $rc" >&2; return 2 ;;
	esac
}

# Bochs: Debian's 2.7 (`bochs` on PATH) unless BOCHS= names another binary.
# BOCHS=3 (or bochs3) picks the Bochs 3 build beside the clone
# (../shared/emulators/bochs-3/bochs, see BOCHS3_DEFAULT).  What the binary
# needs is derived from it: its version (its banner), and its own BIOS images
# when they lie in its folder.
EMU_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BOCHS3_DEFAULT=${BOCHS3_DEFAULT:-$EMU_ROOT/../shared/emulators/bochs-3/bochs}

# bochs_binary: the path of the Bochs to run.
bochs_binary() {
	case ${BOCHS:-bochs} in
	3|bochs3) echo "$BOCHS3_DEFAULT" ;;
	*) echo "${BOCHS:-bochs}" ;;
	esac
}

# bochs3_available: the Bochs 3 build is there and runs.
bochs3_available() {
	[ -x "$BOCHS3_DEFAULT" ] && [ "$(BOCHS=$BOCHS3_DEFAULT bochs_major)" -ge 3 ] 2>/dev/null
}

# bochs_major: the major version of $(bochs_binary), from its banner.
bochs_major() {
	local banner
	banner=$(TERM=dumb timeout 10 "$(bochs_binary)" --help cpu </dev/null 2>&1 |
		sed -n 's/.*Bochs x86 Emulator \([0-9]*\)\..*/\1/p' | head -n1)
	echo "${banner:-2}"
}

# bochs_rc_common ISO: the bochsrc lines every Bochs runner shares, for
# $(bochs_binary): the BIOS images in its folder if it has them (a source
# build), Debian's otherwise; no sound line for Bochs 3 (its build has none).
bochs_rc_common() {
	local iso=$1 bin dir rom=/usr/share/bochs/BIOS-bochs-latest vgarom=/usr/share/vgabios/vgabios.bin
	bin=$(command -v "$(bochs_binary)") || bin=$(bochs_binary)
	dir=$(dirname "$bin")
	[ -f "$dir/BIOS-bochs-latest" ] && rom=$dir/BIOS-bochs-latest
	[ -f "$dir/VGABIOS-lgpl-latest.bin" ] && vgarom=$dir/VGABIOS-lgpl-latest.bin
	cat <<-RC
	megs: ${BOCHS_MEM:-128}
	cpu: model=${BOCHS_CPU:-corei7_skylake_x}, count=${BOCHS_SMP:-1}, ips=10000000, reset_on_triple_fault=0
	romimage: file=$rom
	vgaromimage: file=$vgarom
	ata0-master: type=cdrom, path="$iso", status=inserted
	boot: cdrom
	magic_break: enabled=1
	port_e9_hack: enabled=1
	clock: sync=none, time0=local
	panic: action=fatal
	error: action=report
	RC
	[ "$(bochs_major)" -ge 3 ] || echo "sound: driver=dummy"
}

# bochs_flags: the command-line flags $(bochs_binary) needs for a -rc file:
# Bochs 3 runs its debugger (and with it magic breakpoints) only with -debugger.
bochs_flags() {
	echo -q
	[ "$(bochs_major)" -ge 3 ] && echo -debugger
}

# bochs_describe: one line naming the Bochs a runner uses.
bochs_describe() {
	echo "Bochs $(bochs_major).x ($(bochs_binary)), model ${BOCHS_CPU:-corei7_skylake_x}, ${BOCHS_SMP:-1} processor(s)"
}

# report_verdict SERIAL_OUT STATUS [WITNESS]: the emulator's verdict held
# against the kernel's report.  A success needs the report: the summary line
# last on COM1, and, given WITNESS (what the emulator printed of the debug
# console, port 0xE9, which the hypervisor mirrors its console to and keeps
# from its guests: lib/emulator_ports.h), the same line last there too, so
# that a guest, which owns COM1, cannot forge it; and, when Linux ran (a guest-os linux line, or REPORT_LINUX=1), the guest's
# power-off.  A magic breakpoint or a success exit with no report (a guest's
# XCHG BX,BX, a break= point with no debugger) is not a success.
# EXPECT_REPORT=0: the run is not the hypervisor's (a kernel booted bare by
# GRUB), and the emulator's verdict stands alone.
report_verdict() {
	local out=$1 rc=$2 witness=${3:-} last brk
	[ "$rc" -eq 0 ] || return "$rc"
	[ "${EXPECT_REPORT:-1}" = 0 ] && return 0
	last=$(tr -d '\r' < "$out" | grep -av '^[[:space:]]*$' | tail -n 1)
	if ! [[ $last =~ ^summary\ cpus= ]]; then
		brk=$(tr -d '\r' < "$out" | grep -a '^break: ' | tail -n 1)
		if [ -n "$brk" ]; then
			echo "run: stopped at a break point with no debugger attached ($brk): use make bochs-debug" >&2
		else
			echo "run: the emulator ended as a success but the kernel's report is missing (last line: $last)" >&2
		fi
		return 2
	fi
	if [ -n "$witness" ] &&
		[ "$(tr -d '\r' < "$witness" | grep -a '^summary cpus=' | tail -n 1)" != "$last" ]; then
		echo "run: the summary on COM1 is not on the debug console (port 0xE9): not the hypervisor's ($last)" >&2
		return 2
	fi
	if [ "${REPORT_LINUX:-0}" = 1 ] || tr -d '\r' < "$out" | grep -aq '^guest-os linux '; then
		tr -d '\r' < "$out" | grep -aq '^guest-os linux exit=poweroff ' || {
			echo "run: the report has no guest-os linux exit=poweroff line" >&2
			return 1
		}
	fi
	return 0
}

# bochs_boot ISO SERIAL_OUT
# Environment: BOCHS (binary, see bochs_binary), BOCHS_CPU (model),
# BOCHS_SMP, BOCHS_MEM (MiB), BOCHS_LOG, BOCHS_DUMP_VGA(_AT); CONSOLE_PTY (a terminal device for
# COM1, tools/console.py: then that program writes SERIAL_OUT).
bochs_boot() {
	local iso=$1 out=$2
	local dir log com1 flags
	dir=$(mktemp -d)
	log=${BOCHS_LOG:-$dir/bochs.log}
	com1="com1: enabled=1, mode=file, dev=\"$out\""
	[ -n "${CONSOLE_PTY:-}" ] && com1="com1: enabled=1, mode=term, dev=\"$CONSOLE_PTY\""
	{
		bochs_rc_common "$iso"
		echo "$com1"
		echo "display_library: term"
		echo "log: $log"
	} > "$dir/bochsrc"
	# BOCHS_DUMP_VGA=FILE saves the VGA text screen (80x25 character and
	# attribute bytes at 0xB8000) at the end (the kernel's magic breakpoint),
	# or when cpu 0 first reaches the linear address BOCHS_DUMP_VGA_AT.
	{
		[ -n "${BOCHS_DUMP_VGA_AT:-}" ] && echo "lb $BOCHS_DUMP_VGA_AT"
		echo c
		[ -n "${BOCHS_DUMP_VGA:-}" ] && echo "writemem \"$BOCHS_DUMP_VGA\" 0xb8000 4000"
		[ -n "${BOCHS_DUMP_VGA_AT:-}" ] && printf 'd 1\nc\n'
		echo quit
	} > "$dir/rc"
	[ -n "${CONSOLE_PTY:-}" ] || : > "$out"
	mapfile -t flags < <(bochs_flags)
	# Bochs ignores SIGTERM: stop it with SIGINT, then SIGKILL.
	TERM=dumb timeout --foreground -s INT -k 5 "$EMU_TIMEOUT" \
		"$(bochs_binary)" "${flags[@]}" -f "$dir/bochsrc" -rc "$dir/rc" </dev/null >"$dir/stdout" 2>&1
	local rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "bochs: no end after ${EMU_TIMEOUT}s" >&2
		rc=2
	elif [ $rc -eq 0 ] && grep -q '^([0-9]*) Magic breakpoint' "$dir/stdout"; then
		rc=0
	elif [ $rc -eq 1 ] && grep -q 'shutdown requested' "$log" 2>/dev/null; then
		rc=1
	elif grep -q 'ACPI control: soft power off' "$log" 2>/dev/null; then
		rc=3 # the guest wrote S5 to the ACPI PM1 control register
	else
		echo "bochs: exited with status $rc without the kernel's end marker" >&2
		tail -n 20 "$dir/stdout" >&2
		rc=2
	fi
	# Attended, tools/console.py writes the file: emu_console judges after it.
	if [ -n "${CONSOLE_PTY:-}" ]; then
		rm -rf "$dir"
		return $rc
	fi
	report_verdict "$out" $rc "$dir/stdout"
	rc=$?
	rm -rf "$dir"
	return $rc
}

# emu_attended: a person is at the terminal (standard input and output are
# one), so COM1 is joined to it; CONSOLE=off keeps the unattended way.
emu_attended() {
	[ -t 0 ] && [ -t 1 ] && [ "${CONSOLE:-auto}" != off ]
}

# emu_console SERIAL BOOT_FUNCTION ARGS...: runs the boot (bochs_boot or
# qemu_boot, whose output file is SERIAL) with COM1 shown on this terminal.
# Attended: typed keys reach the guest (tools/console.py), no time limit
# unless EMU_TIMEOUT_ATTENDED says one, Ctrl-] ends the run.  Otherwise COM1
# is followed from its file and EMU_TIMEOUT bounds the run.
emu_console() {
	local serial=$1 rc tail_pid
	shift
	if emu_attended; then
		echo "run: COM1 is this terminal: what you type goes to the guest; Ctrl-] ends the run"
		# shellcheck disable=SC2016 # expanded by the inner shell
		EMU_TIMEOUT=${EMU_TIMEOUT_ATTENDED:-0} python3 "$EMU_ROOT/tools/console.py" "$serial" -- \
			bash -c '. "$0/tools/emu.sh" && "$@"' "$EMU_ROOT" "$@"
		rc=$?
		printf '\n'
		report_verdict "$serial" $rc
		return
	fi
	: > "$serial"
	tail -s 0.1 -n +1 -f "$serial" &
	tail_pid=$!
	"$@"
	rc=$?
	sleep 0.5
	kill $tail_pid 2>/dev/null
	wait $tail_pid 2>/dev/null
	# A run cut short leaves COM1's last line open: the runner's starts afresh.
	[ -s "$serial" ] && [ "$(tail -c 1 "$serial")" != "" ] && echo
	return $rc
}

# vga_text FILE: the characters of a VGA text screen dump, 80 to a line.
vga_text() {
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read()[0::2]
for i in range(0, len(d), 80): print(d[i:i + 80].decode("cp437").rstrip())' "$1"
}
