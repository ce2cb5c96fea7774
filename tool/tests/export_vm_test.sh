#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --collect and --prometheus against the real module inside the test VM,
# as root and as nobody, with DMI identifiers QEMU was told to show:
#
#   scripts/vm-run --cpu EPYC --smp 2 \
#       --qemu -smbios --qemu type=1,serial=...,uuid=... \
#       --qemu -smbios --qemu type=2,serial=...,asset=... \
#       --qemu -smbios --qemu type=3,serial=...,asset=... \
#       -- tool/tests/export_vm_test.sh
#
# The bundle holds the module's registers, the kernel log lines about
# KVM/SVM/vtdiag (root), kvm_amd's parameters, the DMI model - and none of
# the serial numbers, UUID or asset tags this machine really has, in any
# spelling, in any file, for either user; for nobody the manifest says
# what was left out and why. The metrics come from the module and pass
# promtool. Needs an SVM CPU model (kvm_amd loads under TCG). TAP output.
set -u

VTDIAG=${VTDIAG:-tool/vtdiag}
SCRATCH=$(mktemp -d) || exit 1
chmod 0777 "$SCRATCH"
passed=0
failed=0
n=0

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
		passed=$((passed + 1))
	else
		echo "not ok $n - $2"
		for f in "$SCRATCH"/out "$SCRATCH"/err; do
			[ -s "$f" ] && head -n 40 "$f" | sed "s|^|#   $(basename "$f"): |"
		done
		failed=$((failed + 1))
	fi
}

