#!/usr/bin/env bash
# The README's examples, run as written (unattended: standard input is not a
# terminal), each with a check of its output, and timed.
#   tools/readme-examples.sh cheap|all [NAME...]
# cheap: the few `make test` runs (tests/integration/t_readme.sh); all: every
# one, the slow ones too (`make readme-check`).  Prints one line per example:
# PASS|FAIL NAME SECONDS, then the output's tail for a failure.  Each
# example's output is kept in build/readme/NAME.out.
set -u
cd "$(dirname "$0")/.." || exit 1
out_dir=build/readme
mkdir -p "$out_dir"

# NAME|cheap or slow|command (as the README shows it)|extended regex its output must match.
# The checks are the lines a reader is told to look for.
EXAMPLES=(
	"make-run|cheap|make run|^run: the kernel ended the run as a success"
	"make-qemu|cheap|make qemu|^cpu 0 apic=0 online vmx=unsupported vmxon=skipped cause=amd-svm-not-supported"
	"make-run-linux|cheap|make run-linux|^guest-os linux exit=poweroff cpus=1 "
	"make-bochs-selftest|slow|BOCHS_SMP=4 make bochs CMDLINE=vmx-selftest|^SUMMARY: [0-9]+ tests, 0 failures, [0-9]+ skipped"
	"make-bochs3|slow|BOCHS=3 make bochs|^summary cpus=2 online=2 vmxon=2 guests=2"
	"make-bochs-break|slow|make bochs CMDLINE=break=vmxon|run: stopped at a break point with no debugger attached"
	"make-run-linux-4|slow|BOCHS_SMP=4 make run-linux|^guest-os linux exit=poweroff cpus=4 "
	"make-run-linux-2|slow|BOCHS_SMP=2 make run-linux|^guest-os linux exit=poweroff cpus=2 "
	"make-test-linux-stock|slow|make test-linux-stock|^linux-stock: PASS"
)

# run_example NAME COMMAND REGEX: 0 when COMMAND's output matches.
run_example() {
	local name=$1 command=$2 regex=$3 start rc secs
	start=$(date +%s)
	# The README's command line, word for word, as a shell reads it.
	bash -c "$command" </dev/null >"$out_dir/$name.out" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if tr -d '\r' < "$out_dir/$name.out" | grep -Eq -- "$regex"; then
		echo "PASS $name ${secs}s ($command)"
		return 0
	fi
	echo "FAIL $name ${secs}s ($command): status $rc, no line matches /$regex/"
	tr -d '\r' < "$out_dir/$name.out" | tail -n 15 | sed 's/^/  | /'
	return 1
}

which=${1:-cheap}
shift
failed=0
for entry in "${EXAMPLES[@]}"; do
	IFS='|' read -r name cost command regex <<<"$entry"
	[ "$which" = all ] || [ "$cost" = "$which" ] || continue
	if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then
		continue
	fi
	if [[ $command == BOCHS=3* ]] && ! (. tools/emu.sh && bochs3_available); then
		echo "SKIP $name: no Bochs 3 build beside the clone"
		continue
	fi
	run_example "$name" "$command" "$regex" || failed=1
done
exit $failed
