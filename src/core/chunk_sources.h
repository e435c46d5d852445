// The input after a record too long for csv::RecordSplitter to cut into chunks (`batch --jobs`,
// `progress --jobs`).
#pragma once

#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace thomas::detail {

// Reads `prefix`, then the rest of `rest`: the input after a record too long to split.
class PrefixedSource : public std::streambuf {
public:
    PrefixedSource(std::string_view prefix, std::istream& rest) : prefix_(prefix), rest_(rest) {
        setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
    }

protected:
    int_type underflow() override {
        rest_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        const auto got = static_cast<std::size_t>(rest_.gcount());
        if (rest_.bad()) {  // the istream reading this one turns it into badbit
            throw std::system_error(std::make_error_code(std::errc::io_error), "read failed");
        }
        if (got == 0) {
            return traits_type::eof();
        }
        setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
        return traits_type::to_int_type(buffer_[0]);
    }

private:
    std::string prefix_;
    std::istream& rest_;
    std::vector<char> buffer_ = std::vector<char>(std::size_t{64} << 10);
};

}  // namespace thomas::detail
