// An append-only JSON writer: each call appends to one std::string, so a caller that reuses
// the string (batch, once per row) allocates nothing once it has grown. No DOM, no checks of
// structure beyond a debug assert: the caller writes keys and values in order.
//
// The output is byte-identical to nlohmann::ordered_json::dump(indent, ' ', false,
// error_handler_t::replace), which earlier versions used: indent -1 is one line, indent > 0
// puts each member on its own line; numbers and string escapes match too (the unit test
// test_json_writer.cpp compares the two).
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace thomas::json {

// Append `s` as a JSON string (with quotes). Invalid UTF-8 becomes U+FFFD.
void append_string(std::string& out, std::string_view s);
// The same without the quotes.
void append_escaped(std::string& out, std::string_view s);

// Append a double as nlohmann prints it (7 -> "7.0", 1e-7 -> "1e-07"); NaN and infinities
// become null.
void append_double(std::string& out, double value);

class Writer {
public:
    // Appends to `out`, which the caller owns (and may clear between documents).
    explicit Writer(std::string& out, int indent = -1) : out_(out), indent_(indent) {}

    // Continues an array `depth` levels deep that already has elements, begun by another Writer:
    // each value written gets its comma and indentation there. Threads writing parts of one
    // array each use one (the part that comes first overall drops its leading comma).
    void continue_array(std::size_t depth) { open_.assign(depth, 1); }
    // The innermost open container got an element written by a Writer continuing it.
    void element_written_elsewhere() { open_.back() = 1; }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // An object member's key; the member's value follows with one of the calls below.
    void key(std::string_view k);

    void string(std::string_view s) {
        before_value();
        append_string(out_, s);
    }
    // One string value given in two parts, to spare the caller a concatenation. The same as
    // string(a + b) when `b` starts with an ASCII byte: an invalid sequence at the end of `a` is
    // then replaced the same way.
    void string(std::string_view a, std::string_view b) {
        before_value();
        out_ += '"';
        append_escaped(out_, a);
        append_escaped(out_, b);
        out_ += '"';
    }
    void number(double v) {
        before_value();
        append_double(out_, v);
    }
    template <std::integral T>
    requires(!std::same_as<T, bool>) void number(T v) {
        before_value();
        char digits[24];
        const char* end = std::to_chars(digits, digits + sizeof digits, v).ptr;
        out_.append(digits, static_cast<std::size_t>(end - digits));
    }
    void boolean(bool v) {
        before_value();
        out_ += v ? "true" : "false";
    }
    void null() {
        before_value();
        out_ += "null";
    }

private:
    void open(char bracket);
    void close(char bracket);
    void before_value();
    void new_line(std::size_t depth);

    std::string& out_;
    int indent_;
    // Per open container: does it have an element yet (decides ',' and the empty "{}" / "[]").
    std::vector<char> open_;  // char, not bool: vector<bool>'s bit access showed in profiles
    bool after_key_ = false;  // the next value completes a member
};

}  // namespace thomas::json
