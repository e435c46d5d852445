#include "thomas/fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "text_util.h"
#include "thomas/engine.h"
#include "thomas/printable.h"

namespace thomas {
namespace {

constexpr std::array<FieldSpec, k_field_count> k_fields{{
    {Field::side, "side", "--side", FieldKind::side, "Tested (hanging) leg: left or right", false,
     false, std::nullopt},
    {Field::thigh_angle, "thigh_angle", "--thigh", FieldKind::angle,
     "Thigh angle in degrees above horizontal; negative = below (e.g. -10)", true, false,
     Measure::thigh_angle},
    {Field::knee_flexion, "knee_flexion", "--knee", FieldKind::angle,
     "Knee flexion in degrees: 0 = straight, 90 = right angle", true, false, Measure::knee_flexion},
    {Field::knee_angle_interior, "knee_angle_interior", "--knee-interior", FieldKind::angle,
     "Knee as the angle between thigh and shank (180 = straight); converted to flexion = 180 - "
     "angle",
     true, false, Measure::knee_flexion},
    {Field::rotation, "rotation", "--rotation", FieldKind::angle,
     "Thigh rotation in degrees: positive = external, negative = internal", true, false,
     Measure::rotation},
    {Field::abduction, "abduction", "--abduction", FieldKind::angle,
     "Thigh abduction in degrees (0 = in line with the body)", true, false, Measure::abduction},
    {Field::lumbar_flat, "lumbar_flat", "--lumbar-flat", FieldKind::yes_no,
     "Low back stayed flat on the table: yes or no (no = retest)", true, false,
     Measure::lumbar_flat},
    {Field::pain, "pain", "--pain", FieldKind::word_list,
     "Comma list: none, stretch, hip, groin, knee, back, nerve", true, false, std::nullopt},
    {Field::red_flags, "red_flags", "--red-flags", FieldKind::word_list,
     "Red-flag history, comma list: none, trauma, night_pain, fever, neuro_deficit, "
     "bladder_bowel, weight_loss, cancer_history",
     true, true, std::nullopt},
    {Field::done, "done", "--done", FieldKind::step_list,
     "Comma list of programme steps already done (1-7)", false, true, std::nullopt},
    {Field::persists, "persists", "--persists", FieldKind::switch_flag,
     "Tightness persists after working through the programme", false, true, std::nullopt},
    {Field::patient, "patient", "", FieldKind::text, "Patient id (never interpreted)", false, true,
     std::nullopt},
    {Field::date, "date", "", FieldKind::date, "Date of the test, YYYY-MM-DD", false, true,
     std::nullopt},
    {Field::examiner, "examiner", "", FieldKind::text, "Who measured (free text)", false, true,
     std::nullopt},
    {Field::device, "device", "", FieldKind::text,
     "What measured: goniometer, inclinometer, app... (free text)", false, true, std::nullopt},
}};

constexpr bool table_in_enum_order() {
    for (std::size_t i = 0; i < k_fields.size(); ++i) {
        if (static_cast<std::size_t>(k_fields[i].id) != i) {
            return false;
        }
    }
    return true;
}
static_assert(table_in_enum_order(), "k_fields must list the fields in enum order");

constexpr bool measures_named_as_fields() {
    // An angle or yes/no field sets the measure of its own name, except the interior knee
    // angle, an input spelling of knee flexion.
    for (const FieldSpec& f : k_fields) {
        const bool sets_measure = f.kind == FieldKind::angle || f.kind == FieldKind::yes_no;
        if (sets_measure != f.measure.has_value()) {
            return false;
        }
    }
    return true;
}
static_assert(measures_named_as_fields(), "every angle and yes/no field names its measure");

}  // namespace

const std::array<FieldSpec, k_field_count>& fields() {
    return k_fields;
}

const FieldSpec& spec(Field f) {
    return k_fields[static_cast<std::size_t>(f)];
}

std::optional<Field> field_named(std::string_view name) {
    const auto* it = std::find_if(k_fields.begin(), k_fields.end(),
                                  [name](const FieldSpec& s) { return s.name == name; });
    return it == k_fields.end() ? std::nullopt : std::optional(it->id);
}

std::string_view accepted_fields() {
    static const std::string text = [] {
        std::string s;
        for (const FieldSpec& f : k_fields) {
            s += s.empty() ? "" : ", ";
            s += f.name;
        }
        return s;
    }();
    return text;
}

void read_field(Field f, std::string_view text, Measurements& m, const RuleSet* rules,
                bool decimal_comma) {
    const FieldSpec& s = spec(f);
    const Vocabulary* vocabulary = rules != nullptr ? &rules->vocabulary : nullptr;
    switch (s.kind) {
        case FieldKind::side:
            m.side = parse_side_text(text, vocabulary);
            return;
        case FieldKind::angle:
        case FieldKind::yes_no: {
            const bool interior = f == Field::knee_angle_interior;
            double value = 0;
            if (s.kind == FieldKind::yes_no) {
                value = parse_yes_no(s.name, text, vocabulary) ? 1.0 : 0.0;
            } else {
                value = parse_degrees(s.name, text, decimal_comma);
                value = interior ? knee_flexion_from_interior(value) : value;
            }
            const Measure measure = *s.measure;
            if (rules != nullptr) {
                check_range(*rules, measure, value, interior);
            }
            m[measure] = value;
            if (measure == Measure::knee_flexion) {
                m.knee_as_interior = interior;
            }
            return;
        }
        case FieldKind::word_list:
            if (f == Field::pain) {
                m.pain = parse_pain_list(text, vocabulary);
            } else {
                m.red_flags = parse_red_flag_list(text, vocabulary);
            }
            return;
        case FieldKind::step_list:
            m.done = parse_step_list(text);
            return;
        case FieldKind::switch_flag:
            m.persists = parse_yes_no(s.name, text, vocabulary);
            return;
        case FieldKind::date:
            m.visit.date = std::string(detail::trim(text));
            if (std::int32_t day = 0; !parse_iso_date(m.visit.date, day)) {
                throw InputError(std::string(s.name),
                                 fmt::format("expected a date YYYY-MM-DD (ISO 8601), found \"{}\"",
                                             printable(text)));
            }
            return;
        case FieldKind::text: {
            std::string value(detail::trim(text));
            (f == Field::patient    ? m.visit.patient
             : f == Field::examiner ? m.visit.examiner
                                    : m.visit.device) = std::move(value);
            return;
        }
    }
}

std::optional<std::int32_t> parse_iso_date(std::string_view text) {
    std::int32_t day = 0;
    return parse_iso_date(text, day) ? std::optional<std::int32_t>(day) : std::nullopt;
}

bool parse_iso_date(std::string_view text, std::int32_t& day) {
    // YYYY-MM-DD exactly, a real calendar day.
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    // Straight-line, no loop over an array of parts: a CSV of visits parses a date per row.
    constexpr std::array<std::size_t, 8> k_digit_at{0, 1, 2, 3, 5, 6, 8, 9};
    std::array<int, 8> digit{};
    bool digits = true;
    for (std::size_t i = 0; i < k_digit_at.size(); ++i) {
        digit[i] = static_cast<unsigned char>(text[k_digit_at[i]]) - '0';
        digits &= digit[i] >= 0 && digit[i] <= 9;
    }
    if (!digits) {
        return false;
    }
    const int y = ((digit[0] * 10 + digit[1]) * 10 + digit[2]) * 10 + digit[3];
    const int mo = digit[4] * 10 + digit[5];
    const int d = digit[6] * 10 + digit[7];
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    constexpr std::array<int, 12> k_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 ||
        d > k_days[static_cast<std::size_t>(mo - 1)] + (mo == 2 && leap ? 1 : 0)) {
        return false;
    }
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil): orders and subtracts dates.
    const int yy = mo <= 2 ? y - 1 : y;
    const int era = yy / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    day = era * 146097 + doe - 719468;
    return true;
}

std::string_view knee_conflict_message() {
    return "give knee flexion (0 = straight) or the interior knee angle (180 = straight), not "
           "both";
}

}  // namespace thomas
