#!/usr/bin/env python3
"""Run one golden case against the thomas binary and compare exactly.

A case file holds the arguments, optional stdin, the expected exit code, stdout and stderr:

    args: score --thigh 12 --knee 50
    exit: 0
    --- stdin
    ...
    --- stdout
    ...
    --- stderr
    ...

Arguments are split like a POSIX shell (shlex). Paths are relative to the repository root.
Run with --update to rewrite the expected sections from the current binary (then review the
diff before committing).
"""
import os
import shlex
import subprocess
import sys
import difflib


def parse(path):
    header, sections, current = {}, {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("--- "):
                current = line[4:].strip()
                sections[current] = ""
            elif current is None:
                if line.strip():
                    key, _, value = line.partition(":")
                    header[key.strip()] = value.strip()
            else:
                sections[current] += line
    return header, sections


def write(path, header, stdin, result):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"args: {header['args']}\n")
        f.write(f"exit: {result.returncode}\n")
        if stdin is not None:
            f.write("--- stdin\n" + stdin)
        f.write("--- stdout\n" + result.stdout)
        f.write("--- stderr\n" + result.stderr)


def main():
    update = "--update" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--update"]
    binary, case = args
    header, sections = parse(case)
    stdin = sections.get("stdin")
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    result = subprocess.run([binary] + shlex.split(header["args"]), input=stdin,
                            capture_output=True, text=True, env=env, timeout=20)
    if update:
        write(case, header, stdin, result)
        return 0
    return 0 if matches(header, sections, result) else 1


def matches(header, sections, result):
    """Compare a run with a case's expected exit code, stdout and stderr; print each difference
    as a unified diff. Shared with tests/corpus/run_case.py."""
    ok = True
    if str(result.returncode) != header.get("exit", "0"):
        print(f"exit code: expected {header.get('exit')}, got {result.returncode}")
        ok = False
    for name, got in (("stdout", result.stdout), ("stderr", result.stderr)):
        want = sections.get(name, "")
        if got != want:
            ok = False
            print(f"{name} differs:")
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True), "expected", "actual"))
    return ok


if __name__ == "__main__":
    sys.exit(main())
