// An output stream's target that appends to a string, chosen per block of output: a thread
// formats its part of the output there, and the calling thread writes the parts in order.
#pragma once

#include <streambuf>
#include <string>

namespace thomas::detail {

class StringSink : public std::streambuf {
public:
    void target(std::string* out) { out_ = out; }

protected:
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            out_->push_back(traits_type::to_char_type(c));
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        out_->append(s, static_cast<std::size_t>(n));
        return n;
    }

private:
    std::string* out_ = nullptr;
};

}  // namespace thomas::detail
