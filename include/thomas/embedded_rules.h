// Rule sets compiled into the binary from rules/*.yaml at build time, so thomas works with
// no files at all. The YAML files stay the single source.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "thomas/ruleset.h"

namespace thomas {

struct EmbeddedRuleSet {
    std::string_view name;                    // file stem, e.g. "default"
    std::string_view text;                    // the file's exact bytes
    std::span<const unsigned char> compiled;  // the validated RuleSet, pre-parsed at build time
};

// Every embedded rule set, "default" first.
std::span<const EmbeddedRuleSet> embedded_rule_sets();

// The embedded default rule set, decoded once. The build refuses invalid rule files, so this
// does not fail in a correctly built binary.
const RuleSet& default_rules();

// Load a rule set by shipped name ("default", "kendall", ...) or by file path. A name wins
// over a relative file of the same name only if no such file exists. Throws RuleError or
// FileError (for a word that is neither, with the closest shipped name).
RuleSet load_rules(const std::string& name_or_path);

// The text load_rules would read for `name_or_path`, for tools that report on the text itself
// (`rules check`, `rules test`); `origin` becomes "embedded:NAME" or the path. Throws as
// load_rules does for a name or file that cannot be read.
std::string rule_text(const std::string& name_or_path, std::string& origin);

}  // namespace thomas
