# SPDX-License-Identifier: GPL-2.0
#
# The TAP of the shell tests, one copy: sourced (". tests/tap.sh") by each
# script, which then calls
#   result RC DESCRIPTION   "ok N - ..." when RC is 0, else "not ok N - ...",
#                           followed by the files named in $TAP_SHOW (at
#                           most 40 lines each, as "#   NAME: line")
#   skip DESCRIPTION WHY    "ok N - ... # SKIP WHY"; a failure when
#                           VTDIAG_NO_SKIP=1 (make check sets it)
#   tap_end                 the plan and "N passed, N failed"; returns 1
#                           when any failed
# POSIX sh: dash runs some of them. printf, not echo: dash's echo would
# expand backslashes in the descriptions.

passed=0
failed=0
n=0
TAP_SHOW=${TAP_SHOW:-}

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %s - %s\n' "$n" "$2"
		passed=$((passed + 1))
		return 0
	fi
	printf 'not ok %s - %s\n' "$n" "$2"
	for tap_file in $TAP_SHOW; do
		[ -s "$tap_file" ] &&
			head -n 40 "$tap_file" | sed "s|^|#   ${tap_file##*/}: |"
	done
	failed=$((failed + 1))
	return 0
}

skip() {
	n=$((n + 1))
	if [ "${VTDIAG_NO_SKIP:-0}" = 1 ]; then
		printf 'not ok %s - %s: cannot run (%s) and VTDIAG_NO_SKIP is set\n' \
			"$n" "$1" "$2"
		failed=$((failed + 1))
		return 0
	fi
	printf 'ok %s - %s # SKIP %s\n' "$n" "$1" "$2"
}

tap_end() {
	echo "1..$n"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
