#include "yaml_support.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace thomas::detail {

namespace {

// A flow bracket or a quote starts a node only at the start of a token.
bool at_token_start(std::string_view line, std::size_t i) {
    if (i == 0) {
        return true;
    }
    const char prev = line[i - 1];
    return prev == ' ' || prev == '\t' || prev == '[' || prev == '{' || prev == ',';
}

// A block scalar header ("key: |", "- >-", "|2") ends the line's content.
bool ends_with_block_scalar_header(std::string_view content) {
    while (!content.empty() && (content.back() == ' ' || content.back() == '\t')) {
        content.remove_suffix(1);
    }
    while (!content.empty() && (content.back() == '+' || content.back() == '-' ||
                                (content.back() >= '1' && content.back() <= '9'))) {
        content.remove_suffix(1);
    }
    if (content.empty() || (content.back() != '|' && content.back() != '>')) {
        return false;
    }
    content.remove_suffix(1);
    return content.empty() || content.back() == ' ' || content.back() == '\t';
}

}  // namespace

// Over-estimates rather than misses: block levels are the stack of increasing indentation
// columns plus one per "- " or "? " item indicator opening a line; flow levels are the open
// [ and { outside quotes, comments and block scalars.
std::optional<DepthProblem> check_nesting(std::string_view text, int max_depth) {
    std::vector<std::size_t> columns;  // indentation of the open block levels, increasing
    int flow = 0;
    char quote = 0;                           // the open quote of a scalar spanning lines
    std::optional<std::size_t> block_scalar;  // indentation of a block scalar's parent line
    int line_number = 0;
    // The top-level node is not a nesting level: "[[x]]" is 2 deep, "a:\n  b: 1" is 1 deep.
    const auto depth = [&] {
        return (columns.empty() ? 0 : static_cast<int>(columns.size()) - 1) + flow;
    };
    const auto too_deep = [&](std::size_t column) {
        return DepthProblem{{line_number, static_cast<int>(column) + 1},
                            fmt::format("nesting deeper than {} levels", max_depth)};
    };
    while (!text.empty()) {
        ++line_number;
        const std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
        const bool blank = indent == line.size() || line[indent] == '#';
        if (block_scalar) {
            if (blank || indent > *block_scalar) {
                continue;  // text of a | or > scalar: no structure in it
            }
            block_scalar.reset();
        }
        std::size_t i = 0;
        if (quote == 0 && flow == 0 && !blank) {
            while (!columns.empty() && columns.back() > indent) {
                columns.pop_back();
            }
            if (columns.empty() || columns.back() != indent) {
                columns.push_back(indent);
            }
            i = indent;
            // "- - - x" and "? - x" open one level per indicator on a single line.
            while (i + 1 <= line.size() && (line[i] == '-' || line[i] == '?') &&
                   (i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '\t')) {
                const std::size_t indicator = i;
                i = std::min(line.find_first_not_of(" \t", i + 1), line.size());
                columns.push_back(i);
                if (depth() > max_depth) {
                    return too_deep(indicator);
                }
            }
            if (depth() > max_depth) {
                return too_deep(indent);
            }
        }
        std::size_t content_end = line.size();
        for (; i < line.size(); ++i) {
            const char c = line[i];
            if (quote != 0) {
                if ((c == '\\' && quote == '"') ||
                    (c == '\'' && quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'')) {
                    ++i;  // an escaped character, perhaps a quote ("\"" or '')
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
                content_end = i;
                break;
            }
            if ((c == '"' || c == '\'') && at_token_start(line, i)) {
                quote = c;
            } else if ((c == '[' || c == '{') && (flow > 0 || at_token_start(line, i))) {
                ++flow;
                if (depth() > max_depth) {
                    return too_deep(i);
                }
            } else if ((c == ']' || c == '}') && flow > 0) {
                --flow;
            }
        }
        if (quote == 0 && flow == 0 && !blank &&
            ends_with_block_scalar_header(line.substr(0, content_end))) {
            block_scalar = indent;
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
