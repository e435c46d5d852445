// Unit tests of batch scoring: header mapping, row errors (messages verbatim), output shapes.
#include <doctest/doctest.h>

#include <charconv>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "thomas/batch.h"
#include "thomas/embedded_rules.h"
#include "thomas/measurements.h"

namespace {

using thomas::batch::BatchOptions;
using thomas::batch::Field;
using thomas::batch::HeaderError;
using thomas::batch::map_header;
using thomas::batch::MapError;

using Map = std::vector<std::pair<std::string, std::string>>;

thomas::batch::ColumnMap map_of(std::vector<std::string_view> header, const Map& map = {}) {
    return map_header(thomas::default_rules(), header, map);
}

std::string header_error(std::vector<std::string_view> header, const Map& map = {}) {
    try {
        map_of(std::move(header), map);
    } catch (const HeaderError& e) {
        return std::string("header: ") + e.what();
    } catch (const MapError& e) {
        return std::string("map: ") + e.what();
    }
    return "no error";
}

struct Run {
    std::string out;
    thomas::batch::BatchSummary summary;
};

Run run(const std::string& input, BatchOptions options = {}) {
    std::istringstream in(input);
    std::ostringstream out;
    Run r;
    r.summary = thomas::batch::run_batch(thomas::default_rules(), in, out, options);
    r.out = out.str();
    return r;
}

}  // namespace

TEST_CASE("batch header: contract names match case-insensitively and aliases map") {
    const auto m = map_of({"Patient", " THIGH_ANGLE ", "Knee flexion (deg)", "pain", "notes"});
    CHECK(m.width == 5);
    CHECK(m[Field::thigh_angle] == 1u);
    CHECK(m[Field::knee_flexion] == 2u);
    CHECK(m[Field::pain] == 3u);
    CHECK_FALSE(m[Field::side].has_value());
    CHECK_FALSE(m[Field::rotation].has_value());
}

TEST_CASE("batch header: --map wins and the column it displaces passes through") {
    const auto m = map_of({"thigh", "Hip (deg)"}, {{"thigh_angle", "hip (DEG)"}});
    CHECK(m[Field::thigh_angle] == 1u);
}

TEST_CASE("batch header: errors name the columns and what is accepted") {
    CHECK(header_error({"thigh", "hip_angle"}) ==
          "header: row 1 (header): column 1 (\"thigh\") and column 2 (\"hip_angle\") both map "
          "to thigh_angle; rename one or choose with --map thigh_angle=HEADER");
    CHECK(header_error({"a"}, {{"hip", "a"}}) ==
          "map: --map hip=a: unknown field \"hip\" (accepted: side, thigh_angle, knee_flexion, "
          "knee_angle_interior, rotation, abduction, lumbar_flat, pain, red_flags, done, "
          "persists)");
    CHECK(header_error({"a", "b"}, {{"pain", "c"}}) ==
          "map: --map pain=c: the header has no column \"c\" (columns: a, b)");
    CHECK(header_error({"a"}, {{"pain", "a"}, {"pain", "a"}}) ==
          "map: --map pain=a: pain is already mapped to column 1 (\"a\")");
    CHECK(header_error({"a"}, {{"pain", "a"}, {"thigh_angle", "a"}}) ==
          "map: --map thigh_angle=a: column 1 (\"a\") is already mapped to another field");
    CHECK(
        header_error({"side", "done"})
            .starts_with(
                "header: row 1 (header): no column names a measurement (found \"side\", \"done\"); "
                "measurement names, case-insensitive: thigh_angle (or \"Thigh angle (deg)\", "
                "\"thigh\", \"hip_angle\", \"hip angle\"), knee_flexion"));
    // side, done and persists are not measurements, so the list does not offer them.
    CHECK(header_error({"side", "done"}).find("persists") == std::string::npos);
    CHECK(header_error({"side", "done"}).find(": side") == std::string::npos);
    // Both knee spellings in one header are allowed: only a row filling both is an error.
    CHECK(header_error({"knee_flexion", "knee_angle_interior"}) == "no error");
}

