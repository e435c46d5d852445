#include "batch_input.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "thomas/errors.h"
#include "thomas/files.h"

namespace thomas::cli {

InputFile::InputFile(const std::string& path)
    : fd_(path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC)),
      name_(path == "-" ? "<stdin>" : path) {
    if (fd_ < 0) {
        throw FileError(cannot_open(path, errno));
    }
    struct stat st {};
    if (::fstat(fd_, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (fd_ != STDIN_FILENO) {
                ::close(fd_);  // the destructor does not run for a throwing constructor
            }
            throw FileError(is_directory(path));
        }
        if (S_ISREG(st.st_mode)) {
            size_ = static_cast<std::uint64_t>(st.st_size);
        }
    }
}

InputFile::~InputFile() {
    if (fd_ != STDIN_FILENO) {
        ::close(fd_);
    }
}

void ProgressBar::update(std::uint64_t rows) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) {
        return;
    }
    last_ = now;
    shown_ = true;
    const double mb = static_cast<double>(in_.bytes_read()) / 1e6;
    if (total_ > 0) {
        const double part =
            std::min(1.0, static_cast<double>(in_.bytes_read()) / static_cast<double>(total_));
        const int filled = static_cast<int>(part * 30);
        fmt::print(stderr, "\r[{:#<{}}{:-<{}}] {:3.0f}%  {:.1f}/{:.1f} MB  {} rows", "", filled, "",
                   30 - filled, part * 100, mb, static_cast<double>(total_) / 1e6, rows);
    } else {
        fmt::print(stderr, "\r{:.1f} MB  {} rows", mb, rows);
    }
}

void ProgressBar::clear() {
    if (shown_) {
        fmt::print(stderr, "\r\x1b[K");
    }
}

}  // namespace thomas::cli
