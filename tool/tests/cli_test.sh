#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The command-line contract of the vtdiag binary: options, usage errors
# (exit 64, a table of hostile command lines, some under valgrind), and -
# when the vtdiag module is absent, as on the build machines - the
# "module not loaded" message followed by the fallback report (the tool
# reads the CPUs itself), as root and as nobody.
#
#   tests/cli_test.sh [path/to/vtdiag [path/to/vtdiag-dynamic]]
#
# The second binary, the same tool linked shared (make -C tool test
# builds it), is the one run under valgrind: memcheck cannot replace
# malloc in a static binary, which tool/vtdiag is by default.
set -u

VTDIAG=${1:-$(dirname "$0")/../vtdiag}
VTDIAG_DYNAMIC=${2:-$VTDIAG}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-cli.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
. "$(dirname "$0")/tap.sh"
TAP_SHOW="$SCRATCH/out $SCRATCH/err"

# run ARGS...: sets $rc, $SCRATCH/out and $SCRATCH/err
run() {
	"$VTDIAG" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
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
	{ has out '"source": "module"' || has out '"source": "fallback"'; }
result $? "--json prints one JSON object, same exit status as the report"

# Bad command lines: a message on stderr naming the problem, nothing on
# stdout, exit 64 - never a crash, never a report. One per line: the
# arguments as shell words (eval'd), a tab, what stderr must say.
long_word=$(head -c 100000 /dev/zero | tr '\0' a)
bad_lines() {
	cat <<-'EOF'
	--bogus	unrecognized option '--bogus'
	--bogus=1	unrecognized option '--bogus'
	-x	invalid option -- 'x'
	-Vx	invalid option -- 'x'
	-hx	invalid option -- 'x'
	--json -xV	invalid option -- 'x'
	--help --bogus	unrecognized option '--bogus'
	--version stray	unexpected argument 'stray'
	-h extra	unexpected argument 'extra'
	--json=x	option '--json' takes no argument
	--json=	option '--json' takes no argument
	--watch=1	option '--watch' takes no argument
	--help=1	option '--help' takes no argument
	--no-color=no	option '--no-color' takes no argument
	-V=1	invalid option -- '='
	""	unexpected argument ''
	--json ""	unexpected argument ''
	-	unexpected argument '-'
	-- junk	unexpected argument 'junk'
	-- --json	unexpected argument '--json'
	--json -- -h	unexpected argument '-h'
	"--$long_word"	unrecognized option '--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'
	"$long_word"	aaaaaaaa...'
	"$(printf '\377\376')"	unexpected argument '\xff\xfe'
	"--$(printf '\377')"	unrecognized option '--\xff'
	"-$(printf '\377')"	invalid option -- '\xff'
	"$(printf 'a\033[31mb')"	unexpected argument 'a\x1b[31mb'
	"$(printf 'new\nline')"	unexpected argument 'new\x0aline'
	---	unrecognized option '---'
	--watch stray	unexpected argument 'stray'
	--watch --json --bogus	unrecognized option '--bogus'
	EOF
}

tab=$(printf '\t')
while IFS=$tab read -r args want; do
	eval "set -- $args"
	run "$@"
	[ "$rc" -eq 64 ] && [ ! -s "$SCRATCH/out" ] && has err "$want" &&
		has err "Try 'vtdiag --help'" &&
		[ "$(wc -c <"$SCRATCH/err")" -lt 400 ]
	result $? "bad command line: $(printf '%.50s' "$args") -> 64, $(printf '%.40s' "$want")"
done <<EOF
$(bad_lines)
EOF

# A few under valgrind: no invalid access, no leak, also on the error
# paths; and the full run (module or fallback: it forks and pins itself).
if command -v valgrind >/dev/null 2>&1; then
	for args in '--bogus' '--json=x' '"--$long_word"' \
		    '"$(printf "\377\376")"' '-- junk' '--json'; do
		eval "set -- $args"
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite \
			"$VTDIAG_DYNAMIC" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
		rc=$?
		[ "$rc" -ne 99 ] && [ "$rc" -lt 128 ] &&
			! grep -q '^==[0-9]*==' "$SCRATCH/err"
		result $? "valgrind: $(printf '%.40s' "$args") (exit $rc)"
	done
else
	echo "# valgrind not installed: memory checks skipped"
fi

# A machine whose KVM is a vendor module other than kvm_intel/kvm_amd
# (kvm_pvm, as on some cloud sandboxes): ready when /dev/kvm is registered
# and opens, whatever the CPU verdict; never "cannot run guests", never
# "modprobe kvm_amd".
pvm=
for holder in /sys/module/kvm/holders/* /sys/module/kvm_pvm; do
	name=${holder##*/}
	case $name in
	kvm_intel | kvm_amd | kvmgt | '*') ;;
	*) [ -e "$holder" ] && pvm=$name ;;
	esac
