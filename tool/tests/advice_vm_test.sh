#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The advice a person gets, in the test VM, for one machine identity: the
# VM boots with that DMI identity (QEMU -smbios), the injection module sets
# the firmware state, and the text report must name the right key, menu
# and commands (grep -F), the JSON the right advice ids (python3), and the
# JSON must match tool/vtdiag-report.schema.json. One vm-run per profile:
#
#   scripts/vm-run --cpu EPYC --smp 2 \
#       --qemu -smbios --qemu 'type=1,manufacturer=Dell Inc.,product=Latitude 7420' \
#       -- tool/tests/advice_vm_test.sh dell
#
# scripts/vmtests/advice-matrix boots every profile with its identity.
# Profiles: dell thinkpad asus-board supermicro poweredge unknown-maker aws azure
# gcp qemu (default DMI: nesting, the OS side, module not loaded)
# epyc-nosvm skylake (real TCG CPU models, no injection). TAP output.
set -u

PROFILE=${1:?usage: $0 PROFILE}
TOOL=${VTDIAG_TOOL:-tool/vtdiag}
KO=${KO:-kmod/vtdiag.ko}
INJECT_KO=${INJECT_KO:-.build/inject/kmod/vtdiag.ko}
INJECT=/sys/kernel/debug/vtdiag/inject
SCHEMA_CHECK=tool/tests/schema_check.py
SCRATCH=$(mktemp -d) || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
passed=0
failed=0
n=0

# States, as lines of the injection file (docs/design.md, "Test-only
# injection"), after "reset".
BARE="hypervisor=0 hv_sig= vmxe=0 svme=0"
INTEL="vendor=intel vmx=1 svm=0 svml=0 vm_cr=0x0"
AMD="vendor=amd vmx=0 smx=0 svm=1 svml=1 feat_ctl=0x0"
INTEL_OFF="cpu=all $INTEL smx=0 $BARE feat_ctl=0x1"
AMD_OFF="cpu=all $AMD $BARE vm_cr=0x18"
HIDDEN_INTEL="cpu=all vendor=intel vmx=0 smx=0 svm=0 svml=0 feat_ctl=0x0 vm_cr=0x0 hypervisor=1 vmxe=0 svme=0"

result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $PROFILE: $2"
		passed=$((passed + 1))
	else
		echo "not ok $n - $PROFILE: $2"
		sed 's/^/#   /' "$SCRATCH/out" "$SCRATCH/err" "$SCRATCH/why" 2>/dev/null
		failed=$((failed + 1))
	fi
}

die() {
	echo "Bail out! $*"
	exit 1
}

use_inject_module() {
	[ -e "$INJECT" ] && return
	[ -f "$INJECT_KO" ] || die "$INJECT_KO missing: make module-inject"
	rmmod vtdiag 2>/dev/null
	insmod "$INJECT_KO" || die "insmod $INJECT_KO failed"
}

# set_state LINE...: reset, then each injection line.
set_state() {
	local line

	printf 'reset\n' >"$INJECT" || die "injection refused: reset"
	for line in "$@"; do
		printf '%s\n' "$line" >"$INJECT" || die "injection refused: $line"
	done
}

# run_tool: the text report in out/err, the JSON in json, statuses in
# $rc (text) and $json_rc. out.flat is the report as one line, single
# spaces: a phrase the wrapping broke over two lines is found whole.
run_tool() {
	NO_COLOR=1 "$TOOL" >"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
	tr -s ' \n' '  ' <"$SCRATCH/out" >"$SCRATCH/out.flat"
	"$TOOL" --json >"$SCRATCH/json" 2>/dev/null
	json_rc=$?
}

# json_is IDS [PATH=VALUE]...: the advice ids, in order, and values at
# dotted paths (VALUE in JSON: "dell", null, true, 2). The iommu check's
# steps are left out: this VM has no virtual IOMMU whatever the profile,
# and scripts/vmtests/iommu tests them.
json_is() {
	python3 - "$SCRATCH/json" "$@" >"$SCRATCH/why" 2>&1 <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
ids = " ".join(a["id"] for a in report["advice"]
               if not a["id"].startswith("iommu_"))
want = sys.argv[2]
assert ids == want, f"advice ids {ids!r}, expected {want!r}"
for check in sys.argv[3:]:
    path, value = check.split("=", 1)
    node = report
    for key in path.split("."):
        node = node[key]
    assert node == json.loads(value), f"{path} is {node!r}, expected {value}"
EOF
}

