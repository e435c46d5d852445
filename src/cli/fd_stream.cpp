#include "fd_stream.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace thomas::cli {

FdInBuf::FdInBuf(int fd, std::size_t size)
    : fd_(fd), size_(size), buffer_(std::make_unique<char[]>(size)) {
    setg(buffer_.get(), buffer_.get(), buffer_.get());
}

FdInBuf::int_type FdInBuf::underflow() {
    if (gptr() < egptr()) {
        return traits_type::to_int_type(*gptr());
    }
    while (true) {
        const ssize_t n = ::read(fd_, buffer_.get(), size_);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_ = errno;
            throw std::system_error(error_, std::generic_category(), "read failed");
        }
        if (n == 0) {
            return traits_type::eof();
        }
        bytes_ += static_cast<std::uint64_t>(n);
        setg(buffer_.get(), buffer_.get(), buffer_.get() + n);
        return traits_type::to_int_type(*gptr());
    }
}

// Large reads go straight into the caller's buffer, skipping one copy.
std::streamsize FdInBuf::xsgetn(char* s, std::streamsize n) {
    std::streamsize done = 0;
    const std::streamsize buffered = std::min<std::streamsize>(n, egptr() - gptr());
    if (buffered > 0) {
        std::memcpy(s, gptr(), static_cast<std::size_t>(buffered));
        gbump(static_cast<int>(buffered));
        done = buffered;
    }
    while (done < n) {
        const ssize_t got = ::read(fd_, s + done, static_cast<std::size_t>(n - done));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            error_ = errno;
            break;
        }
        if (got == 0) {
            break;
        }
        bytes_ += static_cast<std::uint64_t>(got);
        done += got;  // istream::read wants all n bytes unless the input ends: keep reading
    }
    if (error_ != 0) {
        // istream turns this into badbit, so the reader reports a failed read, not an end.
        throw std::system_error(error_, std::generic_category(), "read failed");
    }
    return done;
}

FdOutBuf::FdOutBuf(int fd, std::size_t size)
    : fd_(fd), buffer_(std::make_unique<char[]>(size)), size_(size) {
    setp(buffer_.get(), buffer_.get() + size_);
}

bool FdOutBuf::write_all(const char* data, std::size_t size) {
    if (error_ != 0) {
        errno = error_;
        return false;
    }
    while (size > 0) {
        const ssize_t n = ::write(fd_, data, size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_ = errno;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool FdOutBuf::drain() {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_.get(), buffer_.get() + size_);
    return write_all(buffer_.get(), n);
}

FdOutBuf::int_type FdOutBuf::overflow(int_type c) {
    if (!drain()) {
        return traits_type::eof();
    }
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
    }
    return traits_type::not_eof(c);
}

std::streamsize FdOutBuf::xsputn(const char* s, std::streamsize n) {
    const auto size = static_cast<std::size_t>(n);
    if (size <= static_cast<std::size_t>(epptr() - pptr())) {
        std::memcpy(pptr(), s, size);
        pbump(static_cast<int>(n));
        return n;
    }
    // Bigger than the room left: empty the buffer and hand the block to write() directly.
    if (!drain() || !write_all(s, size)) {
        return 0;
    }
    return n;
}

int FdOutBuf::sync() {
    return drain() ? 0 : -1;
}

}  // namespace thomas::cli
