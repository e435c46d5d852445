#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "thomas/csv.h"

namespace {

using thomas::csv::Reader;
using thomas::csv::ReaderOptions;
using thomas::csv::Record;
using thomas::csv::Writer;

// A record copied out of the reader (its views die at the next call).
struct Row {
    std::vector<std::string> fields;
    std::uint64_t number = 0;
    std::uint64_t line = 0;
    std::string error;
};

std::vector<Row> rows_of(Reader& reader) {
    Record record;
    std::vector<Row> rows;
    while (reader.next(record)) {
        rows.push_back({{record.fields.begin(), record.fields.end()},
                        record.number,
                        record.line,
                        record.error});
    }
    return rows;
}

std::vector<Row> read_all(std::string_view input, ReaderOptions options = {}) {
    std::istringstream in{std::string(input)};
    Reader reader(in, options);
    return rows_of(reader);
}

// The same, read in place: the 16 bytes after the input, which the reader may load, are quotes
// and line breaks that must not count.
std::vector<Row> read_in_place(std::string_view input, ReaderOptions options = {}) {
    std::string bytes(input);
    bytes += "\"\n\r\"\"\n\r\"\"\n\r\"\"\n\r\"";
    Reader reader(bytes.data(), input.size(), options);
    return rows_of(reader);
}

ReaderOptions with_chunk(std::size_t chunk_bytes) {
    ReaderOptions options;
    options.chunk_bytes = chunk_bytes;
    return options;
}

using Fields = std::vector<std::string>;

std::string write_all(const std::vector<Fields>& records, char delimiter = ',',
                      bool safe_spreadsheet = false) {
    std::ostringstream out;
    {
        Writer writer(out, delimiter, safe_spreadsheet);
        for (const Fields& record : records) {
            for (const std::string& value : record) {
                writer.field(value);
            }
            writer.end_record();
        }
        writer.flush();
    }
    return out.str();
}

std::string write_one(std::string_view value, bool safe_spreadsheet) {
    std::ostringstream out;
    Writer writer(out, ',', safe_spreadsheet);
    writer.field(value);
    writer.flush();
    return out.str();
}

// A stream buffer whose every read or write fails like a broken disk.
class BrokenBuffer : public std::streambuf {
protected:
    int_type underflow() override { throw std::runtime_error("disk on fire"); }
    std::streamsize xsgetn(char*, std::streamsize) override {
        throw std::runtime_error("disk on fire");
    }
    int_type overflow(int_type) override { return traits_type::eof(); }
    std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

}  // namespace

TEST_CASE("csv: plain records with record and line numbers") {
    const auto rows = read_all("patient_id,side,knee_flexion\nP1,left,75\nP2,right,\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].fields == Fields{"patient_id", "side", "knee_flexion"});
    CHECK(rows[1].fields == Fields{"P1", "left", "75"});
    CHECK(rows[2].fields == Fields{"P2", "right", ""});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].number == i + 1);
        CHECK(rows[i].line == i + 1);
        CHECK(rows[i].error.empty());
    }
}

TEST_CASE("csv: CRLF line endings are not part of the last field") {
    const auto rows = read_all("a,b\r\n1,2\r\n,\r\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].fields == Fields{"a", "b"});
    CHECK(rows[1].fields == Fields{"1", "2"});
    CHECK(rows[2].fields == Fields{"", ""});
    CHECK(rows[2].line == 3);
}

TEST_CASE("csv: a lone CR ends a record and counts as a line") {
    const auto rows = read_all("a\rb\r\nc\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].fields == Fields{"a"});
    CHECK(rows[1].fields == Fields{"b"});
    CHECK(rows[2].fields == Fields{"c"});
    CHECK(rows[2].line == 3);
}

TEST_CASE("csv: the final record may lack a line break") {
    const auto rows = read_all("a,b\n1,2");
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].fields == Fields{"1", "2"});
    CHECK(rows[1].line == 2);
    CHECK(rows[1].error.empty());

    const auto trailing_delimiter = read_all("1,");
    REQUIRE(trailing_delimiter.size() == 1);
    CHECK(trailing_delimiter[0].fields == Fields{"1", ""});

    const auto quoted = read_all("\"x,y\"");
    REQUIRE(quoted.size() == 1);
    CHECK(quoted[0].fields == Fields{"x,y"});
    CHECK(quoted[0].error.empty());
}

