#!/usr/bin/env python3
"""End-to-end checks of the shipped rule sets through `thomas score --format json`: every
result names its rule set, version and the SHA-256 of the file's text; a shipped name and
its file give the same rules; the three sets answer the same leg differently."""
import hashlib
import json
import os
import subprocess
import sys

BINARY = sys.argv[1]
SETS = ("default", "kendall", "modified-thomas")
LEG = ("--thigh", "6", "--knee", "81", "--abduction", "6", "--lumbar-flat", "yes")
failures = []


def score_json(*args):
    env = dict(os.environ, NO_COLOR="1")
    r = subprocess.run([BINARY, "score", *args, "--format", "json", "--explain"],
                       capture_output=True, text=True, env=env, timeout=20)
    if r.returncode != 0:
        failures.append(f"score {args}: exit {r.returncode}: {r.stderr}")
        return {}
    return json.loads(r.stdout)


def expect(label, got, want):
    if got != want:
        failures.append(f"{label}: expected {want!r}, got {got!r}")


answers = {}
for name in SETS:
    path = os.path.join("rules", f"{name}.yaml")
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    by_name = score_json("--rules", name, *LEG)
    by_path = score_json("--rules", path, *LEG)
    expect(f"{name}: ruleset name", by_name.get("ruleset", {}).get("name"), name)
    expect(f"{name}: ruleset version", by_name.get("ruleset", {}).get("version"), "2.2.0")
    expect(f"{name}: sha256 of the file", by_name.get("ruleset", {}).get("sha256"), digest)
    expect(f"{name}: same result by name and by path", by_name.get("result"),
           by_path.get("result"))
    expect(f"{name}: same sha256 by name and by path", by_path.get("ruleset", {}).get("sha256"),
           digest)
    for finding in by_name.get("explanation", {}).get("findings", []):
        for criterion in finding.get("criteria", []):
            expect(f"{name}: {criterion['id']} cites a source", bool(criterion.get("sources")),
                   True)
    answers[name] = by_name.get("implicated")

expect("default implicates", answers.get("default"), ["iliopsoas", "rectus_femoris"])
expect("kendall implicates", answers.get("kendall"), ["iliopsoas"])
expect("modified-thomas implicates", answers.get("modified-thomas"),
       ["iliopsoas", "tensor_fasciae_latae"])

kendall = score_json("--rules", "kendall", "--thigh", "15", "--knee", "70")
coupled = [c for c in kendall.get("criteria", []) if c["id"] == "two_joint_length"]
expect("kendall coupled criterion present", len(coupled), 1)
if coupled:
    expect("kendall coupled measure", coupled[0].get("measure"), "knee_flexion")
    expect("kendall coupled minus", coupled[0].get("minus"), "thigh_angle")
    expect("kendall coupled value (70 - 15)", coupled[0].get("measured"), 55.0)
    expect("kendall coupled status", coupled[0].get("status"), "fail")

for f in failures:
    print("FAIL", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
