"""One timed run of a command for the bench scripts: wall seconds, CPU seconds (user + system)
and peak RSS in MB."""
import os
import subprocess
import sys
import time

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run(cmd, rss_file, stdin=subprocess.DEVNULL, env=None):
    """A child forked from this Python process inherits its peak RSS (Linux keeps ru_maxrss
    across exec), so the peak comes from /usr/bin/time -f %M when present (it forks from a small
    process); otherwise from wait4, which then over-reports by Python's own size. Exit 65 counts
    as success: the generated files hold a few deliberately bad rows."""
    full = [TIME, "-f", "%M", "-o", rss_file, *cmd] if TIME else cmd
    start = time.perf_counter()
    p = subprocess.Popen(full, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 65):
        sys.exit(f"{' '.join(cmd)} failed with exit {code}")
    rss = ru.ru_maxrss
    if TIME:
        with open(rss_file) as f:
            rss = int(f.read().split()[-1])
    return wall, ru.ru_utime + ru.ru_stime, rss / 1024
