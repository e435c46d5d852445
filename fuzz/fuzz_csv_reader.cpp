// Fuzz target for thomas::csv::Reader (and Writer, as an oracle).
//
// Input layout: byte 0 picks the chunk size (1..32 bytes, so records straddle chunks all the
// time), byte 1 the delimiter, byte 2 the field-length and field-count limits; the rest is the
// CSV text. Invariants checked on every input (a violation aborts, which libFuzzer reports):
// - the reader never throws on data and always terminates;
// - records are numbered 1, 2, 3... and start on strictly increasing lines;
// - the limits hold: no field longer than max_field_bytes, no more than max_fields fields, and a
//   record that would exceed them carries the matching error instead;
// - the chunk size changes nothing: a tiny-chunk read equals a one-chunk read record for record;
// - a well-formed record written back by csv::Writer reads back as the same fields;
// - a record marked verbatim has text equal to what csv::Writer writes for its fields (the
//   `batch` fast path copies that text instead of re-encoding the fields).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "thomas/csv.h"

namespace {

struct Owned {
    std::vector<std::string> fields;
    std::uint64_t number = 0;
    std::uint64_t line = 0;
    std::string error;
    bool operator==(const Owned&) const = default;
};

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

// What csv::Writer writes for the record as the second record of its output, through field()
// per field or through fields() (which copies a verbatim record's text).
std::string encoded(const thomas::csv::Record& record, char delimiter, bool through_fields) {
    std::ostringstream out;
    {
        thomas::csv::Writer writer(out, delimiter);
        writer.field("h");  // so the record is not at the output start
        writer.end_record();
        if (through_fields) {
            writer.fields(record);
        } else {
            for (const std::string_view value : record.fields) {
                writer.field(value);
            }
        }
        writer.flush();
    }
    return out.str().substr(2);
}

void check_verbatim(const thomas::csv::Record& record, char delimiter) {
    const std::string by_field = encoded(record, delimiter, false);
    if (encoded(record, delimiter, true) != by_field) {
        fail("Writer::fields wrote other bytes than field() per field");
    }
    if (!record.verbatim) {
        if (!record.text.empty()) {
            fail("a record that is not verbatim has text");
        }
        return;
    }
    if (!record.error.empty() || by_field != record.text) {
        fail("a verbatim record's text is not what the writer writes for its fields");
    }
}

std::vector<Owned> read_all(std::string_view text, const thomas::csv::ReaderOptions& options) {
    std::istringstream in{std::string(text)};
    thomas::csv::Reader reader(in, options);
    thomas::csv::Record record;
    std::vector<Owned> out;
    while (reader.next(record)) {
        check_verbatim(record, options.delimiter);
        Owned owned{
            {record.fields.begin(), record.fields.end()}, record.number, record.line, record.error};
        out.push_back(std::move(owned));
        if (out.size() > text.size() + 1) {
            fail("more records than input bytes");
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) {
        return 0;
    }
    static constexpr char k_delimiters[] = {',', ';', '\t', '|', ' ', 'a'};
    thomas::csv::ReaderOptions options;
    options.chunk_bytes = 1 + data[0] % 32;
    options.delimiter = k_delimiters[data[1] % sizeof k_delimiters];
    options.max_field_bytes = 1 + (data[2] & 0x0f) * 4;  // 1..61
    options.max_fields = 1 + (data[2] >> 4);             // 1..16
    const std::string_view text(reinterpret_cast<const char*>(data) + 3, size - 3);

    const std::vector<Owned> small = read_all(text, options);
    thomas::csv::ReaderOptions one_chunk = options;
    one_chunk.chunk_bytes = text.size() + 1;
    if (read_all(text, one_chunk) != small) {
        fail("the chunk size changed the records");
    }

    std::ostringstream written;
    {
        thomas::csv::Writer writer(written, options.delimiter);
        std::uint64_t previous_line = 0;
        for (std::size_t i = 0; i < small.size(); ++i) {
            const Owned& r = small[i];
            if (r.number != i + 1) {
                fail("records are not numbered 1, 2, 3...");
            }
            if (r.line <= previous_line) {
                fail("record lines do not increase");
            }
            previous_line = r.line;
            if (r.fields.size() > options.max_fields) {
                fail("more fields than max_fields");
            }
            for (const std::string& f : r.fields) {
                if (f.size() > options.max_field_bytes) {
                    fail("a field longer than max_field_bytes");
                }
            }
            if (r.error.empty()) {
                if (r.fields.empty()) {
                    fail("a well-formed record without fields");
                }
                const std::vector<std::string_view> views(r.fields.begin(), r.fields.end());
                writer.record(views);
            }
        }
        writer.flush();
    }

    // Round trip of the well-formed records, with limits that cannot trip.
    thomas::csv::ReaderOptions roomy = options;
    roomy.max_field_bytes = text.size() + 1;
    roomy.max_fields = text.size() + 2;
    const std::vector<Owned> again = read_all(written.str(), roomy);
    std::size_t j = 0;
    for (const Owned& r : small) {
        if (!r.error.empty()) {
            continue;
        }
        if (j >= again.size() || !again[j].error.empty() || again[j].fields != r.fields) {
            fail("a written record did not read back the same");
        }
        ++j;
    }
    if (j != again.size()) {
        fail("the written text read back as more records");
    }
    return 0;
}
