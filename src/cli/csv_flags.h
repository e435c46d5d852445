// The CSV reading flags `batch` and `progress` share: --delimiter and --map.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace thomas::cli {

// "," ";" "tab" or "\t" as the one separator character. Throws UsageError otherwise.
char parse_delimiter(const std::string& text);

// "FIELD=HEADER" items of --map. Throws UsageError for an item without both parts.
std::vector<std::pair<std::string, std::string>> parse_map(const std::vector<std::string>& items);

}  // namespace thomas::cli
