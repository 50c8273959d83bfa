#!/usr/bin/env bash
# Boot helpers shared by `make run`, the integration tests and the
# benchmarks.  Source this file; each function boots an ISO, copies COM1 to
# a file and returns 0 for a run the kernel ended as a success, 1 for a
# failure it reported, 2 for anything else (reset, hang, emulator error),
# and 3 when Linux powered the machine off (a Linux run's end).

EMU_TIMEOUT=${EMU_TIMEOUT:-120}
QEMU_SUCCESS=33		# isa-debug-exit: (0x10 << 1) | 1, see arch/x86/emulator.h
QEMU_FAILURE=35
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS_TEMPLATE=${OVMF_VARS_TEMPLATE:-/usr/share/OVMF/OVMF_VARS_4M.fd}

# qemu_boot ISO SERIAL_OUT [extra qemu arguments...]
# Environment: QEMU_FIRMWARE=bios|uefi, QEMU_SMP, QEMU_MEM (MiB),
# QEMU_ACCEL=tcg|tcg-single|kvm, QEMU_CPU.
qemu_boot() {
	local iso=$1 out=$2; shift 2
	local args=(-M "${QEMU_MACHINE:-pc}" -m "${QEMU_MEM:-256}" -smp "${QEMU_SMP:-1}"
		-cdrom "$iso" -boot d -display none -no-reboot -monitor none
		-serial "file:$out" -device isa-debug-exit,iobase=0xf4,iosize=0x04)
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
	: > "$out"
	# --foreground: keep the emulator in our process group, so Ctrl-C reaches it.
	timeout --foreground "$EMU_TIMEOUT" qemu-system-x86_64 "${args[@]}" "$@" </dev/null
	local rc=$?
	[ -n "${vars:-}" ] && rm -f "$vars"
	case $rc in
	"$QEMU_SUCCESS") return 0 ;;
	"$QEMU_FAILURE") return 1 ;;
	124) echo "qemu: no end after ${EMU_TIMEOUT}s" >&2; return 2 ;;
	# -no-reboot makes a reset and a power-off both end QEMU with 0.
	0) grep -q 'reboot: Power down' "$out" && return 3
	   echo "qemu: the machine reset (triple fault?) instead of reporting" >&2; return 2 ;;
	*) echo "qemu: exited with status $rc" >&2; return 2 ;;
	esac
}

# bochs_boot ISO SERIAL_OUT
# Environment: BOCHS_CPU (model), BOCHS_SMP, BOCHS_MEM (MiB), BOCHS_LOG.
bochs_boot() {
	local iso=$1 out=$2
	local dir
	dir=$(mktemp -d)
	cat > "$dir/bochsrc" <<-RC
	megs: ${BOCHS_MEM:-128}
	cpu: model=${BOCHS_CPU:-corei7_skylake_x}, count=${BOCHS_SMP:-1}, ips=10000000, reset_on_triple_fault=0
	romimage: file=/usr/share/bochs/BIOS-bochs-latest
	vgaromimage: file=/usr/share/vgabios/vgabios.bin
	ata0-master: type=cdrom, path="$iso", status=inserted
	boot: cdrom
	com1: enabled=1, mode=file, dev="$out"
	display_library: term
	magic_break: enabled=1
	port_e9_hack: enabled=1
	clock: sync=none, time0=local
	sound: driver=dummy
	log: ${BOCHS_LOG:-$dir/bochs.log}
	panic: action=fatal
	error: action=report
	RC
	printf 'c\nquit\n' > "$dir/rc"
	: > "$out"
	# Bochs ignores SIGTERM: stop it with SIGINT, then SIGKILL.
	TERM=dumb timeout --foreground -s INT -k 5 "$EMU_TIMEOUT" \
		bochs -q -f "$dir/bochsrc" -rc "$dir/rc" </dev/null >"$dir/stdout" 2>&1
	local rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "bochs: no end after ${EMU_TIMEOUT}s" >&2
		rc=2
	elif [ $rc -eq 0 ] && grep -q '^([0-9]*) Magic breakpoint' "$dir/stdout"; then
		rc=0
	elif [ $rc -eq 1 ] && grep -q 'shutdown requested' "${BOCHS_LOG:-$dir/bochs.log}" 2>/dev/null; then
		rc=1
	elif grep -q 'ACPI control: soft power off' "${BOCHS_LOG:-$dir/bochs.log}" 2>/dev/null; then
		rc=3 # the guest wrote S5 to the ACPI PM1 control register
	else
		echo "bochs: exited with status $rc without the kernel's end marker" >&2
		tail -n 20 "$dir/stdout" >&2
		rc=2
	fi
	rm -rf "$dir"
	return $rc
}
