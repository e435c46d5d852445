#include "thomas/test_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "text_util.h"
#include "thomas/engine.h"
#include "thomas/fields.h"
#include "yaml_support.h"

namespace thomas {
namespace detail {

const std::vector<std::string_view>& measurement_keys() {
    static const std::vector<std::string_view> keys = [] {
        std::vector<std::string_view> names;
        for (const FieldSpec& f : fields()) {
            names.push_back(f.name);
        }
        return names;
    }();
    return keys;
}

namespace {

// A list may be written as a YAML sequence or as one comma-separated scalar. Items must be
// single values: an alias can make an item a list of lists of... (a "billion laughs" bomb).
std::string list_text(std::string_view key, const YAML::Node& node) {
    if (node.IsMap()) {
        throw InputError(std::string(key), "expected a value or a list of values, found a mapping");
    }
    if (!node.IsSequence()) {
        return scalar_text(node);
    }
    std::string joined;
    for (const auto& item : node) {
        if (!item.IsScalar()) {
            throw InputError(std::string(key),
                             "expected a list of single values, found a nested list or mapping");
        }
        if (!joined.empty()) {
            joined += ',';
        }
        joined += item.Scalar();
    }
    return joined;
}

// A field's YAML value as the text read_field() takes: lists joined with commas. Words may be
// the rule set's synonyms; angles are range-checked by the caller, at the value's place.
void read_value(Field f, const YAML::Node& value, Measurements& m, const RuleSet* rules) {
    const FieldSpec& s = spec(f);
    const RuleSet* words = s.kind == FieldKind::angle ? nullptr : rules;
    if (s.kind == FieldKind::word_list || s.kind == FieldKind::step_list) {
        read_field(f, list_text(s.name, value), m, words);
        return;
    }
    if (!value.IsScalar()) {
        throw InputError(std::string(s.name), "expected a single value, found a list or mapping");
    }
    read_field(f, value.Scalar(), m, words);
}

}  // namespace

void read_measurements(const YAML::Node& map, Measurements& m, const Report& report,
                       const std::vector<std::string_view>& extra_keys, const RuleSet* rules) {
    const auto& keys = measurement_keys();
    // yaml-cpp keeps duplicate keys: the last would win.
    std::map<std::string, int, std::less<>> first_line;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const std::string key = scalar_text(it->first);
        if (auto [at, fresh] = first_line.emplace(key, pos_of(it->first).line); !fresh) {
            report(it->first,
                   fmt::format("duplicate field \"{}\" (first given at line {})", key, at->second));
            continue;
        }
        const auto field = field_named(key);
        const bool knee = field == Field::knee_flexion || field == Field::knee_angle_interior;
        const Field other_knee =
            field == Field::knee_flexion ? Field::knee_angle_interior : Field::knee_flexion;
        if (knee && first_line.count(spec(other_knee).name) != 0) {
            report(it->first, fmt::format("{}: {}", key, knee_conflict_message()));
            continue;
        }
        if (!field) {
            if (std::find(extra_keys.begin(), extra_keys.end(), key) == extra_keys.end()) {
                auto hint = closest(key, keys);
                // A CSV header alias ("thigh") names its field too.
                for (std::size_t i = 0; rules != nullptr && !hint && i < k_measure_count; ++i) {
                    const MeasureDef& def = rules->measures[i];
                    for (const auto& alias : def.aliases) {
                        if (detail::iequals(alias, key)) {
                            hint = to_string(def.id);
                        }
                    }
                }
                report(it->first,
                       hint ? fmt::format("unknown field \"{}\" (did you mean \"{}\"?)", key, *hint)
                            : fmt::format("unknown field \"{}\"; expected one of: {}", key,
                                          accepted_fields()));
            }
            continue;
        }
        if (it->second.IsNull()) {
            continue;  // "thigh_angle:" with no value = not measured
        }
        try {
            read_value(*field, it->second, m, rules);
        } catch (const InputError& e) {
            report(it->second, fmt::format("{}: {}", key, e.what()));
            continue;
        }
        // Range-check where the value was written, so the message carries its place (the
        // range message names the field itself).
        const std::optional<Measure> measure = spec(*field).measure;
        if (rules != nullptr && measure && m[*measure]) {
            try {
                check_range(*rules, *measure, *m[*measure], m.knee_as_interior && knee);
            } catch (const InputError& e) {
                report(it->second, e.what());
            }
        }
    }
}

}  // namespace detail

