#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The catalogues against the sources: po/vtdiag.pot is what xgettext
makes of the sources now, and every po/LANG.po translates exactly its
messages, none fuzzy or empty, each keeping the {placeholders} the advice
engine fills in and the `commands` the report sets on lines of their own
(msgfmt --check compares the printf formats). TAP output.

    tests/po_check.py FRESH_POT PO_DIR
"""
import collections
import pathlib
import re
import subprocess
import sys

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
COMMAND = re.compile(r"`[^`]*`")
QUOTED = re.compile(r'"[^"]*"')
# Three lowercase words in a row: an English phrase, not a name.
ENGLISH = re.compile(r"(?<![\w./-])[a-z]+ [a-z]+ [a-z]+(?![\w./-])")


def parse(path):
    """Entries of @path as dicts: msgid, plural, msgstr (list), flags."""
    text = subprocess.run(["msgcat", "--no-wrap", "--no-location", str(path)],
                          capture_output=True, text=True, check=True).stdout
    entries = []
    for block in text.strip("\n").split("\n\n"):
        entry = {"msgid": None, "plural": None, "msgstr": [], "flags": ""}
        field = None
        for line in block.split("\n"):
            if line.startswith("#,"):
                entry["flags"] += line[2:]
            elif line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("msgid "):
                entry["msgid"], field = eval(line[6:]), "msgid"
            elif line.startswith("msgid_plural "):
                entry["plural"], field = eval(line[13:]), "plural"
            elif line.startswith("msgstr"):
                entry["msgstr"].append(eval(line.split(" ", 1)[1]))
                field = "msgstr"
            elif line.startswith('"') and field == "msgstr":
                entry["msgstr"][-1] += eval(line)
            elif line.startswith('"') and field:
                entry[field] += eval(line)
        if entry["msgid"] is not None and not entry.get("obsolete"):
            entries.append(entry)
    return entries


def without_header(path):
    return [line for line in pathlib.Path(path).read_text().splitlines()
            if not line.startswith('"POT-Creation-Date:')]


class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def result(self, ok, what, details=()):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} - {what}")
        for line in list(details)[:20]:
            print(f"#   {line}")


def main():
    fresh, po_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    tap = Tap()
    print("TAP version 13")
    stale = without_header(fresh) != without_header(po_dir / "vtdiag.pot")
    tap.result(not stale, "po/vtdiag.pot is current with the sources",
               ["run: make -C tool pot, then translate what is new"] if stale else [])
    template = {e["msgid"] for e in parse(fresh) if e["msgid"]}
    for po in sorted(po_dir.glob("*.po")):
        entries = [e for e in parse(po) if e["msgid"]]
        ids = {e["msgid"] for e in entries}
        tap.result(ids == template, f"{po.name}: exactly the template's messages",
                   [f"missing: {m[:70]!r}" for m in template - ids] +
                   [f"not in the template: {m[:70]!r}" for m in ids - template])
        bad = [e["msgid"][:70] for e in entries
               if "fuzzy" in e["flags"] or not all(e["msgstr"])]
        tap.result(not bad, f"{po.name}: nothing fuzzy or untranslated", bad)
        check = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null",
                                str(po)], capture_output=True, text=True)
        stats = check.stderr.strip()
        ok = (check.returncode == 0 and "untranslated" not in stats
              and "fuzzy" not in stats)
        tap.result(ok, f"{po.name}: msgfmt --check --statistics: {stats.splitlines()[-1] if stats else ''}",
                   stats.splitlines())
        lost = []
        for e in entries:
            for source in filter(None, (e["msgid"], e["plural"])):
                for translation in e["msgstr"]:
                    if (set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translation))
                            or collections.Counter(COMMAND.findall(source))
                            != collections.Counter(COMMAND.findall(translation))):
                        lost.append(e["msgid"][:70])
        tap.result(not lost, f"{po.name}: every {{placeholder}} and `command` kept",
                   sorted(set(lost)))
        english = [t[:70] for e in entries for t in e["msgstr"]
                   if ENGLISH.search(QUOTED.sub("", COMMAND.sub("", t)))]
        tap.result(not english, f"{po.name}: no English sentence left in a translation",
                   english)
    print(f"1..{tap.n}")
    print(f"{tap.n - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