# has TEXT...: every TEXT in the text report, as is.
has() {
	local text

	for text in "$@"; do
		grep -qF -- "$text" "$SCRATCH/out.flat" || {
			echo "\"$text\" not in the report" >"$SCRATCH/why"
			return 1
		}
	done
}

lacks() {
	! grep -qF -- "$1" "$SCRATCH/out.flat" || {
		echo "\"$1\" in the report" >"$SCRATCH/why"
		return 1
	}
}

schema_ok() {
	"$SCHEMA_CHECK" --name "schema" "$SCRATCH/json" >"$SCRATCH/why" 2>&1
}

# expect DESCRIPTION EXIT IDS [PATH=VALUE]... -- TEXT...
expect() {
	local description=$1 want_rc=$2 ids=$3 ok=0
	local -a values=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		values+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	rm -f "$SCRATCH/why"
	if [ "$rc" -ne "$want_rc" ] || [ "$json_rc" -ne "$want_rc" ]; then
		echo "exit $rc (--json: $json_rc), expected $want_rc" >"$SCRATCH/why"
		ok=1
	fi
	[ $ok -eq 0 ] && { has "$@" || ok=1; }
	[ $ok -eq 0 ] && { json_is "$ids" "${values[@]}" || ok=1; }
	[ $ok -eq 0 ] && { schema_ok || ok=1; }
	result $ok "$description"
}

# firmware_steps STATE [FLAG]: the bare-metal firmware steps, and last the
# note that the kernel hides FLAG (vmx, the default, or svm) when this VM's
# own /proc/cpuinfo lacks it: the injected state is the firmware's, the
# kernel's flags are the VM's CPU model's.
firmware_steps() {
	local ids="open_firmware_setup $1 firmware_cold_boot${3:+ $3}"

	grep -m1 '^flags' /proc/cpuinfo | grep -qw "${2:-vmx}" ||
		ids="$ids kernel_hides_flag"
	echo "$ids"
}

# The same note after the steps of a hypervisor's virtual firmware.
kernel_note() {
	grep -m1 '^flags' /proc/cpuinfo | grep -qw "${1:-vmx}" ||
		echo " kernel_hides_flag"
}

profile_dell() {
	use_inject_module
	set_state "$INTEL_OFF"
	run_tool
	expect "Intel VT-x off: F2, Virtualization Support, cold boot" 2 \
		"$(firmware_steps disabled_by_firmware)" \
		'machine.oem="dell"' 'machine.sys_vendor="Dell Inc."' -- \
		"press F2 as soon as the Dell logo appears" \
		"Virtualization Support > Virtualization" \
		"Enable Intel Virtualization Technology" \
		"only clears on a cold boot" "Then run vtdiag again."

	set_state "cpu=all $INTEL $BARE smx=1 feat_ctl=0x3"
	run_tool
	expect "VT-x only inside TXT: enable VT-x itself or disable TXT" 2 \
		"$(firmware_steps disabled_outside_smx)" -- \
		"only inside Intel TXT" "disable \"Intel TXT\"" \
		"Virtualization Support > Virtualization"

	# Started through tboot, VT-x enabled outside SMX only: inside SMX,
	# where this kernel runs, it is off.
	set_state "cpu=all $INTEL $BARE smx=1 feat_ctl=0x5 tboot=1"
	run_tool
	expect "tboot, VT-x enabled for normal use only: VT-x for TXT" 2 \
		"$(firmware_steps "disabled_by_firmware txt_vmx_disabled")" \
		'kernel.tboot=true' 'kernel.enables_vmx=true' -- \
		"Linux was started through tboot (Intel TXT)" \
		"VMX (inside TXT) disabled by BIOS" "start Linux without tboot" \
		"Virtualization Support > Virtualization"

	set_state "cpu=all $INTEL smx=0 $BARE feat_ctl=0x5" "cpu=1 feat_ctl=0x1"
	run_tool
	expect "CPUs differ: CPU 1 named, firmware update from Dell" 2 \
		"inconsistent open_firmware_setup firmware_check_setting firmware_cold_boot" -- \
		"CPU 1: disabled in the BIOS/UEFI setup" "latest BIOS/UEFI update" \
		"from the Dell support website" \
		"Installed now: BIOS version 1.17.0 of 03/14/2024." \
		"fwupdmgr get-updates"
}

