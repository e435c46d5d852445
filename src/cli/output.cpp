#include "output.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "app.h"
#include "choices.h"
#include "render_text.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/json_report.h"

namespace thomas::cli {

void add_output_options(CLI::App& cmd, OutputChoice& choice) {
    cmd.add_option("--rules", choice.rules,
                   "Rule set: a shipped name (see 'thomas rules list') or a YAML file");
    cmd.add_option("--format", choice.format, "Output format: text (default) or json")
        ->check(CLI::IsMember(k_output_formats));
    cmd.add_flag("--explain", choice.explain,
                 "Show which criterion, value, threshold and source decided each part");
    cmd.add_flag("--no-diagram", choice.no_diagram,
                 "Do not draw the hanging leg (drawn in text output on a terminal only)");
}

RuleSet chosen_rules(const OutputChoice& choice) {
    return choice.rules.empty() ? default_rules() : load_rules(choice.rules);
}

void print_result(const RuleSet& rules, const TestFile& test, const OutputChoice& choice) {
    TextOptions text;
    text.style.on = color_wanted(stdout);
    text.explain = choice.explain;
    text.diagram = !choice.no_diagram && is_terminal(stdout);
    JsonOptions json;
    json.explain = choice.explain;
    const bool as_json = choice.format == "json";
    std::string out;
    if (const auto* legs = std::get_if<BothLegs>(&test.legs)) {
        const PairAssessment both = assess_pair(rules, legs->left, legs->right);
        out = as_json ? both_sides_json(rules, legs->left, legs->right, both, json) + "\n"
                      : render_text_both(rules, legs->left, legs->right, both, text);
    } else {
        const Measurements& m = std::get<Measurements>(test.legs);
        const Assessment a = assess(rules, m);
        out = as_json ? assessment_json(rules, m, a, json) + "\n" : render_text(rules, m, a, text);
    }
    write_stdout(out, "the result");
}

void write_stdout(std::string_view text, std::string_view what) {
    // A large write bypasses the stdio buffer, so its failure shows in fwrite's count (and
    // ferror), not in the fflush that follows.
    errno = 0;
    // fwrite's pointer must not be null, even for no bytes (an empty view may hold one).
    const bool written =
        text.empty() || std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
    if (!written || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        const int error = errno != 0 ? errno : EIO;
        throw OutputError(fmt::format("cannot write {}: {}", what, std::strerror(error)));
    }
}

}  // namespace thomas::cli
