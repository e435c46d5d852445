// Static analysis of a loaded rule set: things that are legal but almost certainly not what
// the author meant (a finding that can never match, a step no row chooses, ...). The loader
// (rule_loader.h) reports what makes a file unusable as errors; this reports warnings.
#pragma once

#include <string>
#include <vector>

#include "thomas/rule_loader.h"
#include "thomas/ruleset.h"

namespace thomas {

// Warnings (Diagnostic::Severity::warning) about `rules`, named `file` in each diagnostic,
// in file order. Checks: findings and decision rows whose condition can never hold (a status
// the criterion never gives, contradictory statuses in one `all`, a finding that never
// matches), decision rows after an unconditional final row, programme steps no row can
// choose, criteria no condition uses, numeric criteria without a borderline band. Assumes
// `rules` loaded without errors; never throws.
std::vector<Diagnostic> analyse(const RuleSet& rules, const std::string& file);

}  // namespace thomas
