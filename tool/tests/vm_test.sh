#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tool against the real module, inside the test VM (root, repository
# root, module loaded, no udev):
#
#   scripts/vm-run --cpu EPYC --smp 2 -- tool/tests/vm_test.sh
#
# --watch (JSON and text, KVM load/unload, CPU offline/online, SIGINT and
# SIGTERM, the module unloading under it, a root watcher's once-a-second
# poll that makes live changes known, none as nobody), /dev/kvm as an
# ordinary user, KVM registered in kvm.registered and kvm.providers,
# and, when `make module-inject` built it, another hypervisor holding
# AMD-V. Needs an SVM CPU model (kvm_amd loads under TCG). TAP output.
set -u

VTDIAG=${VTDIAG:-tool/vtdiag}
KO=${KO:-kmod/vtdiag.ko}
INJECT_KO=${INJECT_KO:-.build/inject/kmod/vtdiag.ko}
INJECT=/sys/kernel/debug/vtdiag/inject
SCRATCH=$(mktemp -d) || exit 1
passed=0
failed=0
skipped=0
n=0

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
		passed=$((passed + 1))
	else
		echo "not ok $n - $2"
		for f in "$SCRATCH"/out "$SCRATCH"/err; do
			[ -s "$f" ] && sed "s|^|#   $(basename "$f"): |" "$f"
		done
		failed=$((failed + 1))
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
	skipped=$((skipped + 1))
}

has() {
	grep -qF -- "$2" "$SCRATCH/$1"
}

