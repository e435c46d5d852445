// thomas completion bash|zsh|fish: a completion script generated from the command line
// itself (commands, their options and the accepted words), so it never falls behind.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app.h"
#include "choices.h"
#include "output.h"
#include "thomas/embedded_rules.h"
#include "thomas/ids.h"

namespace thomas::cli {
namespace {

// What a value (of an option, or of a command's arguments) can be: some words, files, both,
// or free text when neither.
struct CompletionValues {
    std::vector<std::string> words;
    bool files = false;
    bool any() const { return files || !words.empty(); }
};

struct OptionInfo {
    std::string name;        // "--output"
    std::string short_name;  // "-o", or empty
    std::string help;
    bool takes_value = false;
    CompletionValues values;
};

struct CommandInfo {
    std::string path;  // the command words that select it: "score", "rules show"
    std::string name;  // its own word: "show"
    std::string help;
    std::vector<OptionInfo> options;
    CompletionValues arguments;  // its positional arguments, or its subcommands' names
    std::vector<CommandInfo> children;
};

std::vector<std::string> rule_set_names() {
    std::vector<std::string> names;
    for (const auto& set : embedded_rule_sets()) {
        names.emplace_back(set.name);
    }
    return names;
}

// "none, stretch, hip" as its words.
std::vector<std::string> words_of(std::string_view comma_list) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= comma_list.size()) {
        const auto end = std::min(comma_list.find(',', start), comma_list.size());
        std::string_view word = comma_list.substr(start, end - start);
        while (!word.empty() && word.front() == ' ') {
            word.remove_prefix(1);
        }
        while (!word.empty() && word.back() == ' ') {
            word.remove_suffix(1);
        }
        if (!word.empty()) {
            words.emplace_back(word);
        }
        start = end + 1;
    }
    return words;
}

// The words an option of the command `path` accepts, taken from the tables the command checks
// them against (choices.h, the shipped rule sets, the contract's ids), and whether it takes a
// file. Nothing for free text (numbers, FIELD=HEADER).
CompletionValues option_values(const std::string& path, const std::string& option) {
    if (option == "--format") {
        return {path == "batch"      ? k_batch_formats
                : path == "progress" ? k_progress_formats
                                     : k_output_formats,
                false};
    }
    if (option == "--rules") {
        return {rule_set_names(), true};
    }
    if (option == "--file" || option == "--output" || option == "--csv") {
        return {{}, true};
    }
    if (option == "--side") {
        return {{std::string(to_string(Side::left)), std::string(to_string(Side::right))}, false};
    }
    if (option == "--lumbar-flat") {
        return {{"yes", "no"}, false};
    }
    if (option == "--pain") {
        return {words_of(accepted_pains()), false};
    }
    if (option == "--red-flags") {
        return {words_of(accepted_red_flags()), false};
    }
    return {};
}

// What the positional arguments of the command `path` can be.
CompletionValues argument_values(const CLI::App& app, const std::string& path) {
    if (path == "completion") {
        return {k_shells, false};
    }
    if (path == "rules show" || path == "rules check" || path == "rules test") {
        return {rule_set_names(), true};
    }
    if (path == "batch" || path == "progress" || path == "report") {
        return {{}, true};
    }
    if (path == "help") {
        CompletionValues names;
        for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
            names.words.push_back(sub->get_name());
        }
        return names;
    }
    return {};
}

CommandInfo describe_command(const CLI::App& root, const CLI::App& cmd, const std::string& path) {
    CommandInfo info{path, cmd.get_name(), cmd.get_description(), {}, {}, {}};
    for (const CLI::Option* opt : cmd.get_options()) {
        if (opt->get_positional()) {
            continue;
        }
        const auto& shorts = opt->get_snames();
        for (const auto& l : opt->get_lnames()) {
            const std::string name = "--" + l;
            const bool takes_value = opt->get_expected_max() > 0 && opt->get_type_size_max() > 0;
            info.options.push_back({name, shorts.empty() ? "" : "-" + shorts.front(),
                                    opt->get_description(), takes_value,
                                    takes_value ? option_values(path, name) : CompletionValues{}});
        }
    }
    for (const CLI::App* child : cmd.get_subcommands([](const CLI::App*) { return true; })) {
        info.children.push_back(describe_command(root, *child, path + " " + child->get_name()));
        info.arguments.words.push_back(child->get_name());
    }
    if (info.children.empty()) {
        info.arguments = argument_values(root, path);
    }
    return info;
}

// The top level (path "") and every command under it.
CommandInfo describe(const CLI::App& app) {
    CommandInfo top{"", "thomas", app.get_description(), {}, {}, {}};
    for (const CLI::Option* opt : app.get_options()) {
        const auto& shorts = opt->get_snames();
        for (const auto& l : opt->get_lnames()) {
            top.options.push_back({"--" + l,
                                   shorts.empty() ? "" : "-" + shorts.front(),
                                   opt->get_description(),
                                   false,
                                   {}});
        }
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        top.children.push_back(describe_command(app, *sub, sub->get_name()));
        top.arguments.words.push_back(sub->get_name());
    }
    return top;
}