TEST_CASE("batch rows: every record gives one output record with its error") {
    const Run r =
        run("side,thigh_angle,knee_flexion,pain,done\n"
            "left,12,50,stretch,\n"
            "right,12 deg,50,,3\n"
            "left,7o,50,,\n"
            "left,12,200,,\n"
            "left,12,50,sore,\n"
            "up,12,50,,\n"
            "left,12,50,,9\n"
            "left,12\n"
            ",,,,\n");
    CHECK(r.out ==
          "side,thigh_angle,knee_flexion,pain,done,result,implicated,flags,next_step,error\n"
          "left,12,50,stretch,,positive,iliopsoas;rectus_femoris,,3,\n"
          "right,12 deg,50,,3,positive,iliopsoas;rectus_femoris,,4,\n"
          "left,7o,50,,,error,,,,\"row 4, column thigh_angle: \"\"7o\"\" is not a number of "
          "degrees (expected e.g. 12, -7.5, 12° or 12 deg)\"\n"
          "left,12,200,,,error,,,,\"row 5, column knee_flexion: knee_flexion 200 is outside the "
          "plausible range -10 to 160 (rule set \"\"default\"\"); check the value and its "
          "sign\"\n"
          "left,12,50,sore,,error,,,,\"row 6, column pain: unknown pain word \"\"sore\"\" "
          "(accepted: none, stretch, hip, groin, knee, back, nerve)\"\n"
          "up,12,50,,,error,,,,\"row 7, column side: \"\"up\"\" is not a side (accepted: left, "
          "right)\"\n"
          "left,12,50,,9,error,,,,\"row 8, column done: \"\"9\"\" is not a programme step "
          "(expected step numbers 1 to 7, e.g. 2,3)\"\n"
          "left,12,,,,error,,,,\"row 9: expected 5 fields, found 2\"\n"
          ",,,,,error,,,,row 10: no measurement in this row (every measurement cell is empty)\n");
    CHECK(r.summary.rows_read == 9);
    CHECK(r.summary.rows_scored == 2);
    CHECK(r.summary.errors == 7);
    CHECK(r.summary.per_result[static_cast<std::size_t>(thomas::Result::positive)] == 2);
}

TEST_CASE("batch rows: every bad cell of a row is reported / out-of-range ones included") {
    const Run r =
        run("thigh,knee,knee_angle_interior,rotation,abduction,lumbar_flat\n"
            "120,500,,10,99,yes\n"
            "120,x,,,,maybe\n"
            ",,300,,,yes\n");
    CHECK(r.out ==
          "thigh,knee,knee_angle_interior,rotation,abduction,lumbar_flat,result,implicated,flags,"
          "next_step,error\n"
          "120,500,,10,99,yes,error,,,,\"row 2, column thigh: thigh_angle 120 is outside the "
          "plausible range -45 to 90 (rule set \"\"default\"\"); check the value and its sign; "
          "column knee: knee_flexion 500 is outside the plausible range -10 to 160 (rule set "
          "\"\"default\"\"); check the value and its sign; column abduction: abduction 99 is "
          "outside the plausible range -30 to 50 (rule set \"\"default\"\"); check the value and "
          "its sign\"\n"
          "120,x,,,,maybe,error,,,,\"row 3, column thigh: thigh_angle 120 is outside the plausible "
          "range -45 to 90 (rule set \"\"default\"\"); check the value and its sign; column knee: "
          "\"\"x\"\" is not a number of degrees (expected e.g. 12, -7.5, 12° or 12 deg); column "
          "lumbar_flat: \"\"maybe\"\" is not yes or no (accepted: yes, no, true, false, 1, 0)\"\n"
          ",,300,,,yes,error,,,,\"row 4, column knee_angle_interior: interior angle 300 gives knee "
          "flexion -120, outside the plausible range -10 to 160 (rule set \"\"default\"\"); check "
          "the value and which knee convention was measured\"\n");
    CHECK(r.summary.errors == 3);
}

