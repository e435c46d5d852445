// The keys of each rule-file section, in one table: the loader checks every mapping against it
// (a misspelt key is an error with a "did you mean"), and tests/unit/test_rule_keys.cpp holds
// rules/schema.json to it, so the editor schema and the loader cannot drift apart.
#pragma once

#include <string_view>
#include <vector>

namespace thomas::detail {

struct SectionKeys {
    std::string_view section;  // as messages name it, e.g. "criterion"
    std::string_view schema;   // its JSON pointer in rules/schema.json
    std::vector<std::string_view> allowed;
    std::vector<std::string_view> required;
};

// Every keyed section of a rule file; condition kinds are the one-key sections ("pain
// condition", ...). Throws std::out_of_range for a name not in the table (a bug).
const SectionKeys& section_keys(std::string_view section);
const std::vector<SectionKeys>& all_section_keys();

}  // namespace thomas::detail
