#!/usr/bin/env python3
"""End-to-end checks of `thomas batch --jobs N` and the partition flags: the same stdout,
stderr and exit code as --jobs 1, from a file and from a pipe, to stdout and to an atomic -o;
--no-output-header, --first-row and --first-line; their usage errors.
Usage: test_batch_jobs.py THOMAS_BINARY"""
import os
import random
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
failures = []


def run(*args, stdin=None, chunk=None):
    env = dict(os.environ, NO_COLOR="1")
    if chunk:
        env["THOMAS_BATCH_CHUNK_BYTES"] = str(chunk)  # cut records everywhere
    return subprocess.run([BINARY, "batch", *args], input=stdin, capture_output=True, env=env,
                          timeout=60)


def expect(label, got, want):
    if got != want:
        failures.append(f"{label}:\n  expected {want!r}\n  got      {got!r}")


def clinic(rows, seed):
    """Quoted commas, doubled quotes, line breaks (LF, CRLF, lone CR) and bad rows."""
    rng = random.Random(seed)
    notes = ['"a, b"', '"said ""ouch"""', '"two\nlines"', '"crlf\r\nnote"', '"cr\ronly"', "plain"]
    out = ["id,side,thigh_angle,knee_flexion,lumbar_flat,pain,notes\n"]
    breaks = ["\n", "\r\n"]
    for i in range(rows):
        thigh = rng.choice(["-12", "3", "8.5", "120", "abc", ""])
        pain = rng.choice(["none", "stretch", '"stretch,hip"', "ouch"])
        out.append(f"P{i},{rng.choice(['left', 'right'])},{thigh},{rng.randint(40, 100)},"
                   f"{rng.choice(['yes', 'no'])},{pain},{rng.choice(notes)}"
                   f"{rng.choice(breaks)}")
    return "".join(out).encode()


data = clinic(1500, 15)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "clinic.csv")
    with open(path, "wb") as f:
        f.write(data)
    one = run(path)
    expect("jobs 1 exit (the file has bad rows)", one.returncode, 65)
    expect("jobs 1 reports a line number", b"(line " in one.stdout, True)
    for args in (["--jobs", "2"], ["-j", "3"], ["--jobs", "0"]):
        r = run(path, *args, chunk=1000 if "-j" in args else None)
        expect(f"{args}: stdout", r.stdout, one.stdout)
        expect(f"{args}: stderr", r.stderr, one.stderr)
        expect(f"{args}: exit", r.returncode, one.returncode)
    piped = run("-", "--jobs", "2", stdin=data, chunk=777)
    expect("pipe: stdout", piped.stdout, one.stdout)
    expect("pipe: exit", piped.returncode, 65)
    jsonl = run(path, "--format", "jsonl")
    r = run("-", "--format", "jsonl", "--jobs", "2", stdin=data, chunk=500)
    expect("jsonl: stdout", r.stdout, jsonl.stdout)

    out = os.path.join(tmp, "scored.csv")
    r = run(path, "--jobs", "2", "-o", out)
    expect("-o exit", r.returncode, 65)
    with open(out, "rb") as f:
        expect("-o content", f.read(), one.stdout)
    expect("-o leaves no temporary file", sorted(os.listdir(tmp)), ["clinic.csv", "scored.csv"])

    # Partitions: no header row; rows (and lines when given) numbered as in the whole file.
    part = b"id,side,thigh_angle\nP1,left,500\nP2,right,\"1\n2\"\nP3,right,abc\n"
    r = run("-", "--no-output-header", "--first-row", "41", stdin=part)
    lines = r.stdout.decode().split("\n")
    expect("partition: no header, first row numbered 41", lines[0].split(",")[:3],
           ["P1", "left", "500"])
    expect("partition: rows only without --first-line",
           "row 41, column thigh_angle" in lines[0] and "row 43, column" in r.stdout.decode(),
           True)
    r = run("-", "--no-output-header", "--first-row", "41", "--first-line", "50", stdin=part)
    expect("partition: lines with --first-line", "row 43 (line 53), column thigh_angle"
           in r.stdout.decode(), True)
    r = run("-", "--format", "jsonl", "--first-row", "41", stdin=part)
    expect("partition: JSONL row", r.stdout.decode().startswith('{"schema":1,"row":41,'), True)
    # Usage errors: exit 64, nothing written.
    for args in (["--first-line", "5"], ["--first-row", "1"], ["--jobs", "-1"],
                 ["--jobs", "x"]):
        r = run("-", *args, stdin=part)
        expect(f"{args}: exit", r.returncode, 64)
        expect(f"{args}: no output", r.stdout, b"")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("batch --jobs and partitions: all checks passed")
