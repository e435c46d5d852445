#!/usr/bin/env python3
"""Check that the numbers the documentation quotes from the shipped rule files are the files'.

Usage: docs_match_rules.py THOMAS [--root DIR] [--readme PATH] [--rules-readme PATH]
                           [--rules-dir DIR]

THOMAS is the built binary (its embedded rule sets are compared too). Paths default to the
repository this script lives in. Checks:
  A  README.md, "The default rule set" table: every row's cut-off, fail, borderline and pass
     bands and whether the value is derived (minus) match rules/default.yaml, and every
     criterion of the file has a row.
  B  README.md, "Rule sets" table: each set's thigh, knee and abduction fail threshold and
     cut-off, and the left-right thresholds (asymmetry), match the set's file.
  C  rules/README.md: the tutorial's "before" numbers (its first paragraph and the removed
     lines of its diffs) match rules/default.yaml, and the derived-criterion snippet matches
     the file it names.
  D  `THOMAS rules show NAME` for every shipped set: the same cut-offs, band bounds and
     asymmetry thresholds as the file.
  E  Quoted output is real: the README's three-set comparison excerpts appear in the output
     of the command it quotes, every "Rule set NAME VERSION" and JSON ruleset name/version
     quoted in either README, doc/*.md or CONTRIBUTING.md is the file's, and the tutorial,
     performed in a temporary directory (its diffs applied to rules/default.yaml, its
     commands run), prints the lines it shows. SHA-256 prefixes and file:line:column
     positions are not compared.
Each failure names the file, the table row or place, and the two values.

The tables are parsed by column name, so keep their header rows as they are:
  default set: | criterion (`id`) | value read | cut-off | fail | borderline | pass | source |
  rule sets:   | name | procedure | thigh | knee | abduction | left-right notable from |
A band is written "below X°", "X° to below Y°" or "X° or more"; several bands of one status
are separated by ";"; a note in parentheses after a band is ignored.
"""
import argparse
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap

import yaml

NUM = r"-?\d+(?:\.\d+)?"
DEFAULT_COLUMNS = ["criterion (`id`)", "value read", "cut-off", "fail", "borderline", "pass",
                   "source"]
SETS_COLUMNS = ["name", "procedure", "thigh", "knee", "abduction", "left-right notable from"]
SETS_MEASURES = {"thigh": "thigh_angle", "knee": "knee_flexion", "abduction": "abduction"}
SHORT_MEASURE = {"thigh": "thigh_angle", "knee": "knee_flexion", "rotation": "rotation",
                 "abduction": "abduction"}


class Report:
    def __init__(self):
        self.failures = []
        self.checks = 0

    def check(self, ok, message):
        self.checks += 1
        if not ok:
            self.failures.append(message)
        return ok

    def fail(self, message):
        self.check(False, message)


def fmt(x):
    if x is None:
        return "none"
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x)


def fmt_band(b):
    lo, hi = b
    if lo is None and hi is None:
        return "the whole range"
    if lo is None:
        return f"below {fmt(hi)}°"
    if hi is None:
        return f"{fmt(lo)}° or more"
    return f"{fmt(lo)}° to below {fmt(hi)}°"


def fmt_bands(bands):
    return "; ".join(fmt_band(b) for b in bands) if bands else "none"


def num(text):
    return float(text)


def parse_band(text):
    """'below X°', 'X° to below Y°', 'X° or more' (a parenthesised note after it is ignored)."""
    t = re.sub(r"\(.*?\)", "", text).strip()
    m = re.fullmatch(rf"below ({NUM})°", t)
    if m:
        return (None, num(m.group(1)))
    m = re.fullmatch(rf"({NUM})° to below ({NUM})°", t)
    if m:
        return (num(m.group(1)), num(m.group(2)))
    m = re.fullmatch(rf"({NUM})° or more", t)
    if m:
        return (num(m.group(1)), None)
    return None


def parse_band_list(cell):
    cell = cell.strip()
    if cell in ("–", "-", ""):
        return []
    out = []
    for part in cell.split(";"):
        b = parse_band(part)
        if b is None:
            return None
        out.append(b)
    return out


def yaml_bands(criterion, status):
    return [(None if b.get("min") is None else float(b["min"]),
             None if b.get("max") is None else float(b["max"]))
            for b in criterion.get("bands", []) if b["status"] == status]


