#include "thomas/test_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "thomas/engine.h"
#include "yaml_support.h"

namespace thomas {
namespace detail {

const std::vector<std::string_view>& measurement_keys() {
    static const std::vector<std::string_view> keys{
        "side",     "thigh_angle", "knee_flexion", "knee_angle_interior",
        "rotation", "abduction",   "lumbar_flat",  "pain",
        "red_flags", "done",       "persists"};
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

void read_field(std::string_view key, const YAML::Node& value, Measurements& m) {
    if (key == "pain") {
        m.pain = parse_pain_list(list_text(key, value));
        return;
    }
    if (key == "red_flags") {
        m.red_flags = parse_red_flag_list(list_text(key, value));
        return;
    }
    if (key == "done") {
        m.done = parse_step_list(list_text(key, value));
        return;
    }
    if (!value.IsScalar()) {
        throw InputError(std::string(key), "expected a single value, found a list or mapping");
    }
    const std::string& text = value.Scalar();
    if (key == "side") {
        m.side = parse_side_text(text);
    } else if (key == "persists") {
        m.persists = parse_yes_no(key, text);
    } else if (key == "lumbar_flat") {
        m[Measure::lumbar_flat] = parse_yes_no(key, text) ? 1.0 : 0.0;
    } else if (key == "knee_angle_interior") {
        m[Measure::knee_flexion] = knee_flexion_from_interior(parse_degrees(key, text));
        m.knee_as_interior = true;
    } else if (auto measure = parse_measure(key)) {
        m[*measure] = parse_degrees(key, text);
        if (*measure == Measure::knee_flexion) {
            m.knee_as_interior = false;
        }
    }
}

}  // namespace

void read_measurements(const YAML::Node& map, Measurements& m, const Report& report,
                       const std::vector<std::string_view>& extra_keys, const RuleSet* rules) {
    const auto& keys = measurement_keys();
    std::map<std::string, int> first_line;  // yaml-cpp keeps duplicate keys: the last would win
    for (auto it = map.begin(); it != map.end(); ++it) {
        const std::string key = scalar_text(it->first);
        if (auto [at, fresh] = first_line.emplace(key, pos_of(it->first).line); !fresh) {
            report(it->first,
                   fmt::format("duplicate field \"{}\" (first given at line {})", key, at->second));
            continue;
        }
        const bool knee = key == "knee_flexion" || key == "knee_angle_interior";
        if (knee &&
            first_line.count(key == "knee_flexion" ? "knee_angle_interior" : "knee_flexion")) {
            report(it->first,
                   fmt::format("{}: give knee_flexion or knee_angle_interior, not both", key));
            continue;
        }
        const bool known = std::find(keys.begin(), keys.end(), key) != keys.end();
        if (!known) {
            if (std::find(extra_keys.begin(), extra_keys.end(), key) == extra_keys.end()) {
                auto hint = closest(key, keys);
                report(it->first,
                       hint ? fmt::format("unknown field \"{}\" (did you mean \"{}\"?)", key, *hint)
                            : fmt::format("unknown field \"{}\"; expected one of: {}", key,
                                          fmt::join(keys, ", ")));
            }
            continue;
        }
        if (it->second.IsNull()) {
            continue;  // "thigh_angle:" with no value = not measured
        }
        try {
            read_field(key, it->second, m);
        } catch (const InputError& e) {
            report(it->second, fmt::format("{}: {}", key, e.what()));
            continue;
        }
        // Range-check where the value was written, so the message carries its place (the
        // range message names the field itself).
        const auto measure = knee ? std::optional(Measure::knee_flexion) : parse_measure(key);
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
    const bool both = root["left"] || root["right"];
    if (!both) {
        Measurements m;
        detail::read_measurements(root, m, report, {}, rules);
        out.single = m;
    } else {
        // Patient-level answers (red_flags, done, persists) may sit at the top level and apply
        // to both legs.
        Measurements shared;
        detail::read_measurements(root, shared, report, {"left", "right"});
        Measurements per_leg = shared;
        per_leg.red_flags.reset();
        if (per_leg.has_any_measurement() || shared.side) {
            report(root,
                   "with left: and right:, measurements belong under each side (only "
                   "red_flags, done and persists may sit at the top level)");
        }
        for (const char* side_key : {"left", "right"}) {
            const YAML::Node leg = root[side_key];
            if (!leg) {
                continue;
            }
            if (!leg.IsMap()) {
                report(leg, fmt::format("{}: expected a mapping of measurement fields", side_key));
                continue;
            }
            Measurements m = shared;
            detail::read_measurements(leg, m, report, {}, rules);
            if (m.side && m.side != parse_side(side_key)) {
                report(leg["side"], fmt::format("side: \"{}\" under {}: contradicts its place",
                                                to_string(*m.side), side_key));
            }
            m.side = parse_side(side_key);
            (std::string_view(side_key) == "left" ? out.left : out.right) = m;
        }
    }
    if (!problems.empty()) {
        throw TestFileError(fmt::format("{}", fmt::join(problems, "\n")));
    }
    return out;
}

}  // namespace thomas
