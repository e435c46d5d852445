// Reading one Thomas test from a YAML or JSON file (JSON is read as YAML, which it is a
// subset of): either one leg at the top level, or `left:` and `right:` mappings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "thomas/errors.h"
#include "thomas/measurements.h"
#include "thomas/ruleset.h"

namespace thomas {

struct TestFile {
    // One leg (fields at the top level), or both legs.
    std::optional<Measurements> single;
    std::optional<Measurements> left;
    std::optional<Measurements> right;
};

// Upper bounds that keep hostile test files from exhausting memory or stack.
inline constexpr std::size_t k_max_test_file_bytes = 1 << 20;  // 1 MiB
inline constexpr int k_max_test_nesting = 32;                  // YAML nesting depth

// Parse test-file text; `file` names it in messages. With `rules`, values outside the rule
// set's plausible ranges are reported at their place too. Throws TestFileError listing every
// problem found, one per line.
TestFile parse_test_file(std::string_view text, const std::string& file,
                         const RuleSet* rules = nullptr);

}  // namespace thomas
