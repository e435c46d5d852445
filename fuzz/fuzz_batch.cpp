// Fuzz target for the whole batch path: run_batch on arbitrary CSV bytes with the embedded
// default rule set, to CSV and to JSON Lines, and once more as a European export (';' and
// decimal commas), which also runs the header classifier on other header cells.
//
// Invariants: it returns a summary or throws HeaderError/MapError (an unusable header, before
// anything is written); never another exception. When it returns, the output holds exactly
// one record per input record (nothing dropped, nothing duplicated), and the summary's counts
// add up.
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
        } catch (const thomas::batch::HeaderError&) {
        } catch (const thomas::batch::MapError&) {
        } catch (const std::exception& e) {
            std::fprintf(stderr, "run_batch threw: %s\n", e.what());
            fail("run_batch threw something other than HeaderError or MapError");
        }
    }
    return 0;
}
