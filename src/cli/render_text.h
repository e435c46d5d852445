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
    bool diagram = false;  // draw the hanging leg (callers decide: terminal, no --no-diagram)
};

// One leg.
std::string render_text(const RuleSet& rules, const Measurements& m, const Assessment& a,
                        const TextOptions& options);

// Both legs of one patient: the patient's verdict and next step first, then each leg's
// verdict, one criteria table with a column per leg, the left-right difference of each angle
// against the rule set's asymmetry threshold, and each leg's findings and next step.
std::string render_text_both(const RuleSet& rules, const Measurements& left,
                             const Measurements& right, const PairAssessment& result,
                             const TextOptions& options);

}  // namespace thomas::cli
