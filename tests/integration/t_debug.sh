# shellcheck shell=bash
# The debugging tools (README, "Debugging"), driven by scripts: Bochs'
# debugger with the kernel's symbols and BREAK=, the kernel's named break
# points, GDB on QEMU, the instruction trace, loglevel= and port 0xE9.

# symbol_address NAME: the kernel's address for NAME as nm prints it, 0x-less.
symbol_address() {
	nm "$KERNEL_ELF" | awk -v n="$1" '$3 == n { print $1; exit }'
}

# debugger_run ISO CORES SCRIPT OUT: Bochs' debugger runs SCRIPT; COM1 to $LOG.
debugger_run() {
	printf '%b' "$3" > "$TEST_DIR/$CASE.script"
	BOCHS_SMP=$2 DEBUG_SCRIPT="$TEST_DIR/$CASE.script" DEBUG_SERIAL="$PWD/$LOG" EMU_TIMEOUT=${DEBUG_TIMEOUT:-300} \
		tools/debug.sh bochs "$1" "$SYMS" "$KERNEL_ELF" > "$4" 2>&1
}

SYMS=$TEST_DIR/hypervisor.sym
tools/debug.sh syms "$KERNEL_ELF" "$SYMS"

# BREAK=vmx_core_enter: each core stops there, and the address Bochs prints
# is nm's.  With more than one core Bochs 2.7 often runs a core past a
# function's first instruction (tools/debug.sh); the breakpoint on the second
# instruction (objdump's address) catches it.  So a run stops 3 to 5 times
# (with the end's magic breakpoint): where it stops fewer than the script's
# five, the last continue runs into the report's final halt, and only the
# time limit ends it, after the report: 60 s (the case takes about 10 s when
# the stops match), not the usual 300, bounds that.
begin_case bochs-debug-break-function
make_test_iso debug-plain ""
addr=$(symbol_address vmx_core_enter)
second=$(objdump -d --start-address=0x"$addr" --stop-address=$((0x$addr + 32)) "$KERNEL_ELF" |
	awk '/^ +[0-9a-f]+:/ { n++; if (n == 2) { sub(":", "", $1); print $1; exit } }')
BREAK=vmx_core_enter DEBUG_TIMEOUT=60 debugger_run "$TEST_DIR/debug-plain.iso" 2 'c\nc\nc\nc\nc\nquit\n' "$TEST_DIR/$CASE.out"
for cpu in 0 1; do
	grep -Eq "^\($cpu\) \[0x[0-9a-f]+\] 0008:0*($addr \(vmx_core_enter\+0\)|$second \(vmx_core_enter\+[0-9a-f]+\)): " \
		"$TEST_DIR/$CASE.out" || fail "cpu $cpu never stopped at vmx_core_enter (0x$addr, then 0x$second)"
done
grep -Eq "^\([01]\) Breakpoint [0-9]+, 0x0*($addr|$second) in " "$TEST_DIR/$CASE.out" ||
	fail "Bochs reported no breakpoint at 0x$addr or 0x$second"
expect '^summary cpus=2 online=2 vmxon=2( .*)?$'
end_case

# break=vmxon on 3 cores: three stops, each named, then the usual report.
begin_case bochs-break-vmxon-3
make_test_iso break-vmxon "break=vmxon"
debugger_run "$TEST_DIR/break-vmxon.iso" 3 'c\nc\nc\nc\nquit\n' "$TEST_DIR/$CASE.out"
for cpu in 0 1 2; do
	expect "^break: vmxon on cpu $cpu\$"
	grep -q "^($cpu) Magic breakpoint" "$TEST_DIR/$CASE.out" || fail "no magic breakpoint on cpu $cpu"
done
expect_count '^break: ' 3
expect_count '^cpu [0-9]+ apic=[0-9]+ online vmx=ok vmxon=ok revision=0x[0-9a-f]+ vmxoff=ok caps=same( .*)?$' 3
expect '^summary cpus=3 online=3 vmxon=3( .*)?$'
# Each stop happens before that core's VMXON, with CR4.VMXE already set.
[ "$(grep -c 'Magic breakpoint' "$TEST_DIR/$CASE.out")" -eq 4 ] ||
	fail "expected 3 stops and the end marker, got $(grep -c 'Magic breakpoint' "$TEST_DIR/$CASE.out")"
end_case

