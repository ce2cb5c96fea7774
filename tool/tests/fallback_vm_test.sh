#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The fallback for real, inside the test VM started without the module:
#
#   scripts/vm-run --no-module --cpu EPYC --smp 4 -- \
#       tool/tests/fallback_vm_test.sh --verdict enabled --exit 1 \
#       --nobody-verdict unknown --nobody-exit 4
#
# 1. As root: source "fallback", the expected verdict and exit status, the
#    firmware register read on every CPU (the msr driver loaded for it).
# 2. As nobody: capability told all the same, the register "not root".
# 3. With the module loaded (insmod): source "module", and every CPU's
#    state, MSR value, flags and the host facts agree with the fallback's.
# TAP output.
set -u

VTDIAG=${VTDIAG:-tool/vtdiag}
KO=${KO:-kmod/vtdiag.ko}
SCRATCH=$(mktemp -d) || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
verdict=
status=
nobody_verdict=
nobody_status=
passed=0
failed=0
n=0

while [ $# -gt 0 ]; do
	case $1 in
	--verdict) verdict=$2; shift 2 ;;
	--exit) status=$2; shift 2 ;;
	--nobody-verdict) nobody_verdict=$2; shift 2 ;;
	--nobody-exit) nobody_status=$2; shift 2 ;;
	*) echo "usage: $0 --verdict V --exit N [--nobody-verdict V --nobody-exit N]" >&2
	   exit 64 ;;
	esac
