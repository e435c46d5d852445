// The CSV half of the bad-input corpus, through the core: the reader (records, errors, limits)
// and the cell parsing `thomas batch` applies (parse_degrees, then check_ranges against the
// default rule set). tests/corpus/run_batch_corpus.py runs the same files through the binary.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "thomas/csv.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/measurements.h"

using namespace thomas;

namespace {

struct Row {
    std::vector<std::string> fields;
    std::uint64_t line = 0;
    std::string error;
};

std::vector<Row> read_text(const std::string& text, csv::ReaderOptions options = {}) {
    std::istringstream in(text);
    csv::Reader reader(in, options);
    csv::Record record;
    std::vector<Row> rows;
    while (reader.next(record)) {
        rows.push_back({{record.fields.begin(), record.fields.end()}, record.line, record.error});
    }
    return rows;
}

std::vector<Row> read_corpus(const std::string& name) {
    std::ifstream in(std::string(THOMAS_CORPUS_DIR) + "/csv/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return read_text(text.str());
}

// What batch would say about a thigh_angle cell: "ok" or the message.
std::string thigh_cell(const std::string& text) {
    try {
        Measurements m;
        m[Measure::thigh_angle] = parse_degrees("thigh_angle", text);
        check_ranges(default_rules(), m);
        return "ok";
    } catch (const InputError& e) {
        return e.what();
    }
}

const std::string k_not_degrees =
    " is not a number of degrees (expected e.g. 12, -7.5, 12° or 12 deg)";

}  // namespace

TEST_CASE("csv corpus: empty file and BOM only give no record") {
    CHECK(read_corpus("empty.csv").empty());
    CHECK(read_corpus("bom-only.csv").empty());
}

TEST_CASE("csv corpus: header only gives the header and no data row") {
    const auto rows = read_corpus("header-only.csv");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields ==
          std::vector<std::string>{"patient_id", "side", "thigh_angle", "knee_flexion", "pain"});
}

TEST_CASE("csv corpus: binary garbage comes out as one record per line") {
    const auto rows = read_corpus("binary-garbage.csv");
    REQUIRE(rows.size() == 21);  // the header and 20 lines of 200 random bytes (no quote CR LF)
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].line == i + 1);
        CHECK(rows[i].error.empty());
    }
}

TEST_CASE("csv corpus: invalid UTF-8 passes through byte for byte") {
    const auto rows = read_corpus("invalid-utf8.csv");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].fields[0] ==
          "p\xff"
          "1");
    CHECK(rows[1].fields[4] == "gr\xf6in");
    CHECK(thigh_cell(rows[2].fields[2]) == "\"1\xc0\xaf\"" + k_not_degrees);
}

TEST_CASE("csv corpus: an unterminated quote is reported at its line") {
    const auto rows = read_corpus("unterminated-quote.csv");
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].error == "unterminated quoted field starting at line 2");
    CHECK(rows[1].fields.size() == 5);  // the last field runs to the end of the input
}

TEST_CASE("csv corpus: 10000 columns exceed the field count limit") {
    const auto rows = read_corpus("10000-columns.csv");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].error == "more than 4096 fields");
    CHECK(rows[1].error == "more than 4096 fields");
    CHECK(rows[1].fields.size() == 4096);
}

TEST_CASE("csv corpus: duplicated header names are kept for the caller to refuse") {
    const auto rows = read_corpus("duplicate-headers.csv");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == std::vector<std::string>{"patient_id", "thigh_angle", "thigh_angle"});
}

TEST_CASE("csv corpus: NaN inf and out of range numbers are refused") {
    const auto nan = read_corpus("nan.csv");
    REQUIRE(nan.size() == 3);
    CHECK(thigh_cell(nan[1].fields[2]) == "\"nan\"" + k_not_degrees);
    CHECK(thigh_cell(nan[2].fields[2]) == "\"NaN\"" + k_not_degrees);
    const auto inf = read_corpus("inf.csv");
    REQUIRE(inf.size() == 3);
    CHECK(thigh_cell(inf[1].fields[2]) == "\"inf\"" + k_not_degrees);
    CHECK(thigh_cell(inf[2].fields[2]) == "\"-inf\"" + k_not_degrees);
    const auto big = read_corpus("1e308.csv");
    REQUIRE(big.size() == 3);
    CHECK(thigh_cell(big[1].fields[2]) ==
          "thigh_angle 1e+308 is outside the plausible range -45 to 90 (rule set \"default\"); "
          "check the value and its sign");
    CHECK(thigh_cell(big[2].fields[2]) == "\"1e-400\" is too small (close to zero) a number");
}

TEST_CASE("csv corpus: minus zero is accepted as zero") {
    const auto rows = read_corpus("minus-zero.csv");
    REQUIRE(rows.size() == 2);
    CHECK(thigh_cell(rows[1].fields[2]) == "ok");
    CHECK_FALSE(std::signbit(parse_degrees("knee_flexion", rows[1].fields[3])));
}

TEST_CASE("csv corpus: thousands separators are refused") {
    const auto rows = read_corpus("thousands-separators.csv");
    REQUIRE(rows.size() == 4);
    CHECK(thigh_cell(rows[1].fields[2]) ==
          "\"1,234\" has a comma; write numbers with a decimal point and no thousands separator "
          "(e.g. 5.5)");
    CHECK(thigh_cell(rows[2].fields[2]) == "\"1 234\"" + k_not_degrees);
    // "1.234" is a plain decimal (1.234 degrees): a European thousands dot cannot be told apart.
    CHECK(thigh_cell(rows[3].fields[2]) == "ok");
}

// No clock here: speed is measured by bench/run_corpus_timing.sh, not asserted. A reader that
// went quadratic on these inputs would hit the CTest TIMEOUT (tests/CMakeLists.txt) instead.
TEST_CASE("csv corpus: a 10 MB single field is cut at the field limit") {
    const std::string one_line(10 * 1024 * 1024, 'x');
    const auto rows = read_text(one_line);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].error == "field longer than 1048576 bytes");
    CHECK(rows[0].fields.empty());
}

TEST_CASE("csv corpus: a 10 MB line of fields is cut at the field count limit") {
    std::string many;
    many.reserve(10 * 1024 * 1024 + 6);
    for (int i = 0; i < 5 * 1024 * 1024; ++i) {
        many += "1,";
    }
    many += "\nnext\n";
    const auto rows = read_text(many);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].error == "more than 4096 fields");
    CHECK(rows[1].fields == std::vector<std::string>{"next"});
}