TEST_CASE("csv: empty input yields no record / and a final line break starts none") {
    CHECK(read_all("").empty());
    CHECK(read_all("\xEF\xBB\xBF").empty());
    CHECK(read_all("a\n").size() == 1);
    CHECK(read_all("a\r\n").size() == 1);
    CHECK(read_all("a\r").size() == 1);
}

TEST_CASE("csv: a UTF-8 BOM is stripped only at the very start") {
    const auto rows = read_all("\xEF\xBB\xBFpatient_id,side\n\xEF\xBB\xBFP1,left\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == Fields{"patient_id", "side"});
    CHECK(rows[1].fields == Fields{"\xEF\xBB\xBFP1", "left"});

    const auto quoted = read_all("\xEF\xBB\xBF\"a,b\",c\n");
    REQUIRE(quoted.size() == 1);
    CHECK(quoted[0].fields == Fields{"a,b", "c"});

    // Only a prefix of the BOM: the bytes are data.
    const auto partial = read_all("\xEF\xBBx,y\n");
    REQUIRE(partial.size() == 1);
    CHECK(partial[0].fields == Fields{"\xEF\xBBx", "y"});
    const auto short_input = read_all("\xEF\xBB");
    REQUIRE(short_input.size() == 1);
    CHECK(short_input[0].fields == Fields{"\xEF\xBB"});
}

TEST_CASE("csv: a blank line is a record with one empty field") {
    const auto rows = read_all("a,b\n\n1,2\r\n\r\n");
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].fields == Fields{""});
    CHECK(rows[1].number == 2);
    CHECK(rows[1].line == 2);
    CHECK(rows[1].error.empty());
    CHECK(rows[2].fields == Fields{"1", "2"});
    CHECK(rows[2].line == 3);
    CHECK(rows[3].fields == Fields{""});
    CHECK(rows[3].line == 4);

    const auto only_blank = read_all("\n");
    REQUIRE(only_blank.size() == 1);
    CHECK(only_blank[0].fields == Fields{""});
}

TEST_CASE("csv: quoted fields hold delimiters / doubled quotes and line breaks") {
    const auto rows = read_all(
        "id,pain,notes\n"
        "1,\"hip,groin\",\"says it \"\"pulls\"\"\"\n"
        "2,none,\"first line\nsecond line\"\n"
        "3,\"\",\"crlf\r\ninside\"\n"
        "4,\"\"\"\",end\n");
    REQUIRE(rows.size() == 5);
    CHECK(rows[1].fields == Fields{"1", "hip,groin", "says it \"pulls\""});
    CHECK(rows[2].fields == Fields{"2", "none", "first line\nsecond line"});
    CHECK(rows[2].line == 3);
    CHECK(rows[3].fields == Fields{"3", "", "crlf\r\ninside"});
    CHECK(rows[3].line == 5);
    CHECK(rows[4].fields == Fields{"4", "\"", "end"});
    CHECK(rows[4].line == 7);
    CHECK(rows[4].number == 5);
}

