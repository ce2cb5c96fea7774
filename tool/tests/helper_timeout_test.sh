#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A whole report whose helper programs never answer: getent (as with an
# unreachable LDAP or SSSD server) and systemctl (a wedged systemd). The
# report must still end within their deadlines (getent 6 s, systemctl
# 4 s, tool/run.h) and say which check they left unanswered, in text and
# in --json.
#
#   tests/helper_timeout_test.sh [path/to/vtdiag]
#
# How the fakes get in: not through anything the tool honours. vtdiag
# runs helpers only from fixed absolute paths, with a fixed environment,
# because root runs it (often through sudo); a variable or option naming
# another program would let whoever sets it run code as root. So this
# test changes the machine instead, in a private mount namespace
# (unshare -m) that dies with it: the fake is bound over /usr/bin/getent
# and /usr/bin/systemctl, libvirtd and systemd's marker directory are
# faked on tmpfs. That needs root; elsewhere the test is skipped. The
# tool runs as a uid with no /etc/passwd entry, so that it must ask
# getent who it is.
set -u

VTDIAG=${1:-$(dirname "$0")/../vtdiag}
UID_NOBODY_KNOWS=54321

if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null ||
	! command -v setpriv >/dev/null; then
	echo "1..0 # SKIP needs root, unshare -m and setpriv"
	exit 0
fi
if [ ! -x /usr/bin/getent ] || getent passwd $UID_NOBODY_KNOWS >/dev/null; then
	echo "1..0 # SKIP needs /usr/bin/getent and uid $UID_NOBODY_KNOWS unknown"
	exit 0
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-helpers.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
. "$(dirname "$0")/tap.sh"
TAP_SHOW="$SCRATCH/out $SCRATCH/err"
chmod 755 "$SCRATCH"
cp "$VTDIAG" "$SCRATCH/vtdiag" && chmod 755 "$SCRATCH/vtdiag" || exit 1

# Ignores SIGTERM and leaves a grandchild holding stdout: only killing
# the whole process group ends it.
cat >"$SCRATCH/hang" <<'EOF'
#!/bin/sh
trap '' TERM
sleep 1000 &
while :; do sleep 1; done
EOF
chmod 755 "$SCRATCH/hang"

# With systemd as PID 1 and libvirtd installed, the tool asks systemctl.
fake_systemctl=no
if [ -x /usr/bin/systemctl ] && [ -d /usr/local/sbin ]; then
	fake_systemctl=yes
fi

# namespace ARGS...: the tool with the fakes in place; prints its run
# time in ms on fd 3.
cat >"$SCRATCH/in-namespace" <<EOF
#!/bin/sh
set -e
mount --bind "$SCRATCH/hang" /usr/bin/getent
if [ $fake_systemctl = yes ]; then
	mount --bind "$SCRATCH/hang" /usr/bin/systemctl
	mount -t tmpfs tmpfs /usr/local/sbin
	cp "$SCRATCH/hang" /usr/local/sbin/libvirtd
	mount -t tmpfs tmpfs /run
	mkdir -p /run/systemd/system
fi
set +e
start=\$(date +%s%N)
LC_ALL=C setpriv --reuid=$UID_NOBODY_KNOWS --regid=$UID_NOBODY_KNOWS \
	--clear-groups -- "$SCRATCH/vtdiag" "\$@"
rc=\$?
echo \$(( (\$(date +%s%N) - start) / 1000000 )) >&3
exit \$rc
EOF
chmod 755 "$SCRATCH/in-namespace"



# Both deadlines, and slack for the rest of the report on a busy host
# (the report itself takes tens of milliseconds; a hang is the 60 s of
# timeout(1) below).
limit_ms=10000
[ $fake_systemctl = yes ] && limit_ms=14000

# run ARGS...: $rc, $ms, $SCRATCH/out, $SCRATCH/err. timeout(1) only
# guards the test against the hang this is about.
run() {
	timeout -s KILL 60 unshare -m "$SCRATCH/in-namespace" "$@" \
		>"$SCRATCH/out" 2>"$SCRATCH/err" 3>"$SCRATCH/ms"
	rc=$?
	ms=$(cat "$SCRATCH/ms" 2>/dev/null)
	ms=${ms:-999999}
	echo "# vtdiag $* ended after $ms ms (limit $limit_ms), exit $rc"
}

# The text with its wrapped lines joined.
flat() {
	tr -s ' \n' '  ' <"$SCRATCH/out"
}

echo "TAP version 13"

run --no-color
[ "$rc" -ne 137 ] && [ "$ms" -ge 6000 ] && [ "$ms" -lt $limit_ms ]
result $? "text report ends within the helpers' deadlines"
flat | grep -qF "getent did not answer within 6 s: group membership not checked" &&
	{ [ $fake_systemctl = no ] ||
	  flat | grep -qF "libvirtd installed; could not check whether it runs: systemctl did not answer within 4 s"; }
result $? "the checks say which helper did not answer (systemctl faked: $fake_systemctl)"

run --json
[ "$rc" -ne 137 ] && [ "$ms" -ge 6000 ] && [ "$ms" -lt $limit_ms ]
result $? "--json ends within the helpers' deadlines"
python3 - "$SCRATCH/out" $fake_systemctl <<'EOF'
import json, sys
gaps = {g["what"]: g["why"] for g in json.load(open(sys.argv[1]))["unavailable"]}
assert gaps.get("groups") == "getent did not answer within 6 s", gaps
if sys.argv[2] == "yes":
    assert gaps.get("libvirt") == "systemctl did not answer within 4 s", gaps
EOF
result $? "--json lists what they left unknown under unavailable"

tap_end
