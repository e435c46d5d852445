// The JSON report written by json::Writer is byte-identical to the nlohmann DOM it replaced
// (json_reference.cpp), for every shipped rule set, its own examples and a grid of legs, in
// both layouts, with and without the explanation, one leg and both sides.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "json_reference.h"
#include "thomas/batch.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/json_report.h"
#include "thomas/rule_loader.h"

using namespace thomas;

namespace {

// Legs over every band edge, fractional values (whose printed digits are the hard part), pain
// answers, programme steps and unmeasured fields.
std::vector<Measurements> legs(const RuleSet& rules) {
    std::vector<Measurements> out;
    for (const auto& example : rules.examples) {
        out.push_back(example.input);
    }
    const double thighs[] = {-30, -2, 0, 2.5, 12.3};
    const double knees[] = {40, 66.6, 80, 90, 130.05};
    const double turns[] = {-12, 0, 0.1 + 0.2};
    int i = 0;
    for (double t : thighs) {
        for (double k : knees) {
            for (double r : turns) {
                Measurements m;
                if (i % 6 != 5) {
                    m[Measure::thigh_angle] = t;
                }
                m[Measure::knee_flexion] = k;
                m[Measure::rotation] = r;
                m[Measure::abduction] = (i % 4) * 7.3;
                if (i % 3 != 0) {
                    m[Measure::lumbar_flat] = (i % 5 == 0) ? 0.0 : 1.0;
                }
                if (i % 4 != 3) {
                    PainSet pain;
                    pain.insert(static_cast<Pain>(i % static_cast<int>(k_pain_count)));
                    m.pain = pain;
                }
                if (i % 2 == 0) {
                    m.side = i % 4 == 0 ? Side::left : Side::right;
                }
                if (i % 7 == 0) {
                    m.done.insert(3);
                }
                m.persists = i % 11 == 0;
                out.push_back(m);
                ++i;
            }
        }
    }
    // Leave out what this rule set does not accept (a measure it does not declare, a value out
    // of its range), one measure at a time.
    for (auto& m : out) {
        for (std::size_t tries = 0; tries <= k_measure_count; ++tries) {
            try {
                check_ranges(rules, m);
                break;
            } catch (const InputError& e) {
                for (std::size_t mi = 0; mi < k_measure_count; ++mi) {
                    if (to_string(static_cast<Measure>(mi)) == e.field()) {
                        m.values[mi].reset();
                    }
                }
            }
        }
    }
    std::erase_if(out, [](const Measurements& m) { return !m.has_any_measurement(); });
    return out;
}

}  // namespace

TEST_CASE("json report: writer output is byte-identical to the nlohmann DOM it replaced") {
    for (const auto& set : embedded_rule_sets()) {
        CAPTURE(set.name);
        const RuleSet rules = load_rules_text(set.text, "embedded:" + std::string(set.name));
        const std::vector<Measurements> all = legs(rules);
        REQUIRE(all.size() > 20);
        for (const JsonOptions options : {JsonOptions{false, 2}, JsonOptions{true, 2},
                                          JsonOptions{false, -1}, JsonOptions{true, -1}}) {
            CAPTURE(options.explain);
            CAPTURE(options.indent);
            for (std::size_t i = 0; i < all.size(); ++i) {
                CAPTURE(i);
                const Assessment a = assess(rules, all[i]);
                CHECK(assessment_json(rules, all[i], a, options) ==
                      reference::assessment_json(rules, all[i], a, options));
                CHECK(assessment_json(rules, all[i], a, options, i + 1) ==
                      reference::assessment_json(rules, all[i], a, options, i + 1));
                // Both legs: the legs and asymmetry as the reference writes them; the patient
                // object (new with the pair verdict) is checked in test_patient.cpp.
                const Measurements& other = all[(i * 7 + 3) % all.size()];
                const PairAssessment pair = assess_pair(rules, all[i], other);
                auto ours = nlohmann::ordered_json::parse(
                    both_sides_json(rules, all[i], other, pair, options));
                REQUIRE(ours.contains("patient"));
                ours.erase("patient");
                const auto want = nlohmann::ordered_json::parse(reference::both_sides_json(
                    rules, all[i], pair.left, other, pair.right, options));
                CHECK(ours == want);
            }
        }
        for (const std::string& message : std::vector<std::string>{
                 "row 3: bad", "quote \" and \\ and \t\n", "bad \xC3 utf-8 \xED\xA0\x80 \xFF",
                 std::string("nul \0 byte", 10)}) {
            CHECK(error_json(rules, 3, message) == reference::error_json(rules, 3, message));
        }
    }
}

TEST_CASE("json report: batch JSON Lines match nlohmann's rendering, hostile cells included") {
    using Json = nlohmann::ordered_json;
    const auto dump = [](const Json& j) {
        return j.dump(-1, ' ', false, Json::error_handler_t::replace);
    };
    const std::string note = "tab\there \xC3 \x01 \"q\" \\ \xED\xA0\x80 caf\xC3\xA9";
    std::string quoted = "\"";  // the note as a CSV field
    for (const char c : note) {
        quoted += c == '"' ? "\"\"" : std::string(1, c);
    }
    quoted += '"';
    const std::string csv = "id,thigh_angle,knee_flexion,note,id\nA,12.3,80," + quoted +
                            ",x\nB,5\nC,x\xFF,80,,y\nD,-8,90.05,,z\n";
    std::istringstream in(csv);
    std::ostringstream out;
    batch::BatchOptions options;
    options.format = batch::Format::jsonl;
    batch::run_batch(default_rules(), in, out, options);

    std::vector<std::string> lines;
    std::istringstream split(out.str());
    for (std::string line; std::getline(split, line);) {
        lines.push_back(line);
    }
    REQUIRE(lines.size() == 4);
    for (const auto& line : lines) {
        CAPTURE(line);
        CHECK(dump(Json::parse(line)) == line);  // nlohmann's layout, escapes and numbers
    }
    // The cells as nlohmann wrote them (U+FFFD for invalid UTF-8; null past a short row's end).
    Json first = Json::object();
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"id", "A"},
                                     {"thigh_angle", "12.3"},
                                     {"knee_flexion", "80"},
                                     {"note", note},
                                     {"id_2", "x"}}) {
        first[key] = value;
    }
    CHECK(lines[0].ends_with(",\"input\":" + dump(first) + "}"));
    CHECK(lines[1].ends_with(
        R"(,"input":{"id":"B","thigh_angle":"5","knee_flexion":null,"note":null,"id_2":null}})"));
    CHECK(lines[2].find("x\xEF\xBF\xBD") != std::string::npos);
}
