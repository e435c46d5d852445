// Running the example cases a rule set carries (`examples:`), OPA-test style: each case is
// scored and compared with its expected verdicts.
#pragma once

#include <string>
#include <vector>

#include "thomas/ruleset.h"

namespace thomas {

struct ExampleOutcome {
    const Example* example = nullptr;
    bool passed = false;
    // One line per mismatch: "next_step: expected 3, got 4". Empty when passed.
    std::vector<std::string> differences;
};

// Score every example of `rules` and compare. Never throws: an input the rule set rejects
// (e.g. out of range) is reported as a difference.
std::vector<ExampleOutcome> run_examples(const RuleSet& rules);

}  // namespace thomas