profile_thinkpad() {
	use_inject_module
	set_state "$AMD_OFF"
	run_tool
	expect "AMD-V off: F1, Security > Virtualization" 2 \
		"$(firmware_steps disabled_by_firmware svm)" \
		'machine.oem="lenovo_thinkpad"' -- \
		"press F1" "Security > Virtualization: \"AMD-V\"" \
		"\"SVM Mode\" (AMD-V)"
}

profile_asus_board() {
	use_inject_module
	set_state "$AMD_OFF"
	run_tool
	expect "home-built PC, ASUS board (board_vendor): SVM Mode" 2 \
		"$(firmware_steps disabled_by_firmware svm)" \
		'machine.oem="asus"' 'machine.board_vendor="ASUSTeK COMPUTER INC."' -- \
		"Advanced > CPU Configuration > \"SVM Mode\"" "F7 for Advanced Mode"
}

profile_supermicro() {
	use_inject_module
	set_state "$INTEL_OFF"
	run_tool
	expect "Supermicro: its path, said as not certain; SUM through the BMC" 2 \
		"$(firmware_steps disabled_by_firmware vmx firmware_setting_bmc)" \
		'machine.oem="supermicro"' -- \
		"On many Supermicro boards" \
		"Advanced > CPU Configuration > \"Intel Virtualization Technology\"" \
		"Menus differ between models and BIOS versions" \
		"sum -i <BMC> -u ADMIN -p <password> -c ChangeBiosCfg --file bios.txt --reboot" \
		"Where the attribute name comes from: Supermicro Redfish attribute"
}

# A Dell PowerEdge by DMI: the setup steps, then racadm and its job
# through the iDRAC.
profile_poweredge() {
	use_inject_module
	set_state "$INTEL_OFF"
	run_tool
	expect "Dell PowerEdge: racadm set, then the job with a power cycle" 2 \
		"$(firmware_steps disabled_by_firmware vmx firmware_setting_bmc)" \
		'machine.oem="dell"' -- \
		"racadm -r <iDRAC> -u <user> -p <password> set BIOS.ProcSettings.ProcVirtualization Enabled" \
		"jobqueue create BIOS.Setup.1-1 -r pwrcycle -s TIME_NOW" \
		"Where the attribute name comes from: Dell's iDRAC BIOS attribute"
}

profile_unknown_maker() {
	use_inject_module
	set_state "$INTEL_OFF"
	run_tool
	expect "a maker vtdiag does not know: generic hints" 2 \
		"$(firmware_steps disabled_by_firmware)" 'machine.oem=null' -- \
		"often Del, F2, F10, F1 or Esc" \
		"usually under Advanced, CPU Configuration, Chipset or Security"
}

# cloud_hidden CLOUD ID TEXT: a VM hiding VT-x in that cloud.
cloud_hidden() {
	use_inject_module
	set_state "$HIDDEN_INTEL hv_sig=KVMKVMKVM"
	run_tool
	expect "VT-x hidden: the cloud's way, not KVM's" 3 \
		"hidden_by_hypervisor nested_$2" "machine.cloud=\"$2\"" -- \
		"$3"
	lacks "modprobe.d/kvm-nested.conf"
	result $? "no host-side KVM steps in a cloud"
}

profile_aws() {
	cloud_hidden AWS aws "*.metal"
}

profile_azure() {
	cloud_hidden Azure azure "Dv3 and Ev3"
}

profile_gcp() {
	cloud_hidden GCP gcp "--enable-nested-virtualization"
}

