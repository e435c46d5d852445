#!/usr/bin/env python3
"""What the completion scripts offer, run in the shells themselves: bash always (the function
is called with COMP_WORDS/COMP_CWORD set), fish when it is installed (complete -C). The words
must be those the commands accept: the shells, the shipped rule sets, each command's own
--format values. Run in an empty directory, so file names do not mix in."""
import os
import shutil
import subprocess
import sys
import tempfile

BINARY = os.path.abspath(sys.argv[1])
failures = []


def check(name, condition, detail=""):
    if not condition:
        failures.append(f"{name}: {detail}")


def thomas(args):
    return subprocess.run([BINARY] + args, capture_output=True, text=True, timeout=20,
                          env=dict(os.environ, NO_COLOR="1"))


RULE_SETS = thomas(["rules", "list"]).stdout
SHIPPED = {"default", "kendall", "modified-thomas"}
check("rules list names the shipped sets", all(name in RULE_SETS for name in SHIPPED),
      RULE_SETS)
COMMANDS = {"score", "batch", "progress", "report", "ask", "completion", "rules", "help"}

# (words typed before the cursor, the word being completed, what must be offered exactly)
CASES = [
    ([], "", COMMANDS),
    ([], "-", {"--help", "--version"}),
    (["completion"], "", {"bash", "zsh", "fish"}),
    (["completion"], "z", {"zsh"}),
    (["rules"], "", {"list", "show", "check", "test"}),
    (["rules", "show"], "", SHIPPED | {"a-rule-file.yaml"}),
    (["rules", "check", "--strict"], "", SHIPPED | {"a-rule-file.yaml"}),
    (["rules", "check"], "--", {"--help", "--strict"}),
    (["score", "--rules"], "", SHIPPED | {"a-rule-file.yaml"}),
    (["batch", "--rules"], "k", {"kendall"}),
    (["batch", "--format"], "", {"csv", "jsonl"}),
    (["progress", "--format"], "", {"text", "json", "csv"}),
    (["progress"], "", {"a-rule-file.yaml"}),
    (["progress", "--csv"], "", {"a-rule-file.yaml"}),
    (["score", "--format"], "", {"text", "json"}),
    (["ask", "--format"], "", {"text", "json"}),
    (["score", "--thigh"], "", set()),  # a number: nothing to offer
    (["score", "--side"], "", {"left", "right"}),
    (["score", "--pain"], "", {"none", "stretch", "hip", "groin", "knee", "back", "nerve"}),
    (["batch", "-o"], "", {"a-rule-file.yaml"}),
    (["batch"], "", {"a-rule-file.yaml"}),
    (["score"], "--th", {"--thigh"}),
    (["help"], "", COMMANDS),
    (["report", "--side"], "", {"left", "right"}),
    (["report", "--rules"], "k", {"kendall"}),
    (["report", "--csv"], "", {"a-rule-file.yaml"}),
    (["report", "-o"], "", {"a-rule-file.yaml"}),
    (["report"], "--cs", {"--csv"}),
]


def bash_offers(script, typed, current):
    words = ["thomas"] + typed + [current]
    program = (f"source {script}\n"
               "COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
               "_thomas\n"
               "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program, "bash"] + words,
                          capture_output=True, text=True, timeout=20)
    check(f"bash {' '.join(words)!r} runs", done.returncode == 0, done.stderr)
    return {w for w in done.stdout.splitlines() if w}


def fish_offers(script, typed, current):
    line = " ".join(["thomas"] + typed + [current])
    done = subprocess.run(["fish", "--no-config", "-c",
                           f"source {script}; complete -C '{line}'"],
                          capture_output=True, text=True, timeout=20)
    check(f"fish {line!r} runs", done.returncode == 0, done.stderr)
    return {w.split("\t")[0] for w in done.stdout.splitlines() if w}


with tempfile.TemporaryDirectory() as scripts, tempfile.TemporaryDirectory() as work:
    open(os.path.join(work, "a-rule-file.yaml"), "w").close()
    shells = [("bash", bash_offers)]
    if shutil.which("fish"):
        shells.append(("fish", fish_offers))
    for shell, offers in shells:
        script = os.path.join(scripts, f"thomas.{shell}")
        generated = thomas(["completion", shell])
        check(f"completion {shell} exit", generated.returncode == 0, generated.stderr)
        with open(script, "w", encoding="utf-8") as f:
            f.write(generated.stdout)
        os.chdir(work)
        for typed, current, expected in CASES:
            # fish also lists short options ("-h"); the long ones are compared.
            got = {w for w in offers(script, typed, current)
                   if not (len(w) == 2 and w[0] == "-")}
            check(f"{shell}: thomas {' '.join(typed)} {current!r}<TAB>", got == expected,
                  f"offered {sorted(got)}, expected {sorted(expected)}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
