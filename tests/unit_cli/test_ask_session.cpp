// The question sequence of `thomas ask`, driven from a string: re-asks, skips, both sides,
// and the end of input.
#include <doctest/doctest.h>

#include <sstream>
#include <variant>

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

const Measurements& one_leg(const Run& run) {
    REQUIRE(std::holds_alternative<Measurements>(run.test.legs));
    return std::get<Measurements>(run.test.legs);
}

const BothLegs& both_legs(const Run& run) {
    REQUIRE(std::holds_alternative<BothLegs>(run.test.legs));
    return std::get<BothLegs>(run.test.legs);
}

}  // namespace

TEST_CASE("ask: one leg with skips") {
    const Run run = drive("none\nright\n12\n50\n\n\nyes\nstretch\n\n");
    const Measurements& m = one_leg(run);
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
    CHECK(one_leg(run)[Measure::thigh_angle] == -8.0);
}

TEST_CASE("ask: an out-of-range value is re-asked with the rule set's range") {
    const Run run = drive("\n\n200\n12\n\n\n\n\n\n\n");
    CHECK(run.transcript.find("  Not accepted: thigh_angle 200 is outside the plausible range "
                              "-45 to 90 (rule set \"default\"); check the value and its "
                              "sign. Please answer again.\n") != std::string::npos);
    CHECK_FALSE(one_leg(run).side);
}

TEST_CASE("ask: both legs and the programme answers apply to each") {
    const Run run = drive("none\nboth\n-8\n88\n\n\n\n\n6\n72\n\n\n\n\n3, 4\nyes\n");
    const BothLegs& both = both_legs(run);
    CHECK(both.left.side == Side::left);
    CHECK(both.right[Measure::knee_flexion] == 72.0);
    CHECK(both.left.done.contains(3));
    CHECK(both.right.done.contains(4));
    CHECK(both.right.persists);
    // The red-flag screen is asked once, for the patient.
    CHECK(both.left.red_flags->contains(RedFlag::none));
    CHECK(both.right.red_flags->contains(RedFlag::none));
}

TEST_CASE("ask: a leg with no answer at all is asked again") {
    const Run run = drive("\n\n\n\n\n\n\n\n10\n\n\n\n\n\n\n");
    CHECK(run.transcript.find("  Nothing was recorded for this leg; answer at least one "
                              "question.\n") != std::string::npos);
    CHECK(one_leg(run)[Measure::thigh_angle] == 10.0);
}

TEST_CASE("ask: a red flag in the history is asked first and ends the test") {
    const Run run = drive("fever, bladder_bowel\n");
    const Measurements& m = one_leg(run);
    CHECK(m.red_flags->contains(RedFlag::fever));
    CHECK(m.red_flags->contains(RedFlag::bladder_bowel));
    CHECK_FALSE(m.side.has_value());
    CHECK_FALSE(m[Measure::thigh_angle].has_value());
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

TEST_CASE("ask: the end of input says which question, counted once, and for which leg") {
    std::istringstream in("none\nleft\n12\n5,5\n");
    std::ostringstream out;
    StreamLineSource source(in, out);
    try {
        ask_test(default_rules(), source, out);
        FAIL("the answers ran out");
    } catch (const AskEndOfInput& e) {
        CHECK(e.number() == 4);  // red flags, side, thigh, knee (asked twice)
        CHECK(e.topic() == "Knee flexion");
    }
    std::istringstream both_in("none\nboth\n-8\n88\n\n\n\n\n6\n");
    StreamLineSource both(both_in, out);
    try {
        ask_test(default_rules(), both, out);
        FAIL("the answers ran out");
    } catch (const AskEndOfInput& e) {
        CHECK(e.topic() == "Knee flexion, right leg");
    }
}

TEST_CASE("ask: prompts wrap at spaces to the width, the Enter hint kept whole") {
    std::istringstream in("none\nright\n12\n50\n\n\nyes\nstretch\n\n");
    std::ostringstream out;
    StreamLineSource source(in, out);
    ask_test(default_rules(), source, out, 50);
    const std::string transcript = out.str();
    CHECK(transcript.find("Red flags in the history (none, trauma,\n"
                          "  night_pain, fever, neuro_deficit,\n"
                          "  bladder_bowel, weight_loss, cancer_history;\n"
                          "  several with commas)\n"
                          "  [Enter = not asked; none = no red flags]: none\n") == 0);
    CHECK(transcript.find("Pain during the test (none, stretch, hip, groin,\n"
                          "  knee, back, nerve; several with commas)\n"
                          "  [Enter = not asked; none = no pain]: stretch\n") != std::string::npos);
    std::istringstream lines(transcript);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("Not accepted") == std::string::npos) {
            CHECK_MESSAGE(line.size() < 50 + 8, line);  // the prompt, then a short answer
        }
    }
}