# Whether process $1 has a generic netlink socket in a multicast group.
subscribed() {
	local inode

	for inode in $(readlink /proc/"$1"/fd/* 2>/dev/null |
		       sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p'); do
		awk -v inode="$inode" '$2 == 16 && $10 == inode && $4 != "00000000" {
			found = 1 } END { exit !found }' /proc/net/netlink && return 0
	done
	return 1
}

# watch_start [ARGS...]: a watcher in the background, $watcher its pid,
# returning once it listens. SIGINT is ignored in background jobs of a
# script (and vtdiag keeps an ignored SIGINT ignored); give it back.
watch_start() {
	local tries=0

	env --default-signal=INT "$VTDIAG" --watch "$@" \
		>"$SCRATCH/out" 2>"$SCRATCH/err" &
	watcher=$!
	until subscribed "$watcher"; do
		tries=$((tries + 1))
		if [ "$tries" -ge 100 ]; then
			echo "# watcher $watcher did not subscribe within 20 s"
			return
		fi
		sleep 0.2
	done
}

# watch_stop SIGNAL: sets $rc to the watcher's exit status.
watch_stop() {
	kill -s "$1" "$watcher"
	wait "$watcher"
	rc=$?
}

# json_events: "event module module_state cpu" per line of $SCRATCH/out.
json_events() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    print(e["event"], e["module"], e["module_state"], e["cpu"])
' "$SCRATCH/out"
}

# kvm_amd as Linux before 6.12 loads it: virtualization switched on only
# while a VM runs, so the events below do not depend on the kernel. From
# 6.12 on that takes kvm.enable_virt_at_load=0; scripts/vmtests/kvm-cycle
# and events_test check both settings.
load_kvm_amd() {
	if modinfo -F parm kvm 2>/dev/null | grep -q '^enable_virt_at_load:'; then
		modprobe kvm enable_virt_at_load=0 || return
	fi
	modprobe kvm_amd
}

unload_kvm() {
	rmmod kvm_amd 2>/dev/null
	rmmod kvm 2>/dev/null
	true
}

echo "TAP version 13"
unload_kvm

# (a) KVM load and unload, in order, as JSON lines.
watch_start --json
load_kvm_amd
sleep 0.5
rmmod kvm_amd
sleep 0.5
watch_stop TERM
json_events >"$SCRATCH/events" 2>>"$SCRATCH/err"
printf 'kvm kvm loaded None\nkvm kvm_amd loaded None\nkvm kvm_amd absent None\n' |
	cmp -s - "$SCRATCH/events"
[ $? -eq 0 ] && [ "$rc" -eq 0 ] && [ ! -s "$SCRATCH/err" ]
result $? "--watch --json: kvm, kvm_amd loaded, kvm_amd unloaded; SIGTERM exits 0"

python3 -c '
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines
for line in lines:
    e = json.loads(line)
    assert ": " not in line and ", " not in line, "not compact"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", e["time"])
    for key in ("cpu", "module", "module_state", "verdict", "generation",
                "cpus_online", "cpus_active", "kvm"):
        assert key in e, key
    assert e["verdict"] == "enabled" and e["cpus_online"] >= 1
    assert e["kvm"]["vendor_module"] == "kvm_amd"
last = json.loads(lines[-1])
assert last["kvm"] == {"core": "loaded", "vendor_module": "kvm_amd",
                       "vendor_state": "absent"}, last["kvm"]
' "$SCRATCH/out"
result $? "--watch --json: compact lines, RFC 3339 UTC time, the new state"
unload_kvm

# (b) CPU offline and online.
if [ -w /sys/devices/system/cpu/cpu1/online ]; then
	watch_start --json
	echo 0 >/sys/devices/system/cpu/cpu1/online
	sleep 0.5
	echo 1 >/sys/devices/system/cpu/cpu1/online
	sleep 0.5
	watch_stop TERM
	json_events >"$SCRATCH/events" 2>>"$SCRATCH/err"
	printf 'cpu_offline None None 1\ncpu_online None None 1\n' |
		cmp -s - "$SCRATCH/events" && [ "$rc" -eq 0 ]
	result $? "--watch --json: CPU 1 offline, then online"
else
	skip "--watch --json: CPU 1 offline, then online" "no hot-pluggable CPU 1"
fi

# Text: one line per event, flushed at once, SIGINT ends it with 0.
watch_start
load_kvm_amd
sleep 0.5
head -c 1000 "$SCRATCH/out" >"$SCRATCH/early"
watch_stop INT
grep -q ' kvm module kvm_amd loaded  *verdict enabled; CPUs: [0-9]* online, [0-9]* active; kvm loaded, kvm_amd loaded$' "$SCRATCH/out" &&
	grep -q 'kvm_amd loaded' "$SCRATCH/early" && [ "$rc" -eq 0 ]
result $? "--watch: text line per event, seen before the watcher ends; SIGINT exits 0"

# hold_a_vm SECONDS: a VM through /dev/kvm (KVM_CREATE_VM, KVM_CREATE_VCPU)
# for that long. With kvm_amd loaded as load_kvm_amd does, AMD-V is
# switched on while it exists, and off again after.
hold_a_vm() {
	python3 - "$1" <<'EOF'
import fcntl, os, sys, time
KVM_GET_API_VERSION, KVM_CREATE_VM, KVM_CREATE_VCPU = 0xAE00, 0xAE01, 0xAE41
kvm = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
assert fcntl.ioctl(kvm, KVM_GET_API_VERSION, 0) == 12
vm = fcntl.ioctl(kvm, KVM_CREATE_VM, 0)
vcpu = fcntl.ioctl(vm, KVM_CREATE_VCPU, 0)
time.sleep(float(sys.argv[1]))
os.close(vcpu)
os.close(vm)
os.close(kvm)
EOF
}

# active_events: cpus_active of each "active" event in $SCRATCH/out.
active_events() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "active":
        print(e["cpus_active"])
' "$SCRATCH/out"
}

# watch_start_nobody: watch_start, as nobody (no CAP_SYS_ADMIN).
watch_start_nobody() {
	local tries=0

	env --default-signal=INT setpriv --reuid=nobody --regid=nogroup \
		--clear-groups "$VTDIAG" --watch --json \
		>"$SCRATCH/out" 2>"$SCRATCH/err" &
	watcher=$!
	until subscribed "$watcher"; do
		tries=$((tries + 1))
		if [ "$tries" -ge 100 ]; then
			echo "# watcher $watcher did not subscribe within 20 s"
			return
		fi
		sleep 0.2
	done
}

# (e) Nothing in the kernel re-reads the live bits by itself: a root
# watcher (CAP_SYS_ADMIN) asks GET_HOST once a second, so AMD-V switched
# on and off by a VM is announced with no other query running. A watcher
# without the capability asks nothing, and hears nothing of it. And the
# report: KVM registered /dev/kvm, kvm_amd is the one provider.
load_kvm_amd
"$VTDIAG" --json >"$SCRATCH/out" 2>"$SCRATCH/err"
rc=$?
python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["kvm"]["registered"] is True, o["kvm"]
assert o["kvm"]["providers"] == [{"module": "kvm_amd", "state": "loaded",
                                  "hardware_virtualization": True}], o["kvm"]
assert o["cpus_isolated"] == 0 and o["live_age_ms"] is not None, o
assert o["kernel"]["locks_feature_control"] is not None, o["kernel"]
assert all(c["isolated"] is False for c in o["cpus"])
' "$SCRATCH/out" && [ "$rc" -eq 0 ]
result $? "kvm_amd loaded: kvm.registered, kvm.providers, the module's new keys"

watch_start --json
hold_a_vm 3 2>>"$SCRATCH/err"
vm_rc=$?
# The watcher asks once a second; a busy host's TCG guest may take longer
# to run it: wait for the "off" (up to 30 s), not a fixed time.
tries=0
until [ "$(active_events 2>/dev/null | tail -n 1)" = 0 ] || [ "$tries" -ge 60 ]; do
	sleep 0.5
	tries=$((tries + 1))
done
watch_stop TERM
active_events >"$SCRATCH/active" 2>>"$SCRATCH/err"
[ "$vm_rc" -eq 0 ] && [ "$rc" -eq 0 ] &&
	[ "$(head -n 1 "$SCRATCH/active")" -ge 1 ] 2>/dev/null &&
	[ "$(tail -n 1 "$SCRATCH/active")" -eq 0 ] 2>/dev/null
result $? "--watch as root: a VM switching AMD-V on and off is announced, no query needed"

watch_start_nobody
hold_a_vm 3 2>>"$SCRATCH/err"
vm_rc=$?
sleep 2.5
watch_stop TERM
active_events >"$SCRATCH/active" 2>>"$SCRATCH/err"
[ "$vm_rc" -eq 0 ] && [ "$rc" -eq 0 ] && [ ! -s "$SCRATCH/active" ]
result $? "--watch as nobody: no poll, so no live change is read or announced"

# (d) /dev/kvm is root's alone here (no udev): nobody is told why.
setpriv --reuid=nobody --regid=nogroup --clear-groups "$VTDIAG" \
	>"$SCRATCH/out" 2>"$SCRATCH/err"
rc=$?
[ "$rc" -eq 1 ] &&
	has out "nobody: permission denied by owner and mode:" &&
	has out "sudo chown root:kvm /dev/kvm" && has out "sudo chmod 0660 /dev/kvm" &&
	has out "sudo usermod -aG kvm nobody"
result $? "nobody, /dev/kvm crw------- root root: exit 1, owner and mode named, the fix"

setpriv --reuid=nobody --regid=nogroup --clear-groups "$VTDIAG" --json \
	>"$SCRATCH/out" 2>"$SCRATCH/err"
rc=$?
[ "$rc" -eq 1 ] && python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["kvm_ready"] is False and o["exit_status"] == 1
assert o["kvm"]["dev_kvm"] is True and o["kvm"]["dev_kvm_access"] is False
assert o["kvm"]["dev_kvm_problem"] == "permissions"
assert o["kvm"]["source"] == "module"
ids = [a["id"] for a in o["advice"]]
# Then only userspace steps (QEMU, libvirt, tun, vhost_net, cgroups),
# which depend on what the host installed and loaded, and the IOMMU
# steps (this VM has none).
assert ids[:2] == ["dev_kvm_permissions", "dev_kvm_add_group"], ids
assert all(i.startswith(("install_", "start_libvirt", "load_tun", "load_vhost_net",
                         "mount_cgroup", "iommu_")) for i in ids[2:]), ids
' "$SCRATCH/out"
result $? "nobody --json: kvm_ready false, dev_kvm_problem permissions"

# A member of the device's group in the group database, not in this session.
member_line=$(getent group | awk -F: '$3 != 0 && $4 != "" { print; exit }')
if [ -n "$member_line" ]; then
	group=$(echo "$member_line" | cut -d: -f1)
	member=$(echo "$member_line" | cut -d: -f4 | cut -d, -f1)
	chgrp "$group" /dev/kvm && chmod 0660 /dev/kvm
	setpriv --reuid="$member" --regid=nogroup --clear-groups "$VTDIAG" \
		>"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
	[ "$rc" -eq 1 ] && has out "permission denied: in group $group" &&
		has out "newgrp $group"
	result $? "$member in $group's database entry, not in the session: log in again"
	setpriv --reuid="$member" --regid=nogroup --init-groups "$VTDIAG" \
		>"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
	[ "$rc" -eq 0 ] && has out "$member can open it"
	result $? "$member with the group in the session: KVM ready, exit 0"
	chgrp root /dev/kvm && chmod 0600 /dev/kvm
else
	skip "relogin advice" "no group with members in /etc/group"
	skip "group in the session" "no group with members in /etc/group"
fi
unload_kvm

# The module unloading under a watcher ends it with 4, not a hang.
watch_start --json
rmmod vtdiag
timeout 5 tail --pid="$watcher" -f /dev/null
wait "$watcher"
rc=$?
insmod "$KO"
[ "$rc" -eq 4 ] && has err "unloaded"
result $? "--watch: the module unloading ends the watch with 4"

# (c) Another hypervisor holds AMD-V while KVM is not loaded.
if [ -f "$INJECT_KO" ] && rmmod vtdiag && insmod "$INJECT_KO"; then
	watch_start --json
	echo 'cpu=all svme=1' >"$INJECT"
	"$VTDIAG" >"$SCRATCH/report" 2>&1
	rc=$?
	"$VTDIAG" --json >"$SCRATCH/report.json" 2>/dev/null
	echo reset >"$INJECT"
	sleep 0.5
	report_rc=$rc
	watch_stop TERM
	mv "$SCRATCH/out" "$SCRATCH/events.json"
	cp "$SCRATCH/report" "$SCRATCH/out"
	[ "$report_rc" -eq 1 ] && [ "$rc" -eq 0 ] &&
		grep -q '^WARN  Virtualization in use  AMD-V on, [0-9]* of [0-9]* CPUs, not by KVM' "$SCRATCH/out" &&
		has out "is not loaded: another" && has out "holds it, for example VirtualBox or VMware" &&
		has out "sudo modprobe -r vboxnetadp vboxnetflt vboxdrv" &&
		has out "sudo modprobe -r vmmon"
	result $? "svme=1 on all CPUs, no KVM: WARN line, another hypervisor's advice, exit 1"
	python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["virtualization_holder"] == "other" and o["cpus_active"] >= 1
assert all(c["active"] for c in o["cpus"])
ids = [a["id"] for a in o["advice"]]
assert ids[:2] == ["other_hypervisor_active", "kvm_not_loaded"], ids
' "$SCRATCH/report.json"
	result $? "svme=1 --json: holder other, every CPU active"
	cp "$SCRATCH/events.json" "$SCRATCH/out"
	python3 -c '
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
kinds = [e["event"] for e in events]
assert kinds.count("resample") >= 2, kinds
assert max(e["cpus_active"] for e in events) >= 1
assert events[-1]["cpus_active"] == 0
' "$SCRATCH/out"
	result $? "--watch --json: injected re-samples, CPUs active up then down"
	rmmod vtdiag && insmod "$KO"
else
	skip "another hypervisor holds AMD-V" "no $INJECT_KO (make module-inject)"
fi

rm -rf "$SCRATCH"
echo "1..$n"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
