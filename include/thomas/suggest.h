// "Did you mean" support shared by the rule loader and the CLI.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace thomas {

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo
// (at most about a third of the word's letters differ); nullopt otherwise.
std::optional<std::string_view> closest(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

}  // namespace thomas
