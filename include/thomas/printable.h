// Making text from hostile input safe to show on a terminal or in a log.
#pragma once

#include <string>
#include <string_view>

namespace thomas {

// `text` with every byte that could garble a terminal replaced by a visible escape: control
// characters other than line feed and tab, DEL, and bytes that are not part of well-formed UTF-8
// become \xNN (so a binary file named in an error cannot inject escape sequences or break the
// line). Well-formed UTF-8 (e.g. "°") passes through unchanged. Never throws except bad_alloc.
std::string printable(std::string_view text);

}  // namespace thomas
