// thomas score: one test from flags or a file, scored and printed as text or JSON.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <memory>

#include "app.h"
#include "output.h"
#include "test_input.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/fields.h"
#include "thomas/rule_loader.h"
#include "thomas/test_file.h"

namespace thomas::cli {
namespace {

struct ScoreOptions {
    TestInput input;      // measurement flags or --file
    OutputChoice output;  // --rules, --format, --explain, --no-diagram
};

int run_score(const CLI::App& cmd, const ScoreOptions& o) {
    const RuleSet rules = chosen_rules(o.output);
    print_result(rules, read_test_input(cmd, rules, o.input), o.output);
    return k_exit_ok;
}

}  // namespace

void setup_score(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<ScoreOptions>();
    CLI::App* cmd = app.add_subcommand("score", "Score one Thomas test from flags or a file");
    add_test_input_options(*cmd, opts->input);
    add_output_options(*cmd, opts->output);
    cmd->footer(
        "Examples:\n"
        "  thomas score --thigh 12 --knee 50\n"
        "  thomas score --thigh=-8 --knee-interior 100 --pain stretch --lumbar-flat yes\n"
        "  thomas score --thigh 12 --knee 50 --done 3 --format json\n"
        "  thomas score --file examples/both-sides.yaml --explain\n"
        "Negative values: write --thigh=-10 or --thigh -10.");
    cmd->callback([cmd, opts, &exit_code] { exit_code = run_score(*cmd, *opts); });
}

}  // namespace thomas::cli
