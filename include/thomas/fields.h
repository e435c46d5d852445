// The input vocabulary (README "Measurements"), each field once: the name it has in test
// files and CSV headers, its command-line flag, its kind, and how its text is read. `score`
// (flags), test files, `ask` and `batch` (CSV cells) all read values through read_field() and
// only add where the value came from to a message.
//
// To add a field: one entry in fields.cpp (and its enum value below), then what it means in
// Measurements and in the rule files. See doc/ARCHITECTURE.md, "Adding an input field".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "thomas/measurements.h"
#include "thomas/ruleset.h"

namespace thomas {

enum class Field : std::uint8_t {
    side,
    thigh_angle,
    knee_flexion,
    knee_angle_interior,
    rotation,
    abduction,
    lumbar_flat,
    pain,
    red_flags,
    done,
    persists,
    patient,
    date,
    examiner,
    device,
};
inline constexpr std::size_t k_field_count = 15;

enum class FieldKind : std::uint8_t {
    side,         // left or right
    angle,        // degrees ("12", "-7.5", "12°", "12 deg"), range-checked by the rule set
    yes_no,       // yes/no, true/false, 1/0
    word_list,    // comma list of one closed vocabulary (pain, red flags)
    step_list,    // comma list of programme steps 1-7
    switch_flag,  // yes/no in files and CSV; a flag without a value on the command line
    text,         // free text about the visit (patient id, examiner, device), never interpreted
    date,         // ISO 8601 calendar date YYYY-MM-DD
};

struct FieldSpec {
    Field id{};
    std::string_view name;  // test-file key and CSV header: the contract name
    std::string_view
        flag;  // `score` option; empty for the visit fields, which only `progress` reads
    FieldKind kind{};
    std::string_view help;           // one line for --help and prompts
    bool measurement = false;        // counts as something to score (side, done, persists do not)
    bool patient = false;            // a patient-level answer: may sit at the top of a two-leg file
    std::optional<Measure> measure;  // the measure an angle or yes/no field sets
};

// Every field, in the enum's order.
const std::array<FieldSpec, k_field_count>& fields();
const FieldSpec& spec(Field f);
// The field with this contract name (exact), or nullopt.
std::optional<Field> field_named(std::string_view name);
// A visit field (patient, date, examiner, device): who, when and with what, not a finding.
inline bool is_visit_field(const FieldSpec& f) {
    return f.kind == FieldKind::text || f.kind == FieldKind::date;
}
// The contract names joined with ", " (for "expected one of ..." messages).
std::string_view accepted_fields();

// Read `text` as field `f` into `m`: parse it, turn an interior knee angle into flexion, and,
// with `rules`, accept the rule set's synonyms for words and reject a value outside its
// plausible range. `decimal_comma` reads angles as "72,5" (batch --decimal-comma). Throws
// InputError naming the field and saying what is accepted; the caller adds where the text came
// from.
void read_field(Field f, std::string_view text, Measurements& m, const RuleSet* rules,
                bool decimal_comma = false);

// Days since 1970-01-01 of an ISO 8601 date "YYYY-MM-DD" (a real calendar day from 1900 on), or
// nullopt for anything else.
std::optional<std::int32_t> parse_iso_date(std::string_view text);
// The same as a flag and an out-parameter: a CSV of visits parses a date per row, and GCC
// returns the optional through memory in two parts read back as one (a stalled load).
bool parse_iso_date(std::string_view text, std::int32_t& day);

// The one wording for knee flexion and the interior knee angle given together (the caller
// names where, e.g. the two flags or columns).
std::string_view knee_conflict_message();

}  // namespace thomas
