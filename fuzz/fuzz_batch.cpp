// Fuzz target for the whole batch path: run_batch on arbitrary CSV bytes with the embedded
// default rule set, to CSV and to JSON Lines, and once more as a European export (';' and
// decimal commas), which also runs the header classifier on other header cells.
//
// Invariants: it returns a summary or throws HeaderError/MapError (an unusable header, before
// anything is written); never another exception. When it returns, the output holds exactly
// one record per input record (nothing dropped, nothing duplicated), and the summary's counts
// add up. The same input with --jobs 2 or 3 and a chunk size from 1 to 64 bytes (taken from
// the input) gives the same bytes, the same counts and the same exception.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <sstream>
#include <string>

#include "thomas/batch.h"
#include "thomas/csv.h"
#include "thomas/embedded_rules.h"

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

std::uint64_t count_records(const std::string& text, char delimiter) {
    std::istringstream in(text);
    thomas::csv::ReaderOptions options;
    options.delimiter = delimiter;
    thomas::csv::Reader reader(in, options);
    thomas::csv::Record record;
    std::uint64_t n = 0;
    while (reader.next(record)) {
        ++n;
    }
    return n;
}

struct Outcome {
    std::string out;
    thomas::batch::BatchSummary summary;
    std::string error;
};

Outcome run(const std::string& input, const thomas::batch::BatchOptions& options) {
    std::istringstream in(input);
    std::ostringstream out;
    Outcome r;
    try {
        r.summary = thomas::batch::run_batch(thomas::default_rules(), in, out, options);
    } catch (const thomas::batch::HeaderError& e) {
        r.error = std::string("header: ") + e.what();
    } catch (const thomas::batch::MapError& e) {
        r.error = std::string("map: ") + e.what();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "run_batch threw: %s\n", e.what());
        fail("run_batch threw something other than HeaderError or MapError");
    }
    r.out = out.str();
    return r;
}

// --jobs N against --jobs 1: every byte, count and message.
void check_jobs(const std::string& input, thomas::batch::BatchOptions options, const Outcome& one) {
    const std::size_t h = input.empty() ? 0 : static_cast<unsigned char>(input.back());
    options.jobs = 2 + static_cast<unsigned>(h % 2);
    options.chunk_bytes = 1 + (input.size() + h) % 64;
    const Outcome many = run(input, options);
    if (many.out != one.out || many.error != one.error) {
        fail("--jobs N output differs from --jobs 1");
    }
    const auto& a = one.summary;
    const auto& b = many.summary;
    if (a.rows_read != b.rows_read || a.rows_scored != b.rows_scored || a.errors != b.errors ||
        a.per_result != b.per_result) {
        fail("--jobs N summary differs from --jobs 1");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    enum class Pass { csv, jsonl, european };
    for (const auto pass : {Pass::csv, Pass::jsonl, Pass::european}) {
        std::istringstream in(input);
        std::ostringstream out;
        thomas::batch::BatchOptions options;
        const auto format =
            pass == Pass::jsonl ? thomas::batch::Format::jsonl : thomas::batch::Format::csv;
        options.format = format;
        if (pass == Pass::european) {
            options.delimiter = ';';
            options.decimal_comma = true;
        }
        try {
            const auto summary =
                thomas::batch::run_batch(thomas::default_rules(), in, out, options);
            Outcome one{out.str(), summary, {}};
            check_jobs(input, options, one);
            std::uint64_t per_result = 0;
            for (auto n : summary.per_result) {
                per_result += n;
            }
            if (summary.rows_scored + summary.errors != summary.rows_read ||
                per_result != summary.rows_scored) {
                fail("summary counts do not add up");
            }
            const std::string text = out.str();
            if (format == thomas::batch::Format::csv) {
                // Output = header + one record per data row.
                if (count_records(text, options.delimiter) != summary.rows_read + 1) {
                    fail("CSV output records differ from input records");
                }
            } else {
                std::uint64_t lines = 0;
                for (char c : text) {
                    lines += c == '\n' ? 1 : 0;
                }
                if (lines != summary.rows_read) {
                    fail("JSON Lines output lines differ from input records");
                }
            }
        } catch (const thomas::batch::HeaderError& e) {
            check_jobs(input, options, Outcome{{}, {}, std::string("header: ") + e.what()});
        } catch (const thomas::batch::MapError& e) {
            check_jobs(input, options, Outcome{{}, {}, std::string("map: ") + e.what()});
        } catch (const std::exception& e) {
            std::fprintf(stderr, "run_batch threw: %s\n", e.what());
            fail("run_batch threw something other than HeaderError or MapError");
        }
    }
    return 0;
}
