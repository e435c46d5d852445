// The rule set's vocabulary (synonyms and header words), decimal commas, and how batch
// classifies the columns it does not read.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "rules_fixture.h"
#include "thomas/batch.h"
#include "thomas/csv.h"
#include "thomas/embedded_rules.h"
#include "thomas/fields.h"
#include "thomas/rule_loader.h"
#include "thomas/test_file.h"

using namespace thomas;

namespace {

std::string with_vocabulary(const std::string& vocabulary) {
    return test::k_small_rules + "vocabulary:\n" + vocabulary;
}

std::string map_error(std::vector<std::string_view> header, batch::BatchOptions options = {}) {
    try {
        batch::map_header(default_rules(), header, options);
    } catch (const batch::MapError& e) {
        return e.what();
    } catch (const batch::HeaderError& e) {
        return std::string("header error: ") + e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("vocabulary: synonyms read as their contract words, in any case") {
    const RuleSet rules =
        load_rules_text(with_vocabulary("  de:\n    side: {left: [links], right: [rechts]}\n"
                                        "    yes_no: {\"yes\": [ja], \"no\": [nein]}\n"
                                        "    pain: {groin: [Leiste], none: [keine]}\n"
                                        "    red_flags: {fever: [Fieber]}\n"),
                        "r.yaml");
    Measurements m;
    read_field(Field::side, "LINKS", m, &rules);
    CHECK(m.side == Side::left);
    read_field(Field::lumbar_flat, " Ja ", m, &rules);
    CHECK(m[Measure::lumbar_flat] == 1.0);
    read_field(Field::pain, "leiste, stretch", m, &rules);
    CHECK(m.pain->contains(Pain::groin));
    CHECK(m.pain->contains(Pain::stretch));
    read_field(Field::red_flags, "fieber", m, &rules);
    CHECK(m.red_flags->contains(RedFlag::fever));
    // Without the rule set the synonyms are unknown words.
    CHECK_THROWS_AS(read_field(Field::side, "links", m, nullptr), InputError);
    // "keine" is none, so it cannot be combined with another word.
    CHECK_THROWS_WITH_AS(read_field(Field::pain, "keine, leiste", m, &rules),
                         "\"none\" cannot be combined with other pain words (found \"keine, "
                         "leiste\")",
                         InputError);
}

TEST_CASE("vocabulary: case folding covers the Latin-1 letters of UTF-8") {
    CHECK(fold_case("HÜFTE Rücken ÄÖÜ×") == "hüfte rücken äöü×");
    const RuleSet rules =
        load_rules_text(with_vocabulary("  de:\n    pain: {back: [Rücken]}\n"), "r.yaml");
    Measurements m;
    read_field(Field::pain, "RÜCKEN", m, &rules);
    CHECK(m.pain->contains(Pain::back));
}

TEST_CASE("vocabulary: a word that would mean two things, or is no word, is refused") {
    CHECK(test::messages(
              with_vocabulary("  en:\n    side: {left: [l]}\n  fr:\n    side: {right: [L]}\n")) ==
          std::vector<std::string>{"r.yaml:64:20: error: vocabulary fr side right: \"L\" is "
                                   "already a synonym of left (vocabulary en); a word can mean "
                                   "one thing only"});
    CHECK(test::messages(with_vocabulary("  en:\n    side: {left: [right]}\n")) ==
          std::vector<std::string>{"r.yaml:62:19: error: vocabulary en side left: \"right\" is "
                                   "already read without a vocabulary; remove it"});
    CHECK(test::messages(with_vocabulary("  en:\n    pain: {sore: [ouch]}\n")) ==
          std::vector<std::string>{"r.yaml:62:12: error: vocabulary en pain: \"sore\" is not one "
                                   "of its words (expected one of: none, stretch, hip, groin, "
                                   "knee, back, nerve)"});
    CHECK(test::messages(with_vocabulary("  EN:\n    side: {left: [l]}\n")) ==
          std::vector<std::string>{"r.yaml:61:3: error: vocabulary: \"EN\" is not a language "
                                   "tag (expected e.g. en, de, pt-BR)"});
    CHECK(test::messages(with_vocabulary("  en:\n    sides: {left: [l]}\n")).size() == 1);
    CHECK(test::messages(with_vocabulary("  en:\n    columns: {thigh: [hip]}\n")) ==
          std::vector<std::string>{"r.yaml:62:15: error: vocabulary en columns: unknown field "
                                   "\"thigh\" (expected one of: side, thigh_angle, knee_flexion, "
                                   "knee_angle_interior, rotation, abduction, lumbar_flat, pain, "
                                   "red_flags, done, persists, patient, date, examiner, device)"});
    CHECK(test::messages(with_vocabulary("  en:\n    pain: {groin: [\"a, b\"]}\n")).size() == 1);
}

TEST_CASE("vocabulary: the shipped rule sets carry the same vocabulary") {
    const RuleSet& first = default_rules();
    CHECK(!first.vocabulary.columns.empty());
    for (const auto& set : embedded_rule_sets()) {
        CAPTURE(set.name);
        const RuleSet rules = load_rules(std::string(set.name));
        CHECK(rules.vocabulary.columns.size() == first.vocabulary.columns.size());
        for (std::size_t k = 0; k < k_word_kind_count; ++k) {
            const auto& a = rules.vocabulary.synonyms[k];
            const auto& b = first.vocabulary.synonyms[k];
            REQUIRE(a.size() == b.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                CHECK(a[i].word == b[i].word);
                CHECK(a[i].means == b[i].means);
            }
        }
    }
}

TEST_CASE("decimal comma: one comma is the decimal mark, a point is then refused") {
    CHECK(parse_degrees("thigh_angle", "72,5", true) == 72.5);
    CHECK(parse_degrees("thigh_angle", "-7,25°", true) == -7.25);
    CHECK(parse_degrees("thigh_angle", "12", true) == 12.0);
    CHECK_THROWS_WITH_AS(parse_degrees("thigh_angle", "72.5", true),
                         "\"72.5\" has a decimal point, but this file is read with decimal "
                         "commas (e.g. 72,5)",
                         InputError);
    CHECK_THROWS_WITH_AS(parse_degrees("thigh_angle", "1,072,5", true),
                         "\"1,072,5\" has more than one comma (expected e.g. 72,5)", InputError);
    CHECK_THROWS_WITH_AS(parse_degrees("thigh_angle", "7,x", true),
                         "\"7,x\" is not a number of degrees (expected e.g. 12, -7,5, 12° or 12 "
                         "deg)",
                         InputError);
    CHECK_THROWS_AS(parse_degrees("thigh_angle", "72,5", false), InputError);
}

TEST_CASE("batch header: an unread column that looks like a measurement stops the run") {
    CHECK(map_error({"Patient", "Thigh angle (°)", "knee"}) ==
          "row 1 (header): a column looks like a field thomas reads, but it is not "
          "read, so its values would be ignored:\n"
          "  column 2 (\"Thigh angle (°)\"): read it with --map thigh_angle='Thigh angle (°)', "
          "or leave it unread with --ignore 'Thigh angle (°)'");
    // A bare knee angle may be flexion or the interior angle: both are offered, none guessed.
    CHECK(map_error({"thigh", "knee_angle"}) ==
          "row 1 (header): a column looks like a field thomas reads, but it is not "
          "read, so its values would be ignored:\n"
          "  column 2 (\"knee_angle\"): read it with --map knee_flexion=knee_angle or --map "
          "knee_angle_interior=knee_angle, or leave it unread with --ignore knee_angle");
    // Words of the rule set's vocabulary, compounds and camel case count. A word shared by
    // measures ("hip") marks a measurement; a word of one measure ("rotation") says which.
    CHECK(map_error({"thigh", "Kniewinkel", "HipRotation", "side", "Seite", "Hip ext (deg)"}) ==
          "row 1 (header): 3 columns look like fields thomas reads, but they are not read, so "
          "their values would be ignored:\n"
          "  column 2 (\"Kniewinkel\"): read it with --map knee_flexion=Kniewinkel or --map "
          "knee_angle_interior=Kniewinkel, or leave it unread with --ignore Kniewinkel\n"
          "  column 3 (\"HipRotation\"): read it with --map rotation=HipRotation, or leave it "
          "unread with --ignore HipRotation\n"
          "  column 6 (\"Hip ext (deg)\") (thigh_angle is read from column 1 (\"thigh\")): leave "
          "it unread with --ignore 'Hip ext (deg)'");
    // Plainly other columns pass: English words match whole or as plurals ("Feedback" and
    // "Background" are not "back"), and another column of a non-measurement field the file
    // already gives ("Seite", "Dominant leg" beside "side") is no reason to stop.
    CHECK(map_error({"Patient ID", "Date", "Examiner", "Feedback", "Background", "Shipping",
                     "notes", "thigh", "side", "Dominant leg", "Bemerkung", "Diagnose",
                     "Geburtsdatum"}) == "no error");
    // A quote in a header is quoted for the shell.
    CHECK(map_error({"thigh", "O'Brien knee"}).ends_with("--ignore 'O'\\''Brien knee'"));
}

TEST_CASE("batch header: words split at symbols, digits and dashes; umlauts in either form") {
    const auto flagged = [](std::string_view cell) {
        return map_error({"thigh_angle", cell}) != "no error";
    };
    CHECK(flagged("Rot°"));
    CHECK(flagged("Abd1"));
    CHECK(flagged("Knee\xC2\xA0(deg)"));        // a no-break space
    CHECK(flagged("Hip\xE2\x80\x93rotation"));  // an en dash
    CHECK(
        flagged("Hu\xCC\x88"
                "ftrotation"));  // "ü" written as u + combining diaeresis
    CHECK(flagged("HÜFTROTATION"));
    CHECK(flagged("Knees"));
    CHECK_FALSE(flagged("Kneeling pad"));
    CHECK(header_words("ThighAngle2°L") == std::vector<std::string>{"thigh", "angle", "2", "l"});
}

TEST_CASE("batch header: a knee column beside a mapped one is not offered the other knee field") {
    batch::BatchOptions options;
    options.map = {{"knee_flexion", "Knee L"}};
    CHECK(map_error({"thigh", "Knee L", "Knee R"}, options) ==
          "row 1 (header): a column looks like a field thomas reads, but it is not read, so its "
          "values would be ignored:\n"
          "  column 3 (\"Knee R\") (knee_flexion is read from column 2 (\"Knee L\")): leave it "
          "unread with --ignore 'Knee R'");
}

TEST_CASE("batch header: a header that is not UTF-8 is refused, naming the column") {
    CHECK(map_error({"Patient",
                     "H\xFC"
                     "ftwinkel",
                     "knee"}) ==
          "header error: row 1 (header): column 2 (\"H\xFC"
          "ftwinkel\") is not UTF-8 text (a "
          "Windows-1252 export?); convert the file first, e.g. iconv -f WINDOWS-1252 -t UTF-8 "
          "export.csv > export-utf8.csv");
}

TEST_CASE("batch header: repeated header names") {
    batch::BatchOptions options;
    options.ignore = {"Knee (deg)"};
    // --ignore NAME leaves every column of that name unread.
    CHECK(map_error({"thigh", "Knee (deg)", "Knee (deg)"}, options) == "no error");
    options.ignore = {"Knee (deg)", "knee (deg)"};
    CHECK(map_error({"thigh", "Knee (deg)", "Knee (deg)"}, options) == "no error");
    // --map cannot say which of two columns of one name it means.
    options.ignore = {};
    options.map = {{"knee_flexion", "Knee (deg)"}};
    CHECK(map_error({"thigh", "Knee (deg)", "Knee (deg)"}, options) ==
          "--map knee_flexion=Knee (deg): the header has 2 columns named \"Knee (deg)\" (column 2 "
          "(\"Knee (deg)\") and column 3 (\"Knee (deg)\")); rename one");
}

TEST_CASE("vocabulary: a column word must be one word as headers are split") {
    CHECK(test::messages(with_vocabulary("  en:\n    columns: {thigh_angle: [hip ext]}\n")) ==
          std::vector<std::string>{
              "r.yaml:62:29: error: vocabulary en columns thigh_angle: \"hip ext\" is not one word "
              "as headers are split (at spaces, punctuation, digits and camelCase); list its "
              "words separately"});
}

TEST_CASE("batch header: --ignore confirms a column; its mistakes are usage errors") {
    batch::BatchOptions options;
    options.ignore = {"knee (deg)"};
    CHECK(map_error({"thigh", "Knee (deg)"}, options) == "no error");
    options.ignore = {"weight"};
    CHECK(map_error({"thigh", "Knee (deg)"}, options) ==
          "--ignore weight: the header has no column \"weight\" (columns: thigh, Knee (deg))");
    options.ignore = {"Knee (deg)"};
    options.map = {{"knee_flexion", "Knee (deg)"}};
    CHECK(map_error({"thigh", "Knee (deg)"}, options) ==
          "--ignore Knee (deg): column 2 (\"Knee (deg)\") is also given to --map");
}

TEST_CASE("batch header: a header cut with another separator suggests --delimiter") {
    CHECK(map_error({"patient;thigh_angle;knee_flexion"}) ==
          "row 1 (header): the header splits on ';', not on ',' (found 1 column: "
          "\"patient;thigh_angle;knee_flexion\"); read it with --delimiter ';'");
    // Two columns are enough, and a comma inside a cell of a ';' export does not hide it.
    CHECK(map_error({"side;thigh_angle"}) ==
          "row 1 (header): the header splits on ';', not on ',' (found 1 column: "
          "\"side;thigh_angle\"); read it with --delimiter ';'");
    CHECK(map_error({"Patient;Hip", " ext (deg);Knee (deg)"}) ==
          "row 1 (header): the header splits on ';', not on ',' (found 2 columns: "
          "\"Patient;Hip\", \" ext (deg);Knee (deg)\"); read it with --delimiter ';'");
    batch::BatchOptions semicolon;
    semicolon.delimiter = ';';
    CHECK(map_error({"patient\tthigh\tknee"}, semicolon) ==
          "row 1 (header): the header splits on '\\t', not on ';' (found 1 column: "
          "\"patient\tthigh\tknee\"); read it with --delimiter tab");
}

TEST_CASE("batch: a German export scores as the same data in the English layout") {
    const std::string english =
        "patient,side,thigh_angle,knee_flexion,lumbar_flat,pain\n"
        "P1,left,5.5,80,yes,groin\n"
        "P1,right,-10,82,no,none\n"
        "P2,left,12,50,yes,stretch\n"
        "P3,right,3,95,yes,\"back, knee\"\n";
    const std::string german =
        "Patient;Seite;Oberschenkel;Kniebeugung;LWS flach;Schmerz\n"
        "P1;links;5,5;80;ja;Leiste\n"
        "P1;RECHTS;-10;82;nein;keine\n"
        "P2;L;12;50;J;Dehnung\n"
        "P3;re;3;95;ja;Rücken, KNIE\n";
    // The result cells (the last five) of every output row.
    const auto results = [](const std::string& input, const batch::BatchOptions& options) {
        std::istringstream in(input);
        std::ostringstream out;
        const auto summary = batch::run_batch(default_rules(), in, out, options);
        CHECK(summary.errors == 0);
        std::istringstream scored(out.str());
        csv::ReaderOptions reader_options;
        reader_options.delimiter = options.delimiter;
        csv::Reader reader(scored, reader_options);
        csv::Record record;
        std::vector<std::vector<std::string>> rows;
        while (reader.next(record)) {
            rows.emplace_back(record.fields.end() - 5, record.fields.end());
        }
        return rows;
    };
    batch::BatchOptions de;
    de.delimiter = ';';
    de.decimal_comma = true;
    de.map = {{"side", "Seite"},
              {"thigh_angle", "Oberschenkel"},
              {"knee_flexion", "Kniebeugung"},
              {"lumbar_flat", "LWS flach"},
              {"pain", "Schmerz"}};
    const auto en_rows = results(english, {});
    const auto de_rows = results(german, de);
    CHECK(en_rows.size() == 5);
    CHECK(de_rows == en_rows);
    // The data really differ in verdict, so equal rows are not a coincidence of one answer.
    CHECK(en_rows[1][0] == "refer");
    CHECK(en_rows[2][0] == "retest");
    CHECK(en_rows[3][0] == "positive");
}

TEST_CASE("batch header: a misspelt field word is caught, a short other word is not") {
    CHECK(map_error({"Patient ID", "Sdie", "Thigh angle (deg)", "Pian", "Time", "Date"}) ==
          "row 1 (header): 2 columns look like fields thomas reads, but they are not read, so "
          "their values would be ignored:\n"
          "  column 2 (\"Sdie\"): read it with --map side=Sdie, or leave it unread with --ignore "
          "Sdie\n"
          "  column 4 (\"Pian\"): read it with --map pain=Pian, or leave it unread with --ignore "
          "Pian");
    // A misspelt thigh is the thigh, not "an angle" of any field.
    CHECK(map_error({"side", "Thgh angle", "knee"}).find("--map thigh_angle='Thgh angle', or") !=
          std::string::npos);
}

TEST_CASE("batch header: a --map header missing from a header cut by another separator") {
    batch::BatchOptions options;
    options.map = {{"side", "Seite"}};
    CHECK(map_error({"a;Seite;b"}, options) ==
          "--map side=Seite: the header has no column \"Seite\" (columns: a;Seite;b); the header "
          "splits on another separator: read it with --delimiter ';'");
}

TEST_CASE("vocabulary: test files read the rule set's words too") {
    const TestFile test = parse_test_file(
        "side: rechts\nthigh_angle: 5\nknee_flexion: 90\nlumbar_flat: ja\npain: [Dehnung]\n"
        "red_flags: keine\n",
        "t.yaml", &default_rules());
    const Measurements& m = std::get<Measurements>(test.legs);
    CHECK(m.side == Side::right);
    CHECK(m[Measure::lumbar_flat] == 1.0);
    CHECK(m.pain->contains(Pain::stretch));
    CHECK(m.red_flags->contains(RedFlag::none));
}

TEST_CASE("test file: a CSV header alias as a key suggests its field") {
    CHECK_THROWS_WITH_AS(parse_test_file("thigh: 5\n", "t.yaml", &default_rules()),
                         "t.yaml:1:1: unknown field \"thigh\" (did you mean \"thigh_angle\"?)",
                         TestFileError);
}
