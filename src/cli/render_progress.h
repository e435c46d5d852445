// Text output of `thomas progress`: per patient and leg, a table of the visits by measure with
// each value's change since the previous visit, the changes since the first visit, criteria that
// crossed between fail and pass, the next step and the warnings.
#pragma once

#include <string>
#include <vector>

#include "terminal.h"
#include "thomas/progress.h"

namespace thomas::cli {

// The lines above the first course: the rule set and the legend of the change marks.
std::string progress_preamble(const RuleSet& rules, const Style& s);
std::string progress_text(const RuleSet& rules, const progress::Course& c, const Style& s);
// The inputs that did not become visits, one a line; empty when there are none.
std::string progress_errors_text(const std::vector<progress::VisitError>& errors, const Style& s);

}  // namespace thomas::cli
