// `batch --jobs N` (see batch_run.h): the calling thread cuts the input into chunks of whole
// records (csv::RecordSplitter, a scan far cheaper than parsing) and writes the scored chunks
// in input order; N - 1 worker threads and the calling thread each parse and score whole chunks
// with their own Runner.
// Each chunk's Reader is renumbered to the chunk's first record and line, so messages, row
// numbers and counts are those of one Reader over the whole input.
//
// Memory stays bounded: at most 2N chunks are in flight (each about chunk_bytes of input and
// its output), and a record longer than 16 chunks is not held whole: from there on the rest of
// the input is read by one Reader on the calling thread, as --jobs 1 would.
#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <exception>
#include <istream>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <system_error>
#include <thread>
#include <vector>

#include "batch_run.h"
#include "chunk_sources.h"
#include "record_splitter.h"
#include "string_sink.h"

namespace thomas::batch::detail {
namespace {

using thomas::detail::PrefixedSource;
using thomas::detail::StringSink;

// A chunk on its way through a worker.
struct Slot {
    csv::Chunk chunk;
    std::string out;
    BatchSummary summary;
    std::exception_ptr error;
    bool done = false;
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

// N jobs score on N threads: N - 1 workers, and the calling thread, which scores queued chunks
// itself while it waits for the one it must write next. A calling thread that only waited
// would make N + 1 threads compete for N cores, and every wake-up would preempt a worker.
class Workers {
public:
    Workers(const RunSetup& setup, unsigned jobs) : setup_(setup), caller_(setup) {
        threads_.reserve(jobs - 1);
        try {
            for (unsigned i = 1; i < jobs; ++i) {
                threads_.emplace_back([this] { work(); });
            }
        } catch (...) {  // a thread the system would not start: end those that did
            stop_and_join();
            throw;
        }
    }
    // Stops and joins the threads, also when the run ends with an exception: the slots they
    // write to must outlive them.
    ~Workers() { stop_and_join(); }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    void submit(Slot& slot) {
        {
            const std::lock_guard lock(mutex_);
            slot.done = false;
            slot.error = nullptr;
            todo_.push_back(&slot);
        }
        wake_.notify_one();
    }

    // Returns once `slot` is done, scoring the oldest queued chunks here meanwhile.
    void wait(const Slot& slot) {
        std::unique_lock lock(mutex_);
        while (!slot.done) {
            if (todo_.empty()) {
                done_.wait(lock);
                continue;
            }
            Slot* mine = todo_.front();
            todo_.pop_front();
            lock.unlock();
            score(*mine, caller_);
            lock.lock();
            mine->done = true;
        }
    }

private:
    void stop_and_join() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
            todo_.clear();
        }
        wake_.notify_all();
        for (auto& t : threads_) {
            t.join();
        }
    }
    void work() {
        Scratch scratch(setup_);
        for (;;) {
            Slot* slot = nullptr;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stop_ || !todo_.empty(); });
                if (stop_) {
                    return;
                }
                slot = todo_.front();
                todo_.pop_front();
            }
            score(*slot, scratch);
            {
                const std::lock_guard lock(mutex_);
                slot->done = true;
            }
            done_.notify_one();  // only the calling thread waits
        }
    }

    static void score(Slot& slot, Scratch& scratch) noexcept {
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

    const RunSetup& setup_;
    Scratch caller_;  // the calling thread's
    std::mutex mutex_;
    std::condition_variable wake_;  // work to do, or stop
    std::condition_variable done_;  // a slot is done
    std::deque<Slot*> todo_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

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

    std::vector<Slot> slots(2 * std::size_t{jobs});
    Workers workers(setup, jobs);  // declared after the slots: joined before they go
    std::size_t submitted = 0;
    std::size_t written = 0;
    const auto write_next = [&] {
        Slot& slot = slots[written % slots.size()];
        workers.wait(slot);
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
        ++written;
        if (progress) {
            progress(total.rows_read);
        }
    };
    csv::RecordSplitter::Cut cut{};
    for (;;) {
        if (submitted - written == slots.size()) {
            write_next();
        }
        Slot& slot = slots[submitted % slots.size()];
        cut = splitter.next(slot.chunk, target, max_record);
        if (cut != csv::RecordSplitter::Cut::chunk) {
            break;
        }
        workers.submit(slot);
        ++submitted;
    }
    while (written < submitted) {
        write_next();
    }
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