done
if [ -n "$pvm" ] && [ -e /sys/class/misc/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
	: 2>/dev/null <>/dev/kvm; then
	run --no-color
	[ "$rc" -eq 0 ] && grep -q "^PASS  KVM vendor module      $pvm: " "$SCRATCH/out" &&
		has out "KVM is ready" && ! has out "cannot run guests" &&
		! has out "modprobe kvm_" && ! has out "kvm_amd: not loaded" &&
		! has out "kvm_intel: not loaded"
	result $? "KVM through $pvm: exit 0, named, no kvm_intel/kvm_amd to load"
	run --json
	[ "$rc" -eq 0 ] && python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["kvm_ready"] is True and o["exit_status"] == 0
assert o["kvm"]["registered"] is True
assert sys.argv[2] in [p["module"] for p in o["kvm"]["providers"]]
ids = [a["id"] for a in o["advice"]]
assert "kvm_not_loaded" not in ids and not any(i.startswith("nested_") for i in ids), ids
assert "kvm_paravirtual" in ids or "kvm_other_vendor_module" in ids, ids
' "$SCRATCH/out" "$pvm"
	result $? "KVM through $pvm: --json kvm_ready, registered, providers"
else
	echo "# no KVM vendor module other than kvm_intel/kvm_amd here: its checks skipped"
fi

# Resolving the family autoloads an installed module: look only now.
if [ -d /sys/module/vtdiag ]; then
	echo "# vtdiag module loaded: module-missing checks skipped"
else
	# The exit status follows the fallback's verdict: host-dependent.
	run
	[ "$rc" -le 4 ] && has err "sudo modprobe vtdiag" &&
		has err "sudo insmod kmod/vtdiag.ko" &&
		grep -q '^WARN  Data source  *fallback: vtdiag module not loaded$' "$SCRATCH/out" &&
		grep -q '^.... *CPU virtualization ' "$SCRATCH/out" &&
		! has out "sudo insmod kmod/vtdiag.ko"
	result $? "module not loaded: how to load it on stderr, then the fallback report (exit $rc)"
	text_rc=$rc

	run --json
	[ "$rc" -eq "$text_rc" ] && is_json && has out '"source": "fallback"' &&
		has out '"module_not_loaded"' &&
		has out "\"exit_status\": $rc" && has err "sudo modprobe vtdiag" &&
		python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
# Ready only through a vendor module that needs no VT-x/AMD-V (kvm_pvm):
# without the module nothing else can be judged ready.
assert o["kvm_ready"] == (o["exit_status"] == 0), o["kvm_ready"]
assert not o["kvm_ready"] or any(
    p["hardware_virtualization"] is not True for p in o["kvm"]["providers"])
assert o["unavailable"][0] == {"what": "module", "why": "not loaded"}, o["unavailable"]
assert all(set(u) == {"what", "why"} for u in o["unavailable"])
assert o["cpus"] and o["cpus_online"] == len(o["cpus"])
assert o["kvm"]["source"] == "sysfs" and o["generation"] is None
assert o["advice"][0]["id"] in ("module_not_loaded", "secure_boot_module_rejected",
                               "secure_boot_module_unsigned")
# Wherever the MSR mattered and was not read, the state is unknown.
for c in o["cpus"]:
    msr = c.get("vm_cr", c.get("feature_control"))
    if msr is None and c["state"] not in ("unsupported", "hidden_by_hypervisor"):
        assert c["state"] == "unknown", c
' "$SCRATCH/out"
	result $? "module not loaded: --json prints the fallback report, source fallback"

	# As nobody: capability still told, MSRs "not root (run with sudo)".
	if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			"$VTDIAG" --json >"$SCRATCH/out" 2>"$SCRATCH/err"
		rc=$?
		[ "$rc" -le 4 ] && python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
gaps = {u["what"]: u["why"] for u in o["unavailable"]}
assert o["source"] == "fallback" and o["exit_status"] == int(sys.argv[2])
assert o["kvm"]["user"] == "nobody"
if any(c.get("msr_error") for c in o["cpus"]):
    assert gaps["msr"] == "not root (run with sudo)", gaps
for c in o["cpus"]:
    if c.get("msr_error"):
        assert c["state"] in ("unknown", "unsupported", "hidden_by_hypervisor"), c
if o["verdict"] == "unknown":
    assert "fallback_needs_root" in [a["id"] for a in o["advice"]]
' "$SCRATCH/out" "$rc"
		result $? "module not loaded, as nobody: fallback, firmware registers need root (exit $rc)"
	else
		echo "# not root: the as-nobody check is skipped"
	fi

	# No fallback for events: say so, then how to load it; no waiting.
	run --watch
	[ "$rc" -eq 4 ] && [ ! -s "$SCRATCH/out" ] &&
		has err "--watch needs the vtdiag kernel module" &&
		has err "sudo modprobe vtdiag" && has err "sudo insmod kmod/vtdiag.ko"
	result $? "module not loaded: --watch exits 4, says why and how to load it"

	run --watch --json
	[ "$rc" -eq 4 ] && [ ! -s "$SCRATCH/out" ] && has err "sudo modprobe vtdiag"
	result $? "module not loaded: --watch --json exits 4"
fi

tap_end
