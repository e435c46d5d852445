// Static analysis (rule_analysis.h) and derived criteria (`minus:`): messages verbatim.
#include <doctest/doctest.h>

#include "rules_fixture.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/examples.h"
#include "thomas/rule_analysis.h"
#include "thomas/rule_loader.h"

using namespace thomas;

namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

std::vector<std::string> warnings(const std::string& text) {
    const RuleSet rules = load_rules_text(text, "r.yaml");
    std::vector<std::string> out;
    for (const auto& d : analyse(rules, "r.yaml")) {
        CHECK(d.severity == Diagnostic::Severity::warning);
        out.push_back(d.to_string());
    }
    return out;
}

// The shared fixture with a borderline knee band and a row for step 7: no warnings.
std::string clean_rules() {
    std::string text = replaced(test::k_small_rules,
                                "      - {status: fail, max: 80, message: straight}\n"
                                "      - {status: pass, min: 80, message: bent}\n",
                                "      - {status: fail, max: 75, message: straight}\n"
                                "      - {status: borderline, min: 75, max: 85, message: near}\n"
                                "      - {status: pass, min: 85, message: bent}\n");
    text = replaced(text, "  - {id: rest,",
                    "  - {id: persists, when: {persists: true}, steps: [7], why: p, final: true, "
                    "source: T}\n  - {id: rest,");
    return replaced(text, "when: {criterion: thigh, is: borderline}",
                    "when: {any: [{criterion: thigh, is: borderline}, {criterion: knee, is: "
                    "borderline}]}");
}

}  // namespace

TEST_CASE("analysis: shipped rule sets and the clean fixture have no warnings") {
    CHECK(warnings(clean_rules()).empty());
    for (const auto& set : embedded_rule_sets()) {
        CAPTURE(set.name);
        const RuleSet rules = load_rules(std::string(set.name));
        CHECK(analyse(rules, std::string(set.name)).empty());
    }
}

TEST_CASE("analysis: the unmodified small fixture lacks a borderline band and a step-7 row") {
    const auto got = warnings(test::k_small_rules);
    REQUIRE(got.size() == 2);
    CHECK(got[0] ==
          "r.yaml:27:5: warning: criterion \"knee\" has no borderline band: a value within "
          "measurement error of the cut-off gets a firm verdict");
    CHECK(got[1] ==
          "r.yaml:48:5: warning: programme step 7 is never chosen: no decision row that can "
          "match lists it");
}

TEST_CASE("analysis: a finding testing a status its criterion never gives") {
    const auto got = warnings(replaced(clean_rules(), "when: {criterion: back, is: fail}",
                                       "when: {criterion: back, is: borderline}"));
    REQUIRE(got.size() >= 1);
    CHECK(got[0] ==
          "r.yaml:37:45: warning: finding \"invalid\" can never match: criterion \"back\" never "
          "gives borderline (it gives pass, fail, not_measured)");
}

TEST_CASE("analysis: contradictory statuses inside one all") {
    const auto got = warnings(replaced(
        clean_rules(), "when: {criterion: knee, is: fail}",
        "when: {all: [{criterion: knee, is: fail}, {criterion: knee, is: [pass, borderline]}]}"));
    REQUIRE(got.size() == 2);
    CHECK(got[0] ==
          "r.yaml:40:82: warning: finding \"short2\" can never match: criterion \"knee\" cannot "
          "be fail and pass, borderline at once");
    CHECK(got[1] ==
          "r.yaml:54:20: warning: decision row \"rf\" can never match: finding \"short2\" never "
          "matches");
}

TEST_CASE("analysis: rows after an unconditional final row are unreachable") {
    const auto got = warnings(replaced(clean_rules(), "  - {id: psoas,",
                                       "  - {id: stop, steps: [1, 3, 4, 5, 6], why: s, final: "
                                       "true, source: T}\n  - {id: psoas,"));
    // psoas, rf, persists and rest come after `stop`; step 7 is then chosen by no row.
    REQUIRE(got.size() == 5);
    CHECK(got[0] ==
          "r.yaml:49:5: warning: programme step 7 is never chosen: no decision row that can "
          "match lists it");
    CHECK(got[1] ==
          "r.yaml:54:5: warning: decision row \"psoas\" is never reached: row \"stop\" before it "
          "always matches and is final");
    CHECK(got[4] ==
          "r.yaml:57:5: warning: decision row \"rest\" is never reached: row \"stop\" before it "
          "always matches and is final");
}

