// The record splitter (see record_splitter.h). It mirrors csv::Reader::parse_record but stores
// nothing: a record ends at CR or LF outside quotes, a quote opens a quoted field only at the
// start of a field, "" inside quotes stays quoted, and lines count as the
// Reader counts them (CRLF is one line, inside quotes too). The property test and fuzz_batch
// compare every chunking with one Reader, so a change to one must be made to the other.
#include "record_splitter.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <stdexcept>
#include <system_error>

#include "byte_scan.h"

namespace thomas::csv {
namespace {

constexpr char k_quote = '"';
constexpr char k_cr = '\r';
constexpr char k_lf = '\n';
constexpr std::size_t k_min_read = std::size_t{64} << 10;

}  // namespace

RecordSplitter::RecordSplitter(std::istream& in, char delimiter, std::string_view unparsed,
                               bool after_cr, std::uint64_t next_record, std::uint64_t next_line)
    : in_(in),
      delimiter_(delimiter),
      drop_lf_(after_cr),
      line_(next_line),
      cut_line_(next_line),
      next_record_(next_record),
      next_line_(next_line) {
    if (delimiter == k_quote || delimiter == k_cr || delimiter == k_lf ||
        static_cast<unsigned char>(delimiter) >= 0x80) {
        throw std::invalid_argument(
            "csv: the delimiter must be an ASCII character other than a quote, CR or LF");
    }
    capacity_ = std::max(unparsed.size(), k_min_read);
    buffer_ = std::make_unique<char[]>(capacity_ + k_padding);
    if (!unparsed.empty()) {
        std::memcpy(buffer_.get(), unparsed.data(), unparsed.size());
    }
    end_ = unparsed.size();
}

RecordSplitter::~RecordSplitter() = default;

bool RecordSplitter::read_more(std::size_t want) {
    if (capacity_ - end_ < want) {
        const std::size_t capacity = std::max(2 * capacity_, end_ + want);
        auto grown = std::make_unique<char[]>(capacity + k_padding);
        std::memcpy(grown.get(), buffer_.get(), end_);
        buffer_ = std::move(grown);
        capacity_ = capacity;
    }
    in_.read(buffer_.get() + end_, static_cast<std::streamsize>(want));
    const auto got = static_cast<std::size_t>(in_.gcount());
    if (in_.bad()) {
        throw std::system_error(std::make_error_code(std::errc::io_error), "csv: read failed");
    }
    eof_ = got < want;  // istream::read returns fewer bytes only at the end of the input
    end_ += got;
    return got > 0;
}

// A record boundary at `at`, with the counts of the scan so far.
void RecordSplitter::resolve_cr(std::size_t at) {
    cut_ = at;
    cut_records_ = scanned_records_;
    cut_line_ = line_;
}

void RecordSplitter::scan() {
    char* const base = buffer_.get();
    char* p = base + scan_;
    char* const end = base + end_;
    while (p < end) {
        if (cr_end_) {  // the byte after a record's CR: an LF is part of that line break
            cr_end_ = false;
            if (*p == k_lf) {
                ++p;
            }
            resolve_cr(static_cast<std::size_t>(p - base));
            continue;
        }
        switch (state_) {
            case State::unquoted: {
                // Delimiters matter only before a quote, so the scan skips them: a quote opens a
                // quoted field when it starts one (the buffer starts a record; a delimiter or a
                // line break seen unquoted ends a field), else it is kept literally.
                // An LF ends a record and nothing else happens there, so the LFs before the
                // next quote or CR are counted in one pass rather than stopped at one by one.
                std::size_t lfs = 0;
                char* last_lf = nullptr;
                p = find_counting(p, end, k_quote, k_cr, k_lf, lfs, last_lf);
                if (lfs != 0) {
                    line_ += lfs;
                    scanned_records_ += lfs;
                    resolve_cr(static_cast<std::size_t>(last_lf + 1 - base));
                }
                if (p == end) {
                    break;
                }
                const char c = *p;
                if (c == k_quote) {
                    const bool opens =
                        p == base || p[-1] == delimiter_ || p[-1] == k_cr || p[-1] == k_lf;
                    ++p;
                    if (opens) {
                        state_ = State::quoted;
                        cr_in_quotes_ = false;
                    }
                    break;
                }
                ++p;  // a CR ends the record
                ++line_;
                ++scanned_records_;
                cr_end_ = true;
                break;
            }
            case State::quoted: {
                const char* const run = p;
                p = find_any(p, end, k_quote, k_cr, k_lf, k_quote);
                if (p != run) {
                    cr_in_quotes_ = false;
                }
                if (p == end) {
                    break;
                }
                const char c = *p++;
                if (c == k_quote) {
                    cr_in_quotes_ = false;
                    state_ = State::quote_in_quoted;
                } else {
                    if (c == k_cr || !cr_in_quotes_) {
                        ++line_;
                    }
                    cr_in_quotes_ = c == k_cr;
                }
                break;
            }
            case State::quote_in_quoted:
                if (*p == k_quote) {  // a doubled quote: still inside
                    ++p;
                    state_ = State::quoted;
                } else {  // the closing quote: what follows is read as unquoted
                    state_ = State::unquoted;
                }
                break;
        }
    }
    scan_ = static_cast<std::size_t>(p - base);
}

RecordSplitter::Cut RecordSplitter::next(Chunk& chunk, std::size_t target, std::size_t max_record) {
    for (;;) {
        if (drop_lf_ && end_ > 0) {  // the LF of the CRLF that ended the Reader's last record
            drop_lf_ = false;
            if (buffer_[0] == k_lf) {
                std::memmove(buffer_.get(), buffer_.get() + 1, end_ - 1);
                --end_;
            }
        }
        scan();
        if (eof_) {
            if (cr_end_) {
                cr_end_ = false;
                resolve_cr(end_);
            }
            if (end_ > cut_) {  // the last record, without a line break (maybe unterminated)
                ++scanned_records_;
                resolve_cr(end_);
            }
        }
        const bool too_long = end_ - cut_ > max_record;
        if (cut_ > 0 && (cut_ >= target || eof_ || too_long)) {
            // The buffer becomes the chunk, and the rest moves to the chunk's old buffer.
            std::swap(chunk.data, buffer_);
            std::swap(chunk.capacity, capacity_);
            chunk.size = cut_;
            if (capacity_ < end_ - cut_ || !buffer_) {
                capacity_ = std::max(end_ - cut_, k_min_read);
                buffer_ = std::make_unique<char[]>(capacity_ + k_padding);
            }
            if (end_ > cut_) {
                std::memcpy(buffer_.get(), chunk.data.get() + cut_, end_ - cut_);
            }
            chunk.first_record = next_record_;
            chunk.first_line = next_line_;
            chunk.records = cut_records_;
            next_record_ += cut_records_;
            next_line_ = cut_line_;
            end_ -= cut_;
            scan_ -= cut_;
            scanned_records_ -= cut_records_;
            cut_ = 0;
            cut_records_ = 0;
            return Cut::chunk;
        }
        if (eof_ && end_ == 0) {
            return Cut::end;
        }
        if (too_long) {
            return Cut::too_long;
        }
        read_more(std::max(target, k_min_read));
    }
}

}  // namespace thomas::csv
