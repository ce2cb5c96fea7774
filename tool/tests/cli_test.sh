#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The command-line contract of the vtdiag binary: options, usage errors
# (exit 64), and - when the vtdiag module is absent, as on the build
# machines - the "module not loaded" path (exit 4, JSON still printed).
#
#   tests/cli_test.sh [path/to/vtdiag]
set -u

VTDIAG=${1:-$(dirname "$0")/../vtdiag}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-cli.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
passed=0
failed=0
n=0

# run ARGS...: sets $rc, $SCRATCH/out and $SCRATCH/err
run() {
	"$VTDIAG" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
}

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
		passed=$((passed + 1))
	else
		echo "not ok $n - $2"
		sed 's/^/#   stdout: /' "$SCRATCH/out"
		sed 's/^/#   stderr: /' "$SCRATCH/err"
		failed=$((failed + 1))
	fi
}

has() {
	grep -qF -- "$2" "$SCRATCH/$1"
}

is_json() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert isinstance(o, dict)' "$SCRATCH/out"
	else
		head -c1 "$SCRATCH/out" | grep -q '{'
	fi
}

echo "TAP version 13"

run --bogus
[ "$rc" -eq 64 ] && has err "--help" && [ ! -s "$SCRATCH/out" ]
result $? "unknown option exits 64 with a usage hint"

run stray
[ "$rc" -eq 64 ] && has err "unexpected argument 'stray'"
result $? "stray argument exits 64"

run -h
[ "$rc" -eq 0 ] && has out "Exit status" && has out "--json" && has out "64" &&
	has out "--watch" && has out "SIGTERM"
result $? "--help describes options, --watch and exit statuses"

run --version
[ "$rc" -eq 0 ] && grep -q '^vtdiag ' "$SCRATCH/out"
result $? "--version"

run --no-color
plain_rc=$rc
! grep -q "$(printf '\033')" "$SCRATCH/out"
result $? "--no-color output has no escape sequences"

run --json
json_rc=$rc
[ "$json_rc" -eq "$plain_rc" ] && is_json && has out '"schema": 1' &&
	has out '"source": "module"'
result $? "--json prints one JSON object, same exit status as the report"

# Resolving the family autoloads an installed module: look only now.
if [ -d /sys/module/vtdiag ]; then
	echo "# vtdiag module loaded: module-missing checks skipped"
else
	run
	[ "$rc" -eq 4 ] && [ ! -s "$SCRATCH/out" ] &&
		has err "sudo modprobe vtdiag" && has err "sudo insmod kmod/vtdiag.ko"
	result $? "module not loaded: exit 4, how to load it on stderr"

	run --json
	[ "$rc" -eq 4 ] && is_json && has out '"verdict": "unknown"' &&
		has out '"kvm_ready": false' && has out '"module_not_loaded"'
	result $? "module not loaded: --json still prints the object"

	# Same words as the report, nothing on stdout, no waiting.
	run --watch
	[ "$rc" -eq 4 ] && [ ! -s "$SCRATCH/out" ] &&
		has err "sudo modprobe vtdiag" && has err "sudo insmod kmod/vtdiag.ko"
	result $? "module not loaded: --watch exits 4, how to load it on stderr"

	run --watch --json
	[ "$rc" -eq 4 ] && [ ! -s "$SCRATCH/out" ] && has err "sudo modprobe vtdiag"
	result $? "module not loaded: --watch --json exits 4"
fi

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
