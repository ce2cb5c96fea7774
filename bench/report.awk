# SPDX-License-Identifier: GPL-2.0
#
# bench/report.awk: turns the records of `make bench` into its table.
# Input: .build/bench/host.rec (written by scripts/bench) and one VM log per
# shape (bench/run-in-vm); only lines starting with "R " are read. Plain
# POSIX awk (Debian's default mawk has no asort): lists are space-separated
# strings, sorted by hand.

function kv_parse(   i, eq) {
	delete kv
	for (i = 3; i <= NF; i++) {
		eq = index($i, "=")
		if (eq)
			kv[substr($i, 1, eq - 1)] = substr($i, eq + 1)
	}
}

function rest_of_line(   s) {
	s = $0
	sub(/^R [^ ]+ /, "", s)
	return s
}

function push(key, value) {
	lists[key] = (key in lists) ? lists[key] " " value : value
}

# Sorts the list @key into sorted[1..n]; returns n.
function sort_list(key,   n, i, j, v) {
	delete sorted
	if (!(key in lists))
		return 0
	n = split(lists[key], sorted, " ")
	for (i = 2; i <= n; i++) {
		v = sorted[i] + 0
		for (j = i - 1; j >= 1 && sorted[j] + 0 > v; j--)
			sorted[j + 1] = sorted[j]
		sorted[j + 1] = v
	}
	return n
}

function median(key,   n) {
	n = sort_list(key)
	if (!n) return ""
	return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
}

# Nearest rank; p in 0..100.
function pct(key, p,   n, r) {
	n = sort_list(key)
	if (!n) return ""
	r = int(p / 100 * n + 0.999999)
	if (r < 1) r = 1
	if (r > n) r = n
	return sorted[r]
}

function count(key) {
	return sort_list(key)
}

function ms(us) {
	if (us == "") return "-"
	return us >= 100000 ? sprintf("%.0f", us / 1000) : sprintf("%.1f", us / 1000)
}

# "95 (80-120)": median (min-p90) of a list of microseconds, in ms.
function ms_stats(key) {
	if (!count(key)) return "-"
	return sprintf("%s (%s-%s)", ms(median(key)), ms(pct(key, 0)), ms(pct(key, 90)))
}

function ratio(a, b) {
	if (a == "" || b == "" || b <= 0) return "-"
	return sprintf("%.1fx", a / b)
}

function kib(bytes) {
	return sprintf("%.1f KiB", bytes / 1024)
}

BEGIN { nshapes = 0 }

!/^R / { next }

# --- from scripts/bench ---
$2 == "host" { kv_parse(); for (k in kv) host[k] = kv[k]; next }
$2 == "host_cpu" { host["cpu_model"] = rest_of_line(); next }
$2 == "host_qemu" { host["qemu"] = rest_of_line(); next }
$2 == "host_tree" { host["tree"] = rest_of_line(); next }
$2 == "ko_size" { kv_parse(); for (k in kv) ko[k] = kv[k]; next }
$2 == "shape" {
	kv_parse()
	s = kv["smp"]
	if (!(s in shape_seen)) { shape_seen[s] = 1; shapes[++nshapes] = s }
	for (k in kv) shape_info[s, k] = kv[k]
	next
}
$2 == "shape_begin" { kv_parse(); cur = kv["smp"]; next }

