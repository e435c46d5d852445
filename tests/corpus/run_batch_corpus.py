#!/usr/bin/env python3
"""Run `thomas batch` on every CSV of the bad-input corpus: nothing lost, nothing hangs.

Usage: run_batch_corpus.py THOMAS CSV_DIR [--time]. For each file: the run answers (a hang
guard of HANG_SECONDS, not a speed limit), is not killed by a signal, exits 0 (every row scored)
or 65 (some row bad), writes valid UTF-8, and writes exactly one output record per input data
record (input records counted by Python's csv module, which reads the same RFC 4180 dialect).
Also generates and runs a 10 MB single field and a 10 MB line of 5 Mi fields.
With --time, prints each file's wall time as well (bench/run_corpus_timing.sh): speed is
measured, not asserted.

"""
import csv
csv.field_size_limit(1 << 30)  # the generated 10 MB line
import io
import os
import subprocess
import sys
import tempfile
import time

# Far above any sane answer (each file takes milliseconds) and below the CTest TIMEOUT.
HANG_SECONDS = 15
# file -> (exit code, substring every error row must carry, or None). A file whose header row
# cannot be used is refused as a whole: exit 65, the message on stderr, no output file written.
EXPECTED = {
    "1e308.csv": (65, "row "),
    "binary-garbage.csv": (65, "row "),
    "inf.csv": (65, "is not a number of degrees"),
    "invalid-utf8.csv": (65, "\\x"),
    "nan.csv": (65, "is not a number of degrees"),
    "thousands-separators.csv": (65, "row "),
    "unterminated-quote.csv": (65, "unterminated quoted field starting at line 2"),
    "header-only.csv": (0, None),
    "minus-zero.csv": (0, None),
    "10mb-line.csv": (65, "field longer than 1048576 bytes"),
    "10mb-of-fields.csv": (65, "more than 4096 fields"),
}
WHOLE_FILE = {
    "10000-columns.csv": "row 1 (header): more than 4096 fields",
    "duplicate-headers.csv": "both map to thigh_angle",
    "empty.csv": "the input is empty: expected a header row",
    "bom-only.csv": "the input is empty: expected a header row",
}


def count_records(data):
    text = data.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return sum(1 for _ in csv.reader(io.StringIO(text, newline="")))


def main():
    timing = "--time" in sys.argv
    binary, csv_dir = [a for a in sys.argv[1:] if a != "--time"]
    files = sorted(os.path.join(csv_dir, f) for f in os.listdir(csv_dir) if f.endswith(".csv"))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        long_line = os.path.join(tmp, "10mb-line.csv")
        with open(long_line, "wb") as f:
            f.write(b"thigh_angle\n" + b"1" * (10 * 1024 * 1024) + b"\n")
        many_fields = os.path.join(tmp, "10mb-of-fields.csv")  # 5 Mi fields on one line
        with open(many_fields, "wb") as f:
            f.write(b"thigh_angle\n" + b"1," * (5 * 1024 * 1024) + b"\n12\n")
        for path in files + [long_line, many_fields]:
            name = os.path.basename(path)
            with open(path, "rb") as f:
                data = f.read()
            out = os.path.join(tmp, "out.csv")
            start = time.monotonic()
            try:
                proc = subprocess.run([binary, "batch", path, "-o", out], capture_output=True,
                                      timeout=HANG_SECONDS, env=dict(os.environ, NO_COLOR="1"))
            except subprocess.TimeoutExpired:
                print(f"{name}: hang: no answer within {HANG_SECONDS} s")
                failed = True
                continue
            elapsed = time.monotonic() - start
            problems = []
            if proc.returncode not in (0, 65):
                problems.append(f"exit {proc.returncode}: {proc.stderr.decode(errors='replace')}")
            try:
                proc.stderr.decode("utf-8")
            except UnicodeDecodeError:
                problems.append("stderr is not valid UTF-8")
            stderr = proc.stderr.decode("utf-8", "replace")
            if name in WHOLE_FILE:
                if proc.returncode != 65 or WHOLE_FILE[name] not in stderr:
                    problems.append(f"expected exit 65 with \"{WHOLE_FILE[name]}\", got "
                                    f"{proc.returncode}: {stderr.strip()}")
                if os.path.exists(out):
                    problems.append("an output file was written for a refused input")
            elif proc.returncode in (0, 65):
                rows_in = max(count_records(data) - 1, 0)  # minus the header
                with open(out, "rb") as f:
                    written = f.read()
                rows_out = max(count_records(written) - 1, 0)
                if rows_in != rows_out:
                    problems.append(f"{rows_in} records in, {rows_out} out")
                want = EXPECTED.get(name)
                if want:
                    if proc.returncode != want[0]:
                        problems.append(f"exit {proc.returncode}, expected {want[0]}")
                    rows = list(csv.reader(io.StringIO(written.decode("utf-8", "surrogateescape"), newline="")))
                    errors = [r[rows[0].index("error")] for r in rows[1:]
                              if r[rows[0].index("result")] == "error"]
                    if want[1] and (not errors or any(want[1] not in e for e in errors)):
                        problems.append(f"error rows lack \"{want[1]}\": {errors[:2]}")
            if os.path.exists(out):
                os.remove(out)
            took = f"\t{elapsed * 1000:.1f} ms" if timing else ""
            print(f"{name}: {'ok' if not problems else '; '.join(problems)}{took}")
            failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
