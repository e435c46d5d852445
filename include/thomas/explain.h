// Why the engine decided what it did, as data: for each matched finding the criteria and
// pain answers its condition relied on, and the decision row behind the next step.
// Renderers turn this into plain sentences (text) or structured JSON.
#pragma once

#include <optional>
#include <vector>

#include "thomas/engine.h"

namespace thomas {

struct FindingReason {
    std::size_t finding = 0;            // index into RuleSet::findings
    std::vector<std::size_t> criteria;  // criteria its condition tested (outcome in Assessment)
    PainSet pains;                      // pain words of the answer that matched
    RedFlagSet red_flags;               // red-flag words of the history that matched
};

struct Explanation {
    std::vector<FindingReason> findings;  // one per matched finding, in rule order
    std::optional<std::size_t> step_row;  // decision row that chose the next step
};

// Build the explanation of an assessment made with `rules` from `m`.
Explanation explain(const RuleSet& rules, const Measurements& m, const Assessment& a);

}  // namespace thomas