TEST_CASE("batch rows: interior knee angle converts and a reader error becomes an error row") {
    // Interior 125 is flexion 55: with the thigh at -10 the shank is held well forward.
    const Run r =
        run("thigh_angle,knee_angle_interior,note\n-10,125,\"ok\"\n-10,100,\"never closed\n");
    CHECK(r.out ==
          "thigh_angle,knee_angle_interior,note,result,implicated,flags,next_step,error\n"
          "-10,125,ok,positive,rectus_femoris,,5,\n"
          "-10,100,\"never closed\n\",error,,,,row 3: unterminated quoted field starting at line "
          "3\n");
}

TEST_CASE("batch header: empty input and a malformed header are errors") {
    CHECK_THROWS_WITH_AS(run(""),
                         "the input is empty: expected a header row naming the columns (e.g. "
                         "side,thigh_angle,knee_flexion)",
                         HeaderError);
    CHECK_THROWS_WITH_AS(run("\"thigh\n"),
                         "row 1 (header): unterminated quoted field starting at line 1",
                         HeaderError);
}

TEST_CASE("batch output: jsonl rows carry row number and input and ruleset columns for csv") {
    BatchOptions jsonl;
    jsonl.format = thomas::batch::Format::jsonl;
    const Run r = run("id,thigh,id\nA,12,B\nC,x,D\n", jsonl);
    CHECK(r.out.find("{\"schema\":1,\"row\":2,") == 0);
    CHECK(r.out.find(",\"input\":{\"id\":\"A\",\"thigh\":\"12\",\"id_2\":\"B\"}}\n") !=
          std::string::npos);
    CHECK(r.out.find("\"result\":\"error\",\"error\":\"row 3, column thigh: \\\"x\\\" is not a "
                     "number of degrees") != std::string::npos);

    BatchOptions columns;
    columns.ruleset_columns = true;
    columns.delimiter = ';';
    const Run c = run("thigh;note\n-8;=1+2\n", columns);
    const auto& rules = thomas::default_rules();
    CHECK(c.out ==
          "thigh;note;result;implicated;flags;next_step;error;ruleset;ruleset_version;"
          "ruleset_sha256\n-8;=1+2;retest;;;1;;default;" +
              rules.version + ";" + rules.sha256 + "\n");
    columns.safe_spreadsheet = true;
    CHECK(run("thigh;note\n-8;=1+2\n", columns).out.find("-8;'=1+2;retest") != std::string::npos);
}

TEST_CASE("parse_degrees fast path gives the same double as from_chars") {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> dist(-200.0, 200.0);
    for (int i = 0; i < 20000; ++i) {
        char text[32];
        const int decimals = i % 6;
        const int n = std::snprintf(text, sizeof text, "%.*f", decimals, dist(rng));
        const std::string_view s(text, static_cast<std::size_t>(n));
        double expected = 0;
        std::from_chars(s.data(), s.data() + s.size(), expected);
        REQUIRE(thomas::parse_degrees("x", s) == expected);
    }
    CHECK(thomas::parse_degrees("x", "-0.1") == -0.1);
    CHECK(thomas::parse_degrees("x", ".5") == 0.5);
    CHECK(thomas::parse_degrees("x", "12.") == 12.0);
    CHECK(thomas::parse_degrees("x", "1234567890.123456789") == 1234567890.123456789);
    CHECK_THROWS_AS(thomas::parse_degrees("x", "-"), thomas::InputError);
    CHECK_THROWS_AS(thomas::parse_degrees("x", "."), thomas::InputError);
    CHECK_THROWS_AS(thomas::parse_degrees("x", "1.2.3"), thomas::InputError);
}
