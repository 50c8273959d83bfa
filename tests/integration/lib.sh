#!/usr/bin/env bash
# Assertions on what the kernel printed on COM1, for the integration tests.
# Each case records PASS or FAIL; `finish` prints the closing count line.

# shellcheck source=../../tools/emu.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/emu.sh"

TEST_DIR=${TEST_DIR:-build/test}
PASSED=0
FAILED=0
CASE_FAILED=0
CASE=""

mkdir -p "$TEST_DIR"

# make_test_iso NAME "KERNEL COMMAND LINE": an ISO whose GRUB entries pass
# it, booting the first at once.  A failure stops the whole run: no case may boot a stale ISO.
make_test_iso() {
	local name=$1 cmdline=$2 dir="$TEST_DIR/iso-$1"
	rm -rf "$dir" "$TEST_DIR/$name.iso" && mkdir -p "$dir/boot/grub" &&
	cp "$KERNEL_ELF" "$dir/boot/hypervisor.elf" &&
	sed -e "s|multiboot2 /boot/hypervisor.elf.*|multiboot2 /boot/hypervisor.elf $cmdline|" \
		-e 's/^set timeout=.*/set timeout=0/' iso/grub.cfg > "$dir/boot/grub/grub.cfg" &&
	grep -q "hypervisor.elf $cmdline\$" "$dir/boot/grub/grub.cfg" &&
	grub-mkrescue -o "$TEST_DIR/$name.iso" "$dir" >"$TEST_DIR/$name.mkrescue.log" 2>&1 || {
		echo "integration: could not make the test ISO '$name'" >&2
		cat "$TEST_DIR/$name.mkrescue.log" >&2 2>/dev/null
		exit 1
	}
}

begin_case() {
	CASE=$1
	CASE_FAILED=0
	CASE_REPORT=1
	EXPECT_REPORT=1
	LOG="$TEST_DIR/$1.serial"
}

# For a case whose log is not the hypervisor's (Linux booted bare): no report.
without_report() {
	CASE_REPORT=0
	EXPECT_REPORT=0 # tools/emu.sh: the emulator's verdict stands alone
}

fail() {
	echo "  FAIL [$CASE] $*"
	CASE_FAILED=1
}

# expect_status GOT WANT: the emulator's verdict (0 success, 1 failure, 2 other).
expect_status() {
	[ "$1" = "$2" ] || fail "run ended with status $1, expected $2"
}

# The serial log as lines: the UART sends CR LF, and firmware and GRUB
# (under OVMF) add ANSI escapes before the kernel's first line.
log_lines() {
	tr -d '\r' < "$LOG" | sed 's/\x1b\[[0-9;=?]*[a-zA-Z]//g'
}

# expect REGEX: some line of the serial log matches (extended regex).
expect() {
	log_lines | grep -Eq -- "$1" || fail "no line matches /$1/"
}

expect_not() {
	! log_lines | grep -Eq -- "$1" || fail "a line matches /$1/: $(log_lines | grep -Em1 -- "$1")"
}

# expect_count REGEX N: exactly N lines match.
expect_count() {
	local n
	n=$(log_lines | grep -Ec -- "$1")
	[ "$n" -eq "$2" ] || fail "$n lines match /$1/, expected $2"
}

# expect_distinct_apic_ids N: the cpu lines name N different APIC ids.
expect_distinct_apic_ids() {
	local distinct
	distinct=$(log_lines | grep -E '^cpu [0-9]+ ' | sed -E 's/.* apic=([0-9]+).*/\1/' | sort -u | wc -l)
	[ "$distinct" -eq "$1" ] || fail "$distinct distinct APIC ids among $1 processors"
}

# field KEY LINE-REGEX: value of KEY=VALUE on the first line matching.
field() {
	log_lines | grep -Em1 -- "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n1
}

# The report closes the log: exactly one summary line, and it is the last;
# the cpu lines number 0, 1, 2, ... in order.
expect_report_closed() {
	expect_count '^summary ' 1
	log_lines | grep -v '^[[:space:]]*$' | tail -n 1 | grep -Eq '^summary cpus=[0-9]+ online=[0-9]+ vmxon=[0-9]+ guests=[0-9]+ iommu=(on|off|absent)$' ||
		fail "the last line is not the summary: $(log_lines | grep -v '^[[:space:]]*$' | tail -n 1)"
	local got want
	got=$(log_lines | sed -nE 's/^cpu ([0-9]+) .*/\1/p' | tr '\n' ' ')
	want=$(seq -s ' ' 0 $(($(log_lines | grep -Ec '^cpu [0-9]+ ') - 1)))
	[ "${got% }" = "$want" ] || fail "cpu lines are numbered '${got% }', expected '$want'"
}

end_case() {
	[ "$CASE_REPORT" = 1 ] && [ -n "${LOG:-}" ] && [ -s "$LOG" ] && expect_report_closed
	if [ $CASE_FAILED -eq 0 ]; then
		echo "  PASS [$CASE]"
		PASSED=$((PASSED + 1))
	else
		echo "  --- serial log of [$CASE] ($LOG), last 40 lines:"
		log_lines | tail -n 40 | sed 's/^/  | /'
		FAILED=$((FAILED + 1))
	fi
}

finish() {
	echo "integration: $PASSED passed, $FAILED failed"
	[ $FAILED -eq 0 ]
}
