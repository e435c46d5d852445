// The question sequence of `thomas ask`, apart from any terminal: it reads answers from a
// LineSource and writes the dialogue to a stream, so a test can drive it with a string.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "thomas/ruleset.h"
#include "thomas/test_file.h"

namespace thomas::cli {

// Where answers come from. read_line shows `prompt` (if the source shows prompts; it may hold
// several lines, the answer being typed after the last) and returns one line without its
// newline, or nullopt at the end of the input.
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

// The input ended before every question was answered. what() names the question, for input
// from a pipe; `number` (1 for the first question asked, each question counted once however
// often it is re-asked) and `topic` ("Knee flexion, right leg") say where a person at a
// terminal stopped.
class AskEndOfInput : public std::runtime_error {
public:
    AskEndOfInput(const std::string& message, int number, std::string topic)
        : std::runtime_error(message), number_(number), topic_(std::move(topic)) {}
    int number() const { return number_; }
    const std::string& topic() const { return topic_; }

private:
    int number_;
    std::string topic_;
};

// Where prompts wrap when the terminal's width is unknown.
inline constexpr std::size_t k_default_prompt_width = 80;

// Ask for the side (left, right or both), each measurement the rule set declares (Enter
// skips one), the pain felt, and the programme steps already done. A bad answer is re-asked
// with the reason (the parsers' and check_ranges' messages), never fatal. Returns one leg in
// `single`, or both in `left` and `right`, each passing check_ranges and holding at least
// one measurement. Prompts are wrapped at word boundaries to fit `width` columns. Throws
// AskEndOfInput if the answers run out.
TestFile ask_test(const RuleSet& rules, LineSource& in, std::ostream& out,
                  std::size_t width = k_default_prompt_width);

}  // namespace thomas::cli
