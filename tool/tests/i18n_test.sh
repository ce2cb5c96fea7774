#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vtdiag in Simplified Chinese, from the build tree: the help, a usage
# error and the report (on this machine: the fallback when the module is
# not loaded) come out translated, the advice without an English sentence
# left, every line within the report's width; --json stays byte for byte
# what it is in English; the catalogue beside the binary is used only when
# it is trusted as far as the binary (i18n.c). The zh_CN.UTF-8 locale is
# generated here with localedef into a scratch LOCPATH: no root, nothing
# changed on the system (Debian: package locales; Fedora: glibc-locale-source).
# TAP output.
#
#   tests/i18n_test.sh [path/to/vtdiag]
set -u

VTDIAG=${1:-$(dirname "$0")/../vtdiag}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtdiag-i18n.XXXXXX") || exit 1
trap 'rm -rf "$SCRATCH"' EXIT
. "$(dirname "$0")/tap.sh"


show() {
	sed 's/^/#   /' "$@"
}

echo "TAP version 13"

if ! localedef -i zh_CN -f UTF-8 "$SCRATCH/zh_CN.UTF-8" >"$SCRATCH/localedef" 2>&1; then
	show "$SCRATCH/localedef"
	echo "Bail out! cannot generate zh_CN.UTF-8: install locales (Debian) or glibc-locale-source (Fedora)"
	exit 1
fi
export LOCPATH="$SCRATCH"
unset LC_ALL LC_MESSAGES LANGUAGE
zh() {
	LANG=zh_CN.UTF-8 "$@"
}

# The width of what a terminal shows, wide characters two columns.
too_wide() {
	python3 -c '
import sys, unicodedata
bad = 0
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    wide = any(unicodedata.east_asian_width(c) in "WF" for c in line)
    if wide and cols > 78:
        print(cols, line)
        bad = 1
sys.exit(bad)' "$1"
}

# English sentences left in a translation: three lowercase words in a
# row, once `commands` and "quoted names" (firmware menus) are gone.
english_left() {
	sed -e 's/`[^`]*`//g' -e 's/"[^"]*"//g' "$1" |
		grep -E '(^|[^A-Za-z_./-])[a-z]+ [a-z]+ [a-z]+([^A-Za-z_./-]|$)'
}

zh "$VTDIAG" --help >"$SCRATCH/help" 2>&1
rc=$?
[ $rc -eq 0 ] && head -n 1 "$SCRATCH/help" | grep -qx '用法：vtdiag \[选项\]\.\.\.' &&
	grep -q '^  -h, --help       显示此帮助并退出$' "$SCRATCH/help"
result $? "--help in Chinese"
too_wide "$SCRATCH/help" >"$SCRATCH/wide"
result $? "--help: no line wider than 78 columns"
show "$SCRATCH/wide"

zh "$VTDIAG" --bogus >"$SCRATCH/out" 2>"$SCRATCH/err"
rc=$?
[ $rc -eq 64 ] && grep -qx "vtdiag: 无法识别的选项 '--bogus'" "$SCRATCH/err" &&
	grep -qx "请尝试执行 'vtdiag --help' 获取更多信息。" "$SCRATCH/err"
result $? "usage error in Chinese, exit 64 (got $rc)"
show "$SCRATCH/err"

"$VTDIAG" >"$SCRATCH/en.out" 2>"$SCRATCH/en.err"
en_rc=$?
zh "$VTDIAG" >"$SCRATCH/zh.out" 2>"$SCRATCH/zh.err"
zh_rc=$?
[ $zh_rc -eq $en_rc ]
result $? "the exit status does not depend on the language ($en_rc, $zh_rc)"

# One check line each, the same number, each rated in Chinese.
en_checks=$(grep -cE '^(PASS|WARN|FAIL)  ' "$SCRATCH/en.out")
zh_checks=$(grep -cE '^(通过|警告|失败)  ' "$SCRATCH/zh.out")
[ "$en_checks" -gt 0 ] && [ "$en_checks" -eq "$zh_checks" ] &&
	! grep -qE '^(PASS|WARN|FAIL) ' "$SCRATCH/zh.out"
result $? "report: $zh_checks check lines, rated 通过/警告/失败"
grep -q '^失败  CPU 虚拟化 \|^通过  CPU 虚拟化 \|^警告  CPU 虚拟化 ' "$SCRATCH/zh.out" &&
	grep -qE '^(通过|警告|失败)  虚拟机监控程序  ' "$SCRATCH/zh.out" &&
	grep -qE '^(通过|警告|失败)  /dev/kvm 访问权限  ' "$SCRATCH/zh.out"