// Every command under `top`, depth first.
void flatten(const CommandInfo& top, std::vector<const CommandInfo*>& out) {
    for (const auto& c : top.children) {
        out.push_back(&c);
        flatten(c, out);
    }
}

std::string spaced(const std::vector<std::string>& words) {
    return fmt::format("{}", fmt::join(words, " "));
}

std::string escape_single(const std::string& s) {
    std::string out;
    for (char c : s) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out;
}

std::vector<std::string> option_names(const CommandInfo& c) {
    std::vector<std::string> names;
    for (const auto& o : c.options) {
        names.push_back(o.name);
    }
    return names;
}

// bash: the command typed so far is found from the known command words only, so option values
// and file names in between are skipped; then the word before the cursor (an option that takes
// a value) or the command decides what is offered. Options are offered for a word starting
// with "-", or when the command takes no argument.
std::string bash_script(const CommandInfo& top) {
    std::vector<const CommandInfo*> all;
    flatten(top, all);
    std::vector<std::string> paths;
    std::string values;
    std::string commands;
    const auto command_case = [&commands](const CommandInfo& c) {
        commands += fmt::format("            \"{}\") words=\"{}\" files=\"{}\" options=\"{}\" ;;\n",
                                c.path, spaced(c.arguments.words), c.arguments.files ? "1" : "",
                                spaced(option_names(c)));
    };
    command_case(top);
    for (const CommandInfo* c : all) {
        const auto space = c->path.rfind(' ');
        paths.push_back(fmt::format(
            "\"{}/{}\"", space == std::string::npos ? "" : c->path.substr(0, space), c->name));
        command_case(*c);
        for (const auto& o : c->options) {
            if (!o.takes_value) {
                continue;
            }
            // A free-text value (a number, FIELD=HEADER): offer nothing rather than options.
            const std::string also =
                o.short_name.empty() ? "" : fmt::format("|\"{}/{}\"", c->path, o.short_name);
            values += fmt::format("        \"{}/{}\"{}) words=\"{}\" files=\"{}\" ;;\n", c->path,
                                  o.name, also, spaced(o.values.words), o.values.files ? "1" : "");
        }
    }
    return fmt::format(R"(# bash completion for thomas; generated by 'thomas completion bash'
_thomas() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local cmd="" w words="" files="" options=""
    for w in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
        case "$cmd/$w" in
            {}) cmd="${{cmd:+$cmd }}$w" ;;
        esac
    done
    case "$cmd/$prev" in
{}        *)
            case "$cmd" in
{}            esac
            if [[ "$cur" == -* || ( -z "$words" && -z "$files" ) ]]; then
                words="$options" files=""
            fi ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    [[ -z "$files" ]] || COMPREPLY+=($(compgen -f -- "$cur"))
}}
complete -F _thomas thomas
)",
                       fmt::join(paths, "|"), values, commands);
}

// NAME:DESCRIPTION for _describe, in single quotes: a colon in the description is escaped.
std::string zsh_item(const std::string& name, const std::string& help) {
    std::string out = "'" + name + ":";
    for (char c : escape_single(help)) {
        out += c == ':' ? std::string("\\:") : std::string(1, c);
    }
    return out + "'";
}

std::string zsh_brackets(const std::string& help) {
    std::string out = escape_single(help);
    for (auto& ch : out) {
        if (ch == '[' || ch == ']' || ch == ':') {
            ch = ' ';
        }
    }
    return out;
}

// An _arguments action: words, files, both (through _alternative), or free text.
std::string zsh_action(const std::string& message, const CompletionValues& v) {
    if (v.files && !v.words.empty()) {
        // _arguments reads an unescaped colon as the end of the action.
        return fmt::format("{{_alternative \"words\\:{}\\:({})\" \"files\\:file\\:_files\"}}",
                           message, spaced(v.words));
    }
    if (v.files) {
        return "_files";
    }
    return v.words.empty() ? "" : "(" + spaced(v.words) + ")";
}

