#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion of vtdiag: registered for the command, completes
# every option --help lists and nothing it does not, each once, nothing
# after --help or --version. TAP output.
#
#   tests/completion_test.sh [vtdiag.bash-completion] [path/to/vtdiag]
set -u
. "$(dirname "$0")/tap.sh"

COMPLETION=${1:-$(dirname "$0")/../vtdiag.bash-completion}
VTDIAG=${2:-$(dirname "$0")/../vtdiag}


# complete WORD...: what TAB offers after the words, the last being the
# one under the cursor; sorted, one line.
complete_words() {
	COMP_WORDS=(vtdiag "$@")
	COMP_CWORD=$#
	COMP_LINE="vtdiag $*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_vtdiag vtdiag "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect DESCRIPTION WANT WORD...
expect() {
	local description=$1 want=$2 got
	shift 2
	got=$(complete_words "$@")
	[ "$got" = "$want" ]
	result $? "$description"
	[ "$got" = "$want" ] || echo "#   got '$got', expected '$want'"
}

echo "TAP version 13"

# shellcheck source=/dev/null
. "$COMPLETION"
complete -p vtdiag 2>/dev/null | grep -q -- '-F _vtdiag vtdiag$'
result $? "complete -p: vtdiag is completed by _vtdiag"

expect "an empty word: every option, and fix" \
	"--collect --help --json --list-reads --no-color --prometheus --root --version --watch -V -h fix" ""
expect "f: fix" "fix" "f"
expect "fix: its own options" \
	"--dry-run --firmware-only --help --root --user --yes -h" fix ""
expect "fix --dry-run: no --yes, no help" "--firmware-only --root --user" fix --dry-run ""
expect "fix -y: no --yes again, no --dry-run" "--firmware-only --root --user" fix -y ""
expect "fix --user: user names" "root" fix --user "roo"
expect "not fix after an option" "" --json "fi"
expect "--: the long options" \
	"--collect --help --json --list-reads --no-color --prometheus --root --version --watch" "--"
expect "--j: --json" "--json" "--j"
expect "--no: --no-color" "--no-color" "--no"
expect "after --json: the others, once, no --help" \
	"--list-reads --no-color --root --watch" --json ""
expect "--c: --collect" "--collect" "--c"
expect "--p: --prometheus" "--prometheus" "--p"
expect "after --prometheus: --no-color and --root" "--list-reads --no-color --root" \
	--prometheus ""
expect "after --collect FILE: --no-color and --root" "--list-reads --no-color --root" \
	--collect b.tar.gz ""
expect "after --no-color: --collect and --prometheus too" \
	"--collect --json --list-reads --prometheus --root --watch" --no-color ""
expect "after --watch: only --json (no colour to turn off)" \
	"--json" --watch ""
expect "after --json --watch: nothing left" "" --json --watch ""
expect "after --help: nothing" "" --help ""
expect "after -V: nothing" "" -V "-"
expect "no file names or arguments" "" --json "fo"
expect "after --root DIR: no --watch (--collect bundles the tree)" \
	"--collect --json --list-reads --no-color --prometheus" --root /tmp ""

# --collect FILE completes file names.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-compl.XXXXXX")
touch "$scratch/host1.tar.gz" "$scratch/host2.tar.gz"
expect "--collect: file names" "$scratch/host1.tar.gz $scratch/host2.tar.gz" \
	--collect "$scratch/ho"
rm -rf "$scratch"

# Every long option --help lists is completed, and nothing else.
help_options=$("$VTDIAG" --help | grep -oE '^ {2,6}(-[a-zA-Z], )?--[a-z-]+' |
	grep -oE -- '--[a-z-]+' | sort -u | tr '\n' ' ' | sed 's/ $//')
completed=$(complete_words "--")
[ -n "$help_options" ] && [ "$help_options" = "$completed" ]
result $? "the options of --help, exactly"
[ "$help_options" = "$completed" ] ||
	echo "#   --help: '$help_options'; completion: '$completed'"
fix_options=$("$VTDIAG" fix --help | grep -oE '^ {2,6}(-[a-zA-Z], )?--[a-z-]+' |
	grep -oE -- '--[a-z-]+' | sort -u | tr '\n' ' ' | sed 's/ $//')
completed=$(complete_words fix "--")
[ -n "$fix_options" ] && [ "$fix_options" = "$completed" ]
result $? "the options of fix --help, exactly"
[ "$fix_options" = "$completed" ] ||
	echo "#   fix --help: '$fix_options'; completion: '$completed'"

tap_end
