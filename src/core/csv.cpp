// CSV reader and writer (see include/thomas/csv.h for the dialect and the contracts).
//
// Why a hand-written state machine and not libcsv (Debian libcsv-dev 3.0.3): measured, not
// guessed. Reading every field of bench/gen_clinic_csv.py 1000000 (78.3 MB, 1,000,001 records,
// 9,000,009 fields), g++ 12.2 -O2, file in the page cache, CPU time over 21 runs on the 2-core
// development VM (shared, so runs vary: median, best in brackets):
//   naive std::getline + split on ',' (wrong on quoted fields)   159 ms  493 MB/s  (569 MB/s)
//   libcsv, callbacks that only count fields and bytes            683 ms  115 MB/s  (174 MB/s)
//   libcsv, callbacks building the record (what a Reader needs)   747 ms  105 MB/s  (166 MB/s)
//   this Reader (SSE2 scan)                                       161 ms  485 MB/s  (625 MB/s)
//   this Reader, scalar scan (-DTHOMAS_CSV_NO_SIMD)               272 ms  288 MB/s  (435 MB/s)
// libcsv is about 4x slower than the naive loop before any adapter, so `batch` could not stay
// within 2x of a hand-written loop on top of it. It also lacks what the reader must do: it gives
// no line numbers or byte offsets, skips blank lines (or, with CSV_REPALL_NL, reports CR and LF
// of a CRLF separately), trims spaces unless told otherwise, buffers a field of any size, and
// reports an unterminated quote at the end only by inspecting its internal state.
//
// How it stays fast: the stream is read in chunks into one buffer that holds the current record
// followed by the bytes not parsed yet. A field is a view into that buffer: unquoted fields and
// quoted fields without escapes are not copied at all; a doubled quote or text after a closing
// quote shifts the rest of the field left in place (w trails p). Runs of ordinary bytes are
// found 16 at a time with SSE2. At the end of a chunk only the current record's stored bytes
// move to the front of the buffer; the buffer, the span vector and the caller's Record are
// reused, so the hot path allocates nothing once they have grown to the largest record.
// The reader also notes whether a record's bytes are still intact and already in the writer's
// canonical form (Record::verbatim); `batch` then copies the record through as one block instead
// of re-encoding each field, which was a fifth of its time on the benchmark file.
#include "thomas/csv.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "byte_scan.h"

#if defined(__SSE2__) && !defined(THOMAS_CSV_NO_SIMD)
#include <emmintrin.h>
#endif

namespace thomas::csv {

namespace {

constexpr char k_quote = '"';
constexpr char k_cr = '\r';
constexpr char k_lf = '\n';
constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::size_t k_writer_buffer_bytes = std::size_t{64} << 10;
constexpr std::size_t k_short_field = 16;  // Writer::field's copy-then-check path

std::size_t byte(char c) {
    return static_cast<unsigned char>(c);
}

#if defined(__SSE2__) && !defined(THOMAS_CSV_NO_SIMD)
// One bit per byte of `x` that is the delimiter, a quote, CR or LF.
// `delimiters` holds the delimiter in each of its 16 bytes.
inline unsigned special_bytes(__m128i x, __m128i delimiters) {
    const auto is = [&x](char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, delimiters), is(k_quote)),
                                       _mm_or_si128(is(k_cr), is(k_lf)))));
}

inline unsigned special_bytes(__m128i x, char delimiter) {
    return special_bytes(x, _mm_set1_epi8(delimiter));
}

inline unsigned special_bytes(const char* at, char delimiter) {
    return special_bytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)), delimiter);
}
#endif

// A short field's bytes as two words that hold each of them at least once, and zeros besides.
struct ShortField {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
};

// The first and the last sizeof(Word) bytes of `n` >= sizeof(Word) at `from`, to `to`: all
// `n` bytes when n <= 2 * sizeof(Word). Returns the two words read.
template <class Word>
std::pair<Word, Word> copy_ends(char* to, const char* from, std::size_t n) {
    Word head = 0;
    Word tail = 0;
    std::memcpy(&head, from, sizeof(Word));
    std::memcpy(&tail, from + n - sizeof(Word), sizeof(Word));
    std::memcpy(to, &head, sizeof(Word));
    std::memcpy(to + n - sizeof(Word), &tail, sizeof(Word));
    return {head, tail};
}