# GDB in batch mode against QEMU (TCG) waiting for it: kmain, bt, continue.
begin_case gdb-qemu-kmain
port=$((20000 + RANDOM % 20000))
printf 'bt\ncontinue\n' > "$TEST_DIR/$CASE.gdb"
QEMU_ACCEL=tcg GDB_PORT=$port DEBUG_SERIAL=$LOG EMU_TIMEOUT=120 \
	tools/debug.sh qemu "$TEST_DIR/debug-plain.iso" > "$TEST_DIR/$CASE.qemu" 2>&1 &
qemu_pid=$!
sleep 1
GDB_PORT=$port GDB_SCRIPT=$TEST_DIR/$CASE.gdb timeout 120 tools/debug.sh gdb "$KERNEL_ELF" \
	> "$TEST_DIR/$CASE.out" 2>&1
wait $qemu_pid
grep -Eq "^Breakpoint 1, kmain \(" "$TEST_DIR/$CASE.out" || fail "GDB did not stop at kmain"
grep -Eq "^=> 0x0*$(symbol_address kmain) <kmain\+0>:" "$TEST_DIR/$CASE.out" ||
	fail "GDB stopped elsewhere than kmain's address"
grep -Eq '^#0 +kmain \(' "$TEST_DIR/$CASE.out" || fail "bt does not show kmain"
expect '^summary cpus=1 online=1 vmxon=0( .*)?$'
end_case

# The trace between cpu 0's vmx-check and vmxoff has both instructions, by name.
begin_case bochs-trace
LOG=""
EMU_TIMEOUT=600 tools/debug.sh trace "$KERNEL_ELF" "$SYMS" "$TEST_DIR/trace.txt" > "$TEST_DIR/$CASE.out" 2>&1
cat "$TEST_DIR/$CASE.out"
grep -Eq '^\(0\)\.\[[0-9]+\] .*\([a-z_]+\+[0-9a-f]+\): vmxon ' "$TEST_DIR/trace.txt" || fail "no VMXON in the trace"
grep -Eq '^\(0\)\.\[[0-9]+\] .*\([a-z_]+\+[0-9a-f]+\): vmxoff' "$TEST_DIR/trace.txt" || fail "no VMXOFF in the trace"
grep -q '^rax: ' "$TEST_DIR/trace.txt" || fail "no registers in the trace"
end_case

# loglevel=quiet: nothing before the report but warnings, such as an unknown
# break point's; and the console's copy on port 0xE9 (QEMU's -debugcon).
begin_case qemu-loglevel-quiet
make_test_iso quiet "loglevel=quiet break=nonesuch"
QEMU_SMP=2 qemu_boot "$TEST_DIR/quiet.iso" "$LOG" -debugcon "file:$TEST_DIR/$CASE.e9"; expect_status $? 0
before=$(log_lines | sed -n '/^cpu 0 /q;p' | grep -v '^[[:space:]]*$')
[ "$before" = "debug: break=nonesuch names no break point (ap-start, vmx-check, vmxon, vmxoff, report, exception; NAME@CPU for one core); it is ignored" ] ||
	fail "lines before the report: $before"
diff <(log_lines) <(tr -d '\r' < "$TEST_DIR/$CASE.e9") >/dev/null || fail "port 0xE9 did not get the same log as COM1"
end_case

begin_case qemu-loglevel-verbose
make_test_iso verbose "loglevel=verbose"
QEMU_SMP=2 qemu_boot "$TEST_DIR/verbose.iso" "$LOG"; expect_status $? 0
expect '^acpi: madt entry 0: local-apic apic=0 uid=0 enabled$'
expect '^acpi: madt entry 1: local-apic apic=1 uid=1 enabled$'
expect '^smp: cpu 1 apic=1 tables=0x[0-9a-f]+ stack-top=0x[0-9a-f]+ guard-page=0x[0-9a-f]+$'
expect '^smp: cpu 1 apic=1 arrived [0-9]+ us after the first INIT$'
expect '^tsc: '
end_case

begin_case qemu-loglevel-unknown
make_test_iso loud "loglevel=loud"
qemu_boot "$TEST_DIR/loud.iso" "$LOG"; expect_status $? 0
expect '^console: unknown loglevel=loud \(quiet, normal or verbose\); using normal$'
expect '^tsc: '
expect_not '^acpi: madt entry'
end_case
