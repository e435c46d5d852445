#!/usr/bin/env python3
"""Scores a clinic CSV on a Dask cluster: csv_partitions.py cuts the file into partitions of
whole records (quote-aware) and says where each starts; a Client maps them to `thomas batch -`
on the workers, with --first-row/--first-line (so messages name the rows and lines of the whole
file) and --no-output-header for all but the first, and writes the outputs in input order. The
result is byte for byte what one `thomas batch FILE` writes (doc/scaling.md).

Without --scheduler it starts a LocalCluster of worker processes; with one, the same script
runs on that cluster (each worker needs thomas on its PATH, or --thomas). At most two
partitions per worker are in flight, so the client's memory stays bounded.

Usage: dask_batch.py FILE [-o OUT] [--scheduler ADDRESS] [--workers N] [--partition-bytes B]
                     [--thomas PATH] [-- BATCH OPTION...]
Exit status: as `thomas batch`: 0, 65 when some row is an error, else the first failure.
"""
import argparse
import collections
import mmap
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csv_partitions import partitions  # noqa: E402

SUMMARY = re.compile(rb"^thomas batch: (\d+) rows? read, (\d+) scored.*, (\d+) errors?\n",
                     re.MULTILINE)


def score(data, args):
    """Runs on a worker: one partition (header + records) through `thomas batch -`."""
    r = subprocess.run(args, input=data, capture_output=True, check=False)
    return r.stdout, r.stderr, r.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("-o", "--output", help="write here (default stdout)")
    parser.add_argument("--scheduler", help="address of a running scheduler, e.g. tcp://h:8786")
    parser.add_argument("--workers", type=int, default=os.cpu_count(),
                        help="worker processes of the LocalCluster (default: CPUs)")
    parser.add_argument("--partition-bytes", type=int, default=8 << 20)
    parser.add_argument("--thomas", default="thomas")
    argv = sys.argv[1:]
    batch_options = argv[argv.index("--") + 1:] if "--" in argv else []
    a = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)

    from dask.distributed import Client, LocalCluster  # imported late: --help works without

    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    workers = max(1, len(client.scheduler_info()["workers"]))
    out = open(a.output, "wb") if a.output else sys.stdout.buffer
    rows = errors = 0
    codes = []
    with open(a.file, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        header_end, parts = partitions(data, a.partition_bytes)
        header = bytes(data[:header_end]) + b"\n"
        if not parts:  # no data row: one run gives the header (or the header's error)
            parts = [(header_end, header_end, 2, 2)]
            header = b""
        pending = collections.deque()

        def write_oldest():
            nonlocal rows, errors
            stdout, stderr, code = pending.popleft().result()
            out.write(stdout)
            for m in SUMMARY.finditer(stderr):
                rows += int(m.group(1))
                errors += int(m.group(3))
            sys.stderr.buffer.write(SUMMARY.sub(b"", stderr))
            codes.append(code)

        for i, (start, end, row, line) in enumerate(parts):
            args = [a.thomas, "batch", "-", "--first-row", str(row), "--first-line", str(line)]
            if i > 0:
                args.append("--no-output-header")
            chunk = header + bytes(data[start:end]) if header else bytes(data[:end])
            # Scattered first: a task's arguments should not carry megabytes through the scheduler.
            [chunk_future] = client.scatter([chunk], hash=False)
            pending.append(client.submit(score, chunk_future, args + batch_options, pure=False))
            if len(pending) >= 2 * workers:
                write_oldest()
        while pending:
            write_oldest()
    out.flush()
    if a.output:
        out.close()
    client.close()
    if cluster:
        cluster.close()
    print(f"dask_batch: {rows} rows read in {len(codes)} partitions, {errors} errors",
          file=sys.stderr)
    failed = [c for c in codes if c not in (0, 65)]
    return failed[0] if failed else (65 if 65 in codes else 0)


if __name__ == "__main__":
    sys.exit(main())