TEST_CASE("analysis: a result no finding gives and an unused criterion") {
    std::string text = replaced(clean_rules(), "{id: retest, when: {result: retest}",
                                "{id: retest, when: {result: [retest, negative]}");
    text = replaced(text, "  - {id: rest,",
                    "  - {id: never, when: {result: borderline}, steps: [1], why: n, source: "
                    "T}\n  - {id: rest,");
    text = replaced(text, ", result: borderline, source: T}", ", source: T}");
    text = replaced(text, "findings:\n",
                    "  - id: spare\n    title: Spare\n    measure: thigh_angle\n    bands:\n"
                    "      - {status: pass, max: 0, message: a}\n"
                    "      - {status: borderline, min: 0, message: b}\n    source: T\n"
                    "findings:\n");
    const auto got = warnings(text);
    REQUIRE(got.size() == 2);
    CHECK(got[0] ==
          "r.yaml:36:5: warning: criterion \"spare\" is not used by any finding or decision row; "
          "it is shown but decides nothing");
    CHECK(got[1] ==
          "r.yaml:63:23: warning: decision row \"never\" can never match: no finding that can "
          "match gives result borderline");
}

TEST_CASE("derived criterion: value is measure minus the other and needs both") {
    const std::string text = replaced(clean_rules(), "    measure: knee_flexion\n",
                                      "    measure: knee_flexion\n    minus: thigh_angle\n"
                                      "    range: [-100, 205]\n");
    const RuleSet rules = load_rules_text(text, "r.yaml");
    const Criterion& knee = rules.criteria[2];
    REQUIRE(knee.minus.has_value());
    CHECK(*knee.minus == Measure::thigh_angle);
    CHECK(knee.range_min == -100.0);
    CHECK(knee.bands.front().min == -100.0);
    CHECK(knee.bands.back().max == 205.0);

    Measurements m;
    m[Measure::thigh_angle] = 15;
    m[Measure::knee_flexion] = 100;  // 85 beyond the thigh: pass
    Assessment a = assess(rules, m);
    CHECK(a.criteria[2].measured == 85.0);
    CHECK(a.criteria[2].status == Status::pass);
    m[Measure::knee_flexion] = 90;  // 75: borderline
    CHECK(assess(rules, m).criteria[2].status == Status::borderline);
    m[Measure::knee_flexion].reset();
    a = assess(rules, m);
    CHECK_FALSE(a.criteria[2].measured.has_value());
    CHECK(a.criteria[2].status == Status::not_measured);
}

TEST_CASE("derived criterion: default range is the difference of the two ranges") {
    const RuleSet rules =
        load_rules_text(replaced(clean_rules(), "    measure: knee_flexion\n",
                                 "    measure: knee_flexion\n    minus: thigh_angle\n"),
                        "r.yaml");
    CHECK(rules.criteria[2].range_min == -100.0);  // -10 - 90
    CHECK(rules.criteria[2].range_max == 205.0);   // 160 - (-45)
}

TEST_CASE("derived criterion: mistakes are load errors with their place") {
    LoadResult result;
    std::string text = replaced(clean_rules(), "    measure: thigh_angle\n    cutoff: 0\n",
                                "    measure: thigh_angle\n    range: [-10, 10]\n    cutoff: 0\n");
    text = replaced(text, "    measure: knee_flexion\n",
                    "    measure: knee_flexion\n    minus: lumbar_flat\n");
    parse_rules(text, "r.yaml", result);
    REQUIRE(result.diagnostics.size() == 2);
    CHECK(result.diagnostics[0].to_string() ==
          "r.yaml:21:12: error: criterion \"thigh\": range is only for a derived criterion "
          "(with minus:); otherwise the measure's range applies");
    CHECK(result.diagnostics[1].to_string() ==
          "r.yaml:31:12: error: criterion \"knee\": minus needs two angle measures");

    LoadResult undeclared;
    parse_rules(replaced(clean_rules(), "    measure: knee_flexion\n",
                         "    measure: knee_flexion\n    minus: rotation\n"),
                "r.yaml", undeclared);
    REQUIRE(undeclared.diagnostics.size() == 1);
    CHECK(undeclared.diagnostics[0].to_string() ==
          "r.yaml:30:12: error: measure \"rotation\" is not declared under measures:");
}

TEST_CASE("rule sets: Kendall's worked example is 25 degrees short") {
    const RuleSet rules = load_rules("kendall");
    Measurements m;
    m[Measure::thigh_angle] = 15;
    m[Measure::knee_flexion] = 70;
    const Assessment a = assess(rules, m);
    for (const auto& o : a.criteria) {
        if (rules.criteria[o.criterion].id == "two_joint_length") {
            CHECK(o.measured == 55.0);  // deficit 80 - 55 = 25
            CHECK(o.status == Status::fail);
        }
    }
    CHECK(a.implicated.contains(Tissue::rectus_femoris));
}

TEST_CASE("rules test: a wrong expectation reads as expected versus got") {
    const RuleSet rules = load_rules_text(
        replaced(clean_rules(), "next_step: 3}", "next_step: 4, plan: [3]}"), "r.yaml");
    const auto outcomes = run_examples(rules);
    REQUIRE(outcomes.size() == 1);
    CHECK_FALSE(outcomes[0].passed);
    REQUIRE(outcomes[0].differences.size() == 2);
    CHECK(outcomes[0].differences[0] == "next_step: expected 4, got 3");
    CHECK(outcomes[0].differences[1] == "plan: expected [3], got [3, 4, 5, 6]");
}
