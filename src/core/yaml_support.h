// Internal helpers shared by the YAML readers (rule files and test files).
#pragma once

#include <yaml-cpp/depthguard.h>  // YAML::DeepRecursion
#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thomas/ruleset.h"
#include "thomas/suggest.h"

namespace thomas::detail {

// 1-based line/column of a node (yaml-cpp marks are 0-based); {} for a node that is not in the
// file, such as a missing key (yaml-cpp's Mark() would throw InvalidNode for it).
inline SourcePos pos_of(const YAML::Node& node) {
    if (!node) {
        return {};  // a missing key: yaml-cpp would throw on Mark()
    }
    const YAML::Mark m = node.Mark();
    if (m.line < 0) {
        return {};
    }
    return {m.line + 1, m.column + 1};
}

struct DepthProblem {
    SourcePos pos;
    std::string message;
};

// yaml-cpp recurses once per nesting level (0.7 stops at about 500 levels with a bare "bad
// file"), so nesting is measured on the raw text first: block levels (deeper indentation, "- "
// and "? " indicators) plus flow levels ([ and {), outside quotes, comments and block scalars.
// It may count a level too many, never one too few. Returns the first place where the depth
// exceeds max_depth, if any; never throws.
std::optional<DepthProblem> check_nesting(std::string_view text, int max_depth);

using thomas::closest;

// Plain text of a scalar node ("" for non-scalars).
inline std::string scalar_text(const YAML::Node& node) {
    return node.IsScalar() ? node.Scalar() : std::string();
}

}  // namespace thomas::detail

namespace thomas::detail {

// Receives a problem found at a node; the caller decides how it is reported.
using Report = std::function<void(const YAML::Node& at, const std::string& message)>;

// The keys a measurement mapping may hold (test files and rule-set examples).
const std::vector<std::string_view>& measurement_keys();

// Read a mapping of measurement fields into `m`, reporting each bad key or value.
// Keys outside measurement_keys() and `extra_keys` are reported as unknown.
// With `rules`, each angle is also checked against its plausible range where it is written.
void read_measurements(const YAML::Node& map, Measurements& m, const Report& report,
                       const std::vector<std::string_view>& extra_keys = {},
                       const RuleSet* rules = nullptr);

}  // namespace thomas::detail
