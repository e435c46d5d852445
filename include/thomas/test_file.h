// Reading one Thomas test from a YAML or JSON file (JSON is read as YAML, which it is a
// subset of): either one leg at the top level, or `left:` and `right:` mappings.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "thomas/errors.h"
#include "thomas/measurements.h"
#include "thomas/ruleset.h"

namespace thomas {

// The two legs of one patient, each with its side set.
struct BothLegs {
    Measurements left;
    Measurements right;
};

// One test: one leg (fields at the top level, or a file with only `left:` or only `right:`, whose
// side is then set), or both legs.
struct TestFile {
    std::variant<Measurements, BothLegs> legs;
};

// Calls fn(Measurements&) on each leg of `test`, left before right.
template <typename Test, typename Fn>
requires std::same_as<std::remove_const_t<Test>, TestFile>
void for_each_leg(Test& test, Fn&& fn) {
    if (auto* both = std::get_if<BothLegs>(&test.legs)) {
        fn(both->left);
        fn(both->right);
    } else {
        fn(std::get<Measurements>(test.legs));
    }
}

// Upper bounds that keep hostile test files from exhausting memory or stack.
inline constexpr std::size_t k_max_test_file_bytes = 1 << 20;  // 1 MiB
inline constexpr int k_max_test_nesting = 32;                  // YAML nesting depth

// Parse test-file text; `file` names it in messages. With `rules`, values outside the rule
// set's plausible ranges are reported at their place too. Throws TestFileError listing every
// problem found, one per line.
TestFile parse_test_file(std::string_view text, const std::string& file,
                         const RuleSet* rules = nullptr);

}  // namespace thomas
