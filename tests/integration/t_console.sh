# shellcheck shell=bash
# shellcheck disable=SC2034,SC2016 # LOG is lib.sh's; $((6*7)) is the guest shell's to expand
# The run targets as a person uses them: CMDLINE= reaches the kernel, the
# verdict comes from the kernel's report, and on a terminal COM1 is joined
# to it (tools/console.py).  The terminal is scripted (pty_session.py).

PTY_SESSION=tests/integration/pty_session.py

# make qemu CMDLINE=...: the kernel prints the command line it was given.
begin_case make-qemu-cmdline
make -s --no-print-directory qemu CMDLINE="loglevel=verbose" </dev/null >"$TEST_DIR/$CASE.out" 2>&1
expect_status $? 0
LOG=build/run.serial
expect '^boot loader="GRUB [^"]*" cmdline="loglevel=verbose"$'
grep -q '^run: the kernel ended the run as a success' "$TEST_DIR/$CASE.out" || fail "no success line from the runner"
end_case

# A break point with no debugger stops the run before the report: that is
# not a success, and the runner names the point.
begin_case make-bochs-break-without-debugger
make -s --no-print-directory bochs CMDLINE="break=vmxon" BOCHS_SMP=1 </dev/null >"$TEST_DIR/$CASE.out" 2>&1
expect_status $? 2
LOG=build/run.serial
without_report
expect '^break: vmxon on cpu 0$'
expect_not '^summary '
grep -q 'run: stopped at a break point with no debugger attached (break: vmxon on cpu 0)' "$TEST_DIR/$CASE.out" ||
	fail "the runner did not name the break point: $(tail -n 2 "$TEST_DIR/$CASE.out")"
end_case

# make run-linux on a terminal: Linux's shell (guest.shell=1) takes typed
# input, `poweroff -f` ends Linux, and the hypervisor's report ends the run
# as a success.  CMDLINE= reaches the hypervisor under run-linux too.
begin_case make-run-linux-console
python3 "$PTY_SESSION" "$TEST_DIR/$CASE.tty" "${LINUX_GUEST_TIMEOUT:-300}" \
	--expect 'guest# ' --send 'echo typed-$((6*7))\r' --expect 'typed-42' --send 'poweroff -f\r' -- \
	make -s --no-print-directory run-linux CMDLINE="linux-ap=watch-icr" \
	LINUX_CMDLINE="console=ttyS0,115200 quiet panic=-1 guest.shell=1"
expect_status $? 0
LOG=$TEST_DIR/$CASE.tty
without_report
expect '^run: COM1 is this terminal'
expect '^typed-42$'
expect '^boot loader="GRUB [^"]*" cmdline="linux-ap=watch-icr"$'
expect '^guest-os linux exit=poweroff cpus=1 exits=[1-9][0-9]*$'
expect '^summary cpus=1 online=1 vmxon=1 guests=1 iommu=absent$'
expect '^run: the hypervisor ended the run as a success'
end_case
