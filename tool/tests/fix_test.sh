#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vtdiag fix end to end, on writable copies of the captured trees
# (tests/trees/, README there): after each run the whole copy is compared
# with an untouched one, content, names and modes, so a write anywhere but
# the one current_value named shows. The CPU files (dev/cpu, sparse,
# gigabytes of holes) are read by the report and left out of the
# comparison; fix opens only the current_value and, for the OS steps,
# creates etc/modules-load.d/vtdiag-kvm.conf.
#
#   tests/fix_test.sh [path/to/vtdiag]
#
# Cases: --dry-run writes nothing; no terminal and no --yes changes
# nothing (exit 1); --yes writes exactly the one value (exit 0) and says
# a power cycle is needed; on a terminal (script(1)) "n" declines and "y"
# writes; a read-only attribute and a BIOS administrator password are
# refused (exit 2, why); a pending change needs nothing; no driver is
# refused; the OS steps of a tree whose firmware allows KVM; usage errors
# (64); not root on this machine (64; needs root to drop to nobody).
set -u
# The messages the cases look for are the English ones.
export LC_ALL=C

VTDIAG=$(realpath "${1:-$(dirname "$0")/../vtdiag}")
TREES=$(realpath "$(dirname "$0")/trees")
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-fix.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
. "$(dirname "$0")/tap.sh"
TAP_SHOW="$SCRATCH/out $SCRATCH/err $SCRATCH/changes"

DELL_VALUE=sys/class/firmware-attributes/dell-wmi-sysman/attributes/Virtualization/current_value
DELL_AUTH=sys/class/firmware-attributes/dell-wmi-sysman/authentication/Admin/is_enabled

# prepare NAME: $SCRATCH/work (to change) and $SCRATCH/orig (to compare),
# both materialized; orig without its CPU files.
prepare() {
	rm -rf "$SCRATCH/work" "$SCRATCH/orig" "$SCRATCH/cpu"
	cp -a "$TREES/$1" "$SCRATCH/work" && "$TREES/materialize" "$SCRATCH/work" &&
	cp -a "$TREES/$1" "$SCRATCH/orig" && "$TREES/materialize" "$SCRATCH/orig" &&
	rm -rf "$SCRATCH/orig/dev/cpu"
}

# changes: what differs between the copies, one line each ("" for none):
# names, modes and types (find), then contents (diff -r), the work copy's
# CPU files moved aside meanwhile.
changes() {
	mv "$SCRATCH/work/dev/cpu" "$SCRATCH/cpu" || return 1
	(cd "$SCRATCH/orig" && find . -printf '%p %m %y\n' | sort) >"$SCRATCH/orig.list"
	(cd "$SCRATCH/work" && find . -printf '%p %m %y\n' | sort) >"$SCRATCH/work.list"
	{
		diff "$SCRATCH/orig.list" "$SCRATCH/work.list" | grep '^[<>]'
		diff -rq "$SCRATCH/orig" "$SCRATCH/work" 2>&1
	} >"$SCRATCH/changes"
	mv "$SCRATCH/cpu" "$SCRATCH/work/dev/cpu"
}

unchanged() {
	changes
	[ ! -s "$SCRATCH/changes" ]
}

fix() {
	"$VTDIAG" fix --root "$SCRATCH/work" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
}

echo "TAP version 13"

prepare dell-fwattr-disabled || exit 1
fix --dry-run
rc=$?
[ $rc -eq 0 ] && unchanged &&
	grep -qF "write \"Enabled\" to /$DELL_VALUE" "$SCRATCH/out" &&
	grep -q 'Dry run: nothing was changed' "$SCRATCH/out"
result $? "--dry-run: says exactly what it would write, writes nothing"

fix </dev/null
rc=$?
[ $rc -eq 1 ] && unchanged && grep -q 'not a terminal' "$SCRATCH/err"
result $? "no terminal, no --yes: nothing changed, exit 1"

fix --yes </dev/null
rc=$?
changes
[ $rc -eq 0 ] &&
	[ "$(cat "$SCRATCH/work/$DELL_VALUE")" = Enabled ] &&
	[ "$(grep -c . "$SCRATCH/changes")" -eq 1 ] &&
	grep -q "differ$" "$SCRATCH/changes" &&
	grep -qF "$DELL_VALUE" "$SCRATCH/changes" &&
	grep -q "now reads Enabled" "$SCRATCH/out" &&
	grep -q "completely off" "$SCRATCH/out"
