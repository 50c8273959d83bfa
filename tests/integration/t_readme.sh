# shellcheck shell=bash
# The README's cheap examples, run as written with a check of each one's
# output (tools/readme-examples.sh; `make readme-check` runs them all).

begin_case readme-examples-cheap
without_report
LOG=$TEST_DIR/$CASE.out
tools/readme-examples.sh cheap > "$LOG" 2>&1
expect_status $? 0
expect '^PASS make-run '
expect '^PASS make-qemu '
expect '^PASS make-run-linux '
expect_not '^FAIL '
end_case
