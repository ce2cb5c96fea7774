#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# --collect and --prometheus of the vtdiag binary on this machine (module
# or fallback), as root and, when run as root, as nobody: the metrics pass
# `promtool check metrics`; the bundle is a gzip'd tar that tar lists and
# reads, holds what the manifest says, leaves out what a user cannot read
# and says why, is English in any locale; an existing file is never
# replaced, a failed write leaves nothing behind; bad command lines exit
# 64. TAP output.
#
#   tests/export_test.sh [path/to/vtdiag [path/to/export_test [path/to/vtdiag-dynamic]]]
#
# VTDIAG_NO_VALGRIND=1 skips the valgrind runs (slow in the TCG test VM).
# VTDIAG_NO_SKIP=1 (make check) turns every other skip into a failure:
# there, scripts/install-deps has installed what each check needs.
set -u

VTDIAG=${1:-$(dirname "$0")/../vtdiag}
EXPORT_TEST=${2:-$(dirname "$0")/export_test}
VTDIAG_DYNAMIC=${3:-$VTDIAG}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-export.XXXXXX") || exit 1
. "$(dirname "$0")/tap.sh"
TAP_SHOW="$SCRATCH/out $SCRATCH/err"
MNT=
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

run() {
	"$VTDIAG" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
}



has() {
	grep -qF -- "$2" "$SCRATCH/$1"
}

as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

can_nobody=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	can_nobody=1
fi

echo "TAP version 13"

# --- --prometheus -------------------------------------------------------
run --prometheus
[ "$rc" -eq 0 ] &&
	grep -q '^vtdiag_info{tool_version="[^"]*",module_version="[^"]*",source="\(module\|fallback\)",' "$SCRATCH/out" &&
	[ "$(grep -c '^vtdiag_host_verdict{verdict="[a-z_]*"} 1$' "$SCRATCH/out")" -eq 1 ] &&
	grep -q '^vtdiag_kvm_ready [01]$' "$SCRATCH/out" &&
	grep -q '^vtdiag_cpu_state{cpu="0",state="[a-z_]*"} 1$' "$SCRATCH/out" &&
	grep -q '^# TYPE vtdiag_cpu_state gauge$' "$SCRATCH/out" &&
	! grep -v '^#' "$SCRATCH/out" | grep -qv '^vtdiag_'
result $? "--prometheus: exit 0 whatever the verdict, vtdiag_ metrics, one verdict set"
cp "$SCRATCH/out" "$SCRATCH/metrics"

# The verdict in the metrics is the report's.
"$VTDIAG" --json >"$SCRATCH/json" 2>/dev/null
json_rc=$?
grep -q "^vtdiag_exit_status $json_rc\$" "$SCRATCH/metrics" &&
	verdict=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$SCRATCH/json") &&
	grep -q "^vtdiag_host_verdict{verdict=\"$verdict\"} 1\$" "$SCRATCH/metrics"
result $? "--prometheus: verdict and exit status agree with --json (exit $json_rc)"

if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$SCRATCH/metrics" >"$SCRATCH/out" 2>"$SCRATCH/err"
	result $? "promtool check metrics: --prometheus output of this machine"
	"$EXPORT_TEST" --prometheus-sample "$SCRATCH/hostile.prom" &&
		promtool check metrics <"$SCRATCH/hostile.prom" >"$SCRATCH/out" 2>"$SCRATCH/err"
	result $? "promtool check metrics: hostile label values, escaped"
	if [ -n "$can_nobody" ]; then
		as_nobody "$VTDIAG" --prometheus >"$SCRATCH/nobody.prom" 2>"$SCRATCH/err"
		rc=$?
		cp "$SCRATCH/nobody.prom" "$SCRATCH/out"
		[ "$rc" -eq 0 ] && promtool check metrics <"$SCRATCH/nobody.prom" \
			>>"$SCRATCH/out" 2>>"$SCRATCH/err"
		result $? "promtool check metrics: --prometheus as nobody (exit $rc)"
	fi
else
	skip "promtool check metrics" "promtool not installed (Debian: prometheus)"
fi