def load_rules(rules_dir):
    sets = {}
    for name in sorted(os.listdir(rules_dir)):
        if name.endswith(".yaml"):
            with open(os.path.join(rules_dir, name), encoding="utf-8") as f:
                data = yaml.safe_load(f)
            sets[data["name"]] = (os.path.join(rules_dir, name), data)
    return sets


def section(text, heading):
    """The text under a markdown heading, up to the next heading of the same or higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.find("\n" + heading + "\n")
    if start < 0:
        return None
    body = text[start + len(heading) + 2:]
    m = re.search(r"^#{1,%d} " % level, body, re.M)
    return body[:m.start()] if m else body


def first_table(body):
    """(header cells, [(row cells)]) of the first markdown table in body."""
    lines = body.splitlines()
    i = next((k for k, l in enumerate(lines) if l.startswith("|")), None)
    if i is None:
        return None, []
    rows = []
    while i < len(lines) and lines[i].startswith("|"):
        rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
        i += 1
    return rows[0], rows[2:]


def criterion_by_id(data, cid):
    return next((c for c in data.get("criteria", []) if c.get("id") == cid), None)


# ---- A: README default-set table -------------------------------------------------------------

def check_default_table(rep, readme_path, readme, sets):
    where = f"{readme_path}: \"The default rule set\" table"
    body = section(readme, "### The default rule set")
    if not rep.check(body is not None, f"{readme_path}: no \"### The default rule set\" section"):
        return
    header, rows = first_table(body)
    if not rep.check(header == DEFAULT_COLUMNS,
                     f"{where}: header is {header}, expected {DEFAULT_COLUMNS} (this test "
                     f"reads the table by these columns)"):
        return
    path, data = sets["default"]
    seen = set()
    for row in rows:
        cells = dict(zip(header, row))
        m = re.search(r"\(`([\w-]+)`\)", cells["criterion (`id`)"])
        if not rep.check(m is not None, f"{where}: row \"{row[0]}\" names no criterion id "
                                        f"as (`id`)"):
            continue
        cid = m.group(1)
        seen.add(cid)
        crit = criterion_by_id(data, cid)
        if not rep.check(crit is not None, f"{where}, row `{cid}`: {path} has no criterion "
                                           f"\"{cid}\""):
            continue
        row_where = f"{where}, row `{cid}`"
        if "pass_when" in crit:
            want = "yes" if crit["pass_when"] is True else "no"
            rep.check(cells["cut-off"] == want,
                      f"{row_where}, cut-off: README says {cells['cut-off']}, {path} says "
                      f"pass_when {want}")
            continue
        rep.check(("minus" in cells["value read"]) == ("minus" in crit),
                  f"{row_where}, value read: README says \"{cells['value read']}\", {path} "
                  f"says measure {crit['measure']}"
                  + (f" minus {crit['minus']}" if "minus" in crit else " (not derived)"))
        m = re.fullmatch(rf"({NUM})°", cells["cut-off"])
        readme_cut = num(m.group(1)) if m else cells["cut-off"]
        file_cut = None if crit.get("cutoff") is None else float(crit["cutoff"])
        rep.check(readme_cut == file_cut,
                  f"{row_where}, cut-off: README says {fmt(readme_cut)}°, {path} says "
                  f"{fmt(file_cut)}°")
        for status in ("fail", "borderline", "pass"):
            readme_bands = parse_band_list(cells[status])
            if not rep.check(readme_bands is not None,
                             f"{row_where}, {status}: cannot read \"{cells[status]}\" (write "
                             f"\"below X°\", \"X° to below Y°\" or \"X° or more\")"):
                continue
            file_bands = yaml_bands(crit, status)
            rep.check(readme_bands == file_bands,
                      f"{row_where}, {status} band: README says {fmt_bands(readme_bands)}, "
                      f"{path} says {fmt_bands(file_bands)}")
    for crit in data.get("criteria", []):
        rep.check(crit["id"] in seen,
                  f"{where}: no row for criterion `{crit['id']}` of {path}")
    # The plausibility bound the text under the table quotes.
    m = re.search(rf"more than ({NUM})° beyond the thigh", " ".join(body.split()))
    if m:
        note = next((f for f in data.get("findings", []) if f.get("id") == "knee_beyond_hang"),
                    {})
        above = (note.get("when") or {}).get("above")
        rep.check(above is not None and num(m.group(1)) == float(above),
                  f"{readme_path}: \"The default rule set\" text, knee_beyond_hang: README says "
                  f"more than {m.group(1)}°, {path} says above {fmt(above)}")


# ---- B: README rule-set comparison table -----------------------------------------------------

def check_sets_table(rep, readme_path, readme, sets):
    where = f"{readme_path}: \"Rule sets\" table"
    body = section(readme, "## Rule sets")
    if not rep.check(body is not None, f"{readme_path}: no \"## Rule sets\" section"):
        return
    header, rows = first_table(body)
    if not rep.check(header == SETS_COLUMNS,
                     f"{where}: header is {header}, expected {SETS_COLUMNS} (this test reads "
                     f"the table by these columns)"):
        return
    listed = set()
    for row in rows:
        cells = dict(zip(header, row))
        m = re.search(r"`([\w-]+)`", cells["name"])
        if not rep.check(m is not None and m.group(1) in sets,
                         f"{where}: row \"{cells['name']}\" is not a shipped rule set "
                         f"({', '.join(sets)})"):
            continue
        name = m.group(1)
        listed.add(name)
        path, data = sets[name]
        for column, measure in SETS_MEASURES.items():
            cell = cells[column]
            row_where = f"{where}, row `{name}`, column {column}"
            crits = [c for c in data.get("criteria", []) if c.get("measure") == measure]
            if not rep.check(len(crits) == 1, f"{row_where}: {path} has {len(crits)} criteria "
                                              f"on {measure}, expected one"):
                continue
            crit = crits[0]
            rep.check(("minus" in cell) == ("minus" in crit),
                      f"{row_where}: README says \"{cell}\", {path} reads {measure}"
                      + (f" minus {crit['minus']}" if "minus" in crit else " alone"))
            m = re.search(rf"cut-off ({NUM})°", cell)
            file_cut = None if crit.get("cutoff") is None else float(crit["cutoff"])
            rep.check(m is not None and num(m.group(1)) == file_cut,
                      f"{row_where}, cut-off: README says "
                      f"{fmt(num(m.group(1))) + '°' if m else 'nothing'}, {path} says "
                      f"{fmt(file_cut)}°")
            m = re.search(rf"fail (from|below) ({NUM})°", cell)
            if not rep.check(m is not None, f"{row_where}: no \"fail from X°\" or \"fail "
                                            f"below X°\" in \"{cell}\""):
                continue
            readme_fail = [(num(m.group(2)), None)] if m.group(1) == "from" else \
                [(None, num(m.group(2)))]
            file_fail = yaml_bands(crit, "fail")
            rep.check(readme_fail == file_fail,
                      f"{row_where}, fail band: README says {fmt_bands(readme_fail)}, {path} "
                      f"says {fmt_bands(file_fail)}")
        cell = cells["left-right notable from"]
        # "knee minus thigh 20°" quotes a derived criterion's asymmetry (knee_flexion minus
        # thigh_angle); the others quote a measure's.
        readme_asym = {}
        for k, v in re.findall(rf"((?:thigh|knee|rotation|abduction)(?: minus "
                               rf"(?:thigh|knee|rotation|abduction))?) ({NUM})°", cell):
            key = " minus ".join(SHORT_MEASURE[part] for part in k.split(" minus "))
            readme_asym[key] = num(v)
        file_asym = {k: float(v["asymmetry"]) for k, v in data.get("measures", {}).items()
                     if isinstance(v, dict) and v.get("asymmetry") is not None}
        for crit in data.get("criteria", []):
            if crit.get("asymmetry") is not None and crit.get("minus"):
                file_asym[f"{crit['measure']} minus {crit['minus']}"] = float(crit["asymmetry"])
        for measure in sorted(set(readme_asym) | set(file_asym)):
            rep.check(readme_asym.get(measure) == file_asym.get(measure),
                      f"{where}, row `{name}`, left-right {measure}: README says "
                      f"{fmt(readme_asym.get(measure))}, {path} says "
                      f"{fmt(file_asym.get(measure))}")
    for name in sets:
        rep.check(name in listed, f"{where}: no row for the shipped set `{name}`")


# ---- C: rules/README.md quotes -------------------------------------------------------------

def parse_diff(block):
    """[(header, old lines, new lines)] of a diff block whose hunks start with '@@ HEADER'."""
    hunks = [["", [], []]]
    for line in block.splitlines():
        if line.startswith("@@"):
            hunks.append([line[2:].strip(), [], []])
            continue
        tag, text = line[:1], line[1:]
        if tag in (" ", "-"):
            hunks[-1][1].append(text)
        if tag in (" ", "+"):
            hunks[-1][2].append(text)
    return [tuple(h) for h in hunks if h[1] or h[2]]


def compare_fragment(rep, where, fragment, actual, path):
    """Every key the quoted fragment gives must have the file's value."""
    if isinstance(fragment, dict):
        for key, value in fragment.items():
            if key == "bands" and isinstance(value, list):
                want = [(b.get("status"), b.get("min"), b.get("max")) for b in value]
                have = [(b.get("status"), b.get("min"), b.get("max"))
                        for b in (actual or {}).get("bands", [])]
                rep.check([(s, fmt(a), fmt(b)) for s, a, b in want] ==
                          [(s, fmt(a), fmt(b)) for s, a, b in have[:len(want)]],
                          f"{where}, bands: quoted {describe_bands(want)}, {path} has "
                          f"{describe_bands(have)}")
                actual_bands = (actual or {}).get("bands", [])
                for i, b in enumerate(value):
                    if "message" in b and i < len(actual_bands):
                        have_message = actual_bands[i].get("message")
                        rep.check(b["message"] in ("...", have_message),
                                  f"{where}, band {i + 1} message: quoted \"{b['message']}\", "
                                  f"{path} has \"{have_message}\"")
                continue
            have = (actual or {}).get(key)
            rep.check(fmt(value) == fmt(have),
                      f"{where}, {key}: quoted {fmt(value)}, {path} has {fmt(have)}")


