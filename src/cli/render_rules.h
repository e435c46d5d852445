// Text views of rule sets for `thomas rules`: the list of shipped sets and one set's
// criteria, bands, findings, programme and decision table as readable tables.
#pragma once

#include <string>

#include "terminal.h"
#include "thomas/ruleset.h"

namespace thomas::cli {

// One entry of `rules list`: name, version, procedure, title and wrapped description.
std::string render_rule_summary(const RuleSet& rules, const Style& style);

// The whole rule set, section by section, each threshold with its sources.
std::string render_rule_set(const RuleSet& rules, const Style& style);

// A condition in words: "thigh_height is fail and rotation_internal is fail".
std::string condition_text(const RuleSet& rules, const Condition& c);

}  // namespace thomas::cli
