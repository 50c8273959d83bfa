#!/usr/bin/env bash
# Runs vmxcheck on every tests/vmxcheck/*.dump and checks its verdict line,
# exit status and warnings against the dump's own header:
#   # expect: verdict=... revision=... region=... addr32=... true_ctls=...
#   # expect-exit: N
#   # expect-stderr: LINE      (any number; none means stderr must be empty)
# then a few command-line cases.  Ends with "vmxcheck: N passed, N failed".
#
# usage: tests/vmxcheck/run.sh [path/to/vmxcheck]   (build it: make vmxcheck)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/host/vmxcheck}
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# Runs vmxcheck with the given arguments; leaves out/err/rc behind.
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# The verdict must be the one line starting "verdict=", and the last line.
verdict_line() {
	local n
	n=$(grep -c '^verdict=' "$tmp/out")
	if [ "$n" -ne 1 ]; then
		echo "<$n verdict lines>"
	elif [ "$(tail -n 1 "$tmp/out" | cut -c1-8)" != "verdict=" ]; then
		echo "<verdict line is not last>"
	else
		grep '^verdict=' "$tmp/out"
	fi
}

header() { sed -n "s/^# $1: //p" "$2" | tr -d '\r'; }

check_dump() {
	local dump=$1 name want_verdict want_exit got problems=""
	name=$(basename "$dump")
	want_verdict=$(header expect "$dump")
	want_exit=$(header expect-exit "$dump")
	run --dump "$dump"
	got=$(verdict_line)
	[ "$got" = "$want_verdict" ] ||
		problems+=" verdict: want '$want_verdict', got '$got';"
	[ "$rc" = "$want_exit" ] ||
		problems+=" exit: want $want_exit, got $rc;"
	header expect-stderr "$dump" >"$tmp/want_err"
	if ! diff -u "$tmp/want_err" "$tmp/err" >"$tmp/diff"; then
		problems+=" stderr differs: $(tr '\n' ' ' <"$tmp/diff");"
	fi
	if [ -z "$problems" ]; then pass; else fail "$name:$problems"; fi
}

# expect_usage DESCRIPTION ARGS...: exit 2 and no verdict line.
expect_usage() {
	local what=$1
	shift
	run "$@"
	if [ "$rc" -eq 2 ] && ! grep -q '^verdict=' "$tmp/out" &&
	   [ -s "$tmp/err" ]; then
		pass
	else
		fail "$what: want exit 2, a message, no verdict; got $rc"
	fi
}

check_stdin() {
	local want
	want=$(header expect "$here/skylake.dump")
	"$bin" --dump - <"$here/skylake.dump" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ "$(verdict_line)" = "$want" ]; then
		pass
	else
		fail "--dump - (stdin): exit $rc, verdict '$(verdict_line)'"
	fi
}

# Probing this machine cannot have a fixed answer, but must be well formed
# and exit 0 exactly when the verdict is ok.
check_live() {
	local line want_rc=1
	run
	line=$(verdict_line)
	case $line in
	verdict=ok\ *) want_rc=0 ;;
	verdict=*) ;;
	*) fail "live probe: no proper verdict line: $line"; return ;;
	esac
	if [ "$rc" -eq "$want_rc" ]; then
		pass
	else
		fail "live probe: '$line' but exit $rc"
	fi
}

if [ ! -x "$bin" ]; then
	echo "vmxcheck: $bin not found; build it with 'make vmxcheck'" >&2
	echo "vmxcheck: 0 passed, 1 failed"
	exit 1
fi

for dump in "$here"/*.dump; do
	check_dump "$dump"
done
check_stdin
check_live
expect_usage "missing dump file" --dump "$tmp/no-such-file"
expect_usage "unknown option" --bogus
expect_usage "--dump without a file" --dump
expect_usage "--cpu not a number" --cpu x1
expect_usage "--cpu negative" --cpu -1
expect_usage "--cpu with --dump" --dump "$here/skylake.dump" --cpu 0
expect_usage "--cpu that does not exist" --cpu 1000000

echo "vmxcheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
