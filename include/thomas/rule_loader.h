// Loading rule files: strict YAML -> RuleSet, with every problem reported at its place.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "thomas/errors.h"
#include "thomas/files.h"
#include "thomas/ruleset.h"

namespace thomas {

// Upper bounds that keep hostile rule files from exhausting memory or stack.
inline constexpr std::size_t k_max_rule_file_bytes = 1 << 20;  // 1 MiB
inline constexpr int k_max_rule_nesting = 64;                  // YAML nesting depth

struct LoadResult {
    std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order
    bool ok() const;                      // no errors (warnings allowed)
};

// Parse and validate rule text. `file` names it in diagnostics. Never throws for bad
// content: problems go to `out` (as many as can be found) and the returned set is only
// meaningful when out.ok().
RuleSet parse_rules(std::string_view text, const std::string& file, LoadResult& out);

// As parse_rules, but throws RuleError if there is any error.
RuleSet load_rules_text(std::string_view text, const std::string& file);

// Read a file and load it. Throws RuleError (content, including a file over
// k_max_rule_file_bytes) or FileError (missing, unreadable, or a directory).
RuleSet load_rules_file(const std::string& path);

// Only the reading step of load_rules_file: the file's text, or the same exceptions.
std::string read_rule_file(const std::string& path);

}  // namespace thomas
