// Words for results that every kind of output shares (text, HTML), so a verdict reads the same
// on a terminal and in a report. Worded by the rule set where it says how.
#pragma once

#include <string>
#include <vector>

#include "thomas/ids.h"
#include "thomas/ruleset.h"

namespace thomas {

// Joins "a", "a and b", "a, b and c".
std::string join_words(const std::vector<std::string>& words);

// Human-readable names of the members of a set, in id order.
std::vector<std::string> tissue_words(TissueSet set);
std::vector<std::string> flag_words(FlagSet set);

// The verdict in one line, worded by the rule set's `headlines:` (e.g. "POSITIVE: iliopsoas
// implicated"); without them, the result and the ids found ("POSITIVE: iliopsoas").
std::string headline_text(const RuleSet& rules, Result result, TissueSet implicated, FlagSet flags,
                          const std::vector<int>& plan);

}  // namespace thomas
