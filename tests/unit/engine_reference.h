// The engine before Scorer compiled conditions into bit tests: it walked the condition trees
// for every record. Kept as a test oracle with the same contract as thomas::assess.
#pragma once

#include "thomas/engine.h"

namespace thomas::reference {

Assessment assess(const RuleSet& rules, const Measurements& m);

}  // namespace thomas::reference
