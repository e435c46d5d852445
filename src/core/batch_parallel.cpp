// `batch --jobs N` (see batch_run.h): the calling thread cuts the input into chunks of whole
// records (csv::RecordSplitter, a scan far cheaper than parsing) and writes the scored chunks
// in input order; N - 1 worker threads and the calling thread each parse and score whole chunks
// with their own Runner (detail::for_produced_blocks_in_order).
// Each chunk's Reader is renumbered to the chunk's first record and line, so messages, row
// numbers and counts are those of one Reader over the whole input.
//
// Memory stays bounded: at most 4N chunks are in flight (each about chunk_bytes of input and
// its output), and a record longer than 16 chunks is not held whole: from there on the rest of
// the input is read by one Reader on the calling thread, as --jobs 1 would.
#include <algorithm>
#include <cerrno>
#include <exception>
#include <istream>
#include <memory>
#include <ostream>
#include <streambuf>
#include <system_error>
#include <vector>

#include "batch_run.h"
#include "chunk_sources.h"
#include "ordered_blocks.h"
#include "record_splitter.h"
#include "string_sink.h"

namespace thomas::batch::detail {
namespace {

using thomas::detail::PrefixedSource;
using thomas::detail::StringSink;

// A chunk on its way through a thread. A failure while scoring it is kept here and rethrown
// when the chunk's turn to be written comes, after the chunks before it are written, as
// --jobs 1 would have written them.
struct Slot {
    csv::Chunk chunk;
    std::string out;
    BatchSummary summary;
    std::exception_ptr error;
};

csv::ReaderOptions chunk_reader_options(const BatchOptions& options) {
    csv::ReaderOptions reader;
    reader.delimiter = options.delimiter;
    reader.skip_bom = false;  // only the start of the input may hold a byte order mark
    return reader;
}

// What one thread needs to score chunks: its own Runner writing into whichever slot's string.
struct Scratch {
    explicit Scratch(const RunSetup& setup)
        : scorer(setup, out), reader_options(chunk_reader_options(setup.options)) {
        scorer.continue_output();
    }
    StringSink sink;
    std::ostream out{&sink};
    RowScorer scorer;
    csv::ReaderOptions reader_options;
};

void score(Slot& slot, Scratch& scratch) noexcept {
    try {
        csv::Reader reader(slot.chunk.data.get(), slot.chunk.size, scratch.reader_options);
        reader.renumber(slot.chunk.first_record, slot.chunk.first_line);
        slot.out.clear();
        scratch.sink.target(&slot.out);
        slot.summary = scratch.scorer.score(reader);
    } catch (...) {
        slot.error = std::current_exception();
    }
}

}  // namespace

BatchSummary run_parallel(const RunSetup& setup, unsigned jobs, csv::Reader& reader,
                          std::istream& in, std::ostream& out, const ProgressFn& progress) {
    const BatchOptions& options = setup.options;
    BatchSummary total;
    {
        RowScorer head(setup, out);
        if (options.output_header) {
            head.write_header();
        }
        head.finish();
    }
    csv::RecordSplitter splitter(in, options.delimiter, reader.unparsed(), reader.after_cr(),
                                 reader.next_record(), reader.next_line());
    const std::size_t target = std::max<std::size_t>(options.chunk_bytes, 1);
    const std::size_t max_record = 16 * target;

    std::vector<std::unique_ptr<Scratch>> scratch;  // one per thread; 0 is the calling thread's
    for (unsigned i = 0; i < jobs; ++i) {
        scratch.push_back(std::make_unique<Scratch>(setup));
    }
    csv::RecordSplitter::Cut cut{};
    thomas::detail::for_produced_blocks_in_order<Slot>(
        jobs,
        [&](Slot& slot) {
            slot.error = nullptr;
            cut = splitter.next(slot.chunk, target, max_record);
            return cut == csv::RecordSplitter::Cut::chunk;
        },
        [&](unsigned worker, Slot& slot) { score(slot, *scratch[worker]); },
        [&](Slot& slot) {
            if (slot.error) {
                std::rethrow_exception(slot.error);
            }
            errno = 0;
            out.write(slot.out.data(), static_cast<std::streamsize>(slot.out.size()));
            if (out.bad()) {
                const int error = errno != 0 ? errno : static_cast<int>(std::errc::io_error);
                throw std::system_error(error, std::generic_category(), "batch: write failed");
            }
            add(total, slot.summary);
            if (progress) {
                progress(total.rows_read);
            }
        });
    if (cut == csv::RecordSplitter::Cut::too_long) {
        PrefixedSource source(splitter.pending(), in);
        std::istream rest(&source);
        csv::Reader rest_reader(rest, chunk_reader_options(options));
        rest_reader.renumber(splitter.next_record(), splitter.next_line());
        RowScorer tail(setup, out);
        tail.continue_output();
        const std::uint64_t before = total.rows_read;
        add(total, tail.score(rest_reader, [&](std::uint64_t rows) {
            if (progress) {
                progress(before + rows);
            }
        }));
    }
    errno = 0;
    out.flush();
    if (out.bad()) {
        const int error = errno != 0 ? errno : static_cast<int>(std::errc::io_error);
        throw std::system_error(error, std::generic_category(), "batch: write failed");
    }
    return total;
}

}  // namespace thomas::batch::detail
