#include "thomas/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace thomas {

std::string_view number_text(double v, NumberBuffer& buffer) {
    char* const begin = buffer.data();
    char* const end = begin + buffer.size();
    // Readings are whole degrees or tenths, and general-format to_chars costs a fifth of a
    // `progress` run: a value that is exactly the double nearest some k / 10 with |k| < 10^6
    // has at most six significant digits, so "{:g}" writes the decimal k / 10 itself.
    if (std::fabs(v) < 1e5) {
        // Whole degrees, the usual reading and difference, without the division below.
        const auto whole = static_cast<std::int64_t>(v);
        if (static_cast<double>(whole) == v && !(whole == 0 && std::signbit(v))) {
            return {begin, static_cast<std::size_t>(std::to_chars(begin, end, whole).ptr - begin)};
        }
        // Rounded half away from zero by truncation (no libm call); the next line checks it.
        const auto k = static_cast<std::int64_t>(v * 10 + (v < 0 ? -0.5 : 0.5));
        if (static_cast<double>(k) / 10 == v && !(k == 0 && std::signbit(v))) {
            char* w = begin;
            if (k < 0) {
                *w++ = '-';
            }
            const std::uint64_t magnitude =
                k < 0 ? static_cast<std::uint64_t>(-k) : static_cast<std::uint64_t>(k);
            w = std::to_chars(w, end, magnitude / 10).ptr;
            if (magnitude % 10 != 0) {
                *w++ = '.';
                *w++ = static_cast<char>('0' + magnitude % 10);
            }
            return {begin, static_cast<std::size_t>(w - begin)};
        }
    }
    const char* const written = std::to_chars(begin, end, v, std::chars_format::general, 6).ptr;
    return {begin, static_cast<std::size_t>(written - begin)};
}

}  // namespace thomas