// The body completing command `c`, with words[1] its own word; `pad` indents it.
std::string zsh_command(const CommandInfo& c, const std::string& pad) {
    if (!c.children.empty()) {
        std::string list;
        std::string cases;
        for (const auto& child : c.children) {
            list += " " + zsh_item(child.name, child.help);
            cases += fmt::format("{}        {})\n{}{}            ;;\n", pad, child.name,
                                 zsh_command(child, pad + "            "), pad);
        }
        return fmt::format(
            "{0}if (( CURRENT == 2 )); then\n"
            "{0}    local -a subcommands=({1})\n"
            "{0}    _describe '{2} command' subcommands\n"
            "{0}    return\n"
            "{0}fi\n"
            "{0}local sub=\"${{words[2]}}\"\n"
            "{0}shift words\n"
            "{0}(( CURRENT-- ))\n"
            "{0}case \"$sub\" in\n"
            "{3}{0}esac\n",
            pad, list, c.path, cases);
    }
    std::string args;
    for (const auto& o : c.options) {
        std::string action;
        if (o.takes_value) {
            action = ":value:" + zsh_action("value", o.values);
        }
        const std::string names =
            o.short_name.empty() ? "'" + o.name
                                 : fmt::format("'({0} {1})'{{{0},{1}}}'", o.short_name, o.name);
        args += fmt::format(" \\\n{}    {}[{}]{}'", pad, names, zsh_brackets(o.help), action);
    }
    if (c.arguments.any()) {
        args += fmt::format(" \\\n{}    '*:argument:{}'", pad, zsh_action("argument", c.arguments));
    }
    return fmt::format("{}_arguments{}\n", pad, args);
}

std::string zsh_script(const CommandInfo& top) {
    std::string list;
    std::string cases;
    for (const auto& c : top.children) {
        list += "        " + zsh_item(c.name, c.help) + "\n";
        cases +=
            fmt::format("        {})\n{}            ;;\n", c.name, zsh_command(c, "            "));
    }
    return fmt::format(R"(#compdef thomas
# zsh completion for thomas; generated by 'thomas completion zsh'
_thomas() {{
    local -a commands
    commands=(
{}    )
    if (( CURRENT == 2 )); then
        _describe 'thomas command' commands
        _arguments '--help[show help]' '--version[show the version and rule sets]'
        return
    fi
    local cmd="${{words[2]}}"
    shift words
    (( CURRENT-- ))
    case "$cmd" in
{}    esac
}}
_thomas "$@"
)",
                       list, cases);
}

// fish: a command's completions apply once its words are on the line and, for a command with
// subcommands, before one of them is.
std::string fish_script(const CommandInfo& top) {
    std::string out = "# fish completion for thomas; generated by 'thomas completion fish'\n";
    out += "complete -c thomas -f\n";
    std::vector<const CommandInfo*> all{&top};
    flatten(top, all);
    for (const CommandInfo* c : all) {
        std::string when;
        std::string sep;
        std::size_t start = 0;
        while (start < c->path.size()) {
            const auto end = std::min(c->path.find(' ', start), c->path.size());
            when += sep + "__fish_seen_subcommand_from " + c->path.substr(start, end - start);
            sep = "; and ";
            start = end + 1;
        }
        if (!c->children.empty()) {
            when += sep + "not __fish_seen_subcommand_from " + spaced(c->arguments.words);
        }
        for (const auto& child : c->children) {
            out += fmt::format("complete -c thomas -n '{}' -a {} -d '{}'\n", when, child.name,
                               escape_single(child.help));
        }
        if (c->children.empty() && !c->arguments.words.empty()) {
            out += fmt::format("complete -c thomas -n '{}' -a '{}'\n", when,
                               spaced(c->arguments.words));
        }
        if (c->arguments.files) {
            out += fmt::format("complete -c thomas -n '{}' -F\n", when);
        }
        for (const auto& o : c->options) {
            std::string line =
                fmt::format("complete -c thomas -n '{}'{} -l {} -d '{}'", when,
                            o.short_name.empty() ? "" : " -s " + o.short_name.substr(1),
                            o.name.substr(2), escape_single(o.help));
            if (o.takes_value) {
                // -x: a value, but no file names (-F adds them back for a file option).
                line += o.values.files ? " -r -F" : " -x";
                if (!o.values.words.empty()) {
                    line += " -a '" + spaced(o.values.words) + "'";
                }
            }
            out += line + "\n";
        }
    }
    return out;
}

}  // namespace

void setup_completion(CLI::App& app, int& exit_code) {
    auto shell = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("completion", "Print a shell completion script");
    cmd->add_option("shell", *shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember(k_shells));
    cmd->footer(
        "Examples:\n"
        "  source <(thomas completion bash)\n"
        "  thomas completion zsh > \"${fpath[1]}/_thomas\"\n"
        "  thomas completion fish > ~/.config/fish/completions/thomas.fish\n"
        "Installed packages already put these where bash, zsh and fish look for them.");
    cmd->callback([&app, shell, &exit_code] {
        const CommandInfo top = describe(app);
        const std::string text = *shell == "bash"  ? bash_script(top)
                                 : *shell == "zsh" ? zsh_script(top)
                                                   : fish_script(top);
        write_stdout(text, "the completion script");
        exit_code = k_exit_ok;
    });
}

}  // namespace thomas::cli
