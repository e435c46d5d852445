// The members of json_report.cpp's objects, for a caller that opens the object itself and
// adds members of its own: batch appends "input" after them, into its reused buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "json_writer.h"
#include "thomas/engine.h"

namespace thomas {

// The members of assessment_json's object ("schema" ... "explanation").
void write_assessment_members(json::Writer& w, const RuleSet& rules, const Measurements& m,
                              const Assessment& a, bool explain, std::optional<std::uint64_t> row);

// The members of error_json's object ("schema" ... "error").
void write_error_members(json::Writer& w, const RuleSet& rules, std::uint64_t row,
                         std::string_view message);

}  // namespace thomas
