#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Golden reports of captured trees (tool/tests/trees/NAME, README there):
# each tree, its CPU files materialized from cpu-regs.txt into a scratch
# copy, must give exactly expected.txt (--no-color) and expected.json
# (--json) with its exit status in expected.rc; and --root's usage errors
# exit 64. The trees' answers differ from this machine's in every tree,
# which shows that nothing outside the root was read.
#
#   tests/tree_test.sh [--update] [path/to/vtdiag]
#
# --update rewrites the expected files from what the tool prints now:
# review the diff before committing it.
#
# Git keeps no owner and no device nodes: the copy's dev/kvm is made
# root:kvm (the kvm gid of the tree's etc/group) 0660, as udev makes it,
# which needs root;
# elsewhere the trees with a dev/kvm are skipped.
set -u

update=no
if [ "${1:-}" = --update ]; then
	update=yes
	shift
fi
VTDIAG=$(realpath "${1:-$(dirname "$0")/../vtdiag}")
TREES=$(realpath "$(dirname "$0")/trees")
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-trees.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
. "$(dirname "$0")/tap.sh"


# check NAME: the tree's text and JSON against its expected files.
check() {
	name=$1 tree=$SCRATCH/$1
	rm -rf "$tree"
	cp -a "$TREES/$name" "$tree" && "$TREES/materialize" "$tree" || return 1
	if [ -e "$tree/dev/kvm" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "ok $((n + 1)) # SKIP $name: dev/kvm needs root to chown"
			n=$((n + 1))
			return 2
		fi
		# The kvm group of the tree's own etc/group.
		gid=$(awk -F: '$1 == "kvm" { print $3 }' "$tree/etc/group" 2>/dev/null)
		chown "0:${gid:-0}" "$tree/dev/kvm" && chmod 0660 "$tree/dev/kvm"
	fi
	LC_ALL=C "$VTDIAG" --root "$tree" --no-color >"$SCRATCH/out.txt" 2>"$SCRATCH/err"
	echo $? >"$SCRATCH/out.rc"
	LC_ALL=C "$VTDIAG" --root "$tree" --json >"$SCRATCH/out.json" 2>>"$SCRATCH/err"
	if [ $update = yes ]; then
		cp "$SCRATCH/out.txt" "$TREES/$name/expected.txt"
		cp "$SCRATCH/out.json" "$TREES/$name/expected.json"
		cp "$SCRATCH/out.rc" "$TREES/$name/expected.rc"
	fi
	# A difference shows as comment lines and fails the tree.
	diff -u "$TREES/$name/expected.txt" "$SCRATCH/out.txt" >"$SCRATCH/diff" &&
	diff -u "$TREES/$name/expected.json" "$SCRATCH/out.json" >>"$SCRATCH/diff"
	same=$?
	sed 's/^/#   /' "$SCRATCH/diff" "$SCRATCH/err"
	[ $same -eq 0 ] &&
	cmp -s "$TREES/$name/expected.rc" "$SCRATCH/out.rc" &&
	[ ! -s "$SCRATCH/err" ] &&
	! diff -q "$TREES/$name/expected.txt" "$SCRATCH/host.txt" >/dev/null
}

echo "TAP version 13"
LC_ALL=C "$VTDIAG" --no-color >"$SCRATCH/host.txt" 2>/dev/null

for dir in "$TREES"/*/; do
	name=$(basename "$dir")
	check "$name"
	rc=$?
	[ $rc -eq 2 ] || result $rc "tree $name: text, JSON and exit status as expected"
done

# --require: the KVM status when it is not 0, else the feature's readiness.
require() {
	name=$1 feature=$2 want=$3
	if [ ! -d "$SCRATCH/$name" ]; then
		echo "ok $((n + 1)) # SKIP --require $feature on $name: tree not materialized"
		n=$((n + 1))
		return
	fi
	LC_ALL=C "$VTDIAG" --root "$SCRATCH/$name" --require "$feature" >"$SCRATCH/out" 2>&1
	got=$?
	[ $got -eq "$want" ] || echo "#   exit status $got, expected $want"
	[ $got -eq "$want" ] && grep -q "^--require $feature: " "$SCRATCH/out"
	result $? "--require $feature on $name: exit $want"
}
require amd-epyc-snp-rmp sev 0
require amd-epyc-snp-rmp sev-es 0
require amd-epyc-snp-rmp sev-snp 2
require amd-epyc-snp-rmp tdx 3
require intel-tdx-kvm-off tdx 1
require intel-tdx-kvm-off sev 3
require amd-kvm-ready sev-snp 3
require intel-vmx-locked-off tdx 2
require vm-skylake-hidden tdx 3
LC_ALL=C "$VTDIAG" --root "$SCRATCH/amd-epyc-snp-rmp" --json --require sev_snp >"$SCRATCH/out" 2>/dev/null
[ $? -eq 2 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = d["confidential"]["require"]
sys.exit(not (r == {"feature": "sev_snp", "exit_status": 2} and d["exit_status"] == 0))
' "$SCRATCH/out"
result $? "--require sev_snp --json: exit 2, confidential.require says so, exit_status stays KVM's"
"$VTDIAG" --require sgx >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ] && grep -q "unknown feature 'sgx' (one of: sev, sev-es, sev-snp, tdx)" "$SCRATCH/err"
result $? "--require of an unknown feature: exit 64 and the choices"
"$VTDIAG" --require tdx --prometheus >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ]
result $? "--require with --prometheus: exit 64"

"$VTDIAG" --root "$SCRATCH/missing" >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ] && grep -q "^vtdiag: --root '.*missing': No such file or directory" "$SCRATCH/err"
result $? "--root of a missing directory: exit 64 and why"
VTDIAG_ROOT=/etc/passwd "$VTDIAG" >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ] && grep -q "Not a directory" "$SCRATCH/err"
result $? "VTDIAG_ROOT naming a file: exit 64"
VTDIAG_ROOT=/etc/passwd "$VTDIAG" --root / >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -ne 64 ]
result $? "--root wins over VTDIAG_ROOT"
"$VTDIAG" --root "$SCRATCH" --watch >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ]
result $? "--root with --watch: exit 64"

tap_end
