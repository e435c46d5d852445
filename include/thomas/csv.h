// Streaming RFC 4180 CSV reading and writing for `thomas batch`.
//
// Reader dialect (what the contract calls "RFC 4180 quoting, CRLF or LF, optional UTF-8 BOM"):
// - Fields are separated by ReaderOptions::delimiter (ASCII, not '"', CR or LF); a field
//   that starts with '"' is quoted: it may hold the delimiter, CR, LF and doubled quotes ("").
// - A record ends at LF, CRLF or a lone CR outside quotes; the line break is not part of the last
//   field. The last record may lack a line break. Each of LF, CRLF and lone CR (inside quoted
//   fields too) counts as one physical line for Record::line.
// - A UTF-8 byte order mark (EF BB BF) at the very start of the input is skipped.
// - A completely empty line is a record with one empty field (the caller decides what to report);
//   an input that is empty yields no record at all, and a final line break does not start one.
// - Lenient where RFC 4180 is silent or strict, like most tools: a quote inside an unquoted field
//   (ab"c) is kept literally, and text after a closing quote ("ab"c) is appended literally (abc).
//   Spaces are data: nothing is trimmed.
// - Malformed input never stops the reader: the record gets Record::error and is still returned,
//   and reading continues at the next record boundary.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace thomas::csv {

// Reader settings; the limits bound the memory one record can take.
struct ReaderOptions {
    char delimiter = ',';                   // field separator, e.g. ',', ';' or '\t'
    std::size_t max_field_bytes = 1 << 20;  // a longer field makes the record an error
    std::size_t max_fields = 4096;          // more fields make the record an error
    std::size_t chunk_bytes = std::size_t{64}
                              << 10;  // bytes per read from the stream (tests use tiny ones)
    // False when the stream continues an input whose start was read elsewhere (a chunk of a
    // parallel `batch`): a leading EF BB BF is then data, not a byte order mark.
    bool skip_bom = true;
};

// One record as returned by Reader::next.
struct Record {
    // The unquoted, unescaped field values; the views stay valid until the next call to next().
    // For a record with an error they hold the fields read before the problem (so the offending
    // field of a "longer than" or "more than" error is number fields.size() + 1); for an
    // unterminated quote, they run to the end of the input (unless a limit was hit first).
    std::vector<std::string_view> fields;
    std::uint64_t number = 0;  // 1-based record number (the header is record 1)
    std::uint64_t line = 0;    // 1-based physical line where the record starts
    // Empty if well-formed; otherwise one of "unterminated quoted field starting at line N",
    // "field longer than N bytes", "more than N fields" (the unterminated quote wins if both).
    std::string error;
    // True when `text` holds the record exactly as read (without its line break) and those bytes
    // are also exactly what Writer would write for `fields` with the same delimiter: every field
    // is quoted if and only if it needs quotes, with no doubled quote and no text after a
    // closing quote. Lets Writer::fields copy a record through instead of re-encoding it.
    // False for a record with an error. `text` is valid as long as `fields`.
    bool verbatim = false;
    std::string_view text;
};

// A pull parser over a stream, reading it in chunks: memory stays bounded by the chunk size and
// the largest record, whatever the number of records.
class Reader {
public:
    // Reads from `in` (a file, a string stream or std::cin); a stream that is already failed reads
    // as empty input; a zero chunk size or a delimiter that is not ASCII or is '"', CR or LF
    // throws std::invalid_argument.
    explicit Reader(std::istream& in, ReaderOptions options = {});
    // Reads the `size` bytes at `bytes` in place (fields are unescaped there), without copying
    // them: the caller keeps them alive while the records are used, and at least 16 readable
    // bytes must follow them (the byte scan loads 16 at a time). options.chunk_bytes is unused.
    Reader(char* bytes, std::size_t size, ReaderOptions options = {});
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    // Fills `record` with the next record and returns true, or returns false at the end of the
    // input; never throws on malformed data (it sets record.error and still returns the record,
    // so the caller can emit one output row per input record), throws std::system_error only when
    // the stream reports a read failure (badbit).
    bool next(Record& record);

    // Numbers the records that follow as if the next one were record `next_record`, starting at
    // physical line `next_line` (a chunk or a partition of a larger file); never fails.
    void renumber(std::uint64_t next_record, std::uint64_t next_line) {
        records_ = next_record - 1;
        line_ = next_line;
    }
    std::uint64_t next_record() const { return records_ + 1; }
    std::uint64_t next_line() const { return line_; }
    // The bytes read from the stream but not parsed yet, valid until the next call to next().
    std::string_view unparsed() const { return {buffer_ + pos_, end_ - pos_}; }
    // True when the last record ended with a CR: an LF right after it (the first byte of
    // unparsed(), or of the stream when that is empty) belongs to that line break.
    bool after_cr() const { return cr_last_; }

private:
    enum class State : std::uint8_t { field_start, unquoted, quoted, quote_in_quoted };
    struct Span {
        std::size_t begin;  // offsets from the start of the record in the buffer
        std::size_t end;
    };

