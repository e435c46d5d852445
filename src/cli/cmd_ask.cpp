// thomas ask: guided entry of one patient's test, then the same assessment as `score`.
// The questions live in ask_session.cpp; this file only picks where answers come from:
// libedit (line editing, history) on a terminal, plain lines from a pipe otherwise.
#include <editline/readline.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "app.h"
#include "ask_session.h"
#include "output.h"
#include "render_parts.h"
#include "terminal.h"
#include "thomas/embedded_rules.h"

namespace thomas::cli {
namespace {

struct AskOptions {
    OutputChoice output;  // --rules, --format, --explain, --no-diagram
};

// Answers typed at a terminal. History lives for this session only: answers are patient
// data, so nothing is written to a history file.
class EditLineSource : public LineSource {
public:
    EditLineSource() {
        rl_outstream = stderr;  // keep stdout for the result, as with a pipe
        using_history();
    }
    std::optional<std::string> read_line(const std::string& prompt) override {
        // A wrapped prompt: libedit redraws only the line being edited, so the lines above
        // it are printed once, and the last one is the prompt.
        const auto last = prompt.rfind('\n');
        if (last != std::string::npos) {
            std::fwrite(prompt.data(), 1, last + 1, stderr);
            std::fflush(stderr);
        }
        const std::string edited = last == std::string::npos ? prompt : prompt.substr(last + 1);
        char* raw = readline(edited.c_str());
        if (raw == nullptr) {
            std::fputc('\n', stderr);
            return std::nullopt;
        }
        std::string line(raw);
        std::free(raw);  // NOLINT: readline allocates with malloc
        if (!line.empty()) {
            add_history(line.c_str());
        }
        return line;
    }
};

int run_ask(const AskOptions& o) {
    const RuleSet rules = chosen_rules(o.output);
    const bool interactive = is_terminal(stdin);
    const std::size_t width = terminal_width(stderr).value_or(k_default_prompt_width);
    std::unique_ptr<LineSource> source;
    if (interactive) {
        source = std::make_unique<EditLineSource>();
        std::cerr << text::wrap(fmt::format("Thomas test, rule set {} {}. Answer each question; "
                                            "[Enter = ...] says what an empty answer records. "
                                            "Ctrl-D abandons the test.",
                                            rules.name, rules.version),
                                std::max<std::size_t>(width, 20) - 1, "")
                  << "\n";
    } else {
        source = std::make_unique<StreamLineSource>(std::cin, std::cerr);
    }
    TestFile test;
    try {
        test = ask_test(rules, *source, std::cerr, width);
    } catch (const AskEndOfInput& e) {
        if (!interactive) {
            throw DataError(e.what());  // a script's answers ran out: bad input (65)
        }
        // A person left (Ctrl-D): say where, not how a script should answer. The test is
        // incomplete, so the exit code is the contract's one for unusable data.
        std::cerr << fmt::format("thomas: test abandoned at question {} ({}); nothing was scored\n",
                                 e.number(), e.topic());
        return k_exit_data;
    }
    std::cerr << "\n";
    std::cerr.flush();
    print_result(rules, test, o.output);
    return k_exit_ok;
}

}  // namespace

void setup_ask(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<AskOptions>();
    CLI::App* cmd =
        app.add_subcommand("ask", "Enter one test by answering questions, then score it");
    add_output_options(*cmd, opts->output);
    cmd->footer(
        "Questions and answers go to stderr, the assessment to stdout. On a terminal the\n"
        "answers can be edited and recalled with the arrow keys; from a pipe, give one\n"
        "answer per line (an empty line skips an optional question). Ctrl-D at a terminal\n"
        "abandons the test: nothing is scored, exit 65.\n"
        "Examples:\n"
        "  thomas ask\n"
        "  thomas ask --format json > result.json\n"
        "  printf 'none\\nright\\n12\\n50\\n\\n\\nyes\\nstretch\\n\\n' | thomas ask");
    cmd->callback([opts, &exit_code] { exit_code = run_ask(*opts); });
}

}  // namespace thomas::cli
