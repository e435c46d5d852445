// Numbers as thomas writes them wherever a person reads one: as fmt's "{:g}" would (six
// significant digits: "12", "12.5", "-0", "1e+06"), with no format string to parse.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace thomas {

using NumberBuffer = std::array<char, 32>;

// `v` written into `buffer`; the view points into it.
std::string_view number_text(double v, NumberBuffer& buffer);

inline std::string number_string(double v) {
    NumberBuffer buffer;
    return std::string(number_text(v, buffer));
}

}  // namespace thomas
