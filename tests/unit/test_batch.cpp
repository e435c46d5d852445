// Unit tests of batch scoring: header mapping, row errors (messages verbatim), output shapes.
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "thomas/batch.h"
#include "thomas/csv.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/measurements.h"

namespace {

using thomas::batch::BatchOptions;
using thomas::batch::Field;
using thomas::batch::HeaderError;
using thomas::batch::map_header;
using thomas::batch::MapError;

using Map = std::vector<std::pair<std::string, std::string>>;

thomas::batch::ColumnMap map_of(std::vector<std::string_view> header, const Map& map = {}) {
    BatchOptions options;
    options.map = map;
    return map_header(thomas::default_rules(), header, options);
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
          "persists, patient, date, examiner, device)");
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
          "(accepted: none, stretch, hip, groin, knee, back, nerve; or one of the rule set's 35 "
          "synonyms ('thomas rules show' lists them))\"\n"
          "up,12,50,,,error,,,,\"row 7, column side: \"\"up\"\" is not a side (accepted: left, "
          "right; or the rule set's synonyms l, lt, r, rt, links, li, rechts, re)\"\n"
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
          "lumbar_flat: \"\"maybe\"\" is not yes or no (accepted: yes, no, true, false, 1, 0; or "
          "the rule set's synonyms ja, j, nein)\"\n"
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

// --explain-columns and --patient (issue 12). The expected texts come from the core itself
// (rules.step, next_step_why, the findings' notes, assess_pair), so a rule-set change of wording
// does not break these tests, while a row that stops matching `thomas score` does.
namespace {

// The records of a CSV output, each as its cells.
std::vector<std::vector<std::string>> records_of(const std::string& text) {
    std::istringstream in(text);
    thomas::csv::Reader reader(in);
    thomas::csv::Record record;
    std::vector<std::vector<std::string>> out;
    while (reader.next(record)) {
        REQUIRE(record.error.empty());
        out.emplace_back(record.fields.begin(), record.fields.end());
    }
    return out;
}

// The cell of `column` (a header name) in data row `row` (0 = first data row).
std::string cell(const std::vector<std::vector<std::string>>& records, std::size_t row,
                 std::string_view column) {
    const auto& header = records.at(0);
    const auto it = std::find(header.begin(), header.end(), column);
    REQUIRE(it != header.end());
    return records.at(row + 1).at(static_cast<std::size_t>(it - header.begin()));
}

thomas::Measurements leg(const std::string& side, const std::string& thigh, const std::string& knee,
                         const std::string& pain) {
    thomas::Measurements m;
    const auto& rules = thomas::default_rules();
    thomas::read_field(Field::side, side, m, &rules);
    thomas::read_field(Field::thigh_angle, thigh, m, &rules);
    thomas::read_field(Field::knee_flexion, knee, m, &rules);
    thomas::read_field(Field::lumbar_flat, "yes", m, &rules);
    thomas::read_field(Field::pain, pain, m, &rules);
    return m;
}

std::string notes_of(const thomas::Assessment& a) {
    std::string out;
    for (const std::size_t fi : a.findings) {
        const std::string& note = thomas::default_rules().findings[fi].note;
        if (!note.empty()) {
            out += (out.empty() ? "" : " | ") + note;
        }
    }
    return out;
}

std::string patient_error(const std::string& input, const std::string& column) {
    BatchOptions options;
    options.patient_column = column;
    try {
        run(input, options);
    } catch (const MapError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("batch --explain-columns: the step title, the decision row's why and the notes") {
    const auto& rules = thomas::default_rules();
    BatchOptions options;
    options.explain_columns = true;
    options.ruleset_columns = true;
    const Run r =
        run("side,thigh_angle,knee_flexion,lumbar_flat,pain\n"
            "left,2,80,yes,hip\n"
            "left,x,50,yes,\n"
            "right,-12,85,yes,none\n",
            options);
    const auto rows = records_of(r.out);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0] == std::vector<std::string>{"side", "thigh_angle", "knee_flexion", "lumbar_flat",
                                              "pain", "result", "implicated", "flags", "next_step",
                                              "error", "next_step_title", "why", "notes", "ruleset",
                                              "ruleset_version", "ruleset_sha256"});
    const thomas::Assessment hip = thomas::assess(rules, leg("left", "2", "80", "hip"));
    CHECK(cell(rows, 0, "next_step") == std::to_string(hip.next_step));
    CHECK(cell(rows, 0, "next_step_title") == rules.step(hip.next_step).title);
    CHECK(cell(rows, 0, "why") == thomas::next_step_why(rules, hip.next_step_row));
    CHECK(cell(rows, 0, "notes") == notes_of(hip));
    CHECK(cell(rows, 0, "notes").find(" | ") != std::string::npos);  // several notes
    // An error row leaves the three empty.
    CHECK(cell(rows, 1, "result") == "error");
    CHECK(cell(rows, 1, "next_step_title").empty());
    CHECK(cell(rows, 1, "why").empty());
    CHECK(cell(rows, 1, "notes").empty());
    CHECK(cell(rows, 1, "ruleset") == rules.name);
    const thomas::Assessment normal = thomas::assess(rules, leg("right", "-12", "85", "none"));
    CHECK(cell(rows, 2, "why") == thomas::next_step_why(rules, normal.next_step_row));
    CHECK(cell(rows, 2, "notes") == notes_of(normal));

    // JSONL objects already hold next_step.title, next_step.why and notes: the flag adds nothing.
    BatchOptions jsonl;
    jsonl.format = thomas::batch::Format::jsonl;
    const std::string input = "thigh,pain\n12,hip\n";
    const std::string plain = run(input, jsonl).out;
    jsonl.explain_columns = true;
    CHECK(run(input, jsonl).out == plain);
}

TEST_CASE("batch --patient: two legs of one patient are triaged together") {
    const auto& rules = thomas::default_rules();
    BatchOptions options;
    options.patient_column = "Patient ID";
    options.explain_columns = true;
    // P1: stretch only on the left, hip pain on the right (given right first); P2: normal left,
    // short right thigh, far apart.
    const Run r =
        run("Patient ID,side,thigh_angle,knee_flexion,lumbar_flat,pain\n"
            "P1,right,2,80,yes,hip\n"
            "P1,left,-12,85,yes,stretch\n"
            " P2 ,left,-12,85,yes,none\n"
            "P2,right,10,85,yes,none\n",
            options);
    const auto rows = records_of(r.out);
    REQUIRE(rows.size() == 5);
    const thomas::PairAssessment p1 = thomas::assess_pair(
        rules, leg("left", "-12", "85", "stretch"), leg("right", "2", "80", "hip"));
    CHECK(p1.patient.next_step == 2);  // pain on one leg: rule out pathology for both
    for (std::size_t row : {0u, 1u}) {
        CHECK(cell(rows, row, "next_step") == "2");
        CHECK(cell(rows, row, "next_step_title") == rules.step(2).title);
        CHECK(cell(rows, row, "why") == thomas::next_step_why(rules, p1.patient.next_step_row));
    }
    // Each row keeps its own leg's verdict.
    CHECK(cell(rows, 0, "result") == thomas::to_string(p1.right.result));
    CHECK(cell(rows, 0, "result") == "refer");
    CHECK(cell(rows, 0, "flags") == "hip_joint");
    CHECK(cell(rows, 1, "result") == thomas::to_string(p1.left.result));
    CHECK(cell(rows, 1, "flags").empty());
    // Alone, the left leg would go to stretching.
    CHECK(thomas::assess(rules, leg("left", "-12", "85", "stretch")).next_step != 2);

    // P2 (the id's surrounding spaces do not count): a 22 degree difference of thigh angle.
    const thomas::PairAssessment p2 = thomas::assess_pair(rules, leg("left", "-12", "85", "none"),
                                                          leg("right", "10", "85", "none"));
    for (std::size_t row : {2u, 3u}) {
        CHECK(cell(rows, row, "next_step") == std::to_string(p2.patient.next_step));
        CHECK(cell(rows, row, "notes")
                  .find("Thigh angle, left - right: -22 deg (left -12 deg, "
                        "right 10 deg; notable from 3 deg)") != std::string::npos);
    }
    CHECK(cell(rows, 2, "result") == thomas::to_string(p2.left.result));
    CHECK(cell(rows, 3, "result") == thomas::to_string(p2.right.result));
    CHECK(cell(rows, 3, "notes").starts_with(notes_of(p2.right)));
    CHECK(r.summary.rows_read == 4);
    CHECK(r.summary.rows_scored == 4);
    CHECK(r.summary.errors == 0);
}

TEST_CASE("batch --patient: rows that do not pair are scored alone, in input order") {
    // Empty id, a lone row, the same side twice, a different patient, an error row between two
    // legs, a row without a side, a row held at the end of the input: each as without --patient.
    const std::string input =
        "pid,side,thigh_angle,knee_flexion,pain,note\n"
        ",left,12,50,hip,\"empty id\"\n"
        ",right,-12,85,,\"empty id\"\n"
        "A,left,12,50,hip,lone\n"
        "B,left,12,50,hip,\"same side, \"\"twice\"\"\"\n"
        "B,left,-12,85,,\"same side\"\n"
        "C,right,12,50,hip,c\n"
        "D,left,-12,85,,d\n"
        "E,left,12,50,hip,e\n"
        "E,right,7o,85,,error\n"
        "E,right,-12,85,,\"after the error\"\n"
        "F,,12,50,hip,\"no side\"\n"
        "F,right,-12,85,,f\n"
        "G,left,12,50,hip,\"held at the end\"\n";
    BatchOptions options;
    options.explain_columns = true;
    const Run alone = run(input, options);
    options.patient_column = "pid";
    const Run paired = run(input, options);
    CHECK(paired.out == alone.out);
    CHECK(paired.summary.rows_read == alone.summary.rows_read);
    CHECK(paired.summary.rows_scored == alone.summary.rows_scored);
    CHECK(paired.summary.errors == 1);

    options.format = thomas::batch::Format::jsonl;
    const std::string jsonl = run(input, options).out;
    CHECK(jsonl.find("\"patient\":") == std::string::npos);
    options.patient_column.clear();
    CHECK(jsonl == run(input, options).out);
}

TEST_CASE("batch --patient: pairs form from the top and a held row keeps its bytes") {
    const auto& rules = thomas::default_rules();
    BatchOptions options;
    options.patient_column = "pid";
    // L L R: the second left pairs with the right; L R L: the third is alone. The held row's
    // quoted cell (doubled quotes, a line break) must come out as it went in.
    const std::string input =
        "pid,side,thigh_angle,knee_flexion,lumbar_flat,pain,note\n"
        "A,left,12,50,yes,hip,first\n"
        "A,left,-12,85,yes,none,\"say \"\"hi\"\"\nthere\"\n"
        "A,right,-12,85,yes,stretch,x\n"
        "B,left,12,50,yes,hip,y\n"
        "B,right,-12,85,yes,stretch,z\n"
        "B,left,-12,85,yes,none,w\n";
    const auto rows = records_of(run(input, options).out);
    REQUIRE(rows.size() == 7);
    CHECK(cell(rows, 1, "note") == "say \"hi\"\nthere");
    const auto next = [&](const char* side, const char* thigh, const char* knee, const char* pain) {
        return std::to_string(thomas::assess(rules, leg(side, thigh, knee, pain)).next_step);
    };
    CHECK(cell(rows, 0, "next_step") == next("left", "12", "50", "hip"));
    const thomas::PairAssessment a = thomas::assess_pair(rules, leg("left", "-12", "85", "none"),
                                                         leg("right", "-12", "85", "stretch"));
    CHECK(cell(rows, 1, "next_step") == std::to_string(a.patient.next_step));
    CHECK(cell(rows, 2, "next_step") == std::to_string(a.patient.next_step));
    CHECK(cell(rows, 3, "next_step") == "2");
    CHECK(cell(rows, 4, "next_step") == "2");  // hip pain on the left leg
    CHECK(cell(rows, 4, "result") ==
          thomas::to_string(thomas::assess(rules, leg("right", "-12", "85", "stretch")).result));
    CHECK(cell(rows, 5, "next_step") == next("left", "-12", "85", "none"));

    // JSONL: a paired row adds the patient's verdict and the left-right comparison.
    options.format = thomas::batch::Format::jsonl;
    const std::string jsonl = run(input, options).out;
    std::vector<std::string> lines;
    std::istringstream in(jsonl);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    REQUIRE(lines.size() == 6);
    for (std::size_t i : {1u, 2u, 3u, 4u}) {
        CHECK(lines[i].find(",\"error\":null,\"patient\":{\"result\":") != std::string::npos);
        CHECK(lines[i].find(",\"asymmetry\":[{\"measure\":\"thigh_angle\",") != std::string::npos);
    }
    CHECK(lines[3].find("\"patient\":{\"result\":\"refer\",") != std::string::npos);
    CHECK(lines[0].find("\"patient\"") == std::string::npos);
    CHECK(lines[5].find("\"patient\"") == std::string::npos);
}

TEST_CASE("batch --patient: an unknown column or a file without sides is a usage error") {
    CHECK(patient_error("pid,side,thigh\nA,left,1\n", "Patient") ==
          "--patient Patient: the header has no column \"Patient\" (columns: pid, side, thigh)");
    CHECK(patient_error("pid,side,thigh\nA,left,1\n", " PID ") == "no error");
    CHECK(patient_error("pid,thigh\nA,1\n", "pid") ==
          "--patient pid: the header has no side column, so no row can be paired with the "
          "patient's other leg (columns: pid, thigh); add a side column or map one with --map "
          "side=HEADER");
}
