// Hostile-input regressions: each case failed (or said the wrong thing) before its fix.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "rules_fixture.h"
#include "thomas/csv.h"
#include "thomas/measurements.h"
#include "thomas/printable.h"
#include "thomas/rule_loader.h"
#include "thomas/test_file.h"
#include "yaml_support.h"

using namespace thomas;

namespace {

std::string degrees_error(const std::string& text) {
    try {
        parse_degrees("thigh_angle", text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(accepted)";
}

std::string nesting(const std::string& text, int max_depth) {
    const auto problem = detail::check_nesting(text, max_depth);
    if (!problem) {
        return "ok";
    }
    return std::to_string(problem->pos.line) + ":" + std::to_string(problem->pos.column) + ": " +
           problem->message;
}

std::string test_file_error(const std::string& text) {
    try {
        parse_test_file(text, "t.yaml");
    } catch (const TestFileError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("hostile: minus zero is zero") {
    const double v = parse_degrees("thigh_angle", "-0");
    CHECK(v == 0.0);
    CHECK_FALSE(std::signbit(v));
    CHECK_FALSE(std::signbit(parse_degrees("thigh_angle", "-0.0 deg")));
}

TEST_CASE("hostile: out of range numbers say which way") {
    CHECK(degrees_error("1e-400") == "\"1e-400\" is too small (close to zero) a number");
    CHECK(degrees_error("1e400") == "\"1e400\" is too large a number");
    CHECK(degrees_error("1e308") == "(accepted)");  // finite: check_ranges rejects it later
}

TEST_CASE("hostile: a plus sign followed by a minus sign is not a number") {
    CHECK(degrees_error("+-5") ==
          "\"+-5\" is not a number of degrees (expected e.g. 12, -7.5, 12° or 12 deg)");
    CHECK(parse_degrees("thigh_angle", "+5") == 5.0);
}

TEST_CASE("hostile: block nesting is measured before yaml-cpp sees it") {
    std::string deep_map;
    for (int d = 0; d < 100; ++d) {
        deep_map += std::string(static_cast<std::size_t>(d), ' ') + "a:\n";
    }
    CHECK(nesting(deep_map, 64) == "66:66: nesting deeper than 64 levels");
    std::string dashes;
    for (int d = 0; d < 100; ++d) {
        dashes += "- ";
    }
    CHECK(nesting(dashes + "x\n", 64) == "1:129: nesting deeper than 64 levels");
    CHECK(nesting(std::string(100, '['), 64) == "1:65: nesting deeper than 64 levels");
    // map > list > map > [ > { is four levels below the top.
    CHECK(nesting("a:\n  - b: [1, {c: 2}]\n  - d\n", 4) == "ok");
    CHECK(nesting("a:\n  - b: [1, {c: 2}]\n", 3) == "2:12: nesting deeper than 3 levels");
}

TEST_CASE("hostile: brackets in quotes comments and block scalars are not nesting") {
    CHECK(nesting("a: \"[[[[\"\nb: '{{{{'\nc: 1 # [[[[\n", 2) == "ok");
    CHECK(nesting("note: it's [fine]\nother: [1]\n", 2) == "ok");
    CHECK(nesting("a: 'it''s [[['\nb: \"say \\\"[[[\\\"\"\n", 1) == "ok");
    std::string block = "text: |\n";
    for (int d = 1; d < 40; ++d) {
        block += std::string(static_cast<std::size_t>(d + 1), ' ') + "[line\n";
    }
    CHECK(nesting(block + "next: 1\n", 4) == "ok");
}

TEST_CASE("hostile: deep test files are refused with the limit") {
    std::string dashes;
    for (int d = 0; d < 10000; ++d) {
        dashes += "- ";
    }
    CHECK(test_file_error(dashes + "x\n") == "t.yaml:1:65: nesting deeper than 32 levels");
}

TEST_CASE("hostile: printable escapes control bytes and bad UTF-8") {
    CHECK(printable("plain 12° ok\nnext\tline") == "plain 12° ok\nnext\tline");
    CHECK(printable("a\x1b[31mred") == "a\\x1B[31mred");
    CHECK(printable(std::string("nul\0byte", 8)) == "nul\\x00byte");
    CHECK(printable("\xff\xfe") == "\\xFF\\xFE");
    CHECK(printable("\xc3") == "\\xC3");                    // truncated sequence
    CHECK(printable("\xc0\xaf") == "\\xC0\\xAF");           // overlong slash
    CHECK(printable("\xed\xa0\x80") == "\\xED\\xA0\\x80");  // surrogate
    CHECK(printable("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
}

// Found by fuzz_rule_loader: a finding without `when:` made yaml-cpp throw InvalidNode from
// Mark() on the missing key, which the CLI reported as an internal error (exit 70).
TEST_CASE("hostile: a finding without when is a plain missing key") {
    std::string text = test::k_small_rules;
    const std::string when = "when: {criterion: back, is: fail}, ";
    text.erase(text.find(when), when.size());
    LoadResult result;
    parse_rules(text, "r.yaml", result);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].to_string() ==
          "r.yaml:36:5: error: finding is missing required key \"when\"");
}

// Found by fuzz_rule_loader: an example without `expect:` made check_keys ask yaml-cpp for the
// type of the missing node, which throws InvalidNode (an internal error, exit 70).
TEST_CASE("hostile: an example without expect is a plain missing key") {
    std::string text = test::k_small_rules;
    const std::string expect =
        "    expect: {result: positive, implicated: [iliopsoas, rectus_femoris], next_step: 3}\n";
    text.erase(text.find(expect), expect.size());
    text.replace(text.find("input: {thigh"), 5, "inptu");
    LoadResult result;
    parse_rules(text, "r.yaml", result);
    std::vector<std::string> got;
    for (const auto& d : result.diagnostics) {
        got.push_back(d.to_string());
    }
    CHECK(got == std::vector<std::string>{
                     "r.yaml:57:5: error: example is missing required key \"expect\"",
                     "r.yaml:57:5: error: example: give input (one test) or visits (a follow-up)",
                     "r.yaml:58:5: error: unknown key \"inptu\" in example (did you mean "
                     "\"input\"?)"});
}

// Found by fuzz_csv_reader: a first field starting with a UTF-8 BOM was written unquoted, and
// reading the output back dropped the BOM as a byte order mark.
TEST_CASE("hostile: a leading BOM in the first field survives a write and read") {
    std::ostringstream out;
    {
        csv::Writer writer(out);
        writer.field("\xEF\xBB\xBFid");
        writer.field("\xEF\xBB\xBFsecond");
        writer.end_record();
        writer.field("\xEF\xBB\xBFthird");
        writer.end_record();
    }
    CHECK(out.str() == "\"\xEF\xBB\xBFid\",\xEF\xBB\xBFsecond\n\xEF\xBB\xBFthird\n");
    std::istringstream in(out.str());
    csv::Reader reader(in);
    csv::Record record;
    REQUIRE(reader.next(record));
    CHECK(record.fields[0] == "\xEF\xBB\xBFid");
}
