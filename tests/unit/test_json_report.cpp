// The JSON report written by json::Writer: valid, in nlohmann's own layout, and saying what the
// assessment says, for every shipped rule set, its own examples and a grid of legs, in both
// layouts, with and without the explanation, one leg and both sides.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

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

// What a reader of the JSON relies on, checked without a second implementation of the report:
// the text is exactly nlohmann's layout of itself (so escapes, numbers and indentation are
// standard), and the members say what the assessment says.
// Every leg in the release build; every fifth under the sanitizers, where parsing each document
// with nlohmann takes most of a minute and the release run has checked the values already.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t k_stride = 5;
#else
constexpr std::size_t k_stride = 1;
#endif

TEST_CASE("json report: valid JSON in nlohmann's layout, members as the assessment says") {
    using Json = nlohmann::ordered_json;
    const auto layout = [](const std::string& text, int indent) {
        return Json::parse(text).dump(indent, ' ', false, Json::error_handler_t::replace);
    };
    for (const auto& set : embedded_rule_sets()) {
        CAPTURE(set.name);
        const RuleSet rules = load_rules_text(set.text, "embedded:" + std::string(set.name));
        const std::vector<Measurements> all = legs(rules);
        REQUIRE(all.size() > 20);
        for (const JsonOptions options : {JsonOptions{false, 2}, JsonOptions{true, 2},
                                          JsonOptions{false, -1}, JsonOptions{true, -1}}) {
            CAPTURE(options.explain);
            CAPTURE(options.indent);
            for (std::size_t i = 0; i < all.size(); i += k_stride) {
                CAPTURE(i);
                const Assessment a = assess(rules, all[i]);
                const std::string one = assessment_json(rules, all[i], a, options, i + 1);
                REQUIRE(layout(one, options.indent) == one);
                const Json j = Json::parse(one);
                CHECK(j["row"] == i + 1);
                CHECK(j["ruleset"]["sha256"] == rules.sha256);
                CHECK(j["result"] == to_string(a.result));
                CHECK(j["next_step"]["number"] == a.next_step);
                CHECK(j["plan"] == a.plan);
                REQUIRE(j["criteria"].size() == rules.criteria.size());
                for (std::size_t c = 0; c < rules.criteria.size(); ++c) {
                    CHECK(j["criteria"][c]["id"] == rules.criteria[c].id);
                    CHECK(j["criteria"][c]["status"] == to_string(a.criteria[c].status));
                }
                CHECK(j.contains("explanation") == options.explain);
                std::size_t notes = 0;
                for (std::size_t f : a.findings) {
                    notes += rules.findings[f].note.empty() ? 0 : 1;
                }
                CHECK(j["notes"].size() == notes);

                const Measurements& other = all[(i * 7 + 3) % all.size()];
                const PairAssessment pair = assess_pair(rules, all[i], other);
                const std::string both = both_sides_json(rules, all[i], other, pair, options);
                REQUIRE(layout(both, options.indent) == both);
                const Json b = Json::parse(both);
                CHECK(b["patient"]["result"] == to_string(pair.patient.result));
                CHECK(b["patient"]["plan"] == pair.patient.plan);
                CHECK(b["left"]["result"] == to_string(pair.left.result));
                CHECK(b["right"]["plan"] == pair.right.plan);
                CHECK(b["asymmetry"].size() == compare_sides(rules, all[i], other).size());
            }
        }
        for (const std::string& message : std::vector<std::string>{
                 "row 3: bad", "quote \" and \\ and \t\n", "bad \xC3 utf-8 \xED\xA0\x80 \xFF",
                 std::string("nul \0 byte", 10)}) {
            const std::string e = error_json(rules, 3, message);
            REQUIRE(layout(e, -1) == e);
            CHECK(Json::parse(e)["result"] == "error");
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
