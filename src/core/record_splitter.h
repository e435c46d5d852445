// Cuts a CSV stream into chunks of whole records for a parallel `batch`, without parsing
// fields: a scan that follows csv::Reader's rules for where a record ends (quotes, CRLF, a lone
// CR) and how physical lines count, so that each chunk, read by its own Reader renumbered to
// the chunk's first record and line, gives exactly the records one Reader would give.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace thomas::csv {

// Whole records, as read, with where they start in the input. The splitter hands over its read
// buffer as the chunk's bytes and keeps the chunk's previous buffer for what follows, so no
// chunk is copied.
struct Chunk {
    std::unique_ptr<char[]> data;  // `size` bytes of records, then spare capacity
    std::size_t size = 0;
    std::size_t capacity = 0;  // bytes data holds, not counting find_any's padding after them
    std::string_view bytes() const { return {data.get(), size}; }
    std::uint64_t first_record = 0;  // number of its first record
    std::uint64_t first_line = 0;    // physical line where that record starts
    std::uint64_t records = 0;
};

class RecordSplitter {
public:
    enum class Cut : std::uint8_t {
        chunk,     // `chunk` holds the next records
        end,       // the input is exhausted
        too_long,  // one record is longer than the limit: read the rest with pending() first
    };

    // Continues the input where a Reader stopped: `unparsed` are the bytes it had read but not
    // parsed, `after_cr` whether its last record ended with a CR (so a leading LF belongs to that
    // record), and the next record's number and line. Throws std::invalid_argument for a
    // delimiter the Reader would refuse.
    RecordSplitter(std::istream& in, char delimiter, std::string_view unparsed, bool after_cr,
                   std::uint64_t next_record, std::uint64_t next_line);
    ~RecordSplitter();
    RecordSplitter(const RecordSplitter&) = delete;
    RecordSplitter& operator=(const RecordSplitter&) = delete;

    // Moves at least `target` bytes of whole records (fewer only at the end of the input) into
    // `chunk`. Returns too_long, keeping everything, when the record in progress is longer than
    // `max_record` bytes; the caller then reads pending() followed by the rest of the stream,
    // numbered from next_record() and next_line(). Throws std::system_error when the stream
    // reports a read failure.
    Cut next(Chunk& chunk, std::size_t target, std::size_t max_record);

    std::string_view pending() const { return {buffer_.get(), end_}; }
    std::uint64_t next_record() const { return next_record_; }
    std::uint64_t next_line() const { return next_line_; }

private:
    enum class State : std::uint8_t { unquoted, quoted, quote_in_quoted };

    void scan();
    bool read_more(std::size_t want);
    void resolve_cr(std::size_t at);

    std::istream& in_;
    char delimiter_;
    std::unique_ptr<char[]> buffer_;  // bytes not handed out yet, with find_any's padding
    std::size_t capacity_ = 0;
    std::size_t end_ = 0;   // bytes in the buffer
    std::size_t scan_ = 0;  // bytes scanned
    bool eof_ = false;
    bool drop_lf_ = false;  // the Reader's last record ended with a CR

    State state_ = State::unquoted;
    bool cr_in_quotes_ = false;  // the last byte in a quoted field was a CR (CRLF is one line)
    bool cr_end_ = false;        // a record ended with a CR whose next byte is not scanned yet
    std::uint64_t line_ = 0;     // physical line at the scan position

    // The last record boundary found (after the LF of a CRLF), and the counts there.
    std::size_t cut_ = 0;
    std::uint64_t cut_records_ = 0;  // records between the buffer start and cut_
    std::uint64_t cut_line_ = 0;
    std::uint64_t scanned_records_ = 0;  // records ended between the buffer start and scan_

    std::uint64_t next_record_;  // number of the record at the buffer start
    std::uint64_t next_line_;    // its line
};

}  // namespace thomas::csv