# --- from bench/run-in-vm, in the VM of shape @cur ---
$2 == "vm" { kv_parse(); for (k in kv) vm[cur, k] = kv[k]; next }
$2 == "vm_model" { vm[cur, "model"] = rest_of_line(); next }
$2 == "proc_modules" { kv_parse(); vm[cur, "proc_modules"] = kv["size"]; next }
$2 == "meminfo" {
	kv_parse()
	for (k in kv) if (k != "phase") meminfo[cur, kv["phase"], k] = kv[k]
	next
}
$2 == "mem" { kv_parse(); for (k in kv) mem[cur, k] = kv[k]; next }
$2 == "mem_site" {
	kv_parse()
	site = sprintf("%s %d B -> %d B", kv["site"], kv["bytes_req"], kv["bytes_alloc"])
	if (cur in mem_sites)
		mem_sites[cur] = mem_sites[cur] ", " site
	else
		mem_sites[cur] = site
	next
}
$2 == "modload" {
	kv_parse()
	push(cur SUBSEP "finit", kv["load_us"])
	push(cur SUBSEP "delete", kv["unload_us"])
	next
}
$2 == "modcmd" {
	kv_parse()
	push(cur SUBSEP kv["cmd"], kv["wall_us"])
	if (kv["rc"] != 0) modcmd_fail[cur] = 1
	next
}
$2 == "loop" {
	kv_parse()
	for (k in kv) loop[cur, kv["kind"], k] = kv[k]
	next
}
$2 == "live_round" {
	kv_parse()
	push(cur SUBSEP "live_round", kv["round_us"])
	push(cur SUBSEP "live_first", kv["first_us"])
	push(cur SUBSEP "live_again", kv["again_us"])
	next
}
$2 == "ipi_attr" {
	kv_parse()
	for (k in kv) ipi[cur, kv["kind"], k] = kv[k]
	next
}
$2 == "state" {
	kv_parse()
	state_unavail[cur, kv["name"]] = ("unavailable" in kv)
	state_mods[cur, kv["name"]] = kv["kvm_modules"]
	next
}
$2 == "e2e" {
	kv_parse()
	if (kv["round"] < 1) next
	key = cur SUBSEP kv["state"] SUBSEP kv["tool"]
	push(key, kv["wall_us"])
	e2e_round[key, kv["round"]] = kv["wall_us"]
	e2e_rc[key] = kv["rc"]
	if (kv["round"] > rounds[cur, kv["state"]]) rounds[cur, kv["state"]] = kv["round"]
	next
}
$2 == "ninep" {
	kv_parse()
	if ("available" in kv) { ninep_why[cur] = kv["why"]; next }
	ninep[cur, kv["tool"]] = kv["requests"]
	ninep_shape[cur] = 1
	next
}
$2 == "phases" {
	kv_parse()
	if ("available" in kv) { phases_why[cur] = kv["why"]; next }
	for (k in kv)
		if (k ~ /_ms$/) push(cur SUBSEP "ph" SUBSEP k, kv[k] * 1000)
	push(cur SUBSEP "ph" SUBSEP "wall", kv["wall_us"])
	next
}

# Median over rounds of other/vtdiag, and its range: the pairs share a round.
function paired(s, state, tool,   r, n, key) {
	key = "paired" SUBSEP s SUBSEP state SUBSEP tool
	delete lists[key]
	for (r = 1; r <= rounds[s, state]; r++)
		if ((s SUBSEP state SUBSEP tool, r) in e2e_round &&
		    (s SUBSEP state SUBSEP "vtdiag", r) in e2e_round &&
		    e2e_round[s SUBSEP state SUBSEP "vtdiag", r] > 0)
			push(key, e2e_round[s SUBSEP state SUBSEP tool, r] / \
				  e2e_round[s SUBSEP state SUBSEP "vtdiag", r])
	return key
}

# "4.1x 3.9x 4.0x": ratio of the medians, of the minimums, and the median of
# the per-round ratios (a round runs all tools back to back, so its ratio
# is the least disturbed by a host that is busy now and idle later).
function ratios(s, state, tool,   k, kd, pk) {
	k = s SUBSEP state SUBSEP tool
	kd = s SUBSEP state SUBSEP "vtdiag"
	pk = paired(s, state, tool)
	return sprintf("%5s %5s %5s", ratio(median(k), median(kd)),
		ratio(pct(k, 0), pct(kd, 0)), count(pk) ? sprintf("%.1fx", median(pk)) : "-")
}

function track(name, value) {
	if (!((name "_min") in target) || value < target[name "_min"]) target[name "_min"] = value
	if (!((name "_max") in target) || value > target[name "_max"]) target[name "_max"] = value
}

