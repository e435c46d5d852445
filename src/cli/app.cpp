#include "app.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "output.h"
#include "thomas/embedded_rules.h"
#include "thomas/printable.h"
#include "thomas/rule_loader.h"
#include "thomas/suggest.h"
#include "thomas/test_file.h"

namespace thomas::cli {
namespace {

void print_error(const std::string& message) {
    std::fflush(stdout);
    fmt::print(stderr, "thomas: error: {}\n", printable(message));
}

std::string version_text() {
    std::string text = fmt::format("thomas {}\nembedded rule sets:", THOMAS_VERSION);
    for (const auto& set : embedded_rule_sets()) {
        try {
            const RuleSet rules = load_rules(std::string(set.name));
            text += fmt::format("\n  {} {} (sha256 {})", rules.name, rules.version,
                                rules.sha256.substr(0, 12));
        } catch (const std::exception&) {
            text += fmt::format("\n  {} (invalid)", set.name);
        }
    }
    return text;
}

// The (sub)command being parsed when parsing stopped: the last one selected at each level.
const CLI::App& deepest(const CLI::App& app) {
    const CLI::App* at = &app;
    while (!at->get_subcommands().empty()) {
        at = at->get_subcommands().back();
    }
    return *at;
}

// "thomas rules check" for that command.
std::string command_path(const CLI::App& app, const CLI::App& command) {
    std::string path = "thomas";
    for (const CLI::App* at = &app; at != &command;) {
        at = at->get_subcommands().back();
        path += " " + at->get_name();
    }
    return path;
}

// An option, not a value: "--thig", "-V", but not "-10".
bool looks_like_option(const std::string& word) {
    return word.size() > 1 && word[0] == '-' && !std::isdigit(static_cast<unsigned char>(word[1]));
}

// "unknown option --thig (did you mean --thigh?); see 'thomas score --help'", the suggestion
// taken from the options of the command being parsed. A short option with no close match
// ("-V") suggests the one long option starting with its letter (--version), if there is one.
std::string unknown_option(const CLI::App& app, std::string word) {
    const CLI::App& target = deepest(app);
    word = word.substr(0, word.find('='));
    std::vector<std::string> names;
    for (const CLI::Option* opt : target.get_options()) {
        for (const auto& l : opt->get_lnames()) {
            names.push_back("--" + l);
        }
    }
    std::vector<std::string_view> views(names.begin(), names.end());
    std::string hint;
    if (const auto close = closest(word, views)) {
        hint = *close;
    } else if (word.size() == 2) {
        const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(word[1])));
        int starting = 0;
        for (const auto& name : names) {
            if (name[2] == letter) {
                hint = name;
                ++starting;
            }
        }
        if (starting != 1) {
            hint.clear();  // none, or more than one: no guess
        }
    }
    std::string text = fmt::format("unknown option {}", word);
    if (!hint.empty()) {
        text += fmt::format(" (did you mean {}?)", hint);
    }
    return text + "; see '" + command_path(app, target) + " --help'";
}

// The commands of `command` with their descriptions, as CLI11 lists them in --help.
std::string command_list(const CLI::App& command) {
    std::size_t width = 0;
    const auto subs = command.get_subcommands([](const CLI::App*) { return true; });
    for (const CLI::App* sub : subs) {
        width = std::max(width, sub->get_name().size());
    }
    std::string out;
    for (const CLI::App* sub : subs) {
        out += fmt::format("  {:<{}}  {}\n", sub->get_name(), width, sub->get_description());
    }
    return out;
}

// CLI11 reports an unknown option as "The following arguments were not expected: 5 --thig";
// name the first unknown option plainly and add a "did you mean" from the options that the
// (sub)command being parsed knows.
std::string with_suggestion(const CLI::App& app, const CLI::ParseError& e) {
    std::string message = e.what();
    // CLI11 says "--thigh: At Most 1 required but received 2" for an option given twice.
    const std::string twice = ": At Most 1 required but received ";
    if (const auto at = message.find(twice);
        at != std::string::npos && dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
        return fmt::format("{} given {} times; give each option once", message.substr(0, at),
                           message.substr(at + twice.size()));
    }
    const std::string marker = "not expected: ";
    const auto at = message.find(marker);
    if (at == std::string::npos) {
        return message;
    }
    std::istringstream words(message.substr(at + marker.size()));
    std::string word;
    while (words >> word) {
        if (looks_like_option(word)) {
            return unknown_option(app, word);
        }
    }
    return fmt::format("unexpected argument{}: {}",
                       message.find(' ', at + marker.size()) == std::string::npos ? "" : "s",
                       message.substr(at + marker.size()));
}

// "unknown command "tst" (did you mean test?)" among the commands of `parent`, or nullopt when
// `word` is one of them.
std::optional<std::string> unknown_command_text(const CLI::App& parent, const std::string& word) {
    std::vector<std::string> names;
    for (const CLI::App* sub : parent.get_subcommands([](const CLI::App*) { return true; })) {
        names.push_back(sub->get_name());
    }
    if (std::find(names.begin(), names.end(), word) != names.end()) {
        return std::nullopt;
    }
    std::vector<std::string_view> views(names.begin(), names.end());
    std::string text = fmt::format("unknown command \"{}\"", word);
    if (auto hint = closest(word, views)) {
        text += fmt::format(" (did you mean {}?)", *hint);
    }
    return text;
}

