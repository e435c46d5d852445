#include "yaml_support.h"

#include <fmt/format.h>

#include <algorithm>

namespace thomas::detail {

std::optional<DepthProblem> check_nesting(std::string_view text, int max_depth) {
    int depth = 0;
    int line = 1;
    int column = 0;
    char quote = 0;
    bool comment = false;
    for (char c : text) {
        ++column;
        if (c == '\n') {
            ++line;
            column = 0;
            comment = false;
            continue;
        }
        if (comment) {
            continue;
        }
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            }
            continue;
        }
        switch (c) {
            case '"':
            case '\'':
                quote = c;
                break;
            case '#':
                comment = true;
                break;
            case '[':
            case '{':
                if (++depth > max_depth) {
                    return DepthProblem{{line, column},
                                        fmt::format("nesting deeper than {} levels", max_depth)};
                }
                break;
            case ']':
            case '}':
                depth = std::max(0, depth - 1);
                break;
            default:
                break;
        }
    }
    return std::nullopt;
}

}  // namespace thomas::detail

namespace thomas {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string_view> closest(std::string_view word,
                                        const std::vector<std::string_view>& candidates) {
    std::optional<std::string_view> best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (auto c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

}  // namespace thomas
