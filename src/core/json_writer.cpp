#include "json_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
// Only nlohmann's number formatter (header-only, no DOM): its Grisu2 output is not always the
// shortest round-trip form that std::to_chars gives (about 1 double in 100 of the form n/10
// differs in the last digits), and the JSON output was nlohmann's until now.
#include <nlohmann/detail/conversions/to_chars.hpp>

namespace thomas::json {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

bool continuation(unsigned char c, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return c >= lo && c <= hi;
}

// The valid UTF-8 sequence starting with lead byte s[i] >= 0x80 is [i, end) when `end` > i and
// `valid`; otherwise [i, end) is the longest prefix of one (at least the lead byte), which is
// replaced by one U+FFFD and the scan resumes at `end`. This is what nlohmann's DFA decoder does
// with error_handler_t::replace (and Unicode's "maximal subpart" practice).
struct Sequence {
    std::size_t end;
    bool valid;
};

Sequence utf8_sequence(std::string_view s, std::size_t i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    unsigned char lo = 0x80;  // range of the second byte: excludes overlongs, surrogates
    unsigned char hi = 0xBF;  // and code points above U+10FFFF
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        lo = lead == 0xE0 ? 0xA0 : 0x80;
        hi = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        lo = lead == 0xF0 ? 0x90 : 0x80;
        hi = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return {i + 1, false};  // a continuation byte, C0, C1 or F5..FF: never a lead
    }
    std::size_t j = i + 1;
    for (std::size_t n = 1; n < length; ++n, ++j) {
        if (j == s.size()) {
            return {j, false};  // truncated by the end of the string
        }
        const bool ok = n == 1 ? continuation(static_cast<unsigned char>(s[j]), lo, hi)
                               : continuation(static_cast<unsigned char>(s[j]));
        if (!ok) {
            return {j, false};  // s[j] is read again as the start of what follows
        }
    }
    return {j, true};
}

// The escape for a byte < 0x20, '"' or '\\', as nlohmann writes it (lowercase hex).
void append_escape(std::string& out, unsigned char c) {
    switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            constexpr std::string_view hex = "0123456789abcdef";
            const char text[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out.append(text, sizeof text);
        }
    }
}

// Bytes copied as they are: printable ASCII but the quote and the backslash. A table, because
// this test runs on every byte of every string and is most of the writer's time.
constexpr std::array<bool, 256> k_plain = [] {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x80; ++c) {
        table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    }
    return table;
}();

bool plain(unsigned char c) {
    return k_plain[c];
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        // Copy the run of bytes that need no attention in one go: most strings are all of it.
        std::size_t run = i;
        while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) {
            ++run;
        }
        out.append(s.data() + i, run - i);
        i = run;
        if (i == s.size()) {
            break;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            append_escape(out, c);
            ++i;
            continue;
        }
        const Sequence seq = utf8_sequence(s, i);
        if (seq.valid) {
            out.append(s.data() + i, seq.end - i);
        } else {
            out += k_replacement;
        }
        i = seq.end;
    }
}

void append_string(std::string& out, std::string_view s) {
    out += '"';
    append_escaped(out, s);
    out += '"';
}

void append_double(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char text[64];  // nlohmann's own buffer size; the longest form is about 25 characters
    if (value != 0 && std::trunc(value) == value && std::abs(value) < 1e15) {
        // Whole numbers (band limits, most measurements) skip Grisu2, which gives their digits
        // exactly: nlohmann prints them as the integer and ".0" below 1e15 (-0.0 keeps its sign
        // through the general path).
        char* end = std::to_chars(text, text + sizeof text, static_cast<std::int64_t>(value)).ptr;
        out.append(text, static_cast<std::size_t>(end - text));
        out += ".0";
        return;
    }
    const char* end = nlohmann::detail::to_chars(text, text + sizeof text, value);
    out.append(text, static_cast<std::size_t>(end - text));
}

void Writer::key(std::string_view k) {
    before_value();
    append_string(out_, k);
    out_ += indent_ >= 0 ? ": " : ":";
    after_key_ = true;
}

void Writer::open(char bracket) {
    before_value();
    out_ += bracket;
    open_.push_back(false);
}

void Writer::close(char bracket) {
    const bool has_elements = open_.back();
    open_.pop_back();
    if (has_elements && indent_ >= 0) {
        new_line(open_.size());  // an empty container stays "{}" / "[]"
    }
    out_ += bracket;
}

// Before each value or key: the separator from the previous element and, when indenting, the
// new line. A value after a key continues that member.
void Writer::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (open_.empty()) {
        return;  // the top-level value
    }
    if (open_.back()) {
        out_ += ',';
    }
    open_.back() = true;
    if (indent_ >= 0) {
        new_line(open_.size());
    }
}

void Writer::new_line(std::size_t depth) {
    out_ += '\n';
    out_.append(depth * static_cast<std::size_t>(indent_), ' ');
}

}  // namespace thomas::json