TEST_CASE("csv: line breaks inside quotes count LF / CRLF and lone CR once each") {
    const auto rows = read_all("\"a\rb\nc\r\nd\n\r\",x\nnext\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == Fields{"a\rb\nc\r\nd\n\r", "x"});
    CHECK(rows[1].line == 7);

    // A CR at the end of one quoted field, an LF at the start of the next: two lines.
    const auto split = read_all("\"a\r\",\"\nb\"\nnext\n");
    REQUIRE(split.size() == 2);
    CHECK(split[0].fields == Fields{"a\r", "\nb"});
    CHECK(split[1].line == 4);
}

TEST_CASE("csv: any delimiter / including semicolon and tab") {
    const auto semicolon = read_all("a;b,c;\"d;e\"\n", ReaderOptions{.delimiter = ';'});
    REQUIRE(semicolon.size() == 1);
    CHECK(semicolon[0].fields == Fields{"a", "b,c", "d;e"});

    const auto tab = read_all("a\tb c\t\t\"d\te\"\n", ReaderOptions{.delimiter = '\t'});
    REQUIRE(tab.size() == 1);
    CHECK(tab[0].fields == Fields{"a", "b c", "", "d\te"});

    CHECK_THROWS_AS(read_all("x", ReaderOptions{.delimiter = '"'}), std::invalid_argument);
    CHECK_THROWS_AS(read_all("x", ReaderOptions{.delimiter = '\n'}), std::invalid_argument);
    CHECK_THROWS_AS(read_all("x", ReaderOptions{.delimiter = '\xEF'}), std::invalid_argument);
    CHECK_THROWS_AS(read_all("x", with_chunk(0)), std::invalid_argument);
}

TEST_CASE("csv: spaces are data and are never trimmed") {
    const auto rows = read_all(" a , b \t,\" c \"\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields == Fields{" a ", " b \t", " c "});
}

TEST_CASE("csv: stray quotes are kept literally (lenient)") {
    const auto rows = read_all("ab\"c,x\n\"ab\"c,x\n\"ab\" ,x\n \"q\",x\nab\"\",x\n");
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].fields == Fields{"ab\"c", "x"});
    CHECK(rows[1].fields == Fields{"abc", "x"});
    CHECK(rows[2].fields == Fields{"ab ", "x"});
    CHECK(rows[3].fields == Fields{" \"q\"", "x"});
    CHECK(rows[4].fields == Fields{"ab\"\"", "x"});
    for (const Row& row : rows) {
        CHECK(row.error.empty());
    }
}

TEST_CASE("csv: an unterminated quote at the end of input names the line it opened on") {
    const auto rows = read_all("a,b\n1,2\n3,\"open\nstill open\n\nend");
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].number == 3);
    CHECK(rows[2].line == 3);
    CHECK(rows[2].error == "unterminated quoted field starting at line 3");
    CHECK(rows[2].fields == Fields{"3", "open\nstill open\n\nend"});

    const auto later_line = read_all("x\n\"a\nb\",\"c\nd");
    REQUIRE(later_line.size() == 2);
    CHECK(later_line[1].line == 2);
    CHECK(later_line[1].error == "unterminated quoted field starting at line 3");
    CHECK(later_line[1].fields == Fields{"a\nb", "c\nd"});
}

TEST_CASE("csv: a field over max_field_bytes is an error and reading resumes at the next record") {
    ReaderOptions options;
    options.max_field_bytes = 5;
    options.chunk_bytes = 4;  // the long fields span several reads
    const auto rows = read_all(
        "ok,12345\n"
        "1,123456,after\n"
        "2,\"long, quoted\nwith a line break\",after\n"
        "3,fine\n"
        "4,toolong",
        options);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].fields == Fields{"ok", "12345"});
    CHECK(rows[0].error.empty());
    CHECK(rows[1].fields == Fields{"1"});
    CHECK(rows[1].error == "field longer than 5 bytes");
    CHECK(rows[2].fields == Fields{"2"});
    CHECK(rows[2].error == "field longer than 5 bytes");
    CHECK(rows[2].line == 3);
    CHECK(rows[3].fields == Fields{"3", "fine"});
    CHECK(rows[3].error.empty());
    CHECK(rows[3].line == 5);
    CHECK(rows[3].number == 4);
    CHECK(rows[4].fields == Fields{"4"});
    CHECK(rows[4].error == "field longer than 5 bytes");
}

TEST_CASE("csv: the default field limit is 1 MiB and the huge field is not kept") {
    const std::string huge(ReaderOptions{}.max_field_bytes + 1, 'x');
    const auto rows = read_all("a," + huge + ",b\nnext\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == Fields{"a"});
    CHECK(rows[0].error == "field longer than 1048576 bytes");
    CHECK(rows[1].fields == Fields{"next"});
    CHECK(rows[1].line == 2);

    const std::string exact(ReaderOptions{}.max_field_bytes, 'y');
    const auto fits = read_all(exact + "\n");
    REQUIRE(fits.size() == 1);
    CHECK(fits[0].error.empty());
    CHECK(fits[0].fields == Fields{exact});
}

TEST_CASE("csv: more than max_fields fields is an error and reading resumes at the next record") {
    ReaderOptions options;
    options.max_fields = 3;
    const auto rows = read_all("a,b,c\na,b,c,d,\"e\nf\",g\nx,y\n", options);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].error.empty());
    CHECK(rows[0].fields == Fields{"a", "b", "c"});
    CHECK(rows[1].error == "more than 3 fields");
    CHECK(rows[1].fields == Fields{"a", "b", "c"});
    CHECK(rows[2].fields == Fields{"x", "y"});
    CHECK(rows[2].line == 4);

    const std::string many = std::string(4096, ',') + "\nok\n";  // 4097 empty fields
    const auto defaults = read_all(many);
    REQUIRE(defaults.size() == 2);
    CHECK(defaults[0].error == "more than 4096 fields");
    CHECK(defaults[0].fields.size() == 4096);
    CHECK(defaults[1].fields == Fields{"ok"});
}

