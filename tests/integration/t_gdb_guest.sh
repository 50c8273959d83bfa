# shellcheck shell=bash
# shellcheck disable=SC2016 # GDB expressions ($rax, $pc) are meant literally
# GDB attached to an OS guest through the hypervisor's stub on COM2
# (arch/x86/guests/debugger.h), in Bochs (tools/gdb-guest.sh serves COM2 on
# a TCP port), GDB in batch mode: the Multiboot test kernel on two cores.

GDB_TEST_PORT=${GDB_TEST_PORT:-$((20000 + RANDOM % 20000))}

# gdb_session NAME KERNEL ARGS GDB_SCRIPT: boots KERNEL with gdb=com2 and
# runs GDB's commands against it; GDB's output in $TEST_DIR/NAME.gdb.
gdb_session() {
	local name=$1 kernel=$2 args=$3 script=$4 iso="$TEST_DIR/$1.iso"
	tools/guest-iso.sh "$iso" "$KERNEL_ELF" "$kernel" "$args" "" "gdb=com2" \
		>"$TEST_DIR/$name.iso.log" 2>&1 || fail "guest ISO for $name"
	printf 'set architecture i386:x86-64\nset pagination off\nset confirm off\nset remotetimeout 600\ntarget remote localhost:%s\n%s\n' \
		"$GDB_TEST_PORT" "$script" >"$TEST_DIR/$name.gdbinit"
	GDB_BATCH=1 GDB_PORT=$GDB_TEST_PORT timeout -s INT -k 5 "$EMU_TIMEOUT" \
		tools/gdb-guest.sh "$iso" "$LOG" 2>/dev/null &
	local bochs=$!
	sleep 3
	timeout "$EMU_TIMEOUT" gdb -batch -nx -x "$TEST_DIR/$name.gdbinit" "$kernel" \
		>"$TEST_DIR/$name.gdb" 2>&1
	wait "$bochs"
	GDB_TEST_PORT=$((GDB_TEST_PORT + 1))
}

gdb_expect() {
	grep -Eq "$1" "$TEST_DIR/$2.gdb" || fail "GDB's output lacks /$1/ (see $TEST_DIR/$2.gdb)"
}

gdb_expect_not() {
	! grep -Eq "$1" "$TEST_DIR/$2.gdb" || fail "GDB's output has /$1/ (see $TEST_DIR/$2.gdb)"
}

# Each core stopped: thread 1 at a breakpoint, thread 2 (the AP) at one in
# ap_main, both read back; then Ctrl-C (GDB's own SIGINT handler sends 0x03)
# while no core exits (thread 1 spins on a jmp $ GDB wrote into bss_words,
# thread 2 halts): only the preemption timer's poll and the stop's NMI can
# stop them; thread 1 is put back and the run ends as without GDB.
begin_case bochs-gdb-multiboot-2
gdb_session gdb-mb "${GUESTS:-build/guests}/mb1-elf32.elf" "smp=mp" '
info threads
p/x $rax
p/x $rip
echo regs=
output $rbx != 0 && $rcx == 0 && $rdx == 0 && $rsi == 0 && $rdi == 0 && $rbp == 0 && $r8 == 0 && $r15 == 0
echo \n
x/wx 0x100000
break mbtest_main
continue
p/x $pc
stepi
p/x $pc
p/x data_words[0]
delete
break ap_main
continue
info threads
p/x $pc
p/x $cs
p $esp >= (long) &ap_stacks && $esp <= (long) &ap_stacks_end
thread 1
info symbol $pc
delete
set $resume_pc = (long) $pc
set var bss_words[0] = 0xfeeb
set var $pc = (long) &bss_words[0]
shell (sleep 4; kill -INT $PPID) &
continue
thread 1
p/x $pc
set var $pc = $resume_pc
set var bss_words[0] = 0
continue'
expect '^gdb: stub on com2 \(0x2f8\) threads=2: the Multiboot kernel waits for GDB before its first instruction$'
gdb_expect '^\* 1 +Thread 1 .*_start' gdb-mb
gdb_expect '^  2 +Thread 2' gdb-mb
gdb_expect '^\$1 = 0x2badb002$' gdb-mb
gdb_expect '^\$2 = 0x400010$' gdb-mb
gdb_expect '^regs=1$' gdb-mb
# 1 MiB in the guest is a window onto other pages, not the hypervisor's image (its Multiboot2 header).
gdb_expect '^0x100000:' gdb-mb
gdb_expect_not '0xe85250d6' gdb-mb
gdb_expect '^Thread 1 hit Breakpoint 1, mbtest_main' gdb-mb
gdb_expect '^\$3 = 0x400cf0$' gdb-mb
gdb_expect '^\$4 = 0x400cf1$' gdb-mb
gdb_expect '^\$5 = 0x600dda7a$' gdb-mb
gdb_expect '^Thread 2 hit Breakpoint 2, ap_main ' gdb-mb
gdb_expect '^\* 2 +Thread 2 +ap_main ' gdb-mb
gdb_expect '^\$6 = 0x401720$' gdb-mb
gdb_expect '^\$7 = 0x8$' gdb-mb
gdb_expect '^\$8 = 1$' gdb-mb
gdb_expect '^(pit_[a-z_]+|smp_start|mbtest_main) \+ [0-9]+ in section \.text$' gdb-mb
gdb_expect '^Thread [12] received signal SIGINT, Interrupt\.$' gdb-mb
gdb_expect '^\$9 = 0x447100$' gdb-mb
gdb_expect '^\[Inferior 1 \(Remote target\) exited (normally|with code)' gdb-mb
expect '^mbtest: magic=0x2badb002$'
expect '^mbtest: ap 1 up$'
expect '^mbtest: cpus=2$'
expect_not 'did not stop within'
expect '^guest-os multiboot exit=status code=0 cpus=2 exits=[0-9]+$'
end_case

# The guest's triple fault is GDB's SIGSEGV, the registers still there to
# read, before the run ends as it does without GDB.
begin_case bochs-gdb-triple-fault
gdb_session gdb-triple "${GUESTS:-build/guests}/triple.bin" "" '
continue
p/x $pc
continue'
gdb_expect '^Thread 1 received signal SIGSEGV' gdb-triple
gdb_expect '^\$1 = 0x[0-9a-f]+$' gdb-triple
gdb_expect '^\[Inferior 1 \(Remote target\) exited|Program terminated with signal SIGSEGV' gdb-triple
expect '^mbtest: triple-fault$'
expect '^gdb: cpu 0 stopped the guest for GDB: signal 11$'
expect '^guest-os multiboot exit=triple-fault '
end_case