// CLI11 reads a mistyped command ("thomas scroe") as a stray argument and then reports only
// "A subcommand is required"; name the word and suggest the closest command instead.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
    // The first word that is not an option (the top level has no options taking a value).
    int first = 1;
    while (first < argc && argv[first][0] == '-') {
        ++first;
    }
    if (first == argc) {
        return std::nullopt;
    }
    // nullopt for a known command missing something it requires.
    return unknown_command_text(app, argv[first]);
}

// thomas help [COMMAND...]: the --help of thomas or of that command, on stdout.
void setup_help(CLI::App& app, int& exit_code) {
    auto words = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("help", "Show the help of thomas or of a command");
    cmd->add_option("command", *words, "A command, e.g. score or rules check");
    cmd->callback([&app, words, &exit_code] {
        const CLI::App* target = &app;
        std::string path = "thomas";
        for (const auto& word : *words) {
            if (auto unknown = unknown_command_text(*target, word)) {
                throw UsageError(fmt::format("{}; see '{} --help'", *unknown, path));
            }
            target = target->get_subcommand(word);
            path += " " + word;
        }
        // CLI11's help() would delegate to the selected subcommand (this one): ask the
        // formatter for the target's page, as `--help` prints it.
        const std::string text =
            target->get_formatter()->make_help(target, path, CLI::AppFormatMode::Normal);
        write_stdout(text, "the help");
        exit_code = k_exit_ok;
    });
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"Score a Thomas test (hip flexor length) and triage the next step.", "thomas"};
    app.set_version_flag("--version", version_text);
    app.require_subcommand(1);
    app.footer(
        "Examples:\n"
        "  thomas score --thigh 8 --knee 70\n"
        "  thomas score --file examples/right-leg.yaml --format json\n"
        "Run 'thomas COMMAND --help' for a command's options.\n"
        "Exit codes: 0 scored, 64 usage, 65 bad data, 66 no input, 73 cannot "
        "write, 78 bad rules, 70 internal error.");
    int exit_code = k_exit_ok;
    setup_score(app, exit_code);
    setup_batch(app, exit_code);
    setup_progress(app, exit_code);
    setup_report(app, exit_code);
    setup_ask(app, exit_code);
    setup_completion(app, exit_code);
    setup_rules(app, exit_code);
    setup_help(app, exit_code);

    try {
        app.parse(argc, argv);
        return exit_code;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::RequiredError& e) {
        const CLI::App& at = deepest(app);
        const std::string command = command_path(app, at);
        if (auto unknown = unknown_command(app, argc, argv)) {
            print_error(*unknown);
            fmt::print(stderr, "Run '{} --help' for usage.\n", command);
            return k_exit_usage;
        }
        // CLI11 checks for a missing command before it reports an unknown option ("-V").
        for (const auto& word : app.remaining(true)) {
            if (looks_like_option(word)) {
                print_error(unknown_option(app, word));
                return k_exit_usage;
            }
        }
        if (at.get_require_subcommand_min() > 0 && at.get_subcommands().empty()) {
            // "thomas rules tst": a mistyped command of a command group.
            for (const auto& word : at.remaining(true)) {
                if (auto unknown = unknown_command_text(at, word)) {
                    print_error(*unknown);
                    fmt::print(stderr, "Run '{} --help' for usage.\n", command);
                    return k_exit_usage;
                }
            }
            // Bare "thomas" or "thomas rules": a short usage, the commands to choose from.
            print_error("a command is required");
            fmt::print(stderr, "Usage: {} COMMAND [OPTIONS]\nCommands:\n{}", command,
                       command_list(at));
            fmt::print(stderr, "Run '{} COMMAND --help' for a command's options.\n", command);
            return k_exit_usage;
        }
        print_error(e.what());
        // Point at the help of the command that was being parsed ("thomas rules check").
        fmt::print(stderr, "Run '{} --help' for usage.\n", command);
        return k_exit_usage;
    } catch (const CLI::ParseError& e) {
        // CLI11 2.1 would exit 109 etc.; the contract says 64 for any usage error.
        print_error(with_suggestion(app, e));
        return k_exit_usage;
    } catch (const UsageError& e) {
        print_error(e.what());
        return k_exit_usage;
    } catch (const DataError& e) {
        print_error(e.what());
        return k_exit_data;
    } catch (const TestFileError& e) {
        print_error(e.what());
        return k_exit_data;
    } catch (const FileError& e) {
        print_error(e.what());
        return k_exit_no_input;
    } catch (const OutputError& e) {
        print_error(e.what());
        return k_exit_cant_create;
    } catch (const RuleError& e) {
        for (const auto& d : e.diagnostics()) {
            fmt::print(stderr, "{}\n", printable(d.to_string()));
        }
        print_error(fmt::format("the rule file is invalid ({} error{})", e.diagnostics().size(),
                                e.diagnostics().size() == 1 ? "" : "s"));
        return k_exit_config;
    } catch (const std::exception& e) {
        print_error(fmt::format("internal error: {}", e.what()));
        return k_exit_software;
    }
}

}  // namespace thomas::cli