TEST_CASE("csv: an unterminated quote wins over a limit hit on the way") {
    ReaderOptions options;
    options.max_field_bytes = 3;
    const auto rows = read_all("a\n1,\"abcdef\n", options);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].error == "unterminated quoted field starting at line 2");
    CHECK(rows[1].fields == Fields{"1"});
}

TEST_CASE("csv: every chunk size gives the same records (fields span the buffer boundary)") {
    const std::string input =
        "\xEF\xBB\xBFid,notes,pain\r\n"
        "1,\"a quoted field, with \"\"escapes\"\"\r\nand a line break\",\"hip,groin\"\r\n"
        "\r\n"
        "2,\"\"\"\",x\ry\n"
        "3,\"unterminated\n";
    const std::vector<Row> expected = {
        {{"id", "notes", "pain"}, 1, 1, ""},
        {{"1", "a quoted field, with \"escapes\"\r\nand a line break", "hip,groin"}, 2, 2, ""},
        {{""}, 3, 4, ""},
        {{"2", "\"", "x"}, 4, 5, ""},
        {{"y"}, 5, 6, ""},
        {{"3", "unterminated\n"}, 6, 7, "unterminated quoted field starting at line 7"},
    };
    for (std::size_t chunk = 0; chunk <= input.size() + 1; ++chunk) {
        CAPTURE(chunk);  // 0: read in place
        const auto rows = chunk == 0 ? read_in_place(input) : read_all(input, with_chunk(chunk));
        REQUIRE(rows.size() == expected.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CAPTURE(i);
            CHECK(rows[i].fields == expected[i].fields);
            CHECK(rows[i].number == expected[i].number);
            CHECK(rows[i].line == expected[i].line);
            CHECK(rows[i].error == expected[i].error);
        }
    }
}

TEST_CASE("csv: random input gives the same records in every chunk size / within the limits") {
    std::mt19937 random(7);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    const std::string alphabet = "a,\"\r\n\xEF\xBB\xBF ";
    for (int iteration = 0; iteration < 2000; ++iteration) {
        std::string input;
        const auto size = random() % 30;
        for (std::uint32_t i = 0; i < size; ++i) {
            input += alphabet[random() % alphabet.size()];
        }
        CAPTURE(input);
        ReaderOptions options;
        options.max_field_bytes = random() % 6;
        options.max_fields = 1 + random() % 4;
        const auto expected = read_all(input, options);
        for (const Row& row : expected) {
            CHECK(row.fields.size() <= options.max_fields);
            for (const std::string& field : row.fields) {
                CHECK(field.size() <= options.max_field_bytes);
            }
        }
        for (std::size_t chunk = 0; chunk <= 5; ++chunk) {
            options.chunk_bytes = chunk == 0 ? 1 : chunk;
            const auto rows = chunk == 0 ? read_in_place(input, options) : read_all(input, options);
            REQUIRE(rows.size() == expected.size());
            for (std::size_t i = 0; i < rows.size(); ++i) {
                CHECK(rows[i].fields == expected[i].fields);
                CHECK(rows[i].line == expected[i].line);
                CHECK(rows[i].error == expected[i].error);
            }
        }
    }
}

TEST_CASE("csv: views stay valid until the next call and a record can be reused") {
    std::istringstream in("first,\"quo\"\"ted\"\nsecond\n");
    Reader reader(in, with_chunk(3));
    Record record;
    REQUIRE(reader.next(record));
    const std::vector<std::string_view> first = record.fields;
    CHECK(first[0] == "first");
    CHECK(first[1] == "quo\"ted");
    REQUIRE(reader.next(record));
    CHECK(record.fields == std::vector<std::string_view>{"second"});
    CHECK_FALSE(reader.next(record));
    CHECK(record.fields.empty());
    CHECK_FALSE(reader.next(record));
}

