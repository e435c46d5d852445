#!/usr/bin/env python3
"""Cuts a CSV file into partitions of whole records for `thomas batch`, with where each starts
in the whole file, so that partitions scored anywhere concatenate into byte for byte the output
of one `thomas batch` over the file (doc/scaling.md).

A record ends at LF, CRLF or a lone CR outside quotes; a quote opens a quoted field only at the
start of a field; "" inside quotes is one quote; CRLF is one line, inside quotes too: the rules
of thomas's own CSV reader (include/thomas/csv.h). The file is mapped, not read into memory.

As a program it prints one partition a line, "HEADER_END START END FIRST_ROW FIRST_LINE"
(byte offsets; the header is bytes [0, HEADER_END) without its line break), for GNU parallel:
    csv_partitions.py FILE [BYTES] [DELIMITER]     (BYTES per partition, default 8 MiB)
"""
import mmap
import re
import sys

BOM = b"\xef\xbb\xbf"
SPECIAL = re.compile(rb'["\r\n]')


def records(data, start, delimiter):
    """Yields (content_end, next_start, next_line) for each record from `start` (line 1)."""
    delim = delimiter[0]
    n = len(data)
    i = rec_start = start
    line = 1
    quoted = False
    while True:
        m = SPECIAL.search(data, i)
        if m is None:
            if rec_start < n:  # the last record, without a line break (maybe unterminated)
                yield n, n, line
            return
        j = m.start()
        c = data[j]
        if quoted:
            if c == 0x22:  # '"'
                if j + 1 < n and data[j + 1] == 0x22:
                    i = j + 2  # a doubled quote
                else:
                    quoted = False
                    i = j + 1
            else:  # a line break inside the field: an LF right after a CR is the same line
                if c == 0x0D or data[j - 1] != 0x0D:
                    line += 1
                i = j + 1
        elif c == 0x22:
            quoted = j == rec_start or data[j - 1] == delim
            i = j + 1
        else:  # CR or LF ends the record
            line += 1
            k = j + 1
            if c == 0x0D and k < n and data[k] == 0x0A:
                k += 1
            yield j, k, line
            i = rec_start = k


def partitions(data, target=8 << 20, delimiter=b","):
    """(header_end, [(start, end, first_row, first_line), ...]); no partitions without data."""
    start = len(BOM) if data[:3] == BOM else 0
    recs = records(data, start, delimiter)
    header = next(recs, None)
    if header is None:
        return start, []
    header_end, begin, line = header
    row = 2
    parts = []
    count = 0
    for _, next_start, next_line in recs:
        count += 1
        if next_start - begin >= target:
            parts.append((begin, next_start, row, line))
            begin, row, line, count = next_start, row + count, next_line, 0
    if count:
        parts.append((begin, len(data), row, line))
    return header_end, parts


def main():
    path = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 8 << 20
    delimiter = sys.argv[3].encode() if len(sys.argv) > 3 else b","
    with open(path, "rb") as f:
        if f.seek(0, 2) == 0:
            return
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            header_end, parts = partitions(data, target, delimiter)
    for start, end, row, line in parts:
        print(header_end, start, end, row, line)


if __name__ == "__main__":
    main()
