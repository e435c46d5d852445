// The members of json_report.cpp's objects, for a caller that opens the object itself and
// adds members of its own: batch appends "input" after them (and, for a row paired with the
// patient's other leg, "patient" and "asymmetry"), into its reused buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "json_writer.h"
#include "thomas/engine.h"

namespace thomas {

// The "schema" number of every JSON document thomas writes.
inline constexpr int k_output_schema = 1;

// "ruleset": {name, version, sha256, procedure}, as a member of the object being written.
void write_ruleset(json::Writer& w, const RuleSet& rules);

// The members of assessment_json's object ("schema" ... "explanation").
void write_assessment_members(json::Writer& w, const RuleSet& rules, const Measurements& m,
                              const Assessment& a, bool explain, std::optional<std::uint64_t> row);

// both_sides_json's "patient" object ({result, implicated, flags, next_step, plan}).
void write_patient(json::Writer& w, const RuleSet& rules, const PatientAssessment& p);

// both_sides_json's "asymmetry" array, one object per item of compare_sides().
void write_asymmetry(json::Writer& w, const RuleSet& rules,
                     const std::vector<AsymmetryItem>& items);

// The members of error_json's object ("schema" ... "error").
void write_error_members(json::Writer& w, const RuleSet& rules, std::uint64_t row,
                         std::string_view message);

}  // namespace thomas
