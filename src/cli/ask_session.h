// The question sequence of `thomas ask`, apart from any terminal: it reads answers from a
// LineSource and writes the dialogue to a stream, so a test can drive it with a string.
#pragma once

#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>

#include "thomas/ruleset.h"
#include "thomas/test_file.h"

namespace thomas::cli {

// Where answers come from. read_line shows `prompt` (if the source shows prompts) and returns
// one line without its newline, or nullopt at the end of the input.
class LineSource {
public:
    virtual ~LineSource() = default;
    virtual std::optional<std::string> read_line(const std::string& prompt) = 0;
};

// Plain lines from a stream (a pipe or a file). Writes each prompt and the answer read to
// `echo`, so the transcript reads like the dialogue at a terminal.
class StreamLineSource : public LineSource {
public:
    StreamLineSource(std::istream& in, std::ostream& echo) : in_(in), echo_(echo) {}
    std::optional<std::string> read_line(const std::string& prompt) override;

private:
    std::istream& in_;
    std::ostream& echo_;
};

// The input ended before every question was answered. what() names the question.
class AskEndOfInput : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Ask for the side (left, right or both), each measurement the rule set declares (Enter
// skips one), the pain felt, and the programme steps already done. A bad answer is re-asked
// with the reason (the parsers' and check_ranges' messages), never fatal. Returns one leg in
// `single`, or both in `left` and `right`, each passing check_ranges and holding at least
// one measurement. Throws AskEndOfInput if the answers run out.
TestFile ask_test(const RuleSet& rules, LineSource& in, std::ostream& out);

}  // namespace thomas::cli