result $? "report: check titles translated and aligned"
if grep -q '^What to do:' "$SCRATCH/en.out"; then
	grep -qx '解决步骤：' "$SCRATCH/zh.out"
elif grep -q '^Notes:' "$SCRATCH/en.out"; then
	grep -qx '说明：' "$SCRATCH/zh.out"
else
	true
fi
result $? "report: the heading of the steps translated"
show "$SCRATCH/zh.out"
show "$SCRATCH/zh.err"

# The steps and the advice on stderr: no command lines (indented 9), no
# English sentence.
sed -n '/^解决步骤：$/,$p;/^说明：$/,$p' "$SCRATCH/zh.out" | grep -v '^         ' \
	>"$SCRATCH/steps"
sed -n 's/^vtdiag: //p' "$SCRATCH/zh.err" >>"$SCRATCH/steps"
[ -s "$SCRATCH/steps" ] && ! english_left "$SCRATCH/steps" >"$SCRATCH/left"
result $? "advice: no English sentence left"
show "$SCRATCH/left"
too_wide "$SCRATCH/zh.out" >"$SCRATCH/wide"
result $? "report: wrapped at 78 columns, wide characters counted twice"
show "$SCRATCH/wide"

# Machine output is English in every locale.
"$VTDIAG" --json >"$SCRATCH/en.json" 2>"$SCRATCH/en.json.err"
zh "$VTDIAG" --json >"$SCRATCH/zh.json" 2>"$SCRATCH/zh.json.err"
cmp -s "$SCRATCH/en.json" "$SCRATCH/zh.json" &&
	cmp -s "$SCRATCH/en.json.err" "$SCRATCH/zh.json.err"
result $? "--json (and its stderr) identical in zh_CN.UTF-8 and C"
diff "$SCRATCH/en.json" "$SCRATCH/zh.json" | show

# LANGUAGE is not consulted in the C locale (gettext's rule).
LANG=C LANGUAGE=zh_CN "$VTDIAG" >"$SCRATCH/c.out" 2>"$SCRATCH/c.err"
cmp -s "$SCRATCH/en.out" "$SCRATCH/c.out"
result $? "LANG=C LANGUAGE=zh_CN: English"
LANG=C.UTF-8 LANGUAGE=zh_CN "$VTDIAG" --help | head -n 1 | grep -qx '用法：vtdiag \[选项\]\.\.\.'
result $? "LANG=C.UTF-8 LANGUAGE=zh_CN: LANGUAGE chooses Chinese"

# The catalogue beside the binary: used only with make's marker, and only
# when no one but the binary's owner can write it.
mkdir "$SCRATCH/tree"
cp "$VTDIAG" "$SCRATCH/tree/vtdiag"
cp -r "$(dirname "$VTDIAG")/locale" "$SCRATCH/tree/locale"
chmod -R go-w "$SCRATCH/tree"
zh "$SCRATCH/tree/vtdiag" --help | head -n 1 | grep -q '^用法'
result $? "a copy with its locale/ and marker: Chinese"
# Built with umask 002: the binary's own mode is its owner's business.
chmod g+w "$SCRATCH/tree/vtdiag"
zh "$SCRATCH/tree/vtdiag" --help | head -n 1 | grep -q '^用法'
result $? "the binary writable by its group: still Chinese"
chmod g+w "$SCRATCH/tree/locale"
zh "$SCRATCH/tree/vtdiag" --help | head -n 1 | grep -q '^Usage:'
result $? "locale/ writable by the group: not trusted, English"
chmod g-w "$SCRATCH/tree/locale"
chmod o+w "$SCRATCH/tree/locale/zh_CN/LC_MESSAGES/vtdiag.mo"
zh "$SCRATCH/tree/vtdiag" --help | head -n 1 | grep -q '^Usage:'
result $? "a catalogue in locale/ writable by others: not trusted, English"
chmod o-w "$SCRATCH/tree/locale/zh_CN/LC_MESSAGES/vtdiag.mo"
rm "$SCRATCH/tree/locale/.vtdiag-build-tree"
zh "$SCRATCH/tree/vtdiag" --help | head -n 1 | grep -q '^Usage:'
result $? "locale/ without make's marker: not used, English"
VTDIAG_LOCALEDIR="$SCRATCH/tree/locale" zh "$SCRATCH/tree/vtdiag" --help |
	head -n 1 | grep -q '^用法'
result $? "VTDIAG_LOCALEDIR chooses the catalogue directory"

tap_end