TEST_CASE("csv: a read failure throws std::system_error") {
    BrokenBuffer broken;
    std::istream in(&broken);
    Reader reader(in);
    Record record;
    CHECK_THROWS_AS(reader.next(record), std::system_error);
}

TEST_CASE("csv: writer quotes only when needed") {
    CHECK(write_all(
              {{"plain", " spaced ", "", "a,b", "say \"hi\"", "two\nlines", "cr\r"}, {"second"}}) ==
          "plain, spaced ,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\nsecond\n");
    CHECK(write_all({{"a;b", "c,d", "e\tf"}}, ';') == "\"a;b\";c,d;e\tf\n");
    CHECK(write_all({{"a\tb", "c d"}}, '\t') == "\"a\tb\"\tc d\n");
    CHECK(write_all({{}, {""}}) == "\n\n");
}

TEST_CASE("csv: writer quotes a short field for a special byte at any place") {
    // Fields of up to 16 bytes are copied, and the bytes copied are checked 16 at once, padded
    // with zeros: the check must see every byte of the field and nothing else that would change
    // the output (the padding matches a NUL delimiter, which only sends the field down the
    // general path; so would a check that read the stale quotes below from the buffer).
    for (const char delimiter : {',', ';', '\t', 'x', '\0'}) {
        for (std::size_t size = 0; size <= 20; ++size) {
            for (std::size_t at = 0; at <= size; ++at) {
                for (const char special : {delimiter, '"', '\r', '\n', 'a'}) {
                    std::string value(size, 'a');
                    if (at < size) {
                        value[at] = special;
                    }
                    // With ',': after a field of quotes longer than the buffer, which is
                    // drained before this field, so stale quotes lie right past it (once per
                    // case would be slow under the sanitizers).
                    const std::string before =
                        delimiter == ',' ? std::string(70000, '"') : std::string("x");
                    std::ostringstream out;
                    {
                        Writer writer(out, delimiter);
                        writer.field("start");
                        writer.field(before);
                        writer.end_record();
                        writer.field(value);
                        writer.field("b");
                        writer.end_record();
                    }
                    const std::string text = out.str();
                    const std::string second = text.substr(text.find('\n') + 1);
                    const bool quoted = value.find_first_of(std::string{delimiter, '"', '\r',
                                                                        '\n'}) != std::string::npos;
                    std::string want;
                    if (quoted) {
                        want = "\"";
                        for (const char c : value) {
                            want += c == '"' ? std::string(2, '"') : std::string(1, c);
                        }
                        want += "\"";
                    } else {
                        want = value;
                    }
                    want += delimiter;
                    want += "b\n";
                    CAPTURE(size);
                    CAPTURE(at);
                    CAPTURE(static_cast<int>(special));
                    CHECK(second == want);
                }
            }
        }
    }
}

TEST_CASE("csv: writer record() writes the fields and ends the record") {
    std::ostringstream out;
    {
        Writer writer(out);
        const std::vector<std::string_view> values = {"id", "x,y"};
        writer.record(values);
        writer.record(values);
    }  // the destructor flushes
    CHECK(out.str() == "id,\"x,y\"\nid,\"x,y\"\n");
}

TEST_CASE("csv: what the writer writes the reader reads back / in any chunk size") {
    std::mt19937 random(42);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    const std::string alphabet = "ab ,;\"\r\n\t=-1.";
    std::vector<Fields> records;
    for (int r = 0; r < 200; ++r) {
        Fields record;
        const auto count = 1 + random() % 6;
        for (std::uint32_t f = 0; f < count; ++f) {
            std::string value;
            const auto size = random() % 12;
            for (std::uint32_t i = 0; i < size; ++i) {
                value += alphabet[random() % alphabet.size()];
            }
            record.push_back(value);
        }
        if (record == Fields{""}) {
            record = {"x"};
        }
        records.push_back(record);
    }
    for (const char delimiter : {',', ';', '\t'}) {
        const std::string text = write_all(records, delimiter);
        for (const std::size_t chunk : {1U, 2U, 3U, 7U, 64U, 65536U}) {
            CAPTURE(chunk);
            ReaderOptions options;
            options.delimiter = delimiter;
            options.chunk_bytes = chunk;
            const auto rows = read_all(text, options);
            REQUIRE(rows.size() == records.size());
            for (std::size_t i = 0; i < rows.size(); ++i) {
                CHECK(rows[i].fields == records[i]);
                CHECK(rows[i].error.empty());
            }
        }
    }
}

