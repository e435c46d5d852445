#!/usr/bin/env python3
"""The help of every command against the man page and itself:
- every option a command's --help lists has its own entry (a .TP whose tag names it) in the
  man page sections for that command, and every command has one under COMMANDS;
- an option given once per value (a repeatable flag) is shown as such, never as "TEXT ..."
  (several values after one flag), and two --map flags both apply;
- `thomas help [COMMAND...]` prints the same page as `thomas [COMMAND...] --help`, exit 0.
Usage: test_help.py THOMAS [MAN_PAGE]"""
import os
import re
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
MAN = sys.argv[2] if len(sys.argv) > 2 else "doc/thomas.1"
ENV = dict(os.environ, NO_COLOR="1")
failures = []

# Where the man page describes each command's options; GENERAL OPTIONS holds --help and
# --version. A command not listed here may only have general options.
SECTIONS = {
    "score": ["MEASUREMENT FLAGS", "SCORE AND ASK OPTIONS"],
    "ask": ["SCORE AND ASK OPTIONS"],
    "batch": ["BATCH OPTIONS"],
    "progress": ["PROGRESS OPTIONS"],
    "report": ["MEASUREMENT FLAGS", "REPORT OPTIONS", "BATCH OPTIONS"],
    "rules check": ["RULES OPTIONS"],
}


def check(name, condition, detail=""):
    if not condition:
        failures.append(f"{name}: {detail}")


def run(args):
    return subprocess.run([BINARY] + args, capture_output=True, text=True, env=ENV, timeout=20)


def help_sections(text):
    """{"Options": [lines], "Subcommands": [lines], ...} of a CLI11 help page."""
    sections, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^(\w+):$", line)
        if m:
            current = m.group(1)
            sections[current] = []
        elif current and line.startswith("  "):
            sections[current].append(line)
        elif not line.strip():
            current = None
    return sections


def man_entries(path):
    """{section: set of option names in the tags of its .TP entries}, and the COMMANDS tags."""
    entries, section, tag_next = {}, None, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(".SH "):
                section = line[4:].strip().strip('"')
                entries.setdefault(section, set())
            elif line.startswith(".TP"):
                tag_next = True
            elif tag_next:
                tag_next = False
                tag = line.replace("\\-", "-")
                entries[section].update(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", tag))
                if section == "COMMANDS":
                    entries[section].update(re.findall(r"^\.B\s+(\w+)", tag))
    return entries


def commands(words):
    """Every command path under `words`, depth first, from the help pages."""
    page = run(words + ["--help"])
    found = []
    for line in help_sections(page.stdout).get("Subcommands", []):
        name = line.split()[0]
        found.append(words + [name])
        found += commands(words + [name])
    return found


entries = man_entries(MAN)
for section in set(s for ss in SECTIONS.values() for s in ss) | {"GENERAL OPTIONS", "COMMANDS"}:
    check(f"{MAN} has a {section} section", section in entries, sorted(entries))

all_commands = [[]] + commands([])
check("commands found", len(all_commands) > 5, all_commands)
for words in all_commands:
    path = " ".join(words)
    page = run(words + ["--help"])
    check(f"thomas {path} --help exit", page.returncode == 0, page.stderr)
    if len(words) == 1:
        check(f"{MAN}: COMMANDS has an entry for {path}", path in entries.get("COMMANDS", ()))
    allowed = set(entries.get("GENERAL OPTIONS", ()))
    for section in SECTIONS.get(path, []):
        allowed |= entries.get(section, set())
    for line in help_sections(page.stdout).get("Options", []):
        spelled = line.strip().split("  ")[0]  # "-o,--output TEXT", "--map FIELD=HEADER"
        names = re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", spelled.split(" ")[0])
        for name in names:
            check(f"{MAN}: thomas {path} {name} has its own entry (in "
                  f"{SECTIONS.get(path, [])} or GENERAL OPTIONS)", name in allowed)
        # A flag given once per value: "--map FIELD=HEADER", not "--map TEXT ...".
        check(f"thomas {path} --help: {spelled.split(' ')[0]} reads as one value per flag",
              " ..." not in spelled, line)
    # thomas help COMMAND prints the same page.
    helped = run(["help"] + words)
    check(f"thomas help {path} exit", helped.returncode == 0, helped.stderr)
    check(f"thomas help {path} is thomas {path} --help", helped.stdout == page.stdout,
          f"\n{helped.stdout}\n---\n{page.stdout}")

batch = run(["batch", "--help"]).stdout
check("batch --help shows --map FIELD=HEADER", re.search(r"--map FIELD=HEADER\s", batch), batch)

# Two --map flags, one mapping each, both apply.
with tempfile.TemporaryDirectory() as work:
    path = os.path.join(work, "clinic.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("Hip (deg),Knee (deg)\n12,50\n")
    both = run(["batch", path, "--format", "jsonl", "--map", "thigh_angle=Hip (deg)",
                "--map", "knee_flexion=Knee (deg)"])
    check("two --map flags exit", both.returncode == 0, both.stderr)
    check("two --map flags: both columns read", '"result":"positive"' in both.stdout.replace(
        " ", ""), both.stdout)
    two_values = run(["batch", path, "--map", "thigh_angle=Hip (deg)", "knee_flexion=Knee"])
    check("--map takes one value: a second word is not a mapping", two_values.returncode == 64,
          f"{two_values.returncode} {two_values.stderr}")

unknown = run(["help", "scroe"])
check("help of an unknown command exit", unknown.returncode == 64, str(unknown.returncode))
check("help of an unknown command message",
      unknown.stderr.startswith('thomas: error: unknown command "scroe" (did you mean score?)'),
      unknown.stderr)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