def describe_bands(bands):
    as_float = [(s, None if a is None else float(a), None if b is None else float(b))
                for s, a, b in bands]
    return "[" + ", ".join(f"{s} {fmt_band((a, b))}" for s, a, b in as_float) + "]"


def code_blocks(text):
    """[(language, body, start offset)] of the fenced blocks in text."""
    return [(m.group(1), m.group(2), m.start())
            for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)]


def check_rules_readme(rep, path, text, sets):
    tutorial = section(text, next((l for l in text.splitlines()
                                   if l.startswith("## Tutorial")), "## Tutorial"))
    if not rep.check(tutorial is not None, f"{path}: no \"## Tutorial\" section"):
        return None
    default_path, default = sets["default"]
    blocks = code_blocks(tutorial)
    diffs = [b for lang, b, _ in blocks if lang == "diff"]
    if not rep.check(diffs, f"{path}, tutorial: no diff block"):
        return tutorial
    # The removed and context lines of each hunk are the file as it is now.
    for header, old, _ in parse_diff(diffs[0]):
        fragment = yaml.safe_load(textwrap.dedent("\n".join(old))) if old else None
        if header == "":
            compare_fragment(rep, f"{path}, tutorial diff (top level)", fragment, default,
                             default_path)
            continue
        m = re.fullmatch(r"(\w+): ([\w-]+)", header)
        if not rep.check(m is not None, f"{path}, tutorial diff: hunk \"@@ {header}\" is not "
                                        f"\"@@ SECTION: ID\""):
            continue
        items = default.get(m.group(1)) or []
        actual = next((x for x in items if x.get("id") == m.group(2)), None)
        if not rep.check(actual is not None, f"{path}, tutorial diff: {default_path} has no "
                                             f"{m.group(1)} \"{m.group(2)}\""):
            continue
        if isinstance(fragment, list) and fragment:
            compare_fragment(rep, f"{path}, tutorial diff @@ {header}", fragment[0], actual,
                             default_path)
    # The first paragraph's "before" numbers, for the criterion the first diff changes.
    cid = next((h.split(": ")[1] for h, _, _ in parse_diff(diffs[0])
                if h.startswith("criteria: ")), None)
    crit = criterion_by_id(default, cid) if cid else None
    first = " ".join(tutorial.strip().split("\n\n")[0].split())
    if rep.check(crit is not None, f"{path}, tutorial: its first diff changes no criterion"):
        where = f"{path}, tutorial first paragraph (criterion `{cid}`)"
        m = re.search(rf"cut-off ({NUM})°", first)
        rep.check(m is not None and num(m.group(1)) == float(crit["cutoff"]),
                  f"{where}, cut-off: README says {m.group(1) + '°' if m else 'nothing'}, "
                  f"{default_path} says {fmt(crit['cutoff'])}°")
        for status in ("fail", "borderline", "pass"):
            m = re.search(rf"{status} (below {NUM}°|{NUM}° to below {NUM}°|{NUM}° or more)",
                          first)
            quoted = [parse_band(m.group(1))] if m else []
            rep.check(quoted == yaml_bands(crit, status),
                      f"{where}, {status} band: README says {fmt_bands(quoted)}, "
                      f"{default_path} says {fmt_bands(yaml_bands(crit, status))}")
    # The derived-criterion snippet quotes the file its paragraph links.
    derived = section(text, "### Criteria and bands") or ""
    for lang, body, start in code_blocks(derived):
        if lang != "yaml":
            continue
        links = re.findall(r"\[`([\w.-]+\.yaml)`\]", derived[:start])
        named = [v for v in sets.values() if links and os.path.basename(v[0]) == links[-1]]
        if not rep.check(named, f"{path}, derived-criterion snippet: the paragraph before it "
                                f"links no shipped rule file"):
            continue
        file_path, data = named[0]
        snippet = yaml.safe_load(textwrap.dedent(body))[0]
        actual = criterion_by_id(data, snippet.get("id"))
        if rep.check(actual is not None, f"{path}, derived-criterion snippet: {file_path} has "
                                         f"no criterion \"{snippet.get('id')}\""):
            compare_fragment(rep, f"{path}, derived-criterion snippet `{snippet['id']}`",
                             snippet, actual, file_path)
    return tutorial


