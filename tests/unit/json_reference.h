// The pre-json_writer JSON report (nlohmann DOM), kept as a test oracle: same signatures as
// thomas/json_report.h.
#pragma once

#include "thomas/json_report.h"

namespace thomas::reference {

std::string assessment_json(const RuleSet& rules, const Measurements& m, const Assessment& a,
                            const JsonOptions& options, std::optional<std::uint64_t> row = {});

std::string both_sides_json(const RuleSet& rules, const Measurements& left,
                            const Assessment& left_result, const Measurements& right,
                            const Assessment& right_result, const JsonOptions& options);

std::string error_json(const RuleSet& rules, std::uint64_t row, const std::string& message);

}  // namespace thomas::reference
