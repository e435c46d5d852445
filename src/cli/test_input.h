// One test from measurement flags or --file, read the same way by every command that takes one
// (`score`, `report`): flag names from the field table, every bad value reported, --done and
// --persists applied on top of a file.
#pragma once

#include <array>
#include <string>

#include "thomas/fields.h"
#include "thomas/ruleset.h"
#include "thomas/test_file.h"

namespace CLI {
class App;
}  // namespace CLI

namespace thomas::cli {

struct TestInput {
    // Field values are kept as text so that "12°", "12 deg" and our own error messages ("5,5"
    // has a comma...) work the same as in files and CSV; indexed by Field.
    std::array<std::string, k_field_count> values;
    bool persists = false;  // --persists takes no value
    std::string file;
};

// Registers a flag per field of the field table, then --file, bound to `input`.
void add_test_input_options(CLI::App& cmd, TestInput& input);

// Whether any measurement flag (not --done or --persists) was given.
bool measurement_flags_given(const CLI::App& cmd);

// The test the flags or the file describe, range-checked against `rules`. Throws UsageError
// (flags and --file together, nothing to score, --knee with --knee-interior), DataError (bad
// flag values), TestFileError (bad file) or FileError (file missing).
TestFile read_test_input(const CLI::App& cmd, const RuleSet& rules, const TestInput& input);

}  // namespace thomas::cli