TEST_CASE("csv: safe_spreadsheet defuses formulas but keeps plain numbers") {
    CHECK(write_one("=SUM(A1:A9)", true) == "'=SUM(A1:A9)");
    CHECK(write_one("+cmd", true) == "'+cmd");
    CHECK(write_one("-2+3", true) == "'-2+3");
    CHECK(write_one("@import", true) == "'@import");
    CHECK(write_one("\tleading tab", true) == "'\tleading tab");
    CHECK(write_one("\rcr", true) == "\"'\rcr\"");
    CHECK(write_one("=1,2", true) == "\"'=1,2\"");
    CHECK(write_one("-", true) == "'-");
    CHECK(write_one("-12.5", true) == "-12.5");
    CHECK(write_one("+3", true) == "+3");
    CHECK(write_one("-.5", true) == "-.5");
    CHECK(write_one("-1e-3", true) == "-1e-3");
    CHECK(write_one("plain", true) == "plain");
    CHECK(write_one("a=b", true) == "a=b");
    CHECK(write_one("", true) == "");
    CHECK(write_one("=SUM(A1:A9)", false) == "=SUM(A1:A9)");
}

TEST_CASE("csv: is_plain_number") {
    for (const char* yes : {"0", "12", "-12.5", "+3", ".5", "5.", "-0.25e+10", "1E3"}) {
        CAPTURE(yes);
        CHECK(thomas::csv::is_plain_number(yes));
    }
    for (const char* no :
         {"", "-", "+", ".", "1e", "1e+", "5,5", "7o", "1.2.3", " 1", "--1", "0x10"}) {
        CAPTURE(no);
        CHECK_FALSE(thomas::csv::is_plain_number(no));
    }
}

TEST_CASE("csv: writer reports write errors from flush() and not from the destructor") {
    BrokenBuffer broken;
    std::ostream out(&broken);
    Writer writer(out);
    writer.field("x");
    writer.end_record();
    CHECK_THROWS_AS(writer.flush(), std::system_error);
}

namespace {

// What Writer writes for `fields` as the second record of an output (so not at its start).
std::string encoded(const std::vector<std::string_view>& fields, char delimiter) {
    std::ostringstream out;
    Writer writer(out, delimiter);
    writer.field("header");
    writer.end_record();
    for (const std::string_view value : fields) {
        writer.field(value);
    }
    writer.flush();
    return out.str().substr(std::string_view("header\n").size());
}

// Reads `input` and checks every record: a verbatim one's text is what Writer writes for its
// fields, and Writer::fields writes the same bytes as field() per field. Returns how many
// records were verbatim and how many were not.
std::pair<int, int> check_verbatim(std::string_view input, ReaderOptions options) {
    std::istringstream in{std::string(input)};
    Reader reader(in, options);
    Record record;
    std::pair<int, int> counts{0, 0};
    while (reader.next(record)) {
        CAPTURE(record.number);
        const std::string by_field = encoded(record.fields, options.delimiter);
        if (record.verbatim) {
            ++counts.first;
            CHECK(record.error.empty());
            CHECK(std::string(record.text) == by_field);
        } else {
            ++counts.second;
            CHECK(record.text.empty());
        }
        std::ostringstream out;
        Writer writer(out, options.delimiter);
        writer.field("header");
        writer.end_record();
        writer.fields(record);
        writer.flush();
        CHECK(out.str().substr(std::string_view("header\n").size()) == by_field);
    }
    return counts;
}

}  // namespace

