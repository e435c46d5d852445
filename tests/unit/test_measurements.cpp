#include <doctest/doctest.h>

#include <cmath>

#include "thomas/fields.h"
#include "thomas/measurements.h"

using namespace thomas;

namespace {
std::string degrees_error(std::string_view text) {
    try {
        parse_degrees("thigh_angle", text);
    } catch (const InputError& e) {
        CHECK(e.field() == "thigh_angle");
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST_CASE("measurements: degrees accept plain numbers and unit spellings") {
    CHECK(parse_degrees("f", "12") == 12.0);
    CHECK(parse_degrees("f", "-7.5") == -7.5);
    CHECK(parse_degrees("f", "+3") == 3.0);
    CHECK(parse_degrees("f", " 12° ") == 12.0);
    CHECK(parse_degrees("f", "12 deg") == 12.0);
    CHECK(parse_degrees("f", "12 degrees") == 12.0);
    CHECK(parse_degrees("f", "12DEG") == 12.0);
    CHECK(parse_degrees("f", "-0") == 0.0);
    CHECK(parse_degrees("f", "1e1") == 10.0);
}

TEST_CASE("measurements: degrees reject with a message that says what is accepted") {
    CHECK(degrees_error("7o") ==
          "\"7o\" is not a number of degrees (expected e.g. 12, -7.5, 12° or 12 deg)");
    CHECK(degrees_error("5,5") ==
          "\"5,5\" has a comma; write numbers with a decimal point and no thousands separator "
          "(e.g. 5.5)");
    CHECK(degrees_error("1,000") ==
          "\"1,000\" has a comma; write numbers with a decimal point and no thousands separator "
          "(e.g. 5.5)");
    CHECK(degrees_error("") == "expected a number of degrees, found an empty value");
    CHECK(degrees_error("   ") == "expected a number of degrees, found an empty value");
    CHECK(degrees_error("nan") ==
          "\"nan\" is not a number of degrees (expected e.g. 12, -7.5, 12° or 12 deg)");
    CHECK(degrees_error("inf") ==
          "\"inf\" is not a number of degrees (expected e.g. 12, -7.5, 12° or 12 deg)");
    CHECK(degrees_error("1e999") == "\"1e999\" is too large a number");
    CHECK(degrees_error("1e-400") == "\"1e-400\" is too small (close to zero) a number");
    CHECK(std::signbit(parse_degrees("f", "-0")) == false);
    CHECK(degrees_error("0x10") ==
          "\"0x10\" is not a number of degrees (expected e.g. 12, -7.5, 12° or 12 deg)");
}

TEST_CASE("measurements: interior knee angle converts to flexion") {
    CHECK(knee_flexion_from_interior(110) == 70.0);
    CHECK(knee_flexion_from_interior(180) == 0.0);
}

TEST_CASE("measurements: yes/no") {
    CHECK(parse_yes_no("lumbar_flat", "yes"));
    CHECK(parse_yes_no("lumbar_flat", "TRUE"));
    CHECK(parse_yes_no("lumbar_flat", "1"));
    CHECK_FALSE(parse_yes_no("lumbar_flat", "no"));
    CHECK_FALSE(parse_yes_no("lumbar_flat", "False"));
    CHECK_FALSE(parse_yes_no("lumbar_flat", "0"));
    CHECK_THROWS_WITH_AS(parse_yes_no("lumbar_flat", "maybe"),
                         "\"maybe\" is not yes or no (accepted: yes, no, true, false, 1, 0)",
                         InputError);
}

TEST_CASE("measurements: pain lists") {
    PainSet s = parse_pain_list("groin, knee");
    CHECK(s.contains(Pain::groin));
    CHECK(s.contains(Pain::knee));
    CHECK_FALSE(s.contains(Pain::hip));
    CHECK(parse_pain_list("Stretch").contains(Pain::stretch));
    CHECK(parse_pain_list("hip;back").contains(Pain::back));
    CHECK_THROWS_WITH_AS(
        parse_pain_list("groan"),
        "unknown pain word \"groan\" (accepted: none, stretch, hip, groin, knee, back, nerve)",
        InputError);
    CHECK_THROWS_WITH_AS(parse_pain_list("none, groin"),
                         "\"none\" cannot be combined with other pain words (found \"none, "
                         "groin\")",
                         InputError);
    CHECK_THROWS_WITH_AS(parse_pain_list(" , "),
                         "expected a pain word, found an empty value (accepted: none, stretch, "
                         "hip, groin, knee, back, nerve)",
                         InputError);
}

TEST_CASE("measurements: step lists and sides") {
    StepMask m = parse_step_list("2, 3");
    CHECK(m.contains(2));
    CHECK(m.contains(3));
    CHECK_FALSE(m.contains(4));
    CHECK_THROWS_WITH_AS(parse_step_list("8"),
                         "\"8\" is not a programme step (expected step numbers 1 to 7, e.g. 2,3)",
                         InputError);
    CHECK(parse_side_text("Left") == Side::left);
    CHECK_THROWS_WITH_AS(parse_side_text("up"), "\"up\" is not a side (accepted: left, right)",
                         InputError);
}

TEST_CASE("field table: a field that sets a measure has its id, the interior knee angle aside") {
    for (const FieldSpec& f : fields()) {
        CHECK(field_named(f.name) == f.id);
        if (f.measure && f.id != Field::knee_angle_interior) {
            CHECK(f.name == to_string(*f.measure));
        }
    }
    for (std::size_t i = 0; i < k_measure_count; ++i) {
        const auto field = field_named(to_string(static_cast<Measure>(i)));
        REQUIRE(field);
        CHECK(spec(*field).measure == static_cast<Measure>(i));
    }
}