# A tree whose firmware-attributes show the settings: their metrics.
TREES=$(dirname "$0")/trees
cp -a "$TREES/thinkpad-fwattr-pending" "$SCRATCH/fwtree" && "$TREES/materialize" "$SCRATCH/fwtree"
run --root "$SCRATCH/fwtree" --prometheus
[ "$rc" -eq 0 ] &&
	has out 'vtdiag_firmware_setting_state{driver="thinklmi",setting="VirtualizationTechnology",role="virtualization",state="on"} 1' &&
	has out 'vtdiag_firmware_setting_state{driver="thinklmi",setting="AmdVt",role="svm",state="unknown"} 1' &&
	has out 'vtdiag_firmware_pending_reboot{driver="thinklmi"} 1' &&
	has out 'vtdiag_check_status{check="firmware_setting",status="warn"} 1'
result $? "--prometheus: firmware settings one-hot, pending_reboot"
if command -v promtool >/dev/null 2>&1; then
	cp "$SCRATCH/out" "$SCRATCH/fw.prom"
	promtool check metrics <"$SCRATCH/fw.prom" >"$SCRATCH/out" 2>"$SCRATCH/err"
	result $? "promtool check metrics: firmware settings"
else
	skip "promtool check metrics: firmware settings" "promtool not installed (Debian: prometheus)"
fi
rm -rf "$SCRATCH/fwtree"

# Writing fails: exit 4, so `>f.$$ && mv f.$$ f` publishes nothing.
if [ -w /dev/full ]; then
	"$VTDIAG" --prometheus >/dev/full 2>"$SCRATCH/err"
	rc=$?
	: >"$SCRATCH/out"
	[ "$rc" -eq 4 ] && has err "cannot write the metrics"
	result $? "--prometheus to a full device: exit 4"
fi

# --- --collect ----------------------------------------------------------
bundle="$SCRATCH/case 1.tar.gz"
run --collect "$bundle"
[ "$rc" -eq 0 ] && [ ! -s "$SCRATCH/out" ] &&
	has err "support bundle written to $bundle" &&
	gzip -t "$bundle" && tar -tzf "$bundle" >"$SCRATCH/list"
result $? "--collect: exit 0, a gzip'd tar (exit $rc)"

want="case_1/
case_1/MANIFEST.txt
case_1/manifest.json
case_1/report.txt
case_1/report.json
case_1/registers.txt"
[ "$(head -n 6 "$SCRATCH/list")" = "$want" ] &&
	grep -qx 'case_1/kernel.txt' "$SCRATCH/list" &&
	grep -qx 'case_1/modules.txt' "$SCRATCH/list" &&
	grep -qx 'case_1/cpuinfo.txt' "$SCRATCH/list" &&
	! grep -v '^case_1/' "$SCRATCH/list"
result $? "--collect: the manifest first, reports, registers, kernel, modules"
sed 's/^/#   /' "$SCRATCH/list"

mkdir "$SCRATCH/x" && tar -xzf "$bundle" -C "$SCRATCH/x" &&
	python3 - "$SCRATCH/x/case_1" "$SCRATCH/json" <<'EOF'
import json, os, sys
top, direct = sys.argv[1], json.load(open(sys.argv[2]))
m = json.load(open(os.path.join(top, "manifest.json")))
names = sorted(os.listdir(top))
listed = sorted([f["name"] for f in m["files"]] + ["MANIFEST.txt", "manifest.json"])
assert names == listed, (names, listed)
for f in m["files"]:
    assert os.path.getsize(os.path.join(top, f["name"])) == f["bytes"], f
    assert f["what"], f
for gap in m["left_out"]:
    assert gap["what"] and gap["why"], gap
    assert gap["what"].split(":")[0] not in names or ":" in gap["what"], gap
assert set(m["never_collected"]) >= {"product_serial", "product_uuid",
    "board_serial", "chassis_serial", "board_asset_tag", "chassis_asset_tag"}