done
[ -n "$verdict" ] && [ -n "$status" ] || { echo "$0: --verdict and --exit are needed" >&2; exit 64; }
nobody_verdict=${nobody_verdict:-$verdict}
nobody_status=${nobody_status:-$status}

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %s - %s\n' "$n" "$2"
		passed=$((passed + 1))
	else
		printf 'not ok %s - %s\n' "$n" "$2"
		for f in "$SCRATCH"/*.out "$SCRATCH"/*.err; do
			[ -s "$f" ] && sed "s|^|#   $(basename "$f"): |" "$f"
		done
		failed=$((failed + 1))
	fi
}

# check_report FILE STATUS VERDICT EXPECTED_STATUS MSRS (read, or the errno)
check_report() {
	python3 - "$@" <<'EOF'
import json, sys
path, rc, verdict, want_rc, msrs = sys.argv[1:]
o = json.load(open(path))
assert int(rc) == int(want_rc), f"exit {rc}, expected {want_rc}"
assert o["exit_status"] == int(rc)
assert o["source"] == "fallback", o["source"]
assert o["verdict"] == verdict, o["verdict"]
assert o["cpus"] and o["cpus_online"] == len(o["cpus"])
gaps = {u["what"]: u["why"] for u in o["unavailable"]}
assert gaps.get("module") == "not loaded", gaps
msr_key = "vm_cr" if o["cpu"]["technology"] == "svm" else "feature_control"
for c in o["cpus"]:
    if msrs == "read":
        assert c[msr_key] is not None and "msr_error" not in c, c
    else:
        # EACCES with the msr driver loaded, ENOENT without it.
        assert c[msr_key] is None and c["msr_error"] == msrs, c
if msrs == "read":
    assert "msr" not in gaps, gaps
else:
    assert gaps["msr"] == "not root (run with sudo)", gaps
    if o["cpu"]["technology"] == "svm":
        assert gaps["active"] == "EFER.SVME not read: not root (run with sudo)", gaps
if o["cpu"]["technology"] == "vmx":
    assert gaps["active"] == "CR4.VMXE cannot be read from userspace", gaps
print("# " + ", ".join(f"CPU {c['cpu']}: {c['state']} {msr_key}={c[msr_key]}"
                        for c in o["cpus"]))
EOF
}

echo "TAP version 13"
rmmod vtdiag 2>/dev/null
[ ! -d /sys/module/msr ] || rmmod msr

"$VTDIAG" --json >"$SCRATCH/root.out" 2>"$SCRATCH/root.err"
rc=$?
check_report "$SCRATCH/root.out" "$rc" "$verdict" "$status" read
result $? "root: source fallback, verdict $verdict, exit $status, MSRs read"

# Loaded for the reading, and left loaded (unloading raced with others).
[ -d /sys/module/msr ]
result $? "root: the msr driver was loaded for it"

"$VTDIAG" >"$SCRATCH/text.out" 2>"$SCRATCH/text.err"
rc=$?
[ "$rc" -eq "$status" ] &&
	grep -q '^WARN  Data source  *fallback: vtdiag module not loaded$' "$SCRATCH/text.out" &&
	! grep -q 'Firmware registers' "$SCRATCH/text.out" &&
	grep -q 'sudo modprobe vtdiag' "$SCRATCH/text.err"
result $? "root, text: the module's message on stderr, the fallback report, exit $rc"
sed 's/^/#   /' "$SCRATCH/text.out"
rm -f "$SCRATCH/text.out" "$SCRATCH/text.err"

rmmod msr
setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$VTDIAG" --json >"$SCRATCH/nobody.out" 2>"$SCRATCH/nobody.err"
rc=$?
check_report "$SCRATCH/nobody.out" "$rc" "$nobody_verdict" "$nobody_status" ENOENT
result $? "nobody, no msr driver: verdict $nobody_verdict, exit $nobody_status, firmware registers: not root"

modprobe msr
setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$VTDIAG" --json >"$SCRATCH/nobody.out" 2>"$SCRATCH/nobody.err"
rc=$?
check_report "$SCRATCH/nobody.out" "$rc" "$nobody_verdict" "$nobody_status" EACCES
result $? "nobody, msr driver loaded: verdict $nobody_verdict, exit $nobody_status, firmware registers: not root"

setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$VTDIAG" >"$SCRATCH/text.out" 2>"$SCRATCH/text.err"
rc=$?
[ "$rc" -eq "$nobody_status" ] &&
	grep -q '^WARN  Firmware registers     unknown: not root (run with sudo)$' "$SCRATCH/text.out"
result $? "nobody, text: WARN Firmware registers: not root (run with sudo)"
sed 's/^/#   /' "$SCRATCH/text.out"
rm -f "$SCRATCH/text.out" "$SCRATCH/text.err"

# A driver someone else loaded stays.
"$VTDIAG" --json >"$SCRATCH/again.out" 2>/dev/null
rc=$?
check_report "$SCRATCH/again.out" "$rc" "$verdict" "$status" read &&
	[ -d /sys/module/msr ]
result $? "root, msr driver already loaded: MSRs read, the driver left loaded"
rm -f "$SCRATCH/again.out"

# The same machine through the module: the two readings must agree.
rmmod msr
insmod "$KO"
"$VTDIAG" --json >"$SCRATCH/module.out" 2>"$SCRATCH/module.err"
rc=$?
python3 - "$SCRATCH/root.out" "$SCRATCH/module.out" "$rc" <<'EOF'
import json, sys
fb, mod = (json.load(open(p)) for p in sys.argv[1:3])
assert mod["source"] == "module", mod["source"]
assert mod["exit_status"] == int(sys.argv[3])
for key in ("verdict", "kvm_ready", "exit_status", "cpu", "hypervisor",
            "cpus_online"):
    assert fb[key] == mod[key], f"{key}: fallback {fb[key]!r}, module {mod[key]!r}"
for key in ("core", "vendor_module", "vendor_state", "dev_kvm"):
    assert fb["kvm"][key] == mod["kvm"][key], key
assert len(fb["cpus"]) == len(mod["cpus"])
for f, m in zip(fb["cpus"], mod["cpus"]):
    for key in ("cpu", "state", "feature_control", "vm_cr", "msr_error",
                "locked", "svml"):
        assert f.get(key) == m.get(key), f"CPU {f['cpu']} {key}: fallback {f.get(key)!r}, module {m.get(key)!r}"
    # CR4.VMXE is the module's alone; everything else is the same bits.
    if f["active"] is None:
        assert fb["cpu"]["technology"] == "vmx", f
        m["flags"] = [x for x in m["flags"] if x != "active"]
    else:
        assert f["active"] == m["active"], f"CPU {f['cpu']} active"
    assert f["flags"] == m["flags"], f"CPU {f['cpu']} flags: {f['flags']} / {m['flags']}"
# Confidential computing: the same decoder over the same words.
ff, mf = fb["confidential"]["features"], mod["confidential"]["features"]
assert ff.keys() == mf.keys() and ff, f"features: fallback {list(ff)}, module {list(mf)}"
for name in mf:
    for key in ("state", "causes", "cpus_enabled"):
        assert ff[name][key] == mf[name][key], f"{name} {key}: fallback {ff[name][key]!r}, module {mf[name][key]!r}"
print("# agree: " + ", ".join(f"CPU {c['cpu']}: {c['state']}" for c in mod["cpus"]) +
      "; " + ", ".join(f"{n}: {mf[n]['state']}" for n in mf))
EOF
result $? "module loaded: every CPU's state, MSR and flags, and the confidential-computing states, as the fallback read them"

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
