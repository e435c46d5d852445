// The engine before Scorer compiled conditions into bit tests: it walked the condition trees
// for every record. Kept as a test oracle with the same contract as thomas::assess.
#pragma once

#include "thomas/engine.h"

namespace thomas::reference {

Assessment assess(const RuleSet& rules, const Measurements& m);

// Both legs, with `patient:` conditions walked as their definition reads (see the .cpp).
PairAssessment assess_pair(const RuleSet& rules, const Measurements& left,
                           const Measurements& right);

}  // namespace thomas::reference
