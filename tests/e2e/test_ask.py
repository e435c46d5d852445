#!/usr/bin/env python3
"""thomas ask driven through a pipe: same assessment as the equivalent score flags (parsed
JSON), clean exit 65 when the answers run out, and completion scripts that parse."""
import json
import os
import shutil
import subprocess
import sys

BINARY = sys.argv[1]
ENV = dict(os.environ, NO_COLOR="1")
failures = []


def run(args, stdin=""):
    return subprocess.run([BINARY] + args, input=stdin, capture_output=True, text=True,
                          env=ENV, timeout=20)


def check(name, condition, detail=""):
    if not condition:
        failures.append(f"{name}: {detail}")


def same_as_score(name, answers, score_args):
    asked = run(["ask", "--format", "json"], answers)
    scored = run(["score", "--format", "json"] + score_args)
    check(name + " exit", asked.returncode == 0 and scored.returncode == 0,
          f"ask {asked.returncode} {asked.stderr!r}, score {scored.returncode}")
    if asked.returncode == 0 and scored.returncode == 0:
        a, s = json.loads(asked.stdout), json.loads(scored.stdout)
        check(name, a == s, f"\nask:   {a}\nscore: {s}")


# Two typos (side, knee) and skipped rotation/abduction, as in the golden transcript.
same_as_score("one leg with typos",
              "\nrigth\nright\n12\n5,5\n50\n\n\nyes\nstretch\n\n",
              ["--side", "right", "--thigh", "12", "--knee", "50", "--lumbar-flat", "yes",
               "--pain", "stretch"])
same_as_score("refer with pain and steps done",
              "\nleft\n12\n50\n\n\n\ngroin\n3\nno\n",
              ["--side", "left", "--thigh", "12", "--knee", "50", "--pain", "groin",
               "--done", "3"])
same_as_score("a red flag is asked first and ends the test",
              "fever\n", ["--red-flags", "fever"])
same_as_score("both legs match the file",
              "\nboth\n-8\n88\n0\n10\nyes\nstretch\n6\n72\n5\n8\nyes\nstretch\n\n",
              ["--file", "examples/both-sides.yaml"])

ended = run(["ask"], "\nright\n12\n")
check("end of input exit", ended.returncode == 65, str(ended.returncode))
check("end of input message", "the input ended before an answer to \"Knee flexion" in
      ended.stderr, ended.stderr)
check("nothing on stdout when ended", ended.stdout == "", ended.stdout)

for shell, checker in (("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]),
                       ("fish", ["fish", "--no-execute"])):
    script = run(["completion", shell])
    check(f"completion {shell} exit", script.returncode == 0, script.stderr)
    for word in ("score", "ask", "--thigh", "--no-diagram"):
        word = word.lstrip("-") if shell == "fish" else word  # fish writes -l thigh
        check(f"completion {shell} mentions {word}", word in script.stdout)
    if shutil.which(checker[0]):
        path = f"/tmp/thomas-completion-{os.getpid()}.{shell}"
        with open(path, "w", encoding="utf-8") as f:
            f.write(script.stdout)
        parsed = subprocess.run(checker + [path], capture_output=True, text=True)
        os.unlink(path)
        check(f"completion {shell} parses", parsed.returncode == 0, parsed.stderr)
bad = run(["completion", "tcsh"])
check("completion unknown shell", bad.returncode == 64, str(bad.returncode))

for command in ("score", "ask", "completion"):
    helped = run([command, "--help"])
    check(f"{command} --help has examples", "Examples:" in helped.stdout, helped.stdout)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
