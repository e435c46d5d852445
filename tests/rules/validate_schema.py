#!/usr/bin/env python3
"""Validate rule files against rules/schema.json (JSON Schema 2020-12).

Usage: validate_schema.py SCHEMA RULE_FILE... [--invalid RULE_FILE...]

Files before --invalid must validate; files after it must NOT (so the schema is shown to
catch what it claims to: a misspelt key, an unknown id). Needs python3-yaml and
python3-jsonschema (Debian packages, installed by scripts/install-deps.sh).
"""
import json
import sys

import jsonschema
import yaml


def main():
    schema_path, *rest = sys.argv[1:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    must_pass, must_fail = rest, []
    if "--invalid" in rest:
        at = rest.index("--invalid")
        must_pass, must_fail = rest[:at], rest[at + 1:]
    failures = 0
    for path in must_pass + must_fail:
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        expected_valid = path in must_pass
        if expected_valid and errors:
            failures += 1
            print(f"FAIL {path}: does not validate against {schema_path}")
            for e in errors[:10]:
                where = "/".join(str(p) for p in e.path) or "(top level)"
                print(f"     at {where}: {e.message[:200]}")
        elif not expected_valid and not errors:
            failures += 1
            print(f"FAIL {path}: validates, but the schema should reject it")
        else:
            print(f"PASS {path}: {'valid' if expected_valid else 'rejected as expected'}")
    print(f"{len(must_pass) + len(must_fail) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
