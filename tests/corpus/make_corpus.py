#!/usr/bin/env python3
"""Write the committed files of the bad-input corpus (deterministic: rerunning changes nothing).

Run from anywhere: python3 tests/corpus/make_corpus.py. Large inputs (10 MB line, files over the
size caps, 1,400-deep block mappings) are not committed: run_case.py and the CSV corpus test
generate them at test time.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SMALL_RULES = os.path.join(HERE, "..", "unit", "rules_fixture.h")


def put(rel, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def garbage(seed, size, newline_every=None, avoid=b""):
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        b = rng.randrange(256)
        if bytes([b]) in avoid:
            continue
        out.append(b)
        if newline_every and len(out) % newline_every == 0:
            out += b"\n"
    return bytes(out)


def small_rules():
    text = open(SMALL_RULES, encoding="utf-8").read()
    return text.split('R"(', 1)[1].split(')";', 1)[0]


def bomb(prefix, indent, leaf):
    """Billion laughs: 9 levels of 9 aliases each, 9^9 (387 million) leaves if expanded."""
    lines = [prefix, f"{indent}a: &a [{', '.join([leaf] * 9)}]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{indent}{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
        prev = name
    return "\n".join(lines) + "\n"


def main():
    # ---- rule files (thomas score --rules FILE) -------------------------------------------
    put("rules/empty.yaml", b"")
    put("rules/bom-only.yaml", b"\xef\xbb\xbf")
    put("rules/binary-garbage.bin", garbage(61, 2048))
    put("rules/invalid-utf8.yaml", b"schema: 1\nna\xffme: caf\xe9\n")
    put("rules/list.yaml", "- schema: 1\n- name: not a mapping\n")
    put("rules/alias-bomb.yaml", bomb("description:", "  ", "lol"))
    put("rules/nested-block-10000.yaml", "- " * 10000 + "x\n")
    put("rules/nested-flow-10000.yaml", "[" * 10000 + "]" * 10000 + "\n")
    put("rules/self-alias.yaml", small_rules().replace(
        "complete: {step: 1, why: all done}", "complete: &self {step: 1, why: *self}"))
    put("rules/includes-itself.yaml",
        "include: includes-itself.yaml  # YAML has no include; thomas refuses the key\n"
        + small_rules())

    # ---- test files (thomas score --file FILE) --------------------------------------------
    put("tests/empty.yaml", b"")
    put("tests/bom-only.yaml", b"\xef\xbb\xbf")
    put("tests/binary-garbage.bin", garbage(62, 2048))
    put("tests/invalid-utf8.yaml", b"thigh_angle: 12\npain: gr\xf6in\n")
    put("tests/list.yaml", "- thigh_angle: 12\n- knee_flexion: 50\n")
    put("tests/list.json", '[{"thigh_angle": 12, "knee_flexion": 50}]\n')
    put("tests/alias-bomb.yaml", bomb("thigh_angle: 12\nlumbar_flat: yes\nbomb:", "  ", "lol")
        .replace("bomb:", "x-bomb:") + "pain: *i\n")
    put("tests/nested-block-10000.yaml", "- " * 10000 + "x\n")
    put("tests/nested-flow-10000.json", '{"a": ' * 10000 + "1" + "}" * 10000 + "\n")
    put("tests/nan.yaml", "thigh_angle: nan\n")
    put("tests/dot-nan.yaml", "thigh_angle: .nan\n")
    put("tests/inf.yaml", "thigh_angle: .inf\n")
    put("tests/1e308.yaml", "thigh_angle: 1e308\n")
    put("tests/minus-zero.yaml", "thigh_angle: -0\nknee_flexion: -0.0\n")
    put("tests/thousands.yaml", 'thigh_angle: "1,234"\nknee_flexion: 1 234\n')
    put("tests/duplicate-keys.yaml", "thigh_angle: 12\nthigh_angle: -5\n")

    # ---- CSV (the reader now; `thomas batch` once it exists) ------------------------------
    header = "patient_id,side,thigh_angle,knee_flexion,pain\n"
    put("csv/empty.csv", b"")
    put("csv/header-only.csv", header)
    put("csv/bom-only.csv", b"\xef\xbb\xbf")
    put("csv/binary-garbage.csv", header.encode() + garbage(63, 4000, 200, avoid=b'"\r\n'))
    put("csv/invalid-utf8.csv", header.encode() + b"p\xff1,left,12,50,gr\xf6in\n"
        b"p2,right,1\xc0\xaf,50,none\n")
    put("csv/unterminated-quote.csv", header + 'p1,left,12,50,"groin\np2,right,3,90,none\n')
    put("csv/10000-columns.csv", ",".join(f"c{i}" for i in range(10000)) + "\n"
        + ",".join("1" for _ in range(10000)) + "\n")
    put("csv/duplicate-headers.csv", "patient_id,thigh_angle,thigh_angle\np1,12,-5\n")
    put("csv/nan.csv", header + "p1,left,nan,50,none\np2,left,NaN,50,none\n")
    put("csv/inf.csv", header + "p1,left,inf,50,none\np2,left,-inf,50,none\n")
    put("csv/1e308.csv", header + "p1,left,1e308,50,none\np2,left,1e-400,50,none\n")
    put("csv/minus-zero.csv", header + "p1,left,-0,-0.0,none\n")
    put("csv/thousands-separators.csv", header + 'p1,left,"1,234",50,none\n'
        "p2,left,1 234,50,none\np3,left,1.234,50,none\n")


if __name__ == "__main__":
    main()
