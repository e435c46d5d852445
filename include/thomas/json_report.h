// The contract's JSON form of an assessment (doc/usage.md, "JSON output"). Kept in the core so
// any program linking thomas::core emits exactly what the CLI does.
#pragma once

#include <optional>
#include <string>

#include "thomas/engine.h"

namespace thomas {

struct JsonOptions {
    bool explain = false;  // add the "explanation" member
    int indent = 2;        // -1 = one line (JSON Lines)
};

// One leg as a JSON object. `row` adds a "row" member (batch); never throws.
std::string assessment_json(const RuleSet& rules, const Measurements& m, const Assessment& a,
                            const JsonOptions& options, std::optional<std::uint64_t> row = {});

// Both legs of one patient: {"patient": {result, implicated, flags, next_step, plan},
// "left": ..., "right": ..., "asymmetry": [...]}.
std::string both_sides_json(const RuleSet& rules, const Measurements& left,
                            const Measurements& right, const PairAssessment& result,
                            const JsonOptions& options);

// A batch row that could not be scored: {"row": N, "result": "error", "error": "..."}.
std::string error_json(const RuleSet& rules, std::uint64_t row, const std::string& message);

}  // namespace thomas
