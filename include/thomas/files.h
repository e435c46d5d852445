// Reading input files, with the one wording every command uses for a file it cannot use.
#pragma once

#include <cstddef>
#include <string>

#include "thomas/errors.h"

namespace thomas {

// Read a whole file with a size cap, never holding more than the cap plus one chunk. Throws
// FileError (cannot_open / is_directory below) and FileTooLargeError "PATH: file is larger
// than the N byte limit" over the cap.
std::string read_file(const std::string& path, std::size_t max_bytes);

// "PATH: cannot open: REASON" for errno `error`.
std::string cannot_open(const std::string& path, int error);
// "PATH: is a directory, not a file".
std::string is_directory(const std::string& path);

}  // namespace thomas
