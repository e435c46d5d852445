#!/usr/bin/env python3
"""thomas ask at a terminal (a pseudo-terminal from python's pty module): prompts wrap at word
boundaries to the terminal's width (80 when it reports none), say what an empty answer
records, and Ctrl-D abandons the test saying at which question it stopped (exit 65), not
with the pipe's "give one answer per line"."""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

BINARY = sys.argv[1]
failures = []
RED_FLAGS = ("Red flags in the history (none, trauma, night_pain, fever, neuro_deficit, "
             "bladder_bowel, weight_loss, cancer_history; several with commas) "
             "[Enter = not asked; none = no red flags]:")
PAIN = ("Pain during the test (none, stretch, hip, groin, knee, back, nerve; several with "
        "commas) [Enter = not asked; none = no pain]:")


def check(name, condition, detail=""):
    if not condition:
        failures.append(f"{name}: {detail}")


def screen(raw):
    """The terminal's text: escape sequences dropped, backspaces applied, CR LF as LF."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]", "",
                  raw.decode("utf-8", "replace"))
    out = []
    for ch in text:
        if ch == "\b":
            if out and out[-1] != "\n":
                out.pop()
        elif ch != "\r":
            out.append(ch)
    return "".join(out)


class Terminal:
    def __init__(self, columns, args=("ask",)):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(NO_COLOR="1", TERM="dumb")
            os.execv(BINARY, [BINARY] + list(args))
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        self.raw = b""

    def expect(self, text, timeout=10):
        """Read until `text` is on the screen (True) or the time is up or the output ends."""
        end = time.time() + timeout
        while text not in " ".join(screen(self.raw).split()) and time.time() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                self.raw += chunk
        return text in " ".join(screen(self.raw).split())

    def type(self, keys, timeout=10):
        """Type once libedit reads the terminal key by key: a Ctrl-D typed while the terminal
        is still line by line (between two questions) would not reach it as end of input."""
        end = time.time() + timeout
        while termios.tcgetattr(self.fd)[3] & termios.ICANON and time.time() < end:
            time.sleep(0.02)
        os.write(self.fd, keys)

    def finish(self, timeout=20):
        """The exit code and the screen; a thomas still waiting after `timeout` is killed."""
        end = time.time() + timeout
        while True:
            self.expect("\0never\0", timeout=0.5)  # read what is there, until the output ends
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.time() > end:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
                failures.append(f"thomas ask still waiting after {timeout} s:\n{screen(self.raw)}")
                break
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status), screen(self.raw)


def check_wrapped(name, shown, question, columns):
    """`question` is shown whole, broken only at spaces, each line within columns - 1."""
    words = question.split()
    lines = shown.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith(words[0] + " " + words[1])), None)
    if not check_ok(f"{name}: the question is shown", start is not None, shown):
        return
    joined, i = [], start
    while len(" ".join(joined).split()) < len(words) and i < len(lines):
        check(f"{name}: line {i} fits {columns} columns", len(lines[i]) < columns,
              f"{len(lines[i])}: {lines[i]!r}")
        joined.append(lines[i].strip())
        i += 1
    # The answer typed after the prompt follows it (a terminal may redraw the space between).
    check(f"{name}: wrapped at spaces", " ".join(" ".join(joined).split()).startswith(
        " ".join(words)), f"{joined}")
    check(f"{name}: wrapped", i - start > 1 or len(question) < columns, f"{joined}")


def check_ok(name, condition, detail=""):
    check(name, condition, detail)
    return condition


# Ctrl-D at the knee question: abandoned, exit 65, nothing scored, no pipe message.
for columns in (120, 60, 0):  # 0: the terminal reports no width
    t = Terminal(columns)
    width = columns or 80
    check(f"{columns} columns: first question", t.expect(RED_FLAGS), screen(t.raw))
    t.type(b"none\r")
    t.expect("Tested leg")
    t.type(b"right\r")
    t.expect("negative if below")
    t.type(b"12\r")
    t.expect("Knee flexion")
    t.type(b"\x04")
    code, shown = t.finish()
    check(f"{columns} columns: exit after Ctrl-D", code == 65, f"{code}\n{shown}")
    check(f"{columns} columns: says where the test was abandoned",
          "thomas: test abandoned at question 4 (Knee flexion); nothing was scored" in shown,
          shown)
    check(f"{columns} columns: not the pipe's message", "one answer per line" not in shown, shown)
    check(f"{columns} columns: nothing scored", "Result" not in shown and "Plan" not in shown,
          shown)
    check_wrapped(f"{columns} columns, red flags", shown, RED_FLAGS, width)

# A whole test at a terminal: the pain prompt says what Enter records; the result follows.
t = Terminal(100, ("ask", "--no-diagram"))
for prompt, answer in ((RED_FLAGS, b"none"), ("Tested leg", b"left"),
                       ("negative if below", b"12"), ("Knee flexion", b"50"),
                       ("Thigh rotation", b""), ("Thigh abduction", b""),
                       ("Low back flat", b"yes"), (PAIN, b"stretch"),
                       ("Programme steps already done", b"")):
    check(f"prompt {prompt[:20]!r}", t.expect(prompt), screen(t.raw)[-400:])
    t.type(answer + b"\r")
code, shown = t.finish()
check("whole test exit", code == 0, f"{code}\n{shown}")
check("whole test result", "Left leg: POSITIVE" in shown, shown)
check_wrapped("100 columns, pain", shown, PAIN, 100)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
