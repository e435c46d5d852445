// Small helpers shared by the HTML and SVG writers of `thomas report`: escaping and number
// formatting that keep every document well-formed and byte-stable (golden tests).
#pragma once

#include <string>
#include <string_view>

namespace thomas::markup {

// Text or attribute value made safe for HTML and XML: & < > " ' escaped, bytes that are not
// valid UTF-8 and control characters (other than tab and line feed) shown as U+FFFD, so a
// hostile cell or rule-file text is always shown as text.
std::string escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

// A coordinate or value with at most two decimals, no trailing zeros, never "-0".
std::string num(double v);

}  // namespace thomas::markup
