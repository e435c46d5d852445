// What the CLI needs to know about its terminal: whether to colour, and the escape codes.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace thomas::cli {

// True if `stream` is a terminal.
bool is_terminal(std::FILE* stream);

// The width in columns of the terminal `stream` writes to; nullopt if it is not a terminal or
// does not say.
std::optional<std::size_t> terminal_width(std::FILE* stream);

// Colour only on a terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb.
bool color_wanted(std::FILE* stream);

// ANSI styling that collapses to plain text when disabled.
struct Style {
    bool on = false;
    std::string bold(std::string_view s) const { return wrap("1", s); }
    std::string dim(std::string_view s) const { return wrap("2", s); }
    std::string red(std::string_view s) const { return wrap("31", s); }
    std::string green(std::string_view s) const { return wrap("32", s); }
    std::string yellow(std::string_view s) const { return wrap("33", s); }
    std::string cyan(std::string_view s) const { return wrap("36", s); }

private:
    std::string wrap(std::string_view code, std::string_view s) const {
        if (!on) {
            return std::string(s);
        }
        return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
    }
};

}  // namespace thomas::cli