# ---- D: thomas rules show --------------------------------------------------------------------

def run(args, cwd=None):
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def check_rules_show(rep, thomas, sets):
    for name, (path, data) in sets.items():
        code, out = run([thomas, "rules", "show", name])
        where = f"`thomas rules show {name}`"
        if not rep.check(code == 0, f"{where} exited {code}: {out.strip()[:200]}"):
            continue
        shown_asym, shown_crit, current = {}, {}, None
        part = None
        for line in out.splitlines():
            if line and not line.startswith(" "):
                part = line.split()[0]
                continue
            if part == "Measures":
                m = re.match(rf"^  (\w+)\s.*?{NUM}° to {NUM}°\s+(?:({NUM})° or more|-)", line)
                if m:
                    shown_asym[m.group(1)] = None if m.group(2) is None else num(m.group(2))
            elif part == "Criteria":
                m = re.match(r"^  ([\w-]+): ", line)
                if m:
                    current = shown_crit.setdefault(m.group(1), {"cutoff": None, "bands": [],
                                                                "minus": False})
                    continue
                m = re.match(rf"^    \S.*cut-off ({NUM})°", line)
                if m and current is not None:
                    current["cutoff"] = num(m.group(1))
                    current["minus"] = bool(re.match(r"^    \w+ - \w+ ", line))
                    continue
                m = re.match(r"^      (.+?)\s{2,}(pass|borderline|fail)\s", line)
                if m and current is not None:
                    current["bands"].append((m.group(2), parse_band(m.group(1))))
        for measure, spec in data.get("measures", {}).items():
            if not isinstance(spec, dict) or measure == "lumbar_flat":
                continue
            want = None if spec.get("asymmetry") is None else float(spec["asymmetry"])
            rep.check(shown_asym.get(measure, "missing") == want,
                      f"{where}, measure {measure}, left-right: shows "
                      f"{fmt(shown_asym.get(measure, 'missing'))}, {path} says {fmt(want)}")
        for crit in data.get("criteria", []):
            if "bands" not in crit:
                continue
            shown = shown_crit.get(crit["id"])
            if not rep.check(shown is not None, f"{where}: criterion {crit['id']} of {path} "
                                                f"is not shown"):
                continue
            rep.check(shown["cutoff"] == float(crit["cutoff"]),
                      f"{where}, criterion {crit['id']}, cut-off: shows {fmt(shown['cutoff'])}°,"
                      f" {path} says {fmt(crit['cutoff'])}°")
            rep.check(shown["minus"] == ("minus" in crit),
                      f"{where}, criterion {crit['id']}: shows "
                      f"{'a derived' if shown['minus'] else 'a plain'} value, {path} "
                      f"{'derives it' if 'minus' in crit else 'does not derive it'}")
            want = [(b["status"], (None if b.get("min") is None else float(b["min"]),
                                   None if b.get("max") is None else float(b["max"])))
                    for b in crit["bands"]]
            rep.check(shown["bands"] == want,
                      f"{where}, criterion {crit['id']}, bands: shows "
                      f"{[(s, fmt_band(b) if b else '?') for s, b in shown['bands']]}, {path} "
                      f"says {[(s, fmt_band(b)) for s, b in want]}")


