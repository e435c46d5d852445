#include <doctest/doctest.h>

#include "rules_fixture.h"
#include "thomas/embedded_rules.h"
#include "thomas/rule_loader.h"

using namespace thomas;

namespace {

// Replace the first occurrence of `from` in the fixture with `to`.
std::string edited(const std::string& from, const std::string& to) {
    std::string text = test::k_small_rules;
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("loader: the fixture and every embedded rule set load cleanly") {
    CHECK(test::messages(test::k_small_rules).empty());
    for (const auto& set : embedded_rule_sets()) {
        CAPTURE(set.name);
        LoadResult result;
        parse_rules(set.text, std::string(set.name), result);
        for (const auto& d : result.diagnostics) {
            CAPTURE(d.to_string());
            CHECK(d.severity != Diagnostic::Severity::error);
        }
    }
}

TEST_CASE("loader: model is read as written") {
    const RuleSet r = load_rules_text(test::k_small_rules, "r.yaml");
    CHECK(r.name == "small");
    CHECK(r.version == "0.1");
    CHECK(r.procedure == "hanging_leg");
    REQUIRE(r.criteria.size() == 3);
    CHECK(r.criteria[1].bands.size() == 3);
    CHECK(r.criteria[1].bands[0].min == -45.0);  // open bound = plausible range
    CHECK(r.criteria[1].bands[2].max == 90.0);
    CHECK(r.criteria[0].boolean);
    CHECK(r.findings.size() == 5);
    CHECK(r.step(3).title == "Stretch psoas");
    CHECK(r.decision.back().when.children.empty());  // no `when`: always matches
    CHECK(r.measure(Measure::thigh_angle).asymmetry == 5.0);
    CHECK(r.sha256.size() == 64);
    CHECK(r.examples.size() == 1);
}

TEST_CASE("loader: misspelt key / unknown measure and overlapping band are all reported") {
    std::string text = edited("    cutoff: 0\n", "    cutof: 0\n");
    text.replace(text.find("measure: knee_flexion"), 21, "measure: knee_flexon");
    text.replace(text.find("{status: borderline, min: -2,"), 29, "{status: borderline, min: -3,");
    const auto got = test::messages(text);
    REQUIRE(got.size() == 3);
    CHECK(got[0] ==
          "r.yaml:21:5: error: unknown key \"cutof\" in criterion (did you mean "
          "\"cutoff\"?)");
    CHECK(got[1] ==
          "r.yaml:24:9: error: criterion \"thigh\": band [-3, 2) overlaps the band "
          "before it, which ends at -2");
    CHECK(got[2] ==
          "r.yaml:29:14: error: unknown measure \"knee_flexon\" (did you mean "
          "\"knee_flexion\"?)");
}

TEST_CASE("loader: gaps / empty bands and bands outside the range") {
    CHECK(test::messages(edited("{status: fail, min: 2,", "{status: fail, min: 3,")) ==
          std::vector<std::string>{"r.yaml:25:9: error: criterion \"thigh\": gap before band "
                                   "[3, 90): no band covers [2, 3)"});
    CHECK(test::messages(edited("{status: fail, max: 80,", "{status: fail, max: -10,")) ==
          std::vector<std::string>{
              "r.yaml:32:9: error: criterion \"knee\": empty band [-10, -10): min must be below "
              "max",
              "r.yaml:33:9: error: criterion \"knee\": gap before band [80, 160): no band covers "
              "[-10, 80)"});
    CHECK(test::messages(edited("{status: pass, min: 80,", "{status: pass, min: 80, max: 200,")) ==
          std::vector<std::string>{"r.yaml:33:9: error: criterion \"knee\": band [80, 200) lies "
                                   "outside the plausible range [-10, 160] of knee_flexion"});
}

TEST_CASE("loader: unknown ids and references") {
    CHECK(
        test::messages(edited("  T: test source\n", "  T: test source\n  T: another citation\n")) ==
        std::vector<std::string>{"r.yaml:7:3: error: source \"T\" is declared twice"});
    CHECK(test::messages(edited("implicates: [iliopsoas]", "implicates: [psoas]")) ==
          std::vector<std::string>{
              "r.yaml:38:104: error: unknown tissue \"psoas\" (expected one of: iliopsoas, "
              "rectus_femoris, tensor_fasciae_latae, sartorius)"});
    CHECK(test::messages(edited("flags: [hip_joint]", "flags: [hip]")) ==
          std::vector<std::string>{"r.yaml:37:87: error: unknown flag \"hip\" (expected one of: "
                                   "hip_joint, lumbar_spine, knee_joint, nerve, red_flag)"});
    CHECK(test::messages(edited("{criterion: thigh, is: fail}", "{criterion: thig, is: fail}")) ==
          std::vector<std::string>{
              "r.yaml:38:55: error: unknown criterion \"thig\" (did you mean \"thigh\"?)"});
    CHECK(test::messages(edited("when: {finding: short1}", "when: {finding: short9}")) ==
          std::vector<std::string>{"r.yaml:52:33: error: unknown finding \"short9\" (a finding "
                                   "can only refer to findings declared before it)"});
    CHECK(test::messages(edited("source: T}\n  - {id: groin", "source: X}\n  - {id: groin")) ==
          std::vector<std::string>{
              "r.yaml:36:98: error: unknown source \"X\" (declare it under sources:)"});
}

TEST_CASE("loader: structure problems") {
    CHECK(test::messages(edited("  - {step: 7, title: Persists, advice: g, source: T}\n", "")) ==
          std::vector<std::string>{"r.yaml:42:3: error: programme: step 7 is missing (steps 1 "
                                   "to 7 are all required)"});
    CHECK(test::messages(edited("schema: 1", "schema: 2")) ==
          std::vector<std::string>{
              "r.yaml:1:9: error: unsupported schema version 2 (this thomas reads schema 1)"});
    CHECK(test::messages("[1, 2]") ==
          std::vector<std::string>{"r.yaml: error: expected a mapping at the top level (schema:, "
                                   "name:, measures:, ...), found a list"});
    CHECK(test::messages("a: [") ==
          std::vector<std::string>{
              "r.yaml:1:1: error: not valid YAML: end of sequence flow not found"});
    CHECK(test::messages(std::string(100, '[')) ==
          std::vector<std::string>{"r.yaml:1:65: error: nesting deeper than 64 levels"});
}

TEST_CASE("loader: load_rules_text throws RuleError carrying every error") {
    std::string text = edited("    cutoff: 0\n", "    cutof: 0\n");
    text.replace(text.find("measure: knee_flexion"), 21, "measure: knee_flexon");
    try {
        load_rules_text(text, "r.yaml");
        FAIL("expected RuleError");
    } catch (const RuleError& e) {
        CHECK(e.diagnostics().size() == 2);
    }
}

TEST_CASE("loader: missing required keys are reported and never crash") {
    CHECK(test::messages(
              edited("{id: short1, title: Thigh high, when: {criterion: thigh, is: fail}, ",
                     "{id: short1, title: Thigh high, ")) ==
          std::vector<std::string>{"r.yaml:38:5: error: finding is missing required key \"when\""});
    CHECK(test::messages(edited("    input: {thigh_angle: 12, knee_flexion: 50}\n", "")) ==
          std::vector<std::string>{
              "r.yaml:57:5: error: example: give input (one test) or visits (a follow-up)"});
    CHECK(test::messages(edited("{id: rf, when:", "{when:")) ==
          std::vector<std::string>{
              "r.yaml:53:5: error: decision row is missing required key \"id\""});
    CHECK(
        test::messages(edited("expect: {result: positive, implicated: [iliopsoas, rectus_femoris], "
                              "next_step: 3}",
                              "expect: {}")) ==
        std::vector<std::string>{
            "r.yaml:59:13: error: expect must state at least one expected verdict (result, "
            "implicated, flags, next_step, plan, criteria or findings), or the example tests "
            "nothing"});
    CHECK(test::messages(edited("title: Thigh down", "title: Thigh down\n    title: again")) ==
          std::vector<std::string>{
              // yaml-cpp cannot look a duplicated key up, so the criterion is not read; the
              // findings that use it are not reported again as naming an unknown criterion.
              "r.yaml:20:5: error: duplicate key \"title\" in criterion (first given at line 19)"});
    CHECK(test::messages(edited("{id: short1, title: Thigh high,",
                                "{id: short1, title: Thigh high, title: x,")) ==
          std::vector<std::string>{
              "r.yaml:38:37: error: duplicate key \"title\" in finding (first given at line 38)"});
}

TEST_CASE("loader: an id clash with a refused entry is still reported") {
    // short1 is refused for its duplicate key; short2 renamed to short1 clashes with it.
    std::string text =
        edited("{id: short1, title: Thigh high,", "{id: short1, title: Thigh high, title: x,");
    const auto at = text.find("{id: short2,");
    REQUIRE(at != std::string::npos);
    text.replace(at, 12, "{id: short1,");
    CHECK(test::messages(text) ==
          std::vector<std::string>{
              "r.yaml:38:37: error: duplicate key \"title\" in finding (first given at line 38)",
              "r.yaml:39:10: error: duplicate finding id \"short1\"",
              // a real dangling reference: the decision row still names short2
              "r.yaml:53:30: error: unknown finding \"short2\" (a finding can only refer to "
              "findings declared before it)"});
}

TEST_CASE("loader: a reference to an id never declared is still reported") {
    CHECK(test::messages(
              edited("when: {criterion: thigh, is: fail}", "when: {criterion: thihg, is: fail}")) ==
          std::vector<std::string>{
              "r.yaml:38:55: error: unknown criterion \"thihg\" (did you mean \"thigh\"?)"});
}

TEST_CASE("loader: value, patient, plan_done, red_flag and criterion asymmetry are checked") {
    const std::string finding = "when: {criterion: thigh, is: borderline}";
    const std::string row = "{id: rest, steps: [6]";
    CHECK(test::messages(edited(finding, "when: {value: thigh_angle}")) ==
          std::vector<std::string>{
              "r.yaml:40:43: error: value condition: give above:, below: or both"});
    CHECK(test::messages(edited(finding, "when: {value: lumbar_flat, above: 1}")) ==
          std::vector<std::string>{
              "r.yaml:40:51: error: expected an angle measure (one of: thigh_angle, "
              "knee_flexion, rotation, abduction), found \"lumbar_flat\""});
    CHECK(test::messages(edited(finding,
                                "when: {value: knee_flexion, minus: thigh_angle, above: 10, "
                                "below: 20}")) ==
          std::vector<std::string>{
              "r.yaml:40:43: error: value condition: above 10 and below 20 together hold for "
              "every value (the condition is \"above or below\", outside the two)"});
    CHECK(test::messages(
              edited(finding, "when: {value: knee_flexion, minus: knee_flexion, above: 100}")) ==
          std::vector<std::string>{
              "r.yaml:40:72: error: minus must name a different measure than value"});
    CHECK(test::messages(edited(finding, "when: {patient: {result: refer}}")) ==
          std::vector<std::string>{
              "r.yaml:40:44: error: condition \"patient\" is allowed only in decision rows, and "
              "not inside another patient: condition"});
    CHECK(test::messages(edited(row,
                                "{id: rest, when: {patient: {patient: {result: refer}}}, steps: "
                                "[6]")) ==
          std::vector<std::string>{
              "r.yaml:54:33: error: condition \"patient\" is allowed only in decision rows, and "
              "not inside another patient: condition"});
    CHECK(test::messages(edited(row, "{id: rest, when: {plan_done: false}, steps: [6]")) ==
          std::vector<std::string>{"r.yaml:54:34: error: plan_done: only \"true\" is "
                                   "meaningful; use {not: ...} around it for the opposite"});
    CHECK(test::messages(edited("when: {pain: [hip, groin]}", "when: {red_flag: [fevr]}")) ==
          std::vector<std::string>{
              "r.yaml:37:54: error: unknown red flag \"fevr\" (expected one of: none, trauma, "
              "night_pain, fever, neuro_deficit, bladder_bowel, weight_loss, cancer_history)"});
    CHECK(test::messages(edited("    cutoff: 80\n", "    cutoff: 80\n    asymmetry: 20\n")) ==
          std::vector<std::string>{
              "r.yaml:31:16: error: criterion \"knee\": asymmetry is only for a derived "
              "criterion (with minus:); give a measure's under measures:"});
    // The new syntax itself loads.
    CHECK(test::messages(edited(row,
                                "{id: rest, when: {all: [{patient: {finding: groin}}, "
                                "{plan_done: true}]}, even_if_done: true, steps: [6]"))
              .empty());
}

TEST_CASE("loader: headlines need a row for every result that always applies") {
    const std::string rows =
        "headlines:\n"
        "  - {result: negative, text: \"NEGATIVE: fine\"}\n"
        "  - {result: borderline, text: \"BORDERLINE: close\"}\n"
        "  - {result: positive, tissues: true, text: \"POSITIVE: {tissues}\"}\n"
        "  - {result: retest, text: \"RETEST: again\"}\n"
        "  - {result: refer, flag: hip_joint, text: \"REFER: {flags} {flagz}\"}\n";
    const auto got = test::messages(test::k_small_rules + rows);
    REQUIRE(got.size() == 2);
    CHECK(got[0] ==
          "r.yaml:61:3: error: headlines: every result needs a row without flag, "
          "planned or tissues, so it always has a line; missing for: positive, refer");
    CHECK(got[1] ==
          "r.yaml:65:44: error: headline text: only {tissues} and {flags} are filled "
          "in; write other braces as words");
    const auto ok = test::messages(test::k_small_rules + rows +
                                   "  - {result: positive, text: \"POSITIVE\"}\n"
                                   "  - {result: refer, text: \"REFER\"}\n");
    CHECK(ok.size() == 1);  // the brace is still refused
}
