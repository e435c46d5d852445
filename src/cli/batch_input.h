// The input side of `thomas batch`: opening the CSV (a file or stdin) and the progress bar a
// terminal shows while it is read.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "fd_stream.h"

namespace thomas::cli {

// A CSV input ("-" = stdin) open for reading, closed when it goes out of scope (stdin is left
// open). Throws FileError "PATH: cannot open: REASON" or "PATH: is a directory, not a file".
class InputFile {
public:
    explicit InputFile(const std::string& path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    int fd() const { return fd_; }
    std::uint64_t size() const { return size_; }       // a regular file's size, else 0
    const std::string& name() const { return name_; }  // the path, or "<stdin>"

private:
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::string name_;
};

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