    bool read_more();
    bool refill();
    bool available() { return pos_ < end_ || refill(); }
    void parse_record();
    void end_field(std::size_t field_end);
    void close_quoted();
    void fail(std::string message);
    [[gnu::cold, gnu::noinline]] void fail_field_too_long();
    [[gnu::cold, gnu::noinline]] void fail_too_many_fields();

    std::istream* in_ = nullptr;  // none when reading bytes in place
    ReaderOptions options_;
    // The buffer holds the current record (unescaped in place, field after field) followed by
    // the bytes not parsed yet; all positions below are offsets into it. It is owned_, or the
    // caller's bytes read in place.
    std::unique_ptr<char[]> owned_;
    char* buffer_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t record_ = 0;       // where the current record starts
    std::size_t write_ = 0;        // where the next byte of the current field is stored
    std::size_t field_begin_ = 0;  // where the current field starts
    std::size_t pos_ = 0;          // the next byte to parse
    std::size_t end_ = 0;          // the end of the bytes read
    bool eof_ = false;
    bool at_start_ = true;  // nothing parsed yet: a BOM may follow
    bool cr_last_ =
        false;  // the last byte parsed was a CR (an LF right after it is the same break)
    bool skipping_ = false;     // the current record hit a limit: parse on, store nothing
    bool verbatim_ = true;      // the current record's bytes are intact and canonical (see Record)
    std::size_t text_end_ = 0;  // where the current record's text ends (before its line break)
    std::uint64_t line_ = 1;
    std::uint64_t records_ = 0;
    std::vector<Span> spans_;  // the current record's stored fields
    std::string error_;        // the current record's error, empty while it is well-formed
};

// A buffered RFC 4180 writer: fields are separated by the delimiter, records end with LF.
class Writer {
public:
    // Writes to `out`; with `safe_spreadsheet`, a field that starts with '=', '+', '-', '@', tab or
    // CR and is not a plain number (like -12.5 or +3e2) gets a leading "'" so spreadsheets do not
    // run it as a formula (OWASP CSV injection advice); a delimiter that is not ASCII or is '"',
    // CR or LF throws std::invalid_argument.
    explicit Writer(std::ostream& out, char delimiter = ',', bool safe_spreadsheet = false);
    // Flushes what is buffered; a write error here is swallowed (destructors must not throw), so
    // call flush() first to learn about it.
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Appends one field to the current record, quoted only when it holds the delimiter, a quote,
    // CR or LF (leading or trailing spaces stay unquoted), or when it is the very first field
    // written and starts with a UTF-8 byte order mark (which a reader would otherwise drop);
    // throws std::system_error if handing a full buffer to the stream fails.
    void field(std::string_view value);
    // Appends every value as a field, then ends the record; fails like field().
    void record(std::span<const std::string_view> values);
    // Declares that the output continues an earlier one (a chunk of a parallel `batch`, or output
    // without a header row): the first field is then not quoted for starting with a BOM.
    void continue_output() { at_output_start_ = false; }
    // Appends the fields of a record read with the same delimiter, as field() would for each of
    // record.fields; a verbatim record is copied as one block (the `batch` fast path). Does not
    // end the record; fails like field().
    void fields(const Record& record);
    // Ends the current record with "\n" (a record with no field or one empty field is an empty
    // line, which Reader reads back as one empty field); fails like field().
    void end_record();
    // Hands everything buffered to the stream and flushes it; throws std::system_error (with the
    // errno of the failure when there is one) if the stream reports a write error.
    void flush();

private:
    void drain();
    void throw_write_error() const;
    bool needs_quotes(std::string_view value) const;

    // Makes room for `bytes` more bytes (inline: called for every field, and rarely full).
    void reserve(std::size_t bytes) {
        if (size_ + bytes > capacity_) {
            make_room(bytes);
        }
    }
    void make_room(std::size_t bytes);

    std::ostream& out_;
    std::unique_ptr<char[]> buffer_;  // records not yet handed to the stream
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
    char delimiter_;
    bool safe_spreadsheet_;
    bool at_record_start_ = true;
    bool at_output_start_ = true;           // nothing written yet: a leading BOM must be quoted
    std::array<bool, 256> needs_quotes_{};  // delimiter, quote, CR, LF
    alignas(16) std::array<char, 16> delimiters_{};  // the delimiter 16 times, for SSE2 compares
};

// True if `text` is a plain decimal number: optional sign, digits with at most one '.', at least
// one digit, optional exponent (e.g. "-12.5", "+3", ".5", "1e-3"); never fails.
bool is_plain_number(std::string_view text);

}  // namespace thomas::csv