TEST_CASE("csv: a record is verbatim only when its text is what the writer would write") {
    const auto one = [](std::string_view input) {
        std::istringstream in{std::string(input)};
        Reader reader(in);
        Record record;
        REQUIRE(reader.next(record));
        return std::pair<bool, std::string>(record.verbatim, std::string(record.text));
    };
    using Result = std::pair<bool, std::string>;
    CHECK(one("a,b,c\n") == Result{true, "a,b,c"});
    CHECK(one("a,,\r\n") == Result{true, "a,,"});
    CHECK(one("\xEF\xBB\xBF"
              "a,b") == Result{true, "a,b"});  // the BOM is not text
    CHECK(one("\n") == Result{true, ""});
    CHECK(one("1,\"x, y\",2\n") == Result{true, "1,\"x, y\",2"});
    CHECK(one("1,\"two\nlines\"\r\n") == Result{true, "1,\"two\nlines\""});
    CHECK(one("1,\"x, y\"") == Result{true, "1,\"x, y\""});  // at the end of the input
    // Not what the writer writes: each gets re-encoded.
    CHECK(one("1,\"xy\",2\n") == Result{false, ""});            // quotes not needed
    CHECK(one("1,\"\"\n") == Result{false, ""});                // an empty quoted field
    CHECK(one("1,x\"y\n") == Result{false, ""});                // a literal quote needs quoting
    CHECK(one("1,\"a \"\"b\"\", c\"\n") == Result{false, ""});  // an escape was undone
    CHECK(one("1,\"a,b\"c\n") == Result{false, ""});            // text after the closing quote
    CHECK(one("1,\"open\n") == Result{false, ""});              // an error
}

TEST_CASE("csv: Writer::fields equals field() per field / for any input and chunk size") {
    std::mt19937 random(11);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    // Fields built to hit every case: plain, quoted with and without need, escapes, stray quotes.
    const std::string alphabet = "ab ,;\t\"\r\n";
    int verbatim = 0;
    int not_verbatim = 0;
    for (int iteration = 0; iteration < 400; ++iteration) {
        const char delimiter = ",;\t"[iteration % 3];
        std::string input;
        const auto records = 1 + random() % 4;
        for (std::uint32_t r = 0; r < records; ++r) {
            const auto fields = 1 + random() % 4;
            for (std::uint32_t f = 0; f < fields; ++f) {
                if (f > 0) {
                    input += delimiter;
                }
                std::string value;
                const auto size = random() % 6;
                for (std::uint32_t i = 0; i < size; ++i) {
                    value += alphabet[random() % alphabet.size()];
                }
                if (random() % 2 == 0) {  // quoted, escapes doubled
                    input += '"';
                    for (const char c : value) {
                        input += c == '"' ? "\"\"" : std::string(1, c);
                    }
                    input += '"';
                } else {  // as it comes: may hold stray quotes or split into more fields
                    input += value;
                }
            }
            input += random() % 2 == 0 ? "\n" : "\r\n";
        }
        CAPTURE(input);
        for (const std::size_t chunk : {1U, 2U, 5U, 65536U}) {
            ReaderOptions options;
            options.delimiter = delimiter;
            options.chunk_bytes = chunk;
            const auto [yes, no] = check_verbatim(input, options);
            verbatim += yes;
            not_verbatim += no;
        }
    }
    // Both paths were exercised, many times.
    CHECK(verbatim > 500);
    CHECK(not_verbatim > 500);
}

TEST_CASE("csv: Writer::fields re-encodes what only field() handles") {
    const std::string bom = "\xEF\xBB\xBF";
    const auto write = [](std::string_view input, bool safe_spreadsheet, bool after_a_field) {
        std::istringstream in{std::string(input)};
        Reader reader(in);
        Record record;
        REQUIRE(reader.next(record));
        REQUIRE(record.verbatim);
        std::ostringstream out;
        Writer writer(out, ',', safe_spreadsheet);
        if (after_a_field) {
            writer.field("x");
        }
        writer.fields(record);
        writer.end_record();
        writer.flush();
        return out.str();
    };
    // At the output start a field starting with a BOM is quoted (the second BOM is text).
    CHECK(write(bom + bom + "a,b\n", false, false) == "\"" + bom + "a\",b\n");
    CHECK(write(bom + bom + "a,b\n", false, true) == "x," + bom + "a,b\n");
    // --safe-spreadsheet defuses a formula, wherever the record goes.
    CHECK(write("=1+2,c\n", true, false) == "'=1+2,c\n");
    CHECK(write("=1+2,c\n", true, true) == "x,'=1+2,c\n");
    // Otherwise copied, after a delimiter when the record already has a field.
    CHECK(write("=1+2,\"c,d\"\n", false, true) == "x,=1+2,\"c,d\"\n");
}