report = json.load(open(os.path.join(top, "report.json")))
assert report["schema"] == 1 and report["verdict"] == direct["verdict"]
assert m["verdict"] == direct["verdict"] and m["source"] == direct["source"]
assert m["collected_by"]["uid"] == os.getuid()
assert m["read_from"] == "/" and m["captured_tree"] is False, m["read_from"]
text = open(os.path.join(top, "MANIFEST.txt")).read()
for word in ("Files:", "Left out:", "Privacy:", "product_serial",
             "Read from:     this machine (/)\n"):
    assert word in text, word
EOF
result $? "--collect: manifest.json lists every file with its size, the report inside is --json's"

[ "$(stat -c %a "$bundle")" = 600 ] && ! ls "$SCRATCH" | grep -q tmp
result $? "--collect: the bundle is private to its owner (0600), no temporary file left"

# The text report inside is English whatever the locale. A zh_CN locale
# of our own (localedef), so that the translation really is active.
zh_env="LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 LANGUAGE=zh_CN"
if mkdir "$SCRATCH/loc" && command -v localedef >/dev/null 2>&1 &&
   localedef -i zh_CN -f UTF-8 "$SCRATCH/loc/zh_CN.UTF-8" >/dev/null 2>&1; then
	zh_env="LOCPATH=$SCRATCH/loc $zh_env"
fi
# shellcheck disable=SC2086
env $zh_env "$VTDIAG" --no-color >"$SCRATCH/zh-plain.txt" 2>/dev/null
"$VTDIAG" --no-color >"$SCRATCH/c-plain.txt" 2>/dev/null
if cmp -s "$SCRATCH/zh-plain.txt" "$SCRATCH/c-plain.txt"; then
	echo "# no zh_CN translation active here: the locale check below is weaker"
fi
run --collect "$SCRATCH/c.tar.gz"
# shellcheck disable=SC2086
env $zh_env "$VTDIAG" --collect "$SCRATCH/zh.tar.gz" >"$SCRATCH/out" 2>"$SCRATCH/err" &&
	tar -xzOf "$SCRATCH/c.tar.gz" c/report.txt >"$SCRATCH/c.txt" &&
	tar -xzOf "$SCRATCH/zh.tar.gz" zh/report.txt >"$SCRATCH/zh.txt" &&
	cmp "$SCRATCH/c.txt" "$SCRATCH/zh.txt" &&
	grep -q '^.... *CPU virtualization' "$SCRATCH/zh.txt" &&
	tar -xzOf "$SCRATCH/zh.tar.gz" zh/MANIFEST.txt | grep -q '^Left out:$'
result $? "--collect: report.txt and the manifest are English in a zh_CN locale too"

# An existing file is never replaced, nor a directory written into.
cksum "$bundle" >"$SCRATCH/before"
run --collect "$bundle"
[ "$rc" -eq 4 ] && has err "already exists" && cksum "$bundle" | cmp -s - "$SCRATCH/before"
result $? "--collect onto an existing file: exit 4, file untouched"
run --collect "$SCRATCH"
[ "$rc" -eq 4 ] && has err "is a directory"
result $? "--collect onto a directory: exit 4"
run --collect "$SCRATCH/no/such/dir/b.tar.gz"
[ "$rc" -eq 4 ] && has err "cannot write $SCRATCH/no/such/dir/b.tar.gz"
result $? "--collect into a missing directory: exit 4, says why"

# To standard output, for ssh: the same archive.
"$VTDIAG" --collect - >"$SCRATCH/stdout.tar.gz" 2>"$SCRATCH/err"
rc=$?
: >"$SCRATCH/out"
[ "$rc" -eq 0 ] && tar -tzf "$SCRATCH/stdout.tar.gz" | grep -qx 'vtdiag-bundle/MANIFEST.txt' &&
	has err "written to standard output"
result $? "--collect -: the archive on standard output"

# Out of space half way: exit 4 and nothing left behind.
if [ "$(id -u)" -eq 0 ] && mkdir "$SCRATCH/small" &&
   mount -t tmpfs -o size=4k tmpfs "$SCRATCH/small" 2>/dev/null; then
	MNT=$SCRATCH/small
	run --collect "$SCRATCH/small/b.tar.gz"
	[ "$rc" -eq 4 ] && has err "No space left on device" &&
		[ -z "$(ls -A "$SCRATCH/small")" ]
	result $? "--collect on a full file system: exit 4, no partial file, no temporary"
	umount "$SCRATCH/small"
	MNT=