result $? "--yes: only Virtualization's current_value changed, to Enabled; power cycle said"

# The tree the change leaves: its report sees the setting on, CPUs still off.
LC_ALL=C "$VTDIAG" --root "$SCRATCH/work" --json >"$SCRATCH/report.json" 2>/dev/null
python3 - "$SCRATCH/report.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
s = [x for x in r["firmware_settings"]["settings"] if x["name"] == "Virtualization"][0]
assert s["state"] == "on" and r["verdict"] == "disabled_by_firmware", (s, r["verdict"])
assert "firmware_setting_pending" in [a["id"] for a in r["advice"]], r["advice"]
EOF
result $? "after the change: the report says the setting is on and a power cycle is missing"

fix --yes </dev/null
rc=$?
changes
[ $rc -eq 0 ] && grep -q 'needs no change' "$SCRATCH/out" &&
	[ "$(grep -c . "$SCRATCH/changes")" -eq 1 ]
result $? "a second run changes nothing more"

if command -v script >/dev/null; then
	prepare dell-fwattr-disabled || exit 1
	printf 'n\n' | script -qec "'$VTDIAG' fix --root '$SCRATCH/work'" /dev/null >"$SCRATCH/out" 2>&1
	rc=$?
	[ $rc -eq 1 ] && unchanged && grep -q 'Skipped' "$SCRATCH/out"
	result $? "terminal, answered n: nothing changed, exit 1"
	printf 'y\n' | script -qec "'$VTDIAG' fix --root '$SCRATCH/work'" /dev/null >"$SCRATCH/out" 2>&1
	rc=$?
	changes
	[ $rc -eq 0 ] && [ "$(cat "$SCRATCH/work/$DELL_VALUE")" = Enabled ] &&
		[ "$(grep -c . "$SCRATCH/changes")" -eq 1 ]
	result $? "terminal, answered y: the one value written"
else
	skip "terminal answers" "script(1) not installed"
	skip "terminal answers y" "script(1) not installed"
fi

prepare dell-fwattr-disabled || exit 1
chmod 0444 "$SCRATCH/work/$DELL_VALUE" "$SCRATCH/orig/$DELL_VALUE"
fix --yes
rc=$?
[ $rc -eq 2 ] && unchanged && grep -q 'read-only' "$SCRATCH/out"
result $? "read-only attribute: refused with why, exit 2, nothing changed"

prepare dell-fwattr-disabled || exit 1
echo 1 >"$SCRATCH/work/$DELL_AUTH"
echo 1 >"$SCRATCH/orig/$DELL_AUTH"
fix --yes
rc=$?
[ $rc -eq 2 ] && unchanged && grep -q 'administrator password is set' "$SCRATCH/out"
result $? "BIOS administrator password set: refused with why, exit 2"

prepare hp-bioscfg-password || exit 1
fix --yes
rc=$?
[ $rc -eq 2 ] && unchanged && grep -q 'administrator password is set' "$SCRATCH/out" &&
	grep -q "'Virtualization Technology (VTx)' (hp-bioscfg)" "$SCRATCH/out"
result $? "HP, password by its role (bios-admin), names with blanks: refused, exit 2"

prepare dell-fwattr-disabled || exit 1
sed -i 's/Enabled;//' "$SCRATCH/work/sys/class/firmware-attributes/dell-wmi-sysman/attributes/Virtualization/possible_values"
cp "$SCRATCH/work/sys/class/firmware-attributes/dell-wmi-sysman/attributes/Virtualization/possible_values" \
	"$SCRATCH/orig/sys/class/firmware-attributes/dell-wmi-sysman/attributes/Virtualization/possible_values"
fix --yes
rc=$?
[ $rc -eq 2 ] && unchanged && grep -q 'none of its possible_values means on' "$SCRATCH/out"
result $? "no possible value meaning on: refused, exit 2"

prepare thinkpad-fwattr-pending || exit 1
fix --yes
rc=$?
[ $rc -eq 0 ] && unchanged && grep -q "reads Enable and needs no change" "$SCRATCH/out" &&
	grep -q "completely off" "$SCRATCH/out"
result $? "setting already on, change pending: nothing written, power cycle said"