namespace {

// "red_flags, done and persists": the patient-level fields, which may sit at the top of a
// two-leg file.
std::string patient_fields() {
    std::vector<std::string_view> names;
    for (const FieldSpec& f : fields()) {
        if (f.patient) {
            names.push_back(f.name);
        }
    }
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        out += i == 0 ? "" : i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out;
}

std::string located(const std::string& file, const YAML::Node& at, const std::string& message) {
    const SourcePos p = detail::pos_of(at);
    if (p.line == 0) {
        return fmt::format("{}: {}", file, message);
    }
    return fmt::format("{}:{}:{}: {}", file, p.line, p.column, message);
}

}  // namespace

TestFile parse_test_file(std::string_view text, const std::string& file, const RuleSet* rules) {
    if (text.size() > k_max_test_file_bytes) {
        throw TestFileError(fmt::format("{}: file is larger than the {} byte limit for a test file",
                                        file, k_max_test_file_bytes));
    }
    if (auto deep = detail::check_nesting(text, k_max_test_nesting)) {
        throw TestFileError(
            fmt::format("{}:{}:{}: {}", file, deep->pos.line, deep->pos.column, deep->message));
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::DeepRecursion& e) {  // a backstop: check_nesting comes first
        throw TestFileError(fmt::format("{}:{}:{}: nesting deeper than the YAML reader allows",
                                        file, e.mark.line + 1, e.mark.column + 1));
    } catch (const YAML::Exception& e) {
        throw TestFileError(fmt::format("{}:{}:{}: not valid YAML or JSON: {}", file,
                                        e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    if (!root.IsMap()) {
        const char* found = root.IsNull()       ? "an empty file"
                            : root.IsSequence() ? "a list"
                                                : "a single value";
        throw TestFileError(
            fmt::format("{}: expected a mapping of measurement fields (or left: "
                        "and right:), found {}",
                        file, found));
    }
    std::vector<std::string> problems;
    auto report = [&](const YAML::Node& at, const std::string& message) {
        problems.push_back(located(file, at, message));
    };

    TestFile out;
    const std::string left_key(to_string(Side::left));
    const std::string right_key(to_string(Side::right));
    const bool both = root[left_key] || root[right_key];
    if (!both) {
        Measurements m;
        detail::read_measurements(root, m, report, {}, rules);
        out.legs = m;
    } else {
        // Patient-level answers (red_flags, done, persists) may sit at the top level and apply
        // to both legs.
        Measurements shared;
        detail::read_measurements(root, shared, report, {left_key, right_key});
        Measurements per_leg = shared;
        per_leg.red_flags.reset();
        if (per_leg.has_any_measurement() || shared.side) {
            report(root, fmt::format("with left: and right:, measurements belong under each side "
                                     "(only {} may sit at the top level)",
                                     patient_fields()));
        }
        const std::string red_flags_key(spec(Field::red_flags).name);
        const std::string side_field(spec(Field::side).name);
        std::array<std::optional<Measurements>, 2> legs;  // by Side
        for (const Side side : {Side::left, Side::right}) {
            const std::string_view side_key = to_string(side);
            const YAML::Node leg = root[std::string(side_key)];
            if (!leg) {
                continue;
            }
            if (!leg.IsMap()) {
                report(leg, fmt::format("{}: expected a mapping of measurement fields", side_key));
                continue;
            }
            Measurements m = shared;
            detail::read_measurements(leg, m, report, {}, rules);
            // A leg's own done/persists add to the patient's, never replace them.
            m.done =
                StepMask::from_bits(static_cast<std::uint16_t>(m.done.bits() | shared.done.bits()));
            m.persists = m.persists || shared.persists;
            if (const YAML::Node red = leg[red_flags_key]) {
                // The history belongs to the patient: one answer for both legs.
                report(red, fmt::format("{} under {}: the red-flag history is asked once "
                                        "for the patient; give it at the top level",
                                        red_flags_key, side_key));
            }
            if (m.side && m.side != side) {
                report(leg[side_field], fmt::format("{}: \"{}\" under {}: contradicts its place",
                                                    side_field, to_string(*m.side), side_key));
            }
            m.side = side;
            legs[static_cast<std::size_t>(side)] = m;
        }
        // Both legs, or the one a file with only left: or right: holds (with no leg there is a
        // problem reported above).
        if (legs[0] && legs[1]) {
            out.legs = BothLegs{*legs[0], *legs[1]};
        } else if (legs[0] || legs[1]) {
            out.legs = legs[0] ? *legs[0] : *legs[1];
        }
    }
    if (!problems.empty()) {
        throw TestFileError(fmt::format("{}", fmt::join(problems, "\n")));
    }
    return out;
}

}  // namespace thomas
