// The input side of `thomas batch`: opening the CSV (a file or stdin) and the progress bar a
// terminal shows while it is read.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "fd_stream.h"

namespace thomas::cli {

// Opens `path` ("-" = stdin) for reading; `size` is its size when it is a regular file, else 0.
// Throws FileError "PATH: cannot open: REASON" or "PATH: is a directory, not a file".
int open_input(const std::string& path, std::uint64_t& size);

// A one-line progress bar on stderr, redrawn at most ten times a second.
class ProgressBar {
public:
    ProgressBar(const FdInBuf& in, std::uint64_t total) : in_(in), total_(total) {}
    void update(std::uint64_t rows);
    void clear();

private:
    const FdInBuf& in_;
    std::uint64_t total_;
    std::chrono::steady_clock::time_point last_{};
    bool shown_ = false;
};

}  // namespace thomas::cli