# A VM (VT-x hidden by TCG) whose tree shows a Dell setting: left alone.
prepare vm-skylake-hidden || exit 1
for t in work orig; do
	cp -a "$TREES/dell-fwattr-disabled/sys/class/firmware-attributes" "$SCRATCH/$t/sys/class/"
done
fix --yes
rc=$?
[ $rc -eq 0 ] && unchanged && grep -q 'runs under a hypervisor' "$SCRATCH/out"
result $? "under a hypervisor: its settings decide, nothing written"

prepare intel-vmx-locked-off || exit 1
fix --yes
rc=$?
[ $rc -eq 2 ] && unchanged && grep -q 'no firmware-attributes driver' "$SCRATCH/out"
result $? "no firmware-attributes driver: refused, exit 2"

# The OS steps: the AMD tree without kvm_amd, and bob, not in kvm.
prepare amd-kvm-ready || exit 1
for t in work orig; do
	rm -rf "$SCRATCH/$t/sys/module/kvm_amd" "$SCRATCH/$t/sys/class/misc/kvm"
	mkdir -p "$SCRATCH/$t/etc/modules-load.d"
	echo 'bob:x:1001:1001::/home/bob:/bin/sh' >>"$SCRATCH/$t/etc/passwd"
done
fix --yes --user bob
rc=$?
changes
[ $rc -eq 0 ] &&
	[ "$(cat "$SCRATCH/work/etc/modules-load.d/vtdiag-kvm.conf")" = kvm_amd ] &&
	grep -q 'run modprobe kvm_amd' "$SCRATCH/out" &&
	grep -q 'usermod -aG kvm bob' "$SCRATCH/out" &&
	grep -q 'Not run: --root names a tree' "$SCRATCH/out" &&
	! grep -v 'vtdiag-kvm.conf' "$SCRATCH/changes" >/dev/null &&
	grep -q 'Not run' "$SCRATCH/out" && ! grep -B1 'Done' "$SCRATCH/out" | grep -q 'Not run' 
result $? "OS steps: modules-load.d file the only change; modprobe and usermod listed, not run in a tree"

# Group membership as /etc/group and /etc/passwd say it: an empty
# password field, a member listed second, a user whose primary group it is.
for t in work orig; do
	sed -i 's/^kvm:x:104:alice$/kvm::104:alice,dave/' "$SCRATCH/$t/etc/group"
	printf 'carol:x:1002:104::/home/carol:/bin/sh\ndave:x:1003:1003::/home/dave:/bin/sh\n' \
		>>"$SCRATCH/$t/etc/passwd"
done
ok=0
for who in dave carol; do
	fix --dry-run --user $who
	grep -q usermod "$SCRATCH/out" && ok=1
done
fix --dry-run --user bob
grep -q 'usermod -aG kvm bob' "$SCRATCH/out" || ok=1
[ $ok -eq 0 ]
result $? "kvm group: a listed member and a primary member need nothing, bob does"

fix --yes --user bob --firmware-only
rc=$?
[ $rc -eq 0 ] && ! grep -q 'modprobe\|usermod' "$SCRATCH/out"
result $? "--firmware-only: no OS step"

"$VTDIAG" fix --bogus >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ] && grep -q "bad option '--bogus'" "$SCRATCH/err"
result $? "unknown option: exit 64"
"$VTDIAG" fix --dry-run --yes >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ]
result $? "--dry-run with --yes: exit 64"
"$VTDIAG" fix --user "$(printf 'a\033b')" >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ] && grep -qF "'a\\x1bb'" "$SCRATCH/err"
result $? "--user with a control byte: exit 64, the byte escaped"
"$VTDIAG" fix extra >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 64 ]
result $? "an extra argument: exit 64"
"$VTDIAG" fix --help >"$SCRATCH/out" 2>"$SCRATCH/err"
[ $? -eq 0 ] && grep -q '^Usage: vtdiag fix' "$SCRATCH/out"
result $? "--help"

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VTDIAG" fix --yes \
		>"$SCRATCH/out" 2>"$SCRATCH/err"
	[ $? -eq 64 ] && grep -q 'needs root' "$SCRATCH/err"
	result $? "not root, this machine: exit 64, nothing asked"
else
	skip "not root on this machine" "needs root and setpriv to become nobody"
fi

tap_end
