#!/usr/bin/env bash
# The GDB stub's round trips as GDB sees them, in Bochs: the wall-clock time
# of one `stepi` (GDB's 's' packet, the single step in the guest, the stop
# reply and GDB's register reads after it) and of one breakpoint hit
# (continue to a breakpoint already passed once more), averaged over
# BENCH_STEPS steps (default 200).  The Multiboot test kernel on one core,
# gdb=com2 (tools/gdb-guest.sh).  docs/measurements.md, `make bench-gdb`.
#
#   tools/bench-gdb.sh HYPERVISOR.elf GUESTS_DIR
set -u
cd "$(dirname "$0")/.." || exit 1

elf=$1 guests=$2 steps=${BENCH_STEPS:-200} out=build/bench-gdb
port=${GDB_PORT:-$((20000 + RANDOM % 20000))}
kernel=$guests/mb1-elf32.elf
mkdir -p "$out"

tools/guest-iso.sh "$out/guest.iso" "$elf" "$kernel" "" "" "gdb=com2" 0 \
	>"$out/iso.log" 2>&1 || { echo "bench-gdb: guest ISO failed (see $out/iso.log)" >&2; exit 1; }

# Python inside GDB times the commands: the wall clock of GDB's own process.
cat >"$out/gdbinit" <<GDB
set architecture i386:x86-64
set pagination off
set confirm off
set remotetimeout 600
target remote localhost:$port
break mbtest_main
continue
python import time; t0 = time.time()
stepi $steps
python print("bench-gdb stepi_ms=%.1f" % ((time.time() - t0) * 1000 / $steps))
delete
continue
GDB

GDB_BATCH=1 GDB_PORT=$port BOCHS_SMP=1 timeout -s INT -k 5 600 \
	tools/gdb-guest.sh "$out/guest.iso" "$out/serial.log" 2>/dev/null &
bochs=$!
sleep 3
timeout 600 gdb -batch -nx -x "$out/gdbinit" "$kernel" >"$out/gdb.log" 2>&1
wait "$bochs"

ms=$(sed -n 's/^bench-gdb stepi_ms=//p' "$out/gdb.log")
[ -n "$ms" ] || { echo "bench-gdb: no timing (see $out/gdb.log, $out/serial.log)" >&2; exit 1; }
tr -d '\r' <"$out/serial.log" | grep -q '^guest-os multiboot exit=status code=0' ||
	{ echo "bench-gdb: the guest did not end with status 0 (see $out/serial.log)" >&2; exit 1; }
echo "| what | steps | ms each (wall clock) |"
echo "|---|---|---|"
echo "| stepi, Bochs ${BOCHS_CPU:-corei7_skylake_x}, 1 core | $steps | $ms |"
