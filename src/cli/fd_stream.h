// Stream buffers over raw file descriptors for `thomas batch`: large unsynchronised reads and
// writes (std::cin/std::cout are tied to stdio), a byte count for the progress bar, and a
// write error that keeps its errno so a closed pipe (EPIPE) can be told from a full disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <streambuf>

namespace thomas::cli {

// Reads `fd` in large blocks; does not own or close it. A read error throws std::system_error
// from the buffer (istream turns it into badbit) and keeps the errno in error().
class FdInBuf : public std::streambuf {
public:
    explicit FdInBuf(int fd, std::size_t size = std::size_t{256} << 10);
    std::uint64_t bytes_read() const { return bytes_; }
    int error() const { return error_; }

protected:
    int_type underflow() override;
    std::streamsize xsgetn(char* s, std::streamsize n) override;

private:
    int fd_;
    std::size_t size_;
    std::unique_ptr<char[]> buffer_;
    std::uint64_t bytes_ = 0;
    int error_ = 0;
};

// Writes to `fd` through a buffer; does not own or close it. After a failed write every
// later write fails too, and error() holds the errno (EPIPE for a closed pipe).
class FdOutBuf : public std::streambuf {
public:
    explicit FdOutBuf(int fd, std::size_t size = std::size_t{64} << 10);
    int error() const { return error_; }

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    bool write_all(const char* data, std::size_t size);
    bool drain();

    int fd_;
    std::unique_ptr<char[]> buffer_;
    std::size_t size_;
    int error_ = 0;
};

}  // namespace thomas::cli
