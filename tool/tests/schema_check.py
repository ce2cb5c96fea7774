#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate `vtdiag --json` output against tool/vtdiag-report.schema.json.

    tests/schema_check.py --run tool/vtdiag [--expect-exit N | --any-exit]
    tests/schema_check.py FILE.json...
    tests/schema_check.py --ids-from tool/checks

--run runs the tool and validates what it prints; its exit status must
match the object's exit_status (and --expect-exit, if given). FILEs are
validated as they are. --ids-from checks that the schema's check ids and
advice ids are exactly those of the check units in that directory. Prints one ok/not ok line per check
and exits 1 if any failed. Needs python3-jsonschema (Debian package).
"""
import argparse
import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("not ok - python3-jsonschema is not installed "
          "(apt-get install python3-jsonschema; scripts/install-deps)")
    sys.exit(1)

DEFAULT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "..", "vtdiag-report.schema.json")


def load_validator(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return schema, cls(schema)


def problems(validator, report):
    return sorted(validator.iter_errors(report), key=lambda e: list(e.path))


def report_problems(name, validator, text, exit_status=None):
    """Returns a list of failure lines for one printed report."""
    try:
        report = json.loads(text)
    except json.JSONDecodeError as e:
        return [f"{name}: not JSON ({e})"]
    out = [f"{name}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}"
           for e in problems(validator, report)]
    if exit_status is not None and isinstance(report, dict) and \
            report.get("exit_status") != exit_status:
        out.append(f"{name}: exited {exit_status}, "
                   f"exit_status says {report.get('exit_status')}")
    return out


def unit_ids(checks_dir):
    """The check ids and the advice rule ids of every check unit."""
    checks, rules = [], []
    for name in sorted(os.listdir(checks_dir)):
        if not name.endswith(".c"):
            continue
        with open(os.path.join(checks_dir, name), encoding="utf-8") as f:
            text = f.read()
        checks += re.findall(r'^\t\.id = "([a-z0-9_]+)",', text, re.M)
        rules += re.findall(r'^\t\{ "([a-z0-9_]+)", VTDIAG_STEP_', text, re.M)
    return checks, rules


def same_ids(what, found, enum, where):
    fails = [f"{i}: in {where}, not in the schema" for i in found
             if i not in enum]
    fails += [f"{i}: in the schema, not in {where}" for i in enum
              if i not in found]
    if not found:
        fails.append(f"no {what} found in {where}")
    return fails


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schema", default=DEFAULT_SCHEMA)
    ap.add_argument("--run", metavar="TOOL")
    ap.add_argument("--expect-exit", type=int)
    ap.add_argument("--any-exit", action="store_true")
    ap.add_argument("--ids-from", metavar="CHECKS_DIR")
    ap.add_argument("--name", help="label for the ok line")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()

    schema, validator = load_validator(args.schema)
    checks = []

    if args.run:
        proc = subprocess.run([args.run, "--json"], capture_output=True,
                              text=True, check=False)
        fails = report_problems(args.run, validator, proc.stdout,
                                proc.returncode)
        if args.expect_exit is not None and proc.returncode != args.expect_exit:
            fails.append(f"exit {proc.returncode}, expected {args.expect_exit}")
        if fails:
            fails.append("output was:\n" + proc.stdout + proc.stderr)
        checks.append((args.name or f"{args.run} --json matches the schema",
                       fails))
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            checks.append((args.name or f"{path} matches the schema",
                           report_problems(path, validator, f.read())))
    if args.ids_from:
        check_ids, rule_ids = unit_ids(args.ids_from)
        checks.append(("the schema lists exactly the check ids",
                       same_ids("check", check_ids,
                                schema["$defs"]["check_id"]["enum"],
                                args.ids_from)))
        checks.append(("the schema lists exactly the advice ids",
                       same_ids("advice rule", rule_ids,
                                schema["$defs"]["advice_id"]["enum"],
                                args.ids_from)))

    if not checks:
        ap.error("nothing to check: --run, FILE or --ids-from")
    failed = 0
    for name, fails in checks:
        print(f"{'not ok' if fails else 'ok'} - {name}")
        for line in fails:
            print("#   " + line.replace("\n", "\n#   "))
        failed += bool(fails)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
