// Printing a scored test, shared by `score` and `ask` so both give the same assessment.
#pragma once

#include <string>
#include <string_view>

#include "thomas/ruleset.h"
#include "thomas/test_file.h"

namespace CLI {
class App;  // <CLI/CLI.hpp> is heavy: only the files that build the command line include it
}  // namespace CLI

namespace thomas::cli {

struct OutputChoice {
    std::string rules;            // --rules: shipped name or file; empty = the embedded default
    std::string format = "text";  // "text" or "json"
    bool explain = false;
    bool no_diagram = false;  // the diagram is drawn only in text on a terminal anyway
};

// Registers --rules, --format, --explain and --no-diagram on `cmd`, bound to `choice`, so
// every command that prints an assessment offers them with the same words.
void add_output_options(CLI::App& cmd, OutputChoice& choice);

// The rule set `choice` names: the embedded default when none. Throws RuleError or FileError.
RuleSet chosen_rules(const OutputChoice& choice);

// Write `text` to stdout and flush it. Throws OutputError "cannot write WHAT: REASON" (exit 73)
// if any of it did not get out (a full disk, a closed pipe): every command's stdout goes here.
void write_stdout(std::string_view text, std::string_view what);

// Assess the leg(s) in `test` (already range-checked) and write the result to stdout: one leg,
// or both side by side with their asymmetry. Throws OutputError if stdout cannot be written.
void print_result(const RuleSet& rules, const TestFile& test, const OutputChoice& choice);

}  // namespace thomas::cli
