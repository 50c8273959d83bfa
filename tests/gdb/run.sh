#!/usr/bin/env bash
# Real GDB against the stub's command layer (tests/gdb/gdb_server.c with the
# fake target): GDB must accept the target description, list both threads,
# read registers (the sys feature's included) and memory, write them, and
# stop at a breakpoint and after a single step.  Prints "gdb: N passed,
# N failed".
#
#   tests/gdb/run.sh BUILD/host/gdb_server
# The expected patterns are regular expressions: their $ is meant literally.
# shellcheck disable=SC2016
set -u
server=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$server" >"$dir/port" 2>"$dir/server.log" &
pid=$!
for _ in $(seq 50); do
	[ -s "$dir/port" ] && break
	sleep 0.1
done
port=$(cat "$dir/port")
sed "s/PORT/$port/" "$(dirname "$0")/session.gdb" >"$dir/session.gdb"
timeout 10 gdb -nx -batch -x "$dir/session.gdb" >"$dir/out" 2>&1
wait "$pid"

passed=0 failed=0
expect() {
	if grep -qE "$2" "$dir/out"; then
		passed=$((passed + 1))
	else
		echo "gdb: FAILED: $1 (no line matching '$2')"
		failed=$((failed + 1))
	fi
}
expect "architecture from target.xml" 'target architecture is set to "auto" \(currently "i386:x86-64"\)'
expect "two threads" '^\* 1 +Thread 1 '
expect "second thread" '^  2 +Thread 2 '
expect "rip of thread 1" '^rip +0x1100 '
expect "rax of thread 1" '^\$1 = 0x1111111111111111$'
expect "cr3 (sys feature)" '^\$2 = 0x1000$'
expect "fs_base (segments feature)" '^\$3 = 0xfeed0001$'
expect "memory read" '^0x1000:	0x03	0x0a	0x11	0x18$'
expect "rax of thread 2" '^\$4 = 0x2222222222222222$'
expect "register write" '^\$5 = 0x1234$'
expect "memory write" '^0x1003:	0xab$'
expect "breakpoint set" '^Breakpoint 1 at 0x1800$'
expect "stopped at the breakpoint in thread 2" '^Thread 2 hit Breakpoint 1, 0x0+1800 '
expect "pc at the breakpoint" '^\$6 = 0x1800$'
expect "pc after stepi" '^\$7 = 0x1801$'
expect "detach" 'detached|Detaching'
grep -q 'gdb_server: detached' "$dir/server.log" && passed=$((passed + 1)) ||
	{ echo "gdb: FAILED: the stub saw no D"; failed=$((failed + 1)); }
if [ "$failed" -ne 0 ]; then
	echo "--- gdb output"
	cat "$dir/out"
fi
echo "gdb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
