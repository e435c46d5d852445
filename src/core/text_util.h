// Small text helpers shared by the core's parsers (measurement cells, CSV headers).
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace thomas::detail {

// White space as std::isspace sees it in the "C" locale, without a library call per byte (every
// cell of a batch is trimmed).
constexpr bool is_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// `s` without leading and trailing white space.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// ASCII case-insensitive equality.
inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace thomas::detail