// `from` (at most 16 bytes) to `to` in fixed-size moves that may overlap, without a call. The
// bytes come back in registers to be checked there: reading them back from `to` would wait for
// the stores to land (a failed store-to-load forwarding, the most costly step of a field).
ShortField copy_short(char* to, std::string_view from) {
    const std::size_t n = from.size();
    if (n >= 8) {
        const auto [head, tail] = copy_ends<std::uint64_t>(to, from.data(), n);
        return {head, tail};
    }
    if (n >= 4) {
        const auto [head, tail] = copy_ends<std::uint32_t>(to, from.data(), n);
        return {head | std::uint64_t{tail} << 32, 0};
    }
    if (n > 0) {
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
        return {byte(from[0]) | byte(from[n / 2]) << 8 | byte(from[n - 1]) << 16, 0};
    }
    return {};
}

void check_delimiter(char delimiter) {
    if (delimiter == k_quote || delimiter == k_cr || delimiter == k_lf || byte(delimiter) >= 0x80) {
        throw std::invalid_argument(
            "csv: the delimiter must be an ASCII character other than a "
            "quote, CR or LF");
    }
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reader

Reader::Reader(std::istream& in, ReaderOptions options) : in_(&in), options_(options) {
    check_delimiter(options_.delimiter);
    if (options_.chunk_bytes == 0) {
        throw std::invalid_argument("csv: the chunk size must be at least 1 byte");
    }
    capacity_ = options_.chunk_bytes;
    owned_ = std::make_unique<char[]>(capacity_ + k_padding);
    buffer_ = owned_.get();
}

Reader::Reader(char* bytes, std::size_t size, ReaderOptions options)
    : options_(options), buffer_(bytes), capacity_(size), end_(size), eof_(true) {
    check_delimiter(options_.delimiter);
}

Reader::~Reader() = default;

// Appends one chunk from the stream after end_, growing the buffer if needed; false if nothing
// more could be read.
bool Reader::read_more() {
    if (eof_) {
        return false;
    }
    if (capacity_ - end_ < options_.chunk_bytes) {
        const std::size_t capacity = std::max(2 * capacity_, end_ + options_.chunk_bytes);
        auto grown = std::make_unique<char[]>(capacity + k_padding);
        std::memcpy(grown.get(), buffer_, end_);
        owned_ = std::move(grown);
        buffer_ = owned_.get();
        capacity_ = capacity;
    }
    in_->read(buffer_ + end_, static_cast<std::streamsize>(options_.chunk_bytes));
    const auto got = static_cast<std::size_t>(in_->gcount());
    if (in_->bad()) {
        throw std::system_error(std::make_error_code(std::errc::io_error), "csv: read failed");
    }
    // istream::read returns fewer bytes than asked only at the end of the input.
    eof_ = got < options_.chunk_bytes;
    end_ += got;
    return got > 0;
}

// Called when every byte read has been parsed: moves what the current record keeps to the front
// of the buffer and reads the next chunk after it; false at the end of the input.
bool Reader::refill() {
    if (eof_) {
        return false;
    }
    if (!skipping_ && write_ - field_begin_ > options_.max_field_bytes) {
        fail_field_too_long();
    }
    if (skipping_) {  // keep the stored fields only: the rest is not wanted
        write_ = record_ + (spans_.empty() ? 0 : spans_.back().end);
        field_begin_ = write_;
    }
    if (write_ != pos_) {  // a closing quote or an escape is dropped: the text is gone
        verbatim_ = false;
    }
    const std::size_t kept = write_ - record_;
    std::memmove(buffer_, buffer_ + record_, kept);
    field_begin_ -= record_;
    write_ = kept;
    record_ = 0;
    pos_ = kept;
    end_ = kept;
    return read_more();
}

bool Reader::next(Record& record) {
    record.fields.clear();
    record.error.clear();
    // The previous record's views point into the buffer: it is reused only from here on.
    spans_.clear();
    error_.clear();
    skipping_ = false;
    verbatim_ = true;
    record_ = write_ = field_begin_ = pos_;
    if (at_start_ && options_.skip_bom) {
        while (end_ - pos_ < k_bom.size() && read_more()) {
        }
        if (std::string_view(buffer_ + pos_, end_ - pos_).starts_with(k_bom)) {
            pos_ += k_bom.size();
        }
    }
    at_start_ = false;
    if (cr_last_) {  // the LF of a CRLF that ended the previous record
        cr_last_ = false;
        if (available() && buffer_[pos_] == k_lf) {
            ++pos_;
        }
    }
    record_ = write_ = field_begin_ = pos_;
    if (!available()) {
        return false;
    }
    record.number = ++records_;
    record.line = line_;
    parse_record();
    const char* const base = buffer_ + record_;
    for (const Span span : spans_) {
        record.fields.emplace_back(base + span.begin, span.end - span.begin);
    }
    record.error.swap(error_);
    record.verbatim = verbatim_ && record.error.empty();
    record.text =
        record.verbatim ? std::string_view(base, text_end_ - record_) : std::string_view();
    return true;
}

[[gnu::always_inline]] inline void Reader::end_field(std::size_t field_end) {
    if (skipping_) {
        return;
    }
    if (field_end - field_begin_ > options_.max_field_bytes) {
        fail_field_too_long();
    } else if (spans_.size() >= options_.max_fields) {
        fail_too_many_fields();
    } else {
        spans_.push_back({field_begin_ - record_, field_end - record_});
    }
}

// Records the first problem of the record and stops storing its fields; parsing goes on (quotes
// still count) so that reading resumes at the true end of the record.
void Reader::fail(std::string message) {
    if (error_.empty()) {
        error_ = std::move(message);
    }
    skipping_ = true;
}

// Out of line, so that end_field() stays small enough to be inlined into the parse loop.
void Reader::fail_field_too_long() {
    fail("field longer than " + std::to_string(options_.max_field_bytes) + " bytes");
}

void Reader::fail_too_many_fields() {
    fail("more than " + std::to_string(options_.max_fields) + " fields");
}

// At the closing quote of a field: Writer would leave a field that holds no delimiter, CR or LF
// unquoted (a quote in it already cleared verbatim_ as an escape), so its quotes are not canonical.
void Reader::close_quoted() {
    if (!verbatim_) {
        return;
    }
    const std::string_view content(buffer_ + field_begin_, write_ - field_begin_);
    const char specials[] = {options_.delimiter, k_cr, k_lf};
    if (content.find_first_of(std::string_view(specials, sizeof specials)) ==
        std::string_view::npos) {
        verbatim_ = false;
    }
}

// Consumes one record, up to and including its line break: stores its fields (unescaped in
// place, so a field is a view of the buffer) in spans_ and its problem in error_.
void Reader::parse_record() {
    State state = State::field_start;
    std::uint64_t quote_line = 0;
    for (;;) {
        if (!available()) {
            if (state == State::quoted) {  // the root cause wins over a limit hit on the way
                error_ = "unterminated quoted field starting at line " + std::to_string(quote_line);
            } else if (state == State::quote_in_quoted) {
                close_quoted();
            }
            end_field(write_);
            text_end_ = end_;
            return;
        }
        char* const base = buffer_;
        char* p = base + pos_;
        char* const end = base + end_;
        char* w = base + write_;  // w == p until an escape or a closing quote shifts the field
        const auto start_field = [&] {
            field_begin_ = static_cast<std::size_t>(p - base);
            w = p;
            if (p < end && *p == k_quote) {
                quote_line = line_;
                ++p;
                field_begin_ = static_cast<std::size_t>(p - base);
                w = p;
                return State::quoted;
            }
            return p < end ? State::unquoted : State::field_start;
        };
        const auto keep = [&](const char* run) {
            const auto size = static_cast<std::size_t>(p - run);
            if (w != run && size != 0) {  // text moves left over a dropped quote
                std::memmove(w, run, size);
                verbatim_ = false;
            }
            w += size;
        };
        switch (state) {
            case State::field_start:
                state = start_field();
                break;
            case State::unquoted:
                for (;;) {
                    const char* const run = p;
                    p = find_any(p, end, options_.delimiter, k_cr, k_lf, k_quote);
                    keep(run);
                    if (p == end) {
                        break;
                    }
                    const char c = *p++;
                    if (c == k_quote) {  // kept literally; Writer would quote this field
                        *w++ = c;
                        verbatim_ = false;
                        continue;
                    }
                    end_field(static_cast<std::size_t>(w - base));
                    if (c != options_.delimiter) {
                        text_end_ = static_cast<std::size_t>(p - 1 - base);
                        ++line_;
                        cr_last_ = c == k_cr;
                        pos_ = static_cast<std::size_t>(p - base);
                        write_ = static_cast<std::size_t>(w - base);
                        return;
                    }
                    state = start_field();
                    if (state != State::unquoted) {
                        break;
                    }
                }
                break;
            case State::quoted:
                for (;;) {
                    const char* const run = p;
                    p = find_any(p, end, k_quote, k_cr, k_lf, k_quote);
                    if (p != run) {
                        keep(run);
                        cr_last_ = false;
                    }
                    if (p == end) {
                        break;
                    }
                    const char c = *p++;
                    if (c == k_quote) {
                        cr_last_ = false;
                        state = State::quote_in_quoted;
                        break;
                    }
                    // A line break inside the field is data; an LF right after a CR is the same
                    // line.
                    if (c == k_cr || !cr_last_) {
                        ++line_;
                    }
                    cr_last_ = c == k_cr;
                    *w++ = c;
                }
                break;
            case State::quote_in_quoted:
                if (*p == k_quote) {  // a doubled quote stands for one
                    *w++ = k_quote;
                    ++p;
                    verbatim_ = false;
                    state = State::quoted;
                } else {
                    // The closing quote. What follows is handled as unquoted: the delimiter or a
                    // line break ends the field, any other text is appended literally.
                    write_ = static_cast<std::size_t>(w - base);
                    close_quoted();
                    state = State::unquoted;
                }
                break;
        }
        pos_ = static_cast<std::size_t>(p - base);
        write_ = static_cast<std::size_t>(w - base);
    }
}

// ---------------------------------------------------------------------------------------------
// Writer

Writer::Writer(std::ostream& out, char delimiter, bool safe_spreadsheet)
    : out_(out), delimiter_(delimiter), safe_spreadsheet_(safe_spreadsheet) {
    check_delimiter(delimiter);
    for (const char c : {delimiter, k_quote, k_cr, k_lf}) {
        needs_quotes_[byte(c)] = true;
    }
    delimiters_.fill(delimiter);
    capacity_ = k_writer_buffer_bytes;
    buffer_ = std::make_unique<char[]>(capacity_);
}

Writer::~Writer() {
    try {
        flush();
    } catch (...) {  // NOLINT(bugprone-empty-catch): documented, flush() reports it
    }
}

// Makes room for `bytes` more bytes: drains the buffer, and grows it for a huge field.
void Writer::make_room(std::size_t bytes) {
    drain();
    if (bytes > capacity_) {
        capacity_ = bytes;
        buffer_ = std::make_unique<char[]>(capacity_);
    }
}

void Writer::field(std::string_view value) {
    // Worst case: delimiter, two quotes, the "'" of --safe-spreadsheet, every byte doubled.
    reserve(2 * value.size() + 4);
    char* w = buffer_.get() + size_;
    if (!at_record_start_) {
        *w++ = delimiter_;
    }
    at_record_start_ = false;
    // Most fields are short and plain (numbers, words, dates): copy them, then check the bytes
    // copied, 16 at once. The zeros that pad them count as special only for a NUL delimiter,
    // which then takes the exact path below.
    if (value.size() <= k_short_field && !at_output_start_ && !safe_spreadsheet_) {
        const ShortField bytes = copy_short(w, value);
#if defined(__SSE2__) && !defined(THOMAS_CSV_NO_SIMD)
        const bool plain =
            special_bytes(_mm_set_epi64x(static_cast<long long>(bytes.tail),
                                         static_cast<long long>(bytes.head)),
                          _mm_load_si128(reinterpret_cast<const __m128i*>(delimiters_.data()))) ==
            0;
#else
        (void)bytes;
        const bool plain = !needs_quotes(value);
#endif
        if (plain) {
            size_ = static_cast<std::size_t>(w - buffer_.get()) + value.size();
            return;
        }
    }
    // Found by fuzz_csv_reader: an unquoted BOM at the start of the output is read back as a
    // byte order mark and dropped, so the first field would lose its first three bytes.
    const bool quote = (at_output_start_ && value.starts_with(k_bom)) || needs_quotes(value);
    at_output_start_ = false;
    const bool defuse = safe_spreadsheet_ && !value.empty() &&
                        (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == k_cr) &&
                        !is_plain_number(value);
    if (quote) {
        *w++ = k_quote;
    }
    if (defuse) {
        *w++ = '\'';
    }
    if (quote) {
        for (const char c : value) {
            if (c == k_quote) {
                *w++ = k_quote;
            }
            *w++ = c;
        }
        *w++ = k_quote;
    } else if (!value.empty()) {
        std::memcpy(w, value.data(), value.size());
        w += value.size();
    }
    size_ = static_cast<std::size_t>(w - buffer_.get());
}

// True if `value` holds the delimiter, a quote, CR or LF; hot in `batch` (every output field).
// SSE2 tests 16 bytes at a time; THOMAS_CSV_NO_SIMD builds the plain loop.
bool Writer::needs_quotes(std::string_view value) const {
#if defined(__SSE2__) && !defined(THOMAS_CSV_NO_SIMD)
    const char* p = value.data();
    const char* const end = p + value.size();
    const auto hits = [this](const char* at) { return special_bytes(at, delimiter_); };
    for (; end - p >= 16; p += 16) {
        if (hits(p) != 0) {
            return true;
        }
    }
    const auto rest = static_cast<unsigned>(end - p);
    if (rest == 0) {
        return false;
    }
    // The tail goes through a zeroed 16-byte copy: no read past the end of `value`, so release
    // and sanitizer builds run the same code; the bytes past the end are masked off.
    alignas(16) char tail[16] = {};
    std::memcpy(tail, p, rest);
    return (hits(tail) & ((1u << rest) - 1)) != 0;
#else
    for (const char c : value) {
        if (needs_quotes_[byte(c)]) {
            return true;
        }
    }
    return false;
#endif
}

void Writer::record(std::span<const std::string_view> values) {
    for (const std::string_view value : values) {
        field(value);
    }
    end_record();
}

void Writer::fields(const Record& record) {
    // The text equals what field() would write for each field (Record::verbatim), except for
    // what only field() handles: a BOM quoted at the output start, --safe-spreadsheet.
    if (!record.verbatim || at_output_start_ || safe_spreadsheet_) {
        for (const std::string_view value : record.fields) {
            field(value);
        }
        return;
    }
    const std::string_view text = record.text;
    reserve(text.size() + 1);
    char* w = buffer_.get() + size_;
    if (!at_record_start_) {
        *w++ = delimiter_;
    }
    at_record_start_ = false;
    std::memcpy(w, text.data(), text.size());
    size_ = static_cast<std::size_t>(w - buffer_.get()) + text.size();
}

void Writer::end_record() {
    reserve(1);
    buffer_[size_++] = k_lf;
    at_record_start_ = true;
    at_output_start_ = false;
}

void Writer::flush() {
    drain();
    errno = 0;
    out_.flush();
    if (out_.bad()) {
        throw_write_error();
    }
}

void Writer::drain() {
    if (size_ == 0) {
        return;
    }
    errno = 0;
    out_.write(buffer_.get(), static_cast<std::streamsize>(size_));
    size_ = 0;
    if (out_.bad()) {
        throw_write_error();
    }
}

void Writer::throw_write_error() const {
    const int error = errno != 0 ? errno : static_cast<int>(std::errc::io_error);
    throw std::system_error(error, std::generic_category(), "csv: write failed");
}

// ---------------------------------------------------------------------------------------------

bool is_plain_number(std::string_view text) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        ++i;
    }
    std::size_t digits = 0;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
        ++digits;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        const std::size_t exponent_begin = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        if (i == exponent_begin) {
            return false;
        }
    }
    return i == text.size();
}

}  // namespace thomas::csv