as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# The identifiers this machine has: every spelling that could leak.
secrets() {
	local f value
	for f in product_serial product_uuid board_serial chassis_serial \
		 board_asset_tag chassis_asset_tag; do
		value=$(cat "/sys/class/dmi/id/$f" 2>/dev/null) || continue
		[ ${#value} -ge 3 ] || continue
		printf '%s\n' "$value"
		if [ "$f" = product_uuid ]; then
			printf '%s\n' "$value" | tr a-f A-F
			# SMBIOS 2.6+ stores the first three fields little-endian.
			python3 -c '
import sys, uuid
u = uuid.UUID(sys.argv[1])
print(uuid.UUID(bytes_le=u.bytes))
print(u.hex)' "$value"
		fi
	done
}

# check_no_secrets BUNDLE: no identifier in the compressed stream's
# content, in any member, in any member's name.
check_no_secrets() {
	local bundle=$1 secret found=0
	mkdir -p "$SCRATCH/x" && rm -rf "$SCRATCH/x"/* &&
		tar -xzf "$bundle" -C "$SCRATCH/x" || return 1
	while read -r secret; do
		if gzip -dc "$bundle" | grep -aqiF -- "$secret" ||
		   grep -rqiF -- "$secret" "$SCRATCH/x"; then
			echo "# '$secret' found in $bundle:" >>"$SCRATCH/out"
			grep -rliF -- "$secret" "$SCRATCH/x" >>"$SCRATCH/out"
			found=1
		fi
	done <"$SCRATCH/secrets"
	return $found
}

# lists_all TOP LISTING NAME...: every TOP/NAME is in the tar listing.
lists_all() {
	local top=$1 listing=$2 name
	shift 2
	for name in "$@"; do
		grep -qx "$top/$name" "$listing" || return 1
	done
}

echo "TAP version 13"
modprobe kvm_amd
secrets >"$SCRATCH/secrets"
echo "# DMI identifiers of this VM: $(tr '\n' ' ' <"$SCRATCH/secrets")"
[ "$(wc -l <"$SCRATCH/secrets")" -ge 4 ]
result $? "QEMU gave this VM serial numbers, a UUID and asset tags to hide"

# The check itself finds a leak: a bundle with a serial in it fails.
mkdir -p "$SCRATCH/leak/leak" && head -n 1 "$SCRATCH/secrets" >"$SCRATCH/leak/leak/x.txt" &&
	tar -czf "$SCRATCH/leak.tar.gz" -C "$SCRATCH/leak" leak &&
	! check_no_secrets "$SCRATCH/leak.tar.gz" 2>/dev/null
result $? "the leak check finds a serial planted in a bundle"

# Where identifiers do reach a collected source, they are scrubbed: a
# kernel log line about kvm that carries all of them.
planted="kvm: planted $(tr '\n' ' ' <"$SCRATCH/secrets")end"
printf '%s\n' "$planted" >/dev/kmsg

# --- as root --------------------------------------------------------------
: >"$SCRATCH/out"
"$VTDIAG" --collect "$SCRATCH/root.tar.gz" 2>"$SCRATCH/err"
rc=$?
tar -tzf "$SCRATCH/root.tar.gz" >"$SCRATCH/list" 2>>"$SCRATCH/err"
[ "$rc" -eq 0 ] && lists_all root "$SCRATCH/list" MANIFEST.txt manifest.json \
	report.txt report.json registers.txt dmi.txt os-release kernel.txt \
	kernel-log.txt modules.txt cpuinfo.txt
result $? "root: --collect exits 0, tar -tzf lists every file (exit $rc)"
sed 's/^/#   /' "$SCRATCH/list"

check_no_secrets "$SCRATCH/root.tar.gz"
result $? "root: no serial number, UUID or asset tag anywhere in the bundle"

x=$SCRATCH/x/root
cp "$x/registers.txt" "$SCRATCH/out"
grep -q '^# Per-CPU registers as the vtdiag module read them' "$x/registers.txt" &&
	[ "$(grep -c '^cpu=[0-9]* state=enabled vendor=amd flags=0x[0-9a-f]* vm_cr=0x[0-9a-f]\{16\} active=[01]$' "$x/registers.txt")" -eq "$(nproc)" ] &&
	grep -q '^vendor_id=AuthenticAMD vendor=amd technology=svm' "$x/registers.txt"
result $? "root: registers.txt has every CPU's VM_CR as the module read it"

# Confidential computing: every CPU's words and states, the JSON object.
[ "$(grep -c '^cc cpu=[0-9]* max_basic=0x[0-9a-f]* cpuid7_ecx=0x[0-9a-f]\{8\} memenc=.* sme=hidden_by_hypervisor/0x0 sev=hidden_by_hypervisor/0x0 sev_es=hidden_by_hypervisor/0x0 sev_snp=hidden_by_hypervisor/0x0$' "$x/registers.txt")" -eq "$(nproc)" ] &&
	python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["confidential"]
assert c["vendor"] == "amd" and c["unavailable"] is None, c
assert sorted(c["features"]) == ["sev", "sev_es", "sev_snp", "sme"], c
assert all(f["state"] == "hidden_by_hypervisor" for f in c["features"].values()), c
' "$x/report.json" >>"$SCRATCH/out" 2>&1
result $? "root: registers.txt and report.json carry confidential computing"

cat "$x/kernel-log.txt" "$x/modules.txt" "$x/dmi.txt" "$x/kernel.txt" >"$SCRATCH/out"
grep -q '\] kvm: planted \(\[redacted\] \)\{4,\}end$' "$x/kernel-log.txt"
result $? "root: identifiers in a collected kernel log line are replaced by [redacted]"
grep -q '\] vtdiag: version .* loaded' "$x/kernel-log.txt" &&
	grep -q '\] kvm: Nested Virtualization enabled' "$x/kernel-log.txt" &&
	grep -q '^kvm_amd [0-9]* [0-9]* - Live$' "$x/modules.txt" &&
	grep -q '^vtdiag [0-9]* ' "$x/modules.txt" &&
	grep -q '^kvm_amd.nested = ' "$x/modules.txt" &&
	! grep -q '0xffff' "$x/modules.txt" &&
	grep -q '^sys_vendor: QEMU$' "$x/dmi.txt" &&
	! grep -v '^#' "$x/dmi.txt" | grep -qi 'serial\|uuid\|asset' &&
	grep -q "^release: $(uname -r)\$" "$x/kernel.txt" &&
	grep -q '^cmdline: ' "$x/kernel.txt"
result $? "root: kernel log lines, kvm_amd and its parameters, DMI model, kernel release"

python3 - "$x" <<'EOF' >"$SCRATCH/out" 2>&1
import json, os, sys
x = sys.argv[1]
m = json.load(open(os.path.join(x, "manifest.json")))
r = json.load(open(os.path.join(x, "report.json")))
assert m["source"] == "module" and r["source"] == "module", m
assert m["module_version"] and m["collected_by"]["root"], m
assert r["verdict"] == "enabled" and r["kvm"]["vendor_state"] == "loaded", r["verdict"]
assert not [g for g in m["left_out"] if g["what"].startswith("kernel-log")], m["left_out"]
assert m["redacted"] >= 4, m["redacted"]
assert "Replaced in this bundle: %d occurrences." % m["redacted"] in open(os.path.join(x, "MANIFEST.txt")).read()
EOF
result $? "root: manifest and report from the module, nothing about the log left out"

# --- as nobody ------------------------------------------------------------
: >"$SCRATCH/out"
as_nobody "$VTDIAG" --collect "$SCRATCH/nobody.tar.gz" 2>"$SCRATCH/err"
rc=$?
[ "$rc" -eq 0 ] && tar -tzf "$SCRATCH/nobody.tar.gz" >"$SCRATCH/list" &&
	grep -qx nobody/manifest.json "$SCRATCH/list" &&
	grep -q "left out: kernel-log.txt" "$SCRATCH/err"
result $? "nobody: --collect exits 0 and says on stderr what it left out (exit $rc)"

check_no_secrets "$SCRATCH/nobody.tar.gz"
result $? "nobody: no serial number, UUID or asset tag anywhere in the bundle"

x=$SCRATCH/x/nobody
python3 - "$x" "$(cat /proc/sys/kernel/dmesg_restrict)" <<'EOF' >"$SCRATCH/out" 2>&1
import json, os, sys
x, restrict = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(x, "manifest.json")))
gaps = {g["what"]: g["why"] for g in m["left_out"]}
print(gaps)
assert m["collected_by"] == {"user": "nobody", "uid": 65534, "root": False}
assert m["source"] == "module"    # reads are open to everyone
assert restrict == "1", "the VM's kernel restricts dmesg"
assert "dmesg_restrict is 1" in gaps["kernel-log.txt"], gaps
assert not os.path.exists(os.path.join(x, "kernel-log.txt"))
text = open(os.path.join(x, "MANIFEST.txt")).read()
assert "Left out:\n  kernel-log.txt: the kernel log is not readable" in text, text
assert "not root" in text and "product_serial" in text
regs = open(os.path.join(x, "registers.txt")).read()
assert "vm_cr=0x" in regs, regs     # the module reads them for nobody
EOF
result $? "nobody: the manifest lists the kernel log as left out (dmesg_restrict), registers from the module"

# --- --prometheus -----------------------------------------------------------
for user in root nobody; do
	if [ "$user" = root ]; then
		"$VTDIAG" --prometheus >"$SCRATCH/m.prom" 2>"$SCRATCH/err"
	else
		as_nobody "$VTDIAG" --prometheus >"$SCRATCH/m.prom" 2>"$SCRATCH/err"
	fi
	rc=$?
	cp "$SCRATCH/m.prom" "$SCRATCH/out"
	[ "$rc" -eq 0 ] && promtool check metrics <"$SCRATCH/m.prom" >>"$SCRATCH/out" 2>&1 &&
		grep -q '^vtdiag_info{tool_version="[^"]*",module_version="[^"]\+",source="module",cpu_vendor="AuthenticAMD",technology="svm"} 1$' "$SCRATCH/m.prom" &&
		grep -q '^vtdiag_host_verdict{verdict="enabled"} 1$' "$SCRATCH/m.prom" &&
		[ "$(grep -c '^vtdiag_cpu_state{cpu="[0-9]*",state="enabled"} 1$' "$SCRATCH/m.prom")" -eq "$(nproc)" ] &&
		[ "$(grep -c '^vtdiag_cpu_virtualization_active{cpu="[0-9]*"} [01]$' "$SCRATCH/m.prom")" -eq "$(nproc)" ] &&
		grep -q '^vtdiag_kvm_module_state{module="kvm_amd",state="loaded"} 1$' "$SCRATCH/m.prom" &&
		grep -q '^vtdiag_hypervisor_info{signature="TCGTCGTCGTCG",' "$SCRATCH/m.prom" &&
		grep -q '^vtdiag_cc_state{feature="sev_snp",state="hidden_by_hypervisor"} 1$' "$SCRATCH/m.prom" &&
		grep -q '^vtdiag_cc_readiness{feature="sev_snp",readiness="not_supported"} 1$' "$SCRATCH/m.prom"
	result $? "$user: --prometheus from the module passes promtool check metrics (exit $rc)"
done

echo "1..$n"
echo "$passed passed, $failed failed"
rm -rf "$SCRATCH"
[ "$failed" -eq 0 ]
