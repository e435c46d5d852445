// The question sequence of `thomas ask`, driven from a string: re-asks, skips, both sides,
// and the end of input.
#include <doctest/doctest.h>

#include <sstream>

#include "ask_session.h"
#include "thomas/embedded_rules.h"

using namespace thomas;
using namespace thomas::cli;

namespace {

struct Run {
    TestFile test;
    std::string transcript;
};

Run drive(const std::string& answers) {
    std::istringstream in(answers);
    std::ostringstream out;
    StreamLineSource source(in, out);
    Run run;
    run.test = ask_test(default_rules(), source, out);
    run.transcript = out.str();
    return run;
}

}  // namespace

TEST_CASE("ask: one leg with skips") {
    const Run run = drive("none\nright\n12\n50\n\n\nyes\nstretch\n\n");
    REQUIRE(run.test.single);
    CHECK_FALSE(run.test.left);
    const Measurements& m = *run.test.single;
    CHECK(m.side == Side::right);
    CHECK(m[Measure::thigh_angle] == 12.0);
    CHECK(m[Measure::knee_flexion] == 50.0);
    CHECK_FALSE(m[Measure::rotation]);
    CHECK_FALSE(m[Measure::abduction]);
    CHECK(m[Measure::lumbar_flat] == 1.0);
    CHECK(m.pain->contains(Pain::stretch));
    CHECK(m.red_flags == RedFlagSet::from_bits(1u << static_cast<unsigned>(RedFlag::none)));
    CHECK(m.done.empty());
}

TEST_CASE("ask: a typo is re-asked with the parser's reason") {
    const Run run = drive("\nrigth\nleft\n7o\n-8\n\n\n\n\n\n\n");
    CHECK(run.transcript.find(
              "  Not accepted: \"rigth\" is not a side (accepted: left, right, both). Please "
              "answer again.\n") != std::string::npos);
    CHECK(run.transcript.find("  Not accepted: \"7o\" is not a number of degrees (expected "
                              "e.g. 12, -7.5, 12° or 12 deg). Please answer again.\n") !=
          std::string::npos);
    CHECK((*run.test.single)[Measure::thigh_angle] == -8.0);
}

TEST_CASE("ask: an out-of-range value is re-asked with the rule set's range") {
    const Run run = drive("\n\n200\n12\n\n\n\n\n\n\n");
    CHECK(run.transcript.find("  Not accepted: thigh_angle 200 is outside the plausible range "
                              "-45 to 90 (rule set \"default\"); check the value and its "
                              "sign. Please answer again.\n") != std::string::npos);
    CHECK_FALSE(run.test.single->side);
}

TEST_CASE("ask: both legs and the programme answers apply to each") {
    const Run run = drive("none\nboth\n-8\n88\n\n\n\n\n6\n72\n\n\n\n\n3, 4\nyes\n");
    REQUIRE(run.test.left);
    REQUIRE(run.test.right);
    CHECK(run.test.left->side == Side::left);
    CHECK((*run.test.right)[Measure::knee_flexion] == 72.0);
    CHECK(run.test.left->done.contains(3));
    CHECK(run.test.right->done.contains(4));
    CHECK(run.test.right->persists);
    // The red-flag screen is asked once, for the patient.
    CHECK(run.test.left->red_flags->contains(RedFlag::none));
    CHECK(run.test.right->red_flags->contains(RedFlag::none));
}

TEST_CASE("ask: a leg with no answer at all is asked again") {
    const Run run = drive("\n\n\n\n\n\n\n\n10\n\n\n\n\n\n\n");
    CHECK(run.transcript.find("  Nothing was recorded for this leg; answer at least one "
                              "question.\n") != std::string::npos);
    CHECK((*run.test.single)[Measure::thigh_angle] == 10.0);
}

TEST_CASE("ask: a red flag in the history is asked first and ends the test") {
    const Run run = drive("fever, bladder_bowel\n");
    REQUIRE(run.test.single);
    CHECK(run.test.single->red_flags->contains(RedFlag::fever));
    CHECK(run.test.single->red_flags->contains(RedFlag::bladder_bowel));
    CHECK_FALSE(run.test.single->side.has_value());
    CHECK_FALSE((*run.test.single)[Measure::thigh_angle].has_value());
    CHECK(run.transcript.find("Red flag: refer for urgent medical assessment; the Thomas test is "
                              "not done.") != std::string::npos);
    CHECK(run.transcript.find("Tested leg") == std::string::npos);
}

TEST_CASE("ask: the end of input names the unanswered question") {
    std::istringstream in("\nleft\n12\n");
    std::ostringstream out;
    StreamLineSource source(in, out);
    CHECK_THROWS_WITH_AS(ask_test(default_rules(), source, out),
                         "the input ended before an answer to \"Knee flexion, degrees of bend "
                         "from straight (0 = straight)\"; give one answer per line",
                         AskEndOfInput);
}
