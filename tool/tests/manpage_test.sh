#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The man page: groff formats it without a single warning, man renders it,
# it has the sections a man page needs, and it documents every option
# `vtdiag --help` lists and every exit status. TAP output.
#
#   tests/manpage_test.sh [vtdiag.8] [path/to/vtdiag]
set -u

PAGE=${1:-$(dirname "$0")/../vtdiag.8}
VTDIAG=${2:-$(dirname "$0")/../vtdiag}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-man.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
. "$(dirname "$0")/tap.sh"


echo "TAP version 13"

# -ww: every warning; -z: no output, only the diagnostics.
groff -man -Tutf8 -ww -z "$PAGE" >"$SCRATCH/groff" 2>&1
[ $? -eq 0 ] && [ ! -s "$SCRATCH/groff" ]
result $? "groff -man -Tutf8 -ww: no warnings"
sed 's/^/#   /' "$SCRATCH/groff"

LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$PAGE" >"$SCRATCH/page" 2>"$SCRATCH/man"
[ $? -eq 0 ] && [ ! -s "$SCRATCH/man" ] && grep -q '^NAME' "$SCRATCH/page"
result $? "man -l renders it"
sed 's/^/#   /' "$SCRATCH/man"

missing=
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT \
	FILES EXAMPLES "SEE ALSO"; do
	grep -q "^$section\$" "$SCRATCH/page" || missing="$missing '$section'"
done
[ -z "$missing" ]
result $? "sections NAME ... SEE ALSO"
[ -z "$missing" ] || echo "#   missing:$missing"

missing=
for option in $("$VTDIAG" --help | grep -oE '^ {2,6}(-[a-zA-Z], )?--[a-z-]+' |
		grep -oE -- '-?-[a-zA-Z-]+'); do
	grep -qE -- "^       (-[a-zA-Z], )?$option( |,|\$)" "$SCRATCH/page" ||
		missing="$missing $option"
done
[ -z "$missing" ]
result $? "every option of --help has its entry"
[ -z "$missing" ] || echo "#   missing:$missing"

missing=
for status in 0 1 2 3 4 64; do
	sed -n '/^EXIT STATUS$/,/^[A-Z]/p' "$SCRATCH/page" |
		grep -qE "^       $status( |\$)" || missing="$missing $status"
done
[ -z "$missing" ]
result $? "exit statuses 0 1 2 3 4 64"
[ -z "$missing" ] || echo "#   missing:$missing"

grep -q NO_COLOR "$SCRATCH/page"
result $? "NO_COLOR documented"

tap_end