profile_qemu() {
	local vendor_module=kvm_amd

	rmmod kvm_amd kvm 2>/dev/null
	# The real EPYC under TCG: AMD-V on, KVM not loaded, no libvirt.
	run_tool
	expect "kvm_amd not loaded: modprobe; Debian: apt for libvirt" 1 \
		"kvm_not_loaded install_libvirt" 'os.package_manager="apt"' \
		'os.id="debian"' 'machine.oem=null' -- \
		"sudo modprobe $vendor_module" \
		"sudo apt install libvirt-daemon-system" \
		"PASS QEMU installed: /usr/bin/qemu-system-x86_64" \
		"WARN libvirt not installed"

	modprobe kvm_amd
	run_tool
	expect "KVM loaded: ready, libvirt only advised" 0 "install_libvirt" \
		'kvm_ready=true' -- "KVM is ready" "Notes:" \
		"PASS /dev/net/tun present; tun module: loaded"

	# Guest networking: the modules out (vhost_net uses tun), their
	# device nodes go with them.
	modprobe -r vhost_net tun
	run_tool
	expect "tun, vhost_net not loaded: modprobe, modules-load.d; exit status kept" 0 \
		"install_libvirt load_tun load_vhost_net" 'kvm_ready=true' -- \
		"FAIL /dev/net/tun missing; tun module: installed, not loaded" \
		"sudo modprobe tun" "echo tun | sudo tee /etc/modules-load.d/tun.conf" \
		"sudo modprobe vhost_net"
	modprobe vhost_net
	rmmod kvm_amd kvm 2>/dev/null

	use_inject_module
	set_state "$HIDDEN_INTEL hv_sig=KVMKVMKVM"
	run_tool
	expect "KVM hides VT-x: nested=1 on the host, host-passthrough" 3 \
		"hidden_by_hypervisor nested_kvm" 'hypervisor.kind="kvm"' -- \
		"cat /sys/module/kvm_intel/parameters/nested" \
		"options kvm_intel nested=1" "<cpu mode='host-passthrough'/>" \
		"-cpu host"
	lacks "BIOS/UEFI setup"
	result $? "KVM hides VT-x: no BIOS step"

	set_state "$HIDDEN_INTEL hv_sig=TCGTCGTCGTCG"
	run_tool
	expect "TCG hides VT-x: no nesting under pure emulation" 3 \
		"hidden_by_hypervisor nested_tcg" 'hypervisor.kind="tcg"' -- \
		"no nesting under pure emulation" "-accel kvm -cpu host"

	set_state "cpu=all $INTEL smx=0 feat_ctl=0x1 hypervisor=1 hv_sig=VMwareVMware vmxe=0 svme=0"
	run_tool
	expect "VMware's virtual firmware locks VT-x off: the host, not a BIOS" 2 \
		"disabled_by_hypervisor nested_vmware$(kernel_note vmx)" -- \
		"no BIOS switch to flip inside it" \
		"Expose hardware assisted virtualization to the guest OS" \
		"vhv.enable"
	lacks "cold boot"
	result $? "VMware: no power-off step"

	set_state
	rmmod vtdiag
	run_tool
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["advice"][0]["id"] == "module_not_loaded", r["advice"]
' "$SCRATCH/json" >"$SCRATCH/why" 2>&1 && grep -qF "sudo modprobe vtdiag" "$SCRATCH/err" &&
		schema_ok
	result $? "module not loaded: said how to load it; JSON matches the schema"
	insmod "$KO"
}

profile_epyc_nosvm() {
	run_tool
	expect "EPYC,-svm under TCG: an SVM CPU model" 3 \
		"hidden_by_hypervisor nested_tcg_svm" 'cpu.technology="svm"' -- \
		"TCG can emulate AMD-V" "-cpu EPYC"
}

profile_skylake() {
	run_tool
	expect "Skylake under TCG: no nesting under pure emulation" 3 \
		"hidden_by_hypervisor nested_tcg" 'cpu.technology="vmx"' -- \
		"no nesting under pure emulation"
}

echo "TAP version 13"
[ -x "$TOOL" ] || die "$TOOL missing: make tool"
# The userspace side as a distribution host has it (tun, vhost_net,
# cgroup v2 mounted by systemd): these profiles are about the firmware
# and DMI advice (profile qemu takes tun away once);
# scripts/vmtests/peer-compare covers those checks.
modprobe tun && modprobe vhost_net || die "modprobe tun vhost_net failed"
mountpoint -q /sys/fs/cgroup ||
	mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup ||
	die "mounting cgroup2 failed"
fn="profile_${PROFILE//-/_}"
declare -F "$fn" >/dev/null || die "no such profile: $PROFILE"
"$fn"
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
