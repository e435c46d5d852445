#!/usr/bin/env python3
"""Nothing lost: kill `thomas batch -o out.csv` midway and check out.csv is untouched (and,
for catchable signals, that no temporary file is left behind).

Usage: test_batch_atomic.py THOMAS GENERATOR. Writes a clinic CSV big enough to take a while
(bench/gen_clinic_csv.py), puts a known "previous" out.csv in place, starts
`thomas batch big.csv -o out.csv`, kills it (SIGKILL, then SIGTERM and SIGINT in further runs)
after a few fractions of a second, and checks that out.csv is still exactly the previous file.
Then one full run must replace it with one output record per input record.

"""
import csv
import os
import signal
import subprocess
import sys
import tempfile
import time

PREVIOUS = b"previous,complete\nfile,1\n"


def records(path):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        return sum(1 for _ in csv.reader(f))


def main():
    binary, generator = sys.argv[1:3]
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.csv")
        out = os.path.join(tmp, "out.csv")
        # The size hardly matters (the half-fed pipe keeps batch waiting, so a signal always lands
        # midway); 20,000 rows make half a file far larger than any write buffer.
        subprocess.run([sys.executable, generator, "20000", "-o", big], check=True)
        with open(big, "rb") as f:
            data = f.read()
        # Feed half the file through a pipe and signal while batch waits for the rest, so
        # the kill always lands midway, whatever the machine's speed.
        for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
            with open(out, "wb") as f:
                f.write(PREVIOUS)
            proc = subprocess.Popen([binary, "batch", "-", "-o", out], stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            proc.stdin.write(data[: len(data) // 2])
            proc.stdin.flush()
            time.sleep(0.3)
            # The temporary file must exist by now, or "no temporary file left" proves nothing.
            if not [n for n in os.listdir(tmp) if n not in ("big.csv", "out.csv")]:
                print(f"{sig.name}: no temporary file was being written before the signal")
                failed = True
            proc.send_signal(sig)
            proc.wait(timeout=30)
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass
            with open(out, "rb") as f:
                now = f.read()
            leftovers = [n for n in os.listdir(tmp) if n not in ("big.csv", "out.csv")]
            if proc.returncode in (0, 65):
                print(f"{sig.name}: batch finished before the signal")
                failed = True
            elif now != PREVIOUS:
                print(f"{sig.name} midway: out.csv changed ({len(now)} bytes)")
                failed = True
            elif leftovers and sig != signal.SIGKILL:
                # SIGKILL cannot be caught, so its temporary file may stay; others must clean up.
                print(f"{sig.name} midway: temporary files left behind: {leftovers}")
                failed = True
            else:
                print(f"{sig.name} midway: out.csv untouched")
            for name in leftovers:
                os.remove(os.path.join(tmp, name))
        proc = subprocess.run([binary, "batch", big, "-o", out], capture_output=True)
        if proc.returncode not in (0, 65):
            print(f"full run: exit {proc.returncode}")
            failed = True
        elif records(out) != records(big):
            print(f"full run: {records(big)} records in, {records(out)} out")
            failed = True
        else:
            print(f"full run: {records(big)} records in and out")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