else
	skip "--collect on a full file system" "cannot mount a small tmpfs here"
fi

# SIGTERM while the archive is being written (strace holds it in fsync):
# the temporary file goes with it.
if command -v strace >/dev/null 2>&1 && command -v pgrep >/dev/null 2>&1 &&
   mkdir "$SCRATCH/sig"; then
	strace -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=5000000 \
		"$VTDIAG" --collect "$SCRATCH/sig/b.tar.gz" >"$SCRATCH/out" 2>"$SCRATCH/err" &
	tracer=$!
	tries=0
	until ls "$SCRATCH/sig" | grep -q '^b\.tar\.gz\.tmp' || [ "$tries" -ge 100 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	saw_tmp=$(ls "$SCRATCH/sig")
	child=$(pgrep -P "$tracer")
	[ -n "$child" ] && kill -TERM "$child"
	{ wait "$tracer"; } 2>/dev/null
	[ -n "$saw_tmp" ] && [ -n "$child" ] && [ -z "$(ls -A "$SCRATCH/sig")" ]
	result $? "--collect killed by SIGTERM mid-write: the temporary file ($saw_tmp) is removed"
else
	skip "--collect killed mid-write" "no strace or pgrep"
fi

if [ -n "$can_nobody" ]; then
	chmod 0777 "$SCRATCH"
	mkdir "$SCRATCH/rootonly" && chmod 0755 "$SCRATCH/rootonly"
	as_nobody "$VTDIAG" --collect "$SCRATCH/rootonly/b.tar.gz" >"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
	[ "$rc" -eq 4 ] && has err "Permission denied" && [ -z "$(ls -A "$SCRATCH/rootonly")" ]
	result $? "--collect as nobody into root's directory: exit 4, Permission denied"

	as_nobody "$VTDIAG" --collect "$SCRATCH/nobody.tar.gz" >"$SCRATCH/out" 2>"$SCRATCH/err"
	rc=$?
	[ "$rc" -eq 0 ] && has err "left out:" &&
		tar -xzOf "$SCRATCH/nobody.tar.gz" nobody/manifest.json >"$SCRATCH/nobody.json" &&
		python3 - "$SCRATCH/nobody.json" "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
gaps = {g["what"]: g["why"] for g in m["left_out"]}
assert m["collected_by"] == {"user": "nobody", "uid": 65534, "root": False}, m["collected_by"]
names = [f["name"] for f in m["files"]]
if sys.argv[2] == "1":
    assert "kernel-log.txt" in gaps and "dmesg_restrict" in gaps["kernel-log.txt"], gaps
    assert "kernel-log.txt" not in names
# The firmware registers need root: said when they mattered.
if m["source"] == "fallback" and any("firmware registers" in w for w in gaps):
    assert "not root" in gaps["registers.txt: firmware registers (FEATURE_CONTROL / VM_CR)"], gaps
EOF
	result $? "--collect as nobody: exit 0, the manifest says what was left out and why"
else
	skip "--collect as nobody" "not root or no setpriv"
fi

# --- bad command lines --------------------------------------------------
tab=$(printf '\t')
while IFS=$tab read -r args want; do
	eval "set -- $args"
	run "$@"
	[ "$rc" -eq 64 ] && [ ! -s "$SCRATCH/out" ] && has err "$want" &&
		has err "Try 'vtdiag --help'"
	result $? "bad command line: $args -> 64, $want"
done <<'EOF'
--collect	option '--collect' requires an argument
--collect=	--collect needs a file name, not ''
--collect --json	--collect needs a file name, not '--json'
--collect -x	--collect needs a file name, not '-x'
--collect b.tar.gz --watch	--collect cannot be combined with --watch
--watch --collect b.tar.gz	--collect cannot be combined with --watch
--collect b.tar.gz --json	--collect cannot be combined with --json
--prometheus --json	--prometheus cannot be combined with --json
--prometheus --watch	--prometheus cannot be combined with --watch
--prometheus --collect b.tar.gz	--collect and --prometheus cannot be combined
--prometheus=1	option '--prometheus' takes no argument
--prometheus stray	unexpected argument 'stray'
EOF
[ ! -e b.tar.gz ]
result $? "no bad command line wrote a bundle"

# --- --root TREE --collect -----------------------------------------------
# A bundle of a captured tree (tests/trees, materialized as tree_test.sh
# does): its report.json is --root TREE --json's, its manifest names the
# tree, and it holds the tree's files, not this machine's.
TREES=$(dirname "$0")/trees
for dir in "$TREES"/*/; do
	name=$(basename "$dir") tree=$SCRATCH/tree-$(basename "$dir")
	rm -rf "$tree"
	if ! cp -a "$dir" "$tree" || ! "$TREES/materialize" "$tree"; then
		result 1 "--root $name --collect -: the tree materialized"
		continue
	fi
	if [ -e "$tree/dev/kvm" ]; then
		if [ "$(id -u)" != 0 ]; then
			skip "--root $name --collect -" "dev/kvm needs root to chown"
			continue
		fi
		gid=$(awk -F: '$1 == "kvm" { print $3 }' "$tree/etc/group" 2>/dev/null)
		chown "0:${gid:-0}" "$tree/dev/kvm" && chmod 0660 "$tree/dev/kvm"
	fi
	"$VTDIAG" --root "$tree" --json >"$SCRATCH/tree.json" 2>/dev/null
	run --root "$tree" --collect -
	mkdir -p "$SCRATCH/t-$name" && cp "$SCRATCH/out" "$SCRATCH/t-$name.tar.gz" &&
		[ "$rc" -eq 0 ] && has err "support bundle written to standard output" &&
		tar -xzf "$SCRATCH/t-$name.tar.gz" -C "$SCRATCH/t-$name" &&
		cmp "$SCRATCH/tree.json" "$SCRATCH/t-$name/vtdiag-bundle/report.json" >&2 &&
		python3 - "$SCRATCH/t-$name/vtdiag-bundle" "$tree" <<'EOF' 2>>"$SCRATCH/err"
import json, os, sys
top, tree = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(top, "manifest.json")))
assert m["captured_tree"] is True and m["read_from"] == tree, m["read_from"]
text = open(os.path.join(top, "MANIFEST.txt")).read()
assert "Read from:     the captured tree " + tree + " (--root)" in text, text
kernel = open(os.path.join(top, "kernel.txt")).read()
release = open(os.path.join(tree, "proc/sys/kernel/osrelease")).read().strip()
assert "release: " + release + "\n" in kernel, (release, kernel)
assert "machine: ? (not in a captured tree)\n" in kernel, kernel
EOF
	result $? "--root $name --collect -: report.json is --root $name --json's, the manifest names the tree (exit $rc)"
done

# --- memory -------------------------------------------------------------
if [ -n "${VTDIAG_NO_VALGRIND:-}" ]; then
	n=$((n + 1))
	printf 'ok %s - valgrind # SKIP VTDIAG_NO_VALGRIND is set\n' "$n"
elif command -v valgrind >/dev/null 2>&1; then
	# The first captured tree materialized above: a bundle read under it.
	set -- "--prometheus" "--collect $SCRATCH/vg.tar.gz" \
		"--collect $SCRATCH/vg.tar.gz" "--collect"
	for tree in "$SCRATCH"/tree-*/; do
		[ -d "$tree" ] && set -- "$@" "--root $tree --collect $SCRATCH/vgt.tar.gz"
		break
	done
	for args in "$@"; do
		# shellcheck disable=SC2086
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite \
			"$VTDIAG_DYNAMIC" $args >"$SCRATCH/out" 2>"$SCRATCH/err"
		rc=$?
		[ "$rc" -ne 99 ] && [ "$rc" -lt 128 ] &&
			! grep -q '^==[0-9]*==' "$SCRATCH/err" &&
			case $args in --root*) [ "$rc" -eq 0 ];; esac
		result $? "valgrind: $args (exit $rc)"
	done
else
	skip "valgrind" "not installed"
fi

tap_end
