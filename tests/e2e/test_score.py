#!/usr/bin/env python3
"""End-to-end checks of `thomas score` JSON output and exit codes (parsed, not golden)."""
import json
import os
import subprocess
import sys

BINARY = sys.argv[1]
failures = []


def run(*args, stdin=None):
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=20)


def score_json(*args):
    r = run("score", *args, "--format", "json")
    if r.returncode != 0:
        failures.append(f"score {args}: exit {r.returncode}: {r.stderr}")
        return {}
    return json.loads(r.stdout)


def expect(label, got, want):
    if got != want:
        failures.append(f"{label}: expected {want!r}, got {got!r}")


base = score_json("--thigh", "12", "--knee", "50")
expect("base result", base.get("result"), "positive")
expect("base implicated", base.get("implicated"), ["iliopsoas", "rectus_femoris"])
expect("base next step", base.get("next_step", {}).get("number"), 3)
expect("base plan", base.get("plan"), [3, 4, 5, 6])
for key in ("ruleset", "side", "result", "implicated", "flags", "next_step", "plan", "criteria"):
    expect(f"member {key}", key in base, True)
expect("ruleset keys", sorted(base["ruleset"]), ["name", "procedure", "sha256", "version"])
expect("sha256 length", len(base["ruleset"]["sha256"]), 64)
for c in base["criteria"]:
    expect(f"criterion {c['id']} keys", {"id", "measure", "measured", "status", "threshold",
                                          "message"} <= set(c), True)
thigh = next(c for c in base["criteria"] if c["measure"] == "thigh_angle")
expect("thigh measured", thigh["measured"], 12)
expect("thigh status", thigh["status"], "fail")
rotation = next(c for c in base["criteria"] if c["measure"] == "rotation")
expect("rotation not measured", (rotation["measured"], rotation["status"]), (None, "not_measured"))

groin = score_json("--thigh", "12", "--knee", "50", "--pain", "groin")
expect("groin result", groin.get("result"), "refer")
expect("groin flags", groin.get("flags"), ["hip_joint"])
expect("groin next step", groin.get("next_step", {}).get("number"), 2)

lifted = score_json("--thigh", "12", "--knee", "50", "--lumbar-flat", "no")
expect("lifted result", lifted.get("result"), "retest")
expect("lifted next step", lifted.get("next_step", {}).get("number"), 1)
expect("lifted implicated", lifted.get("implicated"), [])

done = score_json("--thigh", "12", "--knee", "50", "--done", "3")
expect("done next step", done.get("next_step", {}).get("number"), 4)

interior = score_json("--thigh", "12", "--knee-interior", "110")
flexion = score_json("--thigh", "12", "--knee", "70")
expect("interior 110 == knee 70", interior, flexion)

neg = score_json("--thigh", "-10", "--knee", "80", "--lumbar-flat", "yes")  # "-10" on its own
expect("negative thigh accepted", neg.get("result"), "negative")

explained = score_json("--thigh", "12", "--knee", "50", "--explain")
ids = [f["id"] for f in explained.get("explanation", {}).get("findings", [])]
expect("explanation findings include one_joint_short", "one_joint_short" in ids, True)
expect("explanation next step row", explained["explanation"]["next_step"]["row"], "psoas_short")

both = score_json("--file", "examples/both-sides.yaml")
expect("both sides keys", sorted(both), ["asymmetry", "left", "patient", "right"])
expect("patient keys", sorted(both["patient"]),
       ["flags", "implicated", "next_step", "plan", "result"])
expect("left side", both["left"]["side"], "left")
pair = score_json("--file", "examples/pain-one-leg.yaml")
expect("patient with groin pain on one leg", (pair["patient"]["result"],
       pair["patient"]["next_step"]["number"], pair["patient"]["flags"]), ("refer", 2, ["hip_joint"]))
expect("no leg is sent to stretching", (pair["left"]["next_step"]["number"],
       pair["right"]["next_step"]["number"]), (2, 2))
expect("each leg keeps its own result", (pair["left"]["result"], pair["right"]["result"]),
       ("refer", "positive"))
thigh_asym = next(a for a in both["asymmetry"] if a["measure"] == "thigh_angle")
expect("thigh asymmetry", (thigh_asym["difference"], thigh_asym["notable"]), (-14, True))

r = run("score", "--file", "-", "--format", "json", stdin='{"thigh_angle": 12, "knee_flexion": 50}')
expect("stdin file", json.loads(r.stdout)["result"] if r.returncode == 0 else r.stderr, "positive")

# Exit codes from the contract.
cases = [
    (["score", "--thigh", "12", "--knee", "7o"], 65),
    (["score", "--thigh", "5,5"], 65),
    (["score", "--thigh", "500"], 65),
    (["score", "--pain", "groan"], 65),
    (["score", "--thig", "5"], 64),
    (["score"], 64),
    ([], 64),
    (["score", "--format", "xml", "--thigh", "1"], 64),
    (["score", "--file", "/nonexistent/test.yaml"], 66),
    (["score", "--rules", "tests/fixtures/rules/three-errors.yaml", "--thigh", "1"], 78),
    (["score", "--thigh", "1", "--file", "examples/right-leg.yaml"], 64),
    (["--help"], 0),
    (["score", "--help"], 0),
    (["--version"], 0),
]
for args, code in cases:
    r = run(*args)
    expect(f"exit code of {args}", r.returncode, code)
    if code != 0:
        expect(f"stderr of {args} says error", "error" in r.stderr, True)
        expect(f"no stdout for {args}", r.stdout, "")

# A result that cannot be written is an error (73), in every format, never a silent 0.
if os.path.exists("/dev/full"):
    for fmt in ("text", "json"):
        with open("/dev/full", "w") as full:
            r = subprocess.run([BINARY, "score", "--thigh", "12", "--knee", "50", "--format", fmt],
                               stdout=full, stderr=subprocess.PIPE, text=True, timeout=20)
        expect(f"{fmt} to /dev/full exit code", r.returncode, 73)
        expect(f"{fmt} to /dev/full message", "cannot write the result" in r.stderr, True)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("all checks passed")