function e2e_line(label, s, state,   ko, kh, kd) {
	kd = s SUBSEP state SUBSEP "vtdiag"
	ko = s SUBSEP state SUBSEP "kvm-ok"
	kh = s SUBSEP state SUBSEP "vhv"
	printf "  %-15s %5s  %-18s %-18s %-18s %-17s  %s\n", label, s,
		ms_stats(kd), ms_stats(ko), ms_stats(kh), ratios(s, state, "kvm-ok"),
		ratios(s, state, "vhv")
	if (median(kd) > 0) {
		track("ok", median(ko) / median(kd))
		track("vhv", median(kh) / median(kd))
	}
}

function us1(v) { return v == "" ? "-" : sprintf("%.1f", v) }

END {
	if (!nshapes) {
		print "bench: no results" > "/dev/stderr"
		exit 1
	}
	s1 = shapes[1]

	print "vtdiag benchmark (make bench), " host["date"]
	printf "  tree      %s; vtdiag %s; tool/vtdiag %s, kmod/vtdiag.ko %s (sha256, first 12)\n",
		host["tree"], host["version"], host["tool_sha"], host["ko_sha"]
	printf "  machine   %s, %s cores, %s MiB, Linux %s%s\n", host["cpu_model"],
		host["cores"], host["mem_mib"], host["kernel"],
		host["virtual"] == 1 ? " (itself a virtual machine)" : ""
	printf "  VM        %s, TCG (multi-threaded; no KVM), -cpu %s, %s MiB, guest Linux %s\n",
		host["qemu"], host["vm_cpu"], host["vm_mem"], vm[s1, "kernel"]
	printf "            guest CPU \"%s\"; shapes:", vm[s1, "model"]
	for (i = 1; i <= nshapes; i++)
		printf " %s", shapes[i] " vCPU" (shapes[i] == 1 ? "" : "s")
	print ""
	printf "  load      1-min load average before/after each VM (ours included):"
	for (i = 1; i <= nshapes; i++)
		printf " %s->%s", shape_info[shapes[i], "load_before"], shape_info[shapes[i], "load_after"]
	printf "\n            other QEMU VMs running beside ours (most seen, per shape):"
	for (i = 1; i <= nshapes; i++)
		printf " %s", shape_info[shapes[i], "other_qemu"]
	print ""
	printf "  method    %s measured rounds per state (+%s warm-up), interleaved A B C A B C ...;\n",
		host["runs"], host["warmup"]
	print  "            wall time from spawn to exit (bench/nlbench spawn), output to /dev/null"
	busy = 0
	for (i = 1; i <= nshapes; i++)
		if (shape_info[shapes[i], "other_qemu"] > 0)
			busy = 1
	if (busy)
		print  "  NOTE      other VMs shared the host's cores during the run: absolute times are\n" \
		       "            inflated and noisy; ratios within a round hold up better"
	for (i = 1; i <= nshapes; i++)
		if (shape_info[shapes[i], "rc"] != 0)
			printf "  WARNING   the %s-vCPU VM run failed (status %s): its rows are partial; see %s\n",
				shapes[i], shape_info[shapes[i], "rc"], shape_info[shapes[i], "log"]

	print ""
	print "End to end, ms: median (min-p90); ratios: of the medians, of the minimums, per round (median)"
	printf "  %-15s %5s  %-18s %-18s %-18s %-17s  %s\n", "state", "vCPUs",
		"vtdiag --json", "kvm-ok", "virt-host-validate", "kvm-ok/vtdiag", "vhv/vtdiag"
	printf "  %-15s %5s  %-18s %-18s %-18s %-17s  %s\n", "", "", "", "", "",
		"  med   min round", "  med   min round"
	for (st = 1; st <= 2; st++) {
		state = st == 1 ? "kvm" : "nokvm"
		label = st == 1 ? "kvm_amd loaded" : "no KVM module"
		for (i = 1; i <= nshapes; i++) {
			s = shapes[i]
			if (!((s, state) in state_unavail))
				continue
			if (state_unavail[s, state]) {
				printf "  %-15s %5s  (could not load KVM in this VM)\n", label, s
				continue
			}
			if (vm[s, "vendor"] != "AuthenticAMD" && state == "kvm")
				label = "kvm_intel loaded"
			e2e_line(label, s, state)
			label = ""
		}
	}
	printf "  targets (ratio of medians, every row): kvm-ok/vtdiag >= 10x %s (%.1fx-%.1fx);" \
		" vhv/vtdiag >= 20x %s (%.1fx-%.1fx)\n",
		(target["ok_min"] >= 10 ? "met" : "MISSED"), target["ok_min"], target["ok_max"],
		(target["vhv_min"] >= 20 ? "met" : "MISSED"), target["vhv_min"], target["vhv_max"]
	sd = ("detail_smp" in host) ? host["detail_smp"] : s1
	printf "  exit statuses (KVM loaded / not): vtdiag %s/%s, kvm-ok %s/%s, virt-host-validate %s/%s\n",
		e2e_rc[sd SUBSEP "kvm" SUBSEP "vtdiag"], e2e_rc[sd SUBSEP "nokvm" SUBSEP "vtdiag"],
		e2e_rc[sd SUBSEP "kvm" SUBSEP "kvm-ok"], e2e_rc[sd SUBSEP "nokvm" SUBSEP "kvm-ok"],
		e2e_rc[sd SUBSEP "kvm" SUBSEP "vhv"], e2e_rc[sd SUBSEP "nokvm" SUBSEP "vhv"]
	print  "  vtdiag reads every CPU (via the module); kvm-ok and virt-host-validate read the first"
	print  "  \"flags\" line of /proc/cpuinfo (virt-host-validate: with cgroup2 mounted in the VM)"

	print ""
	print "Where vtdiag's time goes (kvm loaded), ms: median (min-p90)"
	printf "  %5s  %-18s %-18s %-18s %-18s %-18s %s\n", "vCPUs", "/bin/true",
		"empty+tool libs", "nl-query", "nl-query static", "vtdiag STATIC=0",
		"vtdiag --json"
	for (i = 1; i <= nshapes; i++) {
		s = shapes[i]
		k = s SUBSEP "kvm" SUBSEP
		if (!count(k "true"))
			continue
		printf "  %5s  %-18s %-18s %-18s %-18s %-18s %s\n", s, ms_stats(k "true"),
			ms_stats(k "empty-libs"), ms_stats(k "nl-query"),
			ms_stats(k "nl-query-static"), ms_stats(k "vtdiag-dynamic"),
			ms_stats(k "vtdiag")
	}
	print  "  /bin/true: process start, dynamic loader, libc. empty+tool libs: an empty main() linked"
	print  "  like tool/vtdiag (libnl-genl-3, libnl-3, json-c). nl-query: vtdiag's four netlink requests"
	print  "  (resolve, GET_HOST, GET_CPU dump, GET_HOST) from a program linked to libc only; static:"
	print  "  the same, static non-PIE. vtdiag STATIC=0: the tool linked shared, as distribution packages"
	print  "  build it. vtdiag --json: tool/vtdiag as built by default (STATIC=1: static non-PIE)"

	have_ninep = 0
	for (i = 1; i <= nshapes; i++)
		if ((shapes[i] in ninep_shape) || (shapes[i] in ninep_why))
			have_ninep = 1
	if (have_ninep) {
		print ""
		print "Round trips to the VM's 9p root file system in one warm run (kvm loaded)"
		printf "  %5s  %8s %8s %8s %10s %16s\n", "vCPUs", "vtdiag", "kvm-ok", "vhv",
			"/bin/true", "nl-query static"
		for (i = 1; i <= nshapes; i++) {
			s = shapes[i]
			if (s in ninep_why) {
				printf "  %5s  (not counted: %s)\n", s, ninep_why[s]
				continue
			}
			if (!(s in ninep_shape))
				continue
			printf "  %5s  %8s %8s %8s %10s %16s\n", s, ninep[s, "vtdiag"],
				ninep[s, "kvm-ok"], ninep[s, "vhv"], ninep[s, "true"],
				ninep[s, "nl-query-static"]
		}
		print  "  9p client requests (tracepoint 9p:9p_client_req), every process of the run: each open,"
		print  "  close, missed lookup and symlink under / is at least one, and in this VM each costs"
		print  "  0.2-5 ms, more than most of the CPU work; on a local disk they are microseconds"
	}

	have_phases = 0
	for (i = 1; i <= nshapes; i++)
		if (count(shapes[i] SUBSEP "ph" SUBSEP "wall") || (shapes[i] in phases_why))
			have_phases = 1
	if (have_phases) {
		print ""
		print "One vtdiag --json run, phase by phase (uprobes on the tool), ms median"
		printf "  %5s  %10s %9s %9s %9s %8s %9s %7s %10s %10s %10s %10s\n", "vCPUs",
			"exec>main", "os_probe", "platform", "of:getent", "nl_open",
			"nl_query", "advise", "print_json", "main>exit", "exec>exit", "spawn wall"
		for (i = 1; i <= nshapes; i++) {
			s = shapes[i]
			k = s SUBSEP "ph" SUBSEP
			if (!count(k "wall")) {
				if (s in phases_why)
					printf "  %5s  (not measured: %s)\n", s, phases_why[s]
				continue
			}
			printf "  %5s  %10s %9s %9s %9s %8s %9s %7s %10s %10s %10s %10s\n", s,
				ms(median(k "exec_to_main_ms")), ms(median(k "os_probe_ms")),
				ms(median(k "platform_probe_ms")), ms(median(k "getent_ms")),
				ms(median(k "nl_open_ms")), ms(median(k "nl_query_ms")),
				ms(median(k "advise_ms")), ms(median(k "print_json_ms")),
				ms(median(k "main_to_exit_ms")), ms(median(k "exec_to_exit_ms")),
				ms(median(k "wall"))
		}
		print  "  exec>main: process and libc start-up; os_probe: /dev/kvm, user and group names (/etc);"
		print  "  platform: DMI, os-release, where QEMU and the libvirt daemons are (/usr);"
		print  "  of:getent: getent(1) runs for names /etc cannot give (none expected here); spawn wall"
		print  "  also holds fork and exec"
	}

	print ""
	print "Kernel side: requests in a loop for the given seconds, one process, one socket"
	printf "  %5s  %10s %-22s %-14s %-22s %11s %-14s %s\n", "vCPUs", "GET_HOST/s",
		"GET_HOST us p50/p90/p99", "GET_CPU do p50", "dump us p50/p90/p99", "dump us/CPU",
		"genl ctrl p50", "clock read"
	nfit = 0
	for (i = 1; i <= nshapes; i++) {
		s = shapes[i]
		printf "  %5s  %10.0f %-22s %-14s %-22s %11s %-14s %.1f us (%s)\n", s,
			loop[s, "host", "rate"],
			us1(loop[s, "host", "p50_us"]) "/" us1(loop[s, "host", "p90_us"]) "/" us1(loop[s, "host", "p99_us"]),
			us1(loop[s, "cpu", "p50_us"]) " us",
			us1(loop[s, "dump", "p50_us"]) "/" us1(loop[s, "dump", "p90_us"]) "/" us1(loop[s, "dump", "p99_us"]),
			(loop[s, "dump", "cpus"] > 0 ? sprintf("%.2f", loop[s, "dump", "p50_us"] / loop[s, "dump", "cpus"]) : "-"),
			us1(loop[s, "ctrl", "p50_us"]) " us", loop[s, "host", "clock_ns"] / 1000,
			vm[s, "clocksource"]
		if (loop[s, "dump", "cpus"] > 0) {
			nfit++
			fx[nfit] = loop[s, "dump", "cpus"]
			fy[nfit] = loop[s, "dump", "p50_us"]
		}
	}
	if (nfit >= 2) {
		sx = sy = sxx = sxy = 0
		for (i = 1; i <= nfit; i++) {
			sx += fx[i]; sy += fy[i]; sxx += fx[i] * fx[i]; sxy += fx[i] * fy[i]
		}
		den = nfit * sxx - sx * sx
		if (den != 0) {
			slope = (nfit * sxy - sx * sy) / den
			icpt = (sy - slope * sx) / nfit
			worst = 0
			for (i = 1; i <= nfit; i++) {
				dev = fy[i] - (icpt + slope * fx[i])
				if (dev < 0) dev = -dev
				if (fy[i] > 0 && dev / fy[i] > worst) worst = dev / fy[i]
			}
			printf "  dump time vs CPUs, least squares over the shapes: %.1f us + %.2f us per CPU;\n", icpt, slope
			if (nfit >= 3)
				printf "  largest deviation of a measured median from that line: %.0f%%\n", worst * 100
		}
	}
	print  "  each latency holds one clock read (\"clock read\": the guest's clocksource under TCG);"
	print  "  genl ctrl: the generic netlink controller's GETFAMILY, the same round trip without vtdiag"
	print  "  live-bit round (CR4.VMXE / EFER.SVME of every CPU, at most once a second), us median (min-max):"
	for (i = 1; i <= nshapes; i++) {
		s = shapes[i]
		if (!count(s SUBSEP "live_round")) continue
		printf "  %5s  GET_HOST after a pause %s (%s-%s), right after it %s: the round %s (%s-%s)\n", s,
			us1(median(s SUBSEP "live_first")), us1(pct(s SUBSEP "live_first", 0)),
			us1(pct(s SUBSEP "live_first", 100)), us1(median(s SUBSEP "live_again")),
			us1(median(s SUBSEP "live_round")), us1(pct(s SUBSEP "live_round", 0)),
			us1(pct(s SUBSEP "live_round", 100))
	}
	print  "  the round: the first GET_HOST after a 1.1 s pause less the one right after it; every"
	print  "  online CPU is asked at once, so it is one cross-CPU round trip, not one per CPU"
	print ""
	print "Cross-CPU calls (IPIs) during those loops: /proc/interrupts CAL + TLB, all CPUs"
	printf "  %5s  %-9s %6s %8s %7s %7s %8s %12s %12s %8s %s\n", "vCPUs", "loop", "secs",
		"requests", "raw", "idle", "control", "vtdiag:live", "vtdiag:other", "bound", "verdict"
	verdict_all = "ok"
	for (i = 1; i <= nshapes; i++) {
		s = shapes[i]
		split("host cpu dump", kinds, " ")
		for (j = 1; j <= 3; j++) {
			kd = kinds[j]
			if (!((s, kd, "secs") in loop)) continue
			secs = loop[s, kd, "secs"]
			raw = loop[s, kd, "cal"] + loop[s, kd, "tlb"]
			idle = loop[s, "idle", "cal"] + loop[s, "idle", "tlb"]
			ctl = loop[s, "ctrl", "cal"] + loop[s, "ctrl", "tlb"]
			bound = (secs + 1) * loop[s, kd, "online"]
			if (ipi[s, kd, "traced"] == 1) {
				live = ipi[s, kd, "vtdiag_live"]
				other = ipi[s, kd, "vtdiag_other"]
				v = live + other <= bound ? "ok" : "OVER"
			} else {
				live = other = "-"
				v = raw <= bound ? "ok (raw)" : "unknown"
			}
			if (v == "OVER") verdict_all = "OVER"
			printf "  %5s  %-9s %6.2f %8s %7d %7d %8d %12s %12s %8.1f %s\n", s,
				(kd == "host" ? "GET_HOST" : kd == "cpu" ? "GET_CPU" : "dump"),
				secs, loop[s, kd, "n"], raw, idle, ctl, live, other, bound, v
		}
	}
	printf "  insmod (samples every CPU once), IPIs sent from vtdiag's init:"
	for (i = 1; i <= nshapes; i++) {
		s = shapes[i]
		if (ipi[s, "insmod", "traced"] == 1)
			printf " %s (%s vCPU%s)", ipi[s, "insmod", "vtdiag_live"] + ipi[s, "insmod", "vtdiag_other"],
				s, (s == 1 ? "" : "s")
	}
	printf "\n    (cpuhp wakes each other CPU's hotplug thread, which samples its own CPU; the rest of\n" \
	       "    the kernel sent"
	for (i = 1; i <= nshapes; i++)
		if (ipi[shapes[i], "insmod", "traced"] == 1)
			printf " %s", ipi[shapes[i], "insmod", "not_vtdiag"]
	print " during those loads)"
	print  "  raw: the delta over the loop; idle: the same seconds asleep; control: a genl-controller"
	print  "  loop at full speed (the busy guest's own wake-up IPIs). vtdiag: IPIs whose kernel stack"
	print  "  (ftrace) starts in vtdiag code - live: the once-a-second CR4/EFER refresh (one broadcast"
	print  "  counted as the other online CPUs it reaches); other: any other vtdiag path (firmware"
	print  "  bits: none expected once sampled). bound: (T+1) x online CPUs"

	print ""
	print "Module memory and load time"
	printf "  vtdiag.ko: %s file (with debug info); size(1): text %s, data %s, bss %s (%s B loaded)\n",
		kib(ko["file"]), ko["text"], ko["data"], ko["bss"], ko["dec"]
	printf "  %5s  %10s %-10s %-46s %-11s %s\n", "vCPUs", "nr_cpu_ids", "/proc/mod",
		"vtdiag kmallocs at insmod (requested -> slab)", "freed", "meminfo at insmod: Slab/Vmalloc/Percpu"
	for (i = 1; i <= nshapes; i++) {
		s = shapes[i]
		poss = vm[s, "possible"]
		sub(/^0-/, "", poss)
		ncpuid = poss + 1
		if (mem[s, "traced"] == 1)
			alloc = sprintf("%d: %s", mem[s, "allocs"], mem_sites[s] != "" ? mem_sites[s] : "none")
		else
			alloc = "(kmem tracepoints unavailable)"
		printf "  %5s  %10s %-10s %-46s %-11s %+d/%+d/%+d KiB\n", s, ncpuid,
			vm[s, "proc_modules"] " B", alloc,
			mem[s, "traced"] == 1 ? mem[s, "freed"] "/" mem[s, "allocs"] : "-",
			meminfo[s, "after_insmod", "slab_kib"] - meminfo[s, "before_insmod", "slab_kib"],
			meminfo[s, "after_insmod", "vmalloc_kib"] - meminfo[s, "before_insmod", "vmalloc_kib"],
			meminfo[s, "after_insmod", "percpu_kib"] - meminfo[s, "before_insmod", "percpu_kib"]
	}
	print  "  kmallocs: tracepoint kmem:kmalloc during insmod whose call site is in vtdiag, paired with"
	print  "  kfree at rmmod; meminfo: whole-system counters, so other activity adds noise"
	printf "  %5s  %-22s %-22s %-22s %-22s (ms: median (min-max) of %s)\n", "vCPUs",
		"finit_module", "delete_module", "insmod command", "rmmod command", host["loads"]
	for (i = 1; i <= nshapes; i++) {
		s = shapes[i]
		printf "  %5s", s
		split("finit delete insmod rmmod", mk, " ")
		for (j = 1; j <= 4; j++) {
			k = s SUBSEP mk[j]
			printf "  %-22s", count(k) ? sprintf("%s (%s-%s)", ms(median(k)), ms(pct(k, 0)), ms(pct(k, 100))) : "-"
		}
		print modcmd_fail[s] ? "  (a command failed)" : ""
	}
	print  "  the syscalls alone, then the commands (kmod's insmod/rmmod, process start included)"
}
