#!/usr/bin/env python3
"""Check that the complete example in rules/README.md is the tested fixture, line for line.

Usage: readme_example_matches.py rules/README.md tests/fixtures/rules/readme-example.yaml
"""
import sys


def main():
    readme, fixture = sys.argv[1:]
    text = open(readme, encoding="utf-8").read()
    section = text.split("## A complete small example", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    lines = open(fixture, encoding="utf-8").read().splitlines(keepends=True)
    expected = "".join(line for line in lines if not line.startswith("# The complete small"))
    if block != expected:
        print(f"FAIL: the example in {readme} differs from {fixture}; copy the fixture "
              f"(without its first comment line) into the README")
        return 1
    print(f"PASS: the example in {readme} is {fixture}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
