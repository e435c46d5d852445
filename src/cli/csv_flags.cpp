#include "csv_flags.h"

#include <fmt/format.h>

#include "app.h"

namespace thomas::cli {

char parse_delimiter(const std::string& text) {
    if (text == "\\t" || text == "tab" || text == "TAB" || text == "\t") {
        return '\t';
    }
    if (text.size() == 1 && static_cast<unsigned char>(text[0]) < 0x80 && text[0] != '"' &&
        text[0] != '\r' && text[0] != '\n') {
        return text[0];
    }
    throw UsageError(fmt::format(
        "--delimiter \"{}\": expected one ASCII character other than a quote or a line break "
        "(e.g. , or ; or tab)",
        text));
}

std::vector<std::pair<std::string, std::string>> parse_map(const std::vector<std::string>& items) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
            throw UsageError(fmt::format(
                "--map \"{}\": expected FIELD=HEADER, e.g. --map \"thigh_angle=Hip ext (deg)\"",
                item));
        }
        out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return out;
}

}  // namespace thomas::cli
