#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fleet playbook's opt-in remediation (scripts/ansible/vtdiag-fleet.yml,
# vtdiag_fix_mode), run here with a local connection against two "hosts"
# that are copies of captured trees (VTDIAG_ROOT per host through
# vtdiag_environment): dell-fwattr-disabled (firmware off, a writable
# dell-wmi-sysman setting) and amd-kvm-ready (enabled). Without the mode
# nothing runs vtdiag fix; dry-run keeps fix's plan and changes nothing;
# apply changes the Dell's setting only, never the enabled host's tree,
# and lists the Dell as waiting for a power cycle. The VM runs the plain
# fleet (scripts/vmtests/ansible-fleet).
#
#   tests/ansible_fix_test.sh [path/to/vtdiag]
set -u

VTDIAG=$(realpath "${1:-$(dirname "$0")/../vtdiag}")
TOP=$(realpath "$(dirname "$0")/../..")
TREES=$TOP/tool/tests/trees
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-ansible.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
. "$(dirname "$0")/tap.sh"
TAP_SHOW="$SCRATCH/log $SCRATCH/out/summary.txt"
VALUE=sys/class/firmware-attributes/dell-wmi-sysman/attributes/Virtualization/current_value

echo "TAP version 13"
if ! command -v ansible-playbook >/dev/null; then
	skip "fleet remediation" "ansible-playbook not installed"
	tap_end
	exit
fi
export HOME=${HOME:-/root} ANSIBLE_LOCAL_TEMP=$SCRATCH/ansible-local
export ANSIBLE_REMOTE_TEMP=$SCRATCH/ansible-remote ANSIBLE_NOCOLOR=1
export ANSIBLE_RETRY_FILES_ENABLED=0 LC_ALL=C.UTF-8

for t in dell-fwattr-disabled amd-kvm-ready; do
	cp -a "$TREES/$t" "$SCRATCH/$t" && "$TREES/materialize" "$SCRATCH/$t" || exit 1
done
(cd "$SCRATCH/amd-kvm-ready" && find . -path ./dev/cpu -prune -o -type f -print0 |
	sort -z | xargs -0 md5sum) >"$SCRATCH/amd.before"
cat >"$SCRATCH/inventory.yml" <<EOT
all:
  hosts:
    dell-off:
      vtdiag_environment: { VTDIAG_ROOT: "$SCRATCH/dell-fwattr-disabled" }
    amd-ready:
      vtdiag_environment: { VTDIAG_ROOT: "$SCRATCH/amd-kvm-ready" }
EOT

# play MODE: the playbook with vtdiag_fix_mode MODE ("" for none).
play() {
	rm -rf "$SCRATCH/out"
	ansible-playbook -i "$SCRATCH/inventory.yml" -c local \
		-e "vtdiag_bin=$VTDIAG" -e "vtdiag_report_dir=$SCRATCH/out" \
		-e vtdiag_fix_become=false ${1:+-e vtdiag_fix_mode=$1} \
		"$TOP/scripts/ansible/vtdiag-fleet.yml" >"$SCRATCH/log" 2>&1
}

# row HOST KEY: the summary's value.
row() {
	python3 -c 'import json, sys
rows = {r["host"]: r for r in json.load(open(sys.argv[1]))}
print(rows[sys.argv[2]][sys.argv[3]])' "$SCRATCH/out/summary.json" "$1" "$2"
}

play
[ $? -eq 0 ] && [ "$(row dell-off fix)" = - ] && [ "$(row amd-ready fix)" = - ] &&
	[ "$(cat "$SCRATCH/dell-fwattr-disabled/$VALUE")" = Disabled ] &&
	[ "$(row dell-off verdict)" = disabled_by_firmware ] &&
	[ ! -e "$SCRATCH/out/dell-off.fix.txt" ]
result $? "no vtdiag_fix_mode: vtdiag fix not run, nothing changed"

play dry-run
[ $? -eq 0 ] && [ "$(row dell-off fix)" = dry-run:0 ] && [ "$(row amd-ready fix)" = - ] &&
	[ "$(cat "$SCRATCH/dell-fwattr-disabled/$VALUE")" = Disabled ] &&
	grep -q "write \"Enabled\" to /$VALUE" "$SCRATCH/out/dell-off.fix.txt" &&
	[ "$(row dell-off power_cycle)" = False ]
result $? "dry-run: the disabled host's plan kept, nothing changed"

play apply
[ $? -eq 0 ] && [ "$(row dell-off fix)" = apply:0 ] && [ "$(row amd-ready fix)" = - ] &&
	[ "$(cat "$SCRATCH/dell-fwattr-disabled/$VALUE")" = Enabled ] &&
	[ "$(row dell-off power_cycle)" = True ] &&
	[ "$(row amd-ready power_cycle)" = False ] &&
	[ "$(grep -c . "$SCRATCH/out/power-cycle.txt")" -eq 1 ] &&
	grep -qx dell-off "$SCRATCH/out/power-cycle.txt" &&
	grep -q 'needed' "$SCRATCH/out/summary.txt"
result $? "apply: the Dell's setting on, listed for a power cycle; the enabled host untouched"

(cd "$SCRATCH/amd-kvm-ready" && find . -path ./dev/cpu -prune -o -type f -print0 |
	sort -z | xargs -0 md5sum) >"$SCRATCH/amd.after"
cmp -s "$SCRATCH/amd.before" "$SCRATCH/amd.after"
result $? "the enabled host's tree: every file as before"

rm -rf "$SCRATCH/out"
ansible-playbook -i "$SCRATCH/inventory.yml" -c local -e "vtdiag_bin=$VTDIAG" \
	-e "vtdiag_report_dir=$SCRATCH/out" -e vtdiag_fix_mode=yes \
	"$TOP/scripts/ansible/vtdiag-fleet.yml" >"$SCRATCH/log" 2>&1
[ $? -ne 0 ] && grep -q 'vtdiag_fix_mode must be off, dry-run or apply' "$SCRATCH/log"
result $? "an unknown vtdiag_fix_mode stops the play"

tap_end
