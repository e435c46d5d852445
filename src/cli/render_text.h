// Text output for a clinician at a terminal: verdict first, then criteria, tissues, flags,
// the next step with its advice, and the rule set that produced it.
#pragma once

#include <string>

#include "terminal.h"
#include "thomas/engine.h"

namespace thomas::cli {

struct TextOptions {
    Style style;
    bool explain = false;
};

// One leg.
std::string render_text(const RuleSet& rules, const Measurements& m, const Assessment& a,
                        const TextOptions& options);

// Both legs, each in full, then the left-right comparison.
std::string render_text_both(const RuleSet& rules, const Measurements& left,
                             const Assessment& left_result, const Measurements& right,
                             const Assessment& right_result, const TextOptions& options);

}  // namespace thomas::cli