# ---- E: quoted output is real ----------------------------------------------------------------

def mask(line):
    line = re.sub(r"sha256 [0-9a-f]{12}", "sha256 <sha>", line)
    line = re.sub(r"(\.yaml):\d+:\d+\)", r"\1:<line>:<col>)", line)
    return line.rstrip()


def lines_appear(shown, actual, excerpt=False):
    """The first shown line (blank and '...' lines skipped) that is not in actual, in order.
    Unless the quote is an excerpt or elides lines with '...', it must be the whole output."""
    actual = [mask(l) for l in actual.splitlines() if l.strip()]
    elided = excerpt or any(l.strip() == "..." for l in shown)
    shown = [mask(l) for l in shown if l.strip() and l.strip() != "..."]
    if not elided and shown != actual:
        for s, a in zip(shown + [None] * len(actual), actual + [None] * len(shown)):
            if s != a:
                return s if s is not None else f"(end of quote; the output goes on: {a})"
        return None
    i = 0
    for line in shown:
        while i < len(actual) and actual[i] != line:
            i += 1
        if i == len(actual):
            return line
        i += 1
    return None


def check_comparison(rep, thomas, readme_path, readme, sets):
    body = section(readme, "## Rule sets") or ""
    flat = " ".join(body.split())
    m = re.search(r"`(thomas score --rules NAME [^`]*)`", flat)
    if not rep.check(m is not None, f"{readme_path}, \"Rule sets\": no quoted command "
                                    f"`thomas score --rules NAME ...` for the comparison"):
        return
    command = m.group(1)
    block = next((b for lang, b, start in code_blocks(body) if start > body.find("NAME")), None)
    if not rep.check(block is not None, f"{readme_path}: no comparison excerpt after the "
                                        f"quoted command"):
        return
    for group in block.strip("\n").split("\n\n"):
        lines = group.splitlines()
        m = re.match(r"^([\w-]+):\s+(.*)$", lines[0])
        if not rep.check(m is not None and m.group(1) in sets,
                         f"{readme_path}, comparison excerpt: \"{lines[0]}\" does not start "
                         f"with a shipped set's name"):
            continue
        name = m.group(1)
        args = [thomas if a == "thomas" else a.replace("NAME", name)
                for a in shlex.split(command)]
        _, out = run(args)
        missing = lines_appear([m.group(2)] + lines[1:], out, excerpt=True)
        rep.check(missing is None,
                  f"{readme_path}, comparison excerpt for {name}: the line \"{missing}\" is not "
                  f"in the output of `{command.replace('NAME', name)}`")


