// SHA-256 (FIPS 180-4) of a byte string, as lowercase hex. Used to name the exact rule text
// a result was computed with, so a score can be audited later.
#pragma once

#include <string>
#include <string_view>

namespace thomas {
std::string sha256_hex(std::string_view data);
}
