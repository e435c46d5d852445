// batch --jobs N and partitions: the output, the summary and the error thrown must be byte for
// byte those of one thread, for random CSV full of what cuts records in the wrong place
// (quoted delimiters and line breaks, CRLF and lone CR, doubled quotes, a BOM inside the file,
// empty lines, ragged and bad rows, an unterminated quote, records longer than a chunk) and
// random chunk sizes down to one byte.
#include <doctest/doctest.h>

#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "record_splitter.h"
#include "thomas/batch.h"
#include "thomas/csv.h"
#include "thomas/embedded_rules.h"

namespace {

using thomas::batch::BatchOptions;

// Under AddressSanitizer (the CI's second run of the suite) every thread and allocation costs
// far more: fewer random inputs, the same mix.
#if defined(__SANITIZE_ADDRESS__)
constexpr int k_scale = 25;
#else
constexpr int k_scale = 1;
#endif

struct Outcome {
    std::string out;
    thomas::batch::BatchSummary summary;
    std::string error;  // the exception's type and message, if one was thrown

    bool operator==(const Outcome& o) const {
        return out == o.out && error == o.error && summary.rows_read == o.summary.rows_read &&
               summary.rows_scored == o.summary.rows_scored && summary.errors == o.summary.errors &&
               summary.per_result == o.summary.per_result;
    }
};

Outcome run(const std::string& input, const BatchOptions& options) {
    std::istringstream in(input);
    std::ostringstream out;
    Outcome r;
    try {
        r.summary = thomas::batch::run_batch(thomas::default_rules(), in, out, options);
    } catch (const thomas::batch::HeaderError& e) {
        r.error = std::string("header: ") + e.what();
    } catch (const thomas::batch::MapError& e) {
        r.error = std::string("map: ") + e.what();
    }
    r.out = out.str();
    return r;
}

// A random clinic-like CSV; `d` is the delimiter.
std::string random_csv(std::mt19937& rng, char d) {
    const auto pick = [&rng](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    const std::string D(1, d);
    const std::vector<std::string> breaks = {"\n", "\r\n", "\r"};
    const std::vector<std::string> cells = {"",
                                            "right",
                                            "left",
                                            "12",
                                            "-3.5",
                                            "120",
                                            "abc",
                                            "yes",
                                            "no",
                                            "stretch",
                                            "\"stretch" + D + "hip\"",
                                            "\"a \"\"quoted\"\" note\"",
                                            "\"two\nlines\"",
                                            "\"crlf\r\ninside\"",
                                            "\"lone\rcr\"",
                                            "ab\"c",
                                            "\"ab\"c",
                                            std::string("\xEF\xBB\xBF") + "bom",
                                            "\"\"",
                                            "\"" + D + "\"",
                                            "\"q \"\"\nz\"",
                                            "\"\"\"\r\n\"\"\"",
                                            "   ",
                                            "\"\n\"",
                                            "none",
                                            "7o",
                                            "nan"};
    std::string s;
    if (pick(4) == 0) {
        s += "\xEF\xBB\xBF";
    }
    s += "id" + D + "side" + D + "thigh_angle" + D + "knee_flexion" + D + "lumbar_flat" + D +
         "pain" + D + "notes";
    const std::size_t rows = pick(40);
    for (std::size_t r = 0; r < rows; ++r) {
        s += breaks[pick(breaks.size())];
        if (pick(15) == 0) {
            continue;  // an empty line
        }
        const std::size_t fields = pick(10) == 0 ? pick(10) + 1 : 7;
        for (std::size_t f = 0; f < fields; ++f) {
            if (f > 0) {
                s += D;
            }
            if (pick(60) == 0) {
                s += '"';  // a field longer than many chunks
                s.append(pick(3000), 'x');
                s += '"';
            } else {
                s += cells[pick(cells.size())];
            }
        }
    }
    switch (pick(6)) {
        case 0:
            s += breaks[pick(breaks.size())];
            break;
        case 1:
            s += "\n\"unterminated" + D + "x\n";
            break;
        default:
            break;
    }
    return s;
}

}  // namespace

TEST_CASE("record splitter: chunks read one by one give one reader's records, lines included") {
    // Long inputs from few kinds of pieces, in every mix: quotes that open, close, double or stay
    // literal, CR, CRLF, line breaks in quotes, runs of plain bytes, chunk cuts anywhere.
    const std::vector<std::string> plain = {"a", "bc", ",", ";", std::string(40, 'x')};
    const std::vector<std::string> special = {"\"",   "\"\"", "\n",   ",\"q,\nz\",",
                                              "\"\n", "\r",   "\r\n", "\"\r"};
    std::mt19937 rng(64);
    for (int i = 0; i < 3000 / k_scale; ++i) {
        const char d = i % 3 == 2 ? ';' : ',';
        // Two inputs in three have no CR.
        const std::size_t kinds = i % 3 == 0 ? special.size() : special.size() - 3;
        const std::size_t one_in = 2 + rng() % 8;  // how often a special piece comes
        std::string input;
        // Now and then more than the splitter reads at once (64 KiB), so chunks start mid-input.
        const std::size_t n = i % 100 == 7 ? 20000 : rng() % 400;
        for (std::size_t k = 0; k < n; ++k) {
            input += rng() % one_in == 0 ? special[rng() % kinds] : plain[rng() % plain.size()];
        }
        thomas::csv::ReaderOptions options;
        options.delimiter = d;
        std::istringstream whole_in(input);
        thomas::csv::Reader whole(whole_in, options);
        std::vector<std::string> expected;
        thomas::csv::Record record;
        const auto describe = [](const thomas::csv::Record& r) {
            std::string text = std::to_string(r.number) + "@" + std::to_string(r.line) + ":";
            for (const auto f : r.fields) {
                text += std::string(f) + "|";
            }
            return text + r.error;
        };
        while (whole.next(record)) {
            expected.push_back(describe(record));
        }
        std::istringstream in(input);
        thomas::csv::RecordSplitter splitter(in, d, {}, false, 1, 1);
        thomas::csv::Chunk chunk;
        std::vector<std::string> got;
        const std::size_t target = 1 + rng() % (i % 2 == 0 ? 300 : 5000);
        while (splitter.next(chunk, target, std::size_t{1} << 30) ==
               thomas::csv::RecordSplitter::Cut::chunk) {
            thomas::csv::Reader reader(chunk.data.get(), chunk.size, options);
            reader.renumber(chunk.first_record, chunk.first_line);
            std::uint64_t records = 0;
            while (reader.next(record)) {
                got.push_back(describe(record));
                ++records;
            }
            CHECK(records == chunk.records);
        }
        INFO("input: ", input, "\ntarget ", target);
        CHECK(got == expected);
        // Where the input ends: what a reader of more input would number next.
        CHECK(splitter.next_record() == whole.next_record());
        CHECK(splitter.next_line() == whole.next_line());
    }
}

TEST_CASE("batch --jobs N writes byte for byte what --jobs 1 writes, for any chunk size") {
    std::mt19937 rng(20261130);
    for (int i = 0; i < 1500 / k_scale; ++i) {
        const char d = i % 5 == 4 ? ';' : ',';
        const std::string input = random_csv(rng, d);
        BatchOptions options;
        options.delimiter = d;
        options.format = i % 3 == 2 ? thomas::batch::Format::jsonl : thomas::batch::Format::csv;
        options.explain_columns = i % 7 == 3;
        options.safe_spreadsheet = i % 11 == 5;
        options.output_header = i % 4 != 1;
        if (i % 6 == 0) {
            options.first_row = 1000 + static_cast<std::uint64_t>(i);
            options.first_line = i % 12 == 0 ? 5000 : 0;
        }
        const Outcome one = run(input, options);
        options.jobs = 2 + static_cast<unsigned>(rng() % 3);
        options.chunk_bytes = 1 + rng() % (i % 2 == 0 ? 16 : 400);
        const Outcome many = run(input, options);
        INFO("input: ", input, "\njobs ", options.jobs, ", chunk bytes ", options.chunk_bytes);
        CHECK(many.out == one.out);
        CHECK(many.error == one.error);
        CHECK(many == one);
    }
}

TEST_CASE("batch --jobs: messages keep the whole file's row and line numbers") {
    const std::string input =
        "id,side,thigh_angle,notes\n"
        "1,right,5,\"a\nb\"\n"
        "2,right,500,x\n"
        "3,left,abc,\"c\r\nd\"\n"
        "4,right,1,\"unterminated\n";
    BatchOptions options;
    const Outcome one = run(input, options);
    CHECK(one.out.find("row 3 (line 4), column thigh_angle: thigh_angle 500") != std::string::npos);
    CHECK(one.out.find("row 5 (line 7): unterminated quoted field starting at line 7") !=
          std::string::npos);
    for (std::size_t chunk = 1; chunk < input.size();
         chunk += 1 + chunk / (8 * std::size_t{k_scale})) {
        options.jobs = 3;
        options.chunk_bytes = chunk;
        CHECK(run(input, options) == one);
    }
}

TEST_CASE("batch partitions: outputs without header, renumbered, concatenate into the whole") {
    // Cut the data records the way a driver would (here with the splitter, at whole records),
    // score each partition on its own with the header in front, and join the outputs.
    std::mt19937 rng(15);
    for (int i = 0; i < 300 / k_scale; ++i) {
        std::string input = random_csv(rng, ',');
        const std::size_t header_end = input.find_first_of("\r\n");
        if (header_end == std::string::npos) {
            continue;  // no data row
        }
        BatchOptions options;
        options.format = i % 2 == 0 ? thomas::batch::Format::csv : thomas::batch::Format::jsonl;
        const Outcome whole = run(input, options);
        if (!whole.error.empty()) {
            continue;
        }
        // The data records start after the header's line break (CRLF, or a lone CR or LF).
        const std::size_t data = header_end + (input.compare(header_end, 2, "\r\n") == 0 ? 2 : 1);
        std::istringstream in(input.substr(data));
        const std::string header = input.substr(0, header_end) + "\n";
        thomas::csv::RecordSplitter splitter(in, ',', {}, false, 2, 2);
        thomas::csv::Chunk chunk;
        std::string joined;
        bool first = true;
        while (splitter.next(chunk, 1 + rng() % 200, std::size_t{1} << 30) ==
               thomas::csv::RecordSplitter::Cut::chunk) {
            BatchOptions part = options;
            part.output_header = first;
            part.first_row = chunk.first_record;
            part.first_line = chunk.first_line;
            first = false;
            const Outcome out = run(header + std::string(chunk.bytes()), part);
            REQUIRE(out.error.empty());
            joined += out.out;
        }
        if (first) {
            continue;  // no data row: nothing to compare
        }
        INFO("input: ", input);
        CHECK(joined == whole.out);
    }
}
