#!/usr/bin/env bash
# A guest under the hypervisor in Bochs with the GDB stub on COM2, which
# Bochs serves on a local TCP port (docs/gdb.md): `make run-guest GDB=1`,
# `make run-linux GDB=1`, tests/integration/t_gdb_guest.sh.
#
#   tools/gdb-guest.sh ISO [SERIAL_LOG]
#
# Environment: GDB_PORT (1234), GUEST_SYMBOLS (the guest's vmlinux or ELF,
# for the gdb command printed), BOCHS_SMP (2), BOCHS_MEM (MiB, 128),
# GDB_BATCH=1 (no console: Bochs runs until the guest ends; the caller
# attaches GDB itself).  The ISO's hypervisor command line must say
# gdb=com2 (tools/guest-iso.sh's HV_CMDLINE).
set -u
cd "$(dirname "$0")/.." || exit 1

[ $# -ge 1 ] || { echo "usage: $0 ISO [SERIAL_LOG]" >&2; exit 2; }
iso=$1 out=${2:-/dev/stdout}
port=${GDB_PORT:-1234}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat > "$dir/bochsrc" <<RC
megs: ${BOCHS_MEM:-128}
cpu: model=${BOCHS_CPU:-corei7_skylake_x}, count=${BOCHS_SMP:-2}, ips=10000000, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path="$iso", status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev="$out"
com2: enabled=1, mode=socket-server, dev=localhost:$port
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

symbols=${GUEST_SYMBOLS:+ $GUEST_SYMBOLS}
echo "gdb-guest: the guest waits for GDB; attach with:" >&2
echo "  gdb -ex 'set remotetimeout 60' -ex 'target remote localhost:$port'$symbols" >&2
if [ "${GDB_BATCH:-0}" = 1 ]; then
	TERM=dumb bochs -q -f "$dir/bochsrc" -rc "$dir/rc" </dev/null >"$dir/stdout" 2>&1
else
	bochs -q -f "$dir/bochsrc" -rc "$dir/rc"
fi