def check_versions(rep, path, text, sets):
    quoted = re.findall(r"Rule set ([\w-]+) (\d+\.\d+\.\d+)", text)
    quoted += re.findall(r'"name": "([\w-]+)",\s*"version": "([\d.]+)"', text)
    for name, version in quoted:
        if name in sets:
            rep.check(version == str(sets[name][1]["version"]),
                      f"{path}: quotes {name} version {version}, {sets[name][0]} says "
                      f"{sets[name][1]['version']}")


def perform_tutorial(rep, thomas, path, tutorial, rules_dir):
    """Apply the tutorial's diffs to a copy of default.yaml, run its commands, compare."""
    with tempfile.TemporaryDirectory() as work:
        last_code = None
        for lang, body, _ in code_blocks(tutorial):
            if lang == "diff":
                files = [f for f in os.listdir(work) if f.endswith(".yaml")]
                if not rep.check(len(files) == 1, f"{path}, tutorial: a diff before the copy "
                                                  f"it applies to"):
                    return
                target = os.path.join(work, files[0])
                text = "\n" + open(target, encoding="utf-8").read()  # hunks match whole lines
                for header, old, new in parse_diff(body):
                    old_text = "\n" + "\n".join(old) + "\n"
                    new_text = "\n" + "\n".join(new) + "\n"
                    count = text.count(old_text)
                    first = old[0] if old else ""
                    if not rep.check(count == 1,
                                     f"{path}, tutorial diff hunk \"@@ {header or 'top'}\": its "
                                     f"old lines occur {count} times in "
                                     f"{os.path.join(rules_dir, 'default.yaml')} as edited so "
                                     f"far, expected once (first line: \"{first}\")"):
                        return
                    text = text.replace(old_text, new_text)
                open(target, "w", encoding="utf-8").write(text[1:])
                continue
            if not body.startswith("$ "):
                continue
            commands = re.split(r"^\$ ", body, flags=re.M)[1:]
            for chunk in commands:
                command, _, shown = chunk.partition("\n")
                shown = shown.splitlines()
                args = shlex.split(command)
                if args[0] == "cp":
                    shutil.copy(os.path.join(rules_dir, os.path.basename(args[1])),
                                os.path.join(work, args[2]))
                    continue
                if args == ["echo", "$?"]:
                    rep.check(shown == [str(last_code)],
                              f"{path}, tutorial: `echo $?` shows {shown}, the command before "
                              f"exited {last_code}")
                    continue
                if args[0] != "thomas":
                    rep.fail(f"{path}, tutorial: cannot perform `{command}`")
                    continue
                last_code, out = run([thomas] + args[1:], cwd=work)
                missing = lines_appear(shown, out)
                rep.check(missing is None,
                          f"{path}, tutorial: `{command}` does not print \"{missing}\" where "
                          f"shown (actual output:\n{textwrap.indent(out, '    ')})")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("thomas")
    parser.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    parser.add_argument("--readme")
    parser.add_argument("--rules-readme")
    parser.add_argument("--rules-dir")
    a = parser.parse_args()
    readme_path = a.readme or os.path.join(a.root, "README.md")
    rules_readme_path = a.rules_readme or os.path.join(a.root, "rules", "README.md")
    rules_dir = a.rules_dir or os.path.join(a.root, "rules")
    thomas = os.path.abspath(a.thomas)

    sets = load_rules(rules_dir)
    readme = open(readme_path, encoding="utf-8").read()
    rules_readme = open(rules_readme_path, encoding="utf-8").read()
    rep = Report()
    if not rep.check("default" in sets, f"{rules_dir}: no rule set named default"):
        print("\n".join(rep.failures))
        return 1
    check_default_table(rep, readme_path, readme, sets)
    check_sets_table(rep, readme_path, readme, sets)
    tutorial = check_rules_readme(rep, rules_readme_path, rules_readme, sets)
    check_rules_show(rep, thomas, sets)
    check_comparison(rep, thomas, readme_path, readme, sets)
    check_versions(rep, readme_path, readme, sets)
    check_versions(rep, rules_readme_path, rules_readme, sets)
    for doc_path in sorted(glob.glob(os.path.join(a.root, "doc", "*.md"))) + \
            [os.path.join(a.root, "CONTRIBUTING.md")]:
        if os.path.exists(doc_path):
            with open(doc_path, encoding="utf-8") as f:
                check_versions(rep, doc_path, f.read(), sets)
    if tutorial is not None:
        perform_tutorial(rep, thomas, rules_readme_path, tutorial, rules_dir)

    for failure in rep.failures:
        print(f"FAIL: {failure}")
    if rep.failures:
        print(f"docs_match_rules: {len(rep.failures)} of {rep.checks} checks failed")
        return 1
    print(f"PASS: docs_match_rules: {rep.checks} checks, the documentation quotes the rule "
          f"files ({', '.join(sorted(sets))}) as they are")
    return 0


if __name__ == "__main__":
    sys.exit(main())
