// thomas rules list | show | check | test: write, check, test and compare rule sets
// without touching C++.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "app.h"
#include "output.h"
#include "render_rules.h"
#include "thomas/embedded_rules.h"
#include "thomas/examples.h"
#include "thomas/rule_analysis.h"
#include "thomas/rule_loader.h"

namespace thomas::cli {
namespace {

struct RulesOptions {
    std::string show = "default";
    std::vector<std::string> paths;
    bool strict = false;
};

void print(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
}

// The pieces print() wrote went out, or OutputError.
void flush_stdout() {
    write_stdout({}, "the output");
}

int run_list() {
    const Style style{color_wanted(stdout)};
    bool first = true;
    for (const auto& set : embedded_rule_sets()) {
        if (!first) {
            print("\n");
        }
        first = false;
        // Embedded sets are tested at build time, so this does not fail in practice; if it
        // did, the RuleError reaches app.cpp and exits 78.
        print(render_rule_summary(load_rules(std::string(set.name)), style));
    }
    print("\nUse one with 'thomas score --rules NAME'; see it with 'thomas rules show NAME'.\n");
    flush_stdout();
    return k_exit_ok;
}

int run_show(const RulesOptions& o) {
    print(render_rule_set(load_rules(o.show), Style{color_wanted(stdout)}));
    flush_stdout();
    return k_exit_ok;
}

// Every error and warning of every file; exit 66 if a file cannot be read, else 78 on any
// error (or any warning with --strict), else 0.
int run_check(const RulesOptions& o) {
    int errors = 0;
    int warnings = 0;
    std::size_t unreadable = 0;
    for (const auto& path : o.paths) {
        std::string name;
        std::string text;
        try {
            text = rule_text(path, name);
        } catch (const RuleError& e) {  // over the size cap
            for (const auto& d : e.diagnostics()) {
                print(d.to_string() + "\n");
            }
            errors += static_cast<int>(e.diagnostics().size());
            continue;
        } catch (const FileError& e) {
            fmt::print(stderr, "thomas: error: {}\n", e.what());
            ++unreadable;
            continue;
        }
        LoadResult result;
        const RuleSet rules = parse_rules(text, name, result);
        std::vector<Diagnostic> diagnostics = result.diagnostics;
        if (result.ok()) {
            auto more = analyse(rules, name);
            diagnostics.insert(diagnostics.end(), more.begin(), more.end());
        }
        for (const auto& d : diagnostics) {
            (d.severity == Diagnostic::Severity::error ? errors : warnings) += 1;
            print(d.to_string() + "\n");
        }
    }
    // An unreadable file was not checked: the count must not read as a clean bill for it.
    const std::size_t checked = o.paths.size() - unreadable;
    const std::string not_read =
        unreadable == 0 ? "" : fmt::format(" ({} could not be read)", unreadable);
    print(fmt::format("checked {} file{}{}: {} error{}, {} warning{}\n", checked,
                      checked == 1 ? "" : "s", not_read, errors, errors == 1 ? "" : "s", warnings,
                      warnings == 1 ? "" : "s"));
    flush_stdout();
    if (unreadable > 0) {
        return k_exit_no_input;
    }
    return errors > 0 || (o.strict && warnings > 0) ? k_exit_config : k_exit_ok;
}

// OPA-test style: a line per case, the differences under a failed one, a count at the end.
// Exit 66 if a file cannot be read, 78 if a file is invalid, 65 if a case failed.
int run_test(const RulesOptions& o) {
    int passed = 0;
    int failed = 0;
    bool unreadable = false;
    bool invalid = false;
    for (const auto& path : o.paths) {
        std::string name;
        RuleSet rules;
        try {
            const std::string text = rule_text(path, name);
            rules = load_rules_text(text, name);
        } catch (const FileError& e) {
            fmt::print(stderr, "thomas: error: {}\n", e.what());
            print(fmt::format("ERROR {}: the file cannot be read, no case was run\n", path));
            unreadable = true;
            continue;
        } catch (const RuleError& e) {
            for (const auto& d : e.diagnostics()) {
                print(d.to_string() + "\n");
            }
            print(fmt::format("ERROR {}: the rule file is invalid, no case was run\n", name));
            invalid = true;
            continue;
        }
        if (rules.examples.empty()) {
            print(fmt::format("NONE {}: the rule set has no examples\n", rules.name));
        }
        for (const auto& outcome : run_examples(rules)) {
            const Example& ex = *outcome.example;
            if (outcome.passed) {
                ++passed;
                print(fmt::format("PASS {}: {}\n", rules.name, ex.name));
                continue;
            }
            ++failed;
            print(fmt::format("FAIL {}: {} ({}:{}:{})\n", rules.name, ex.name, name, ex.pos.line,
                              ex.pos.column));
            for (const auto& difference : outcome.differences) {
                print("     " + difference + "\n");
            }
        }
    }
    print(fmt::format("{} passed, {} failed\n", passed, failed));
    flush_stdout();
    if (unreadable) {
        return k_exit_no_input;
    }
    if (invalid) {
        return k_exit_config;
    }
    return failed > 0 ? k_exit_data : k_exit_ok;
}

}  // namespace

void setup_rules(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<RulesOptions>();
    CLI::App* cmd = app.add_subcommand("rules", "List, show, check and test rule sets");
    cmd->require_subcommand(1);
    cmd->footer(
        "Examples:\n"
        "  thomas rules list\n"
        "  thomas rules show kendall\n"
        "  thomas rules check my-clinic.yaml\n"
        "  thomas rules test rules/*.yaml");

    CLI::App* list = cmd->add_subcommand("list",
                                         "The shipped rule sets: name, version, "
                                         "procedure and description");
    list->callback([&exit_code] { exit_code = run_list(); });

    CLI::App* show = cmd->add_subcommand(
        "show",
        "One rule set's measures, criteria and bands, findings, programme and decision "
        "table");
    show->add_option("rules", opts->show, "A shipped name or a rule file (default: default)");
    show->callback([opts, &exit_code] { exit_code = run_show(*opts); });

    CLI::App* check = cmd->add_subcommand(
        "check", "Report every error and warning in rule files as file:line:column: message");
    check->add_option("paths", opts->paths, "Rule files (or shipped names)")->required();
    check->add_flag("--strict", opts->strict, "Treat warnings as errors (exit 78)");
    check->footer(
        "Exit codes: 0 valid, 78 errors (or warnings with --strict), 66 unreadable "
        "file.");
    check->callback([opts, &exit_code] { exit_code = run_check(*opts); });

    CLI::App* test = cmd->add_subcommand(
        "test", "Run the example cases each rule set carries; a diff for every failure");
    test->add_option("paths", opts->paths, "Rule files (or shipped names)")->required();
    test->footer(
        "Exit codes: 0 all passed, 65 a case failed, 78 invalid rule file, 66 "
        "unreadable file.");
    test->callback([opts, &exit_code] { exit_code = run_test(*opts); });
}

}  // namespace thomas::cli
