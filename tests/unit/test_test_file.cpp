#include <doctest/doctest.h>

#include <variant>

#include "rules_fixture.h"
#include "thomas/rule_loader.h"
#include "thomas/test_file.h"

using namespace thomas;

TEST_CASE("test file: one leg in YAML") {
    const TestFile t = parse_test_file(
        "side: right\nthigh_angle: 12\nknee_flexion: 50 deg\n"
        "pain: [groin, hip]\nlumbar_flat: yes\ndone: 2,3\n",
        "t.yaml");
    REQUIRE(std::holds_alternative<Measurements>(t.legs));
    const Measurements& one = std::get<Measurements>(t.legs);
    CHECK(one.side == Side::right);
    CHECK(one[Measure::thigh_angle] == 12.0);
    CHECK(one[Measure::knee_flexion] == 50.0);
    CHECK(one[Measure::lumbar_flat] == 1.0);
    CHECK(one.pain->contains(Pain::hip));
    CHECK(one.done.contains(3));
}

TEST_CASE("test file: JSON / interior knee angle / null = not measured") {
    const TestFile t = parse_test_file(
        R"({"thigh_angle": -5, "knee_angle_interior": 110, "rotation": null, "lumbar_flat": false})",
        "t.json");
    REQUIRE(std::holds_alternative<Measurements>(t.legs));
    const Measurements& one = std::get<Measurements>(t.legs);
    CHECK(one[Measure::knee_flexion] == 70.0);
    CHECK_FALSE(one[Measure::rotation].has_value());
    CHECK(one[Measure::lumbar_flat] == 0.0);
}

TEST_CASE("test file: both sides share done and persists") {
    const TestFile t = parse_test_file(
        "done: [3]\npersists: no\nleft: {thigh_angle: -8}\nright: {thigh_angle: 6}\n", "b.yaml");
    const auto* both = std::get_if<BothLegs>(&t.legs);
    REQUIRE(both != nullptr);
    CHECK(both->left.side == Side::left);
    CHECK(both->right.done.contains(3));
    CHECK(both->right[Measure::thigh_angle] == 6.0);
}

TEST_CASE("test file: a file with only right: is one leg, the right one") {
    const TestFile t = parse_test_file("done: [2]\nright: {thigh_angle: 6}\n", "r.yaml");
    REQUIRE(std::holds_alternative<Measurements>(t.legs));
    const Measurements& one = std::get<Measurements>(t.legs);
    CHECK(one.side == Side::right);
    CHECK(one.done.contains(2));
    CHECK(one[Measure::thigh_angle] == 6.0);
}

TEST_CASE("test file: every problem is reported with its place") {
    CHECK_THROWS_WITH_AS(
        parse_test_file("thigh_angel: 12\nknee_flexion: 7o\npain: groan\n", "t.yaml"),
        "t.yaml:1:1: unknown field \"thigh_angel\" (did you mean \"thigh_angle\"?)\n"
        "t.yaml:2:15: knee_flexion: \"7o\" is not a number of degrees (expected e.g. 12, -7.5, "
        "12° or 12 deg)\n"
        "t.yaml:3:7: pain: unknown pain word \"groan\" (accepted: none, stretch, hip, groin, knee, "
        "back, nerve)",
        TestFileError);
    CHECK_THROWS_WITH_AS(parse_test_file("- 1\n- 2\n", "t.yaml"),
                         "t.yaml: expected a mapping of measurement fields (or left: and right:), "
                         "found a list",
                         TestFileError);
    CHECK_THROWS_WITH_AS(parse_test_file("", "t.yaml"),
                         "t.yaml: expected a mapping of measurement fields (or left: and right:), "
                         "found an empty file",
                         TestFileError);
    CHECK_THROWS_WITH_AS(parse_test_file("knee_flexion: 50\nknee_angle_interior: 110\n", "t.yaml"),
                         "t.yaml:2:1: knee_angle_interior: give knee flexion (0 = straight) or "
                         "the interior knee angle (180 = straight), not both",
                         TestFileError);
    CHECK_THROWS_WITH_AS(parse_test_file("thigh_angle: 3\nleft: {thigh_angle: 1}\n", "t.yaml"),
                         "t.yaml:1:1: with left: and right:, measurements belong under each side "
                         "(only red_flags, done, persists, patient, date, examiner and device may "
                         "sit at the top level)",
                         TestFileError);
    CHECK_THROWS_WITH_AS(
        parse_test_file("left: {thigh_angle: 1, red_flags: fever}\nright: {thigh_angle: 2}\n",
                        "t.yaml"),
        "t.yaml:1:35: red_flags under left: the red-flag history is asked once for the patient; "
        "give it at the top level",
        TestFileError);
}

TEST_CASE("test file: duplicates / side conflicts and nested lists are errors") {
    CHECK_THROWS_WITH_AS(parse_test_file("thigh_angle: 5\nthigh_angle: 20\n", "t.yaml"),
                         "t.yaml:2:1: duplicate field \"thigh_angle\" (first given at line 1)",
                         TestFileError);
    CHECK_THROWS_WITH_AS(
        parse_test_file("left: {side: right, thigh_angle: 1}\nright: {thigh_angle: 2}\n", "t.yaml"),
        "t.yaml:1:14: side: \"right\" under left: contradicts its place", TestFileError);
    CHECK_THROWS_WITH_AS(parse_test_file("pain: [groin, [hip]]\n", "t.yaml"),
                         "t.yaml:1:7: pain: expected a list of single values, found a nested list "
                         "or mapping",
                         TestFileError);
}

TEST_CASE("test file: with a rule set out-of-range values are reported at their place") {
    const RuleSet rules = load_rules_text(test::k_small_rules, "small.yaml");
    CHECK_THROWS_WITH_AS(parse_test_file("thigh_angle: 5\nknee_flexion: 500\n", "t.yaml", &rules),
                         "t.yaml:2:15: knee_flexion 500 is outside the plausible "
                         "range -10 to 160 (rule set \"small\"); check the value and its sign",
                         TestFileError);
}
