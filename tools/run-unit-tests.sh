#!/usr/bin/env bash
# Runs each cmocka test binary given and prints one closing line,
# "unit: N passed, N failed", counting test cases across all binaries.
# A case counts as passed only on its own "[       OK ]" line, so a binary
# that a sanitizer ends mid-run loses none of its results: the case it was
# in counts as failed, and so does a binary that ran no case at all.
set -u
passed=0 failed=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	ran=$(printf '%s\n' "$out" | grep -c '^\[ RUN      \]')
	ok=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
	passed=$((passed + ok))
	failed=$((failed + ran - ok))
	if [ "$ran" -eq 0 ] || { [ $rc -ne 0 ] && [ "$ran" -eq "$ok" ]; }; then
		echo "$t exited $rc after $ran cases without a verdict for every one" >&2
		failed=$((failed + 1))
	fi
done
echo "unit: $passed passed, $failed failed"
[ $failed -eq 0 ]
