#include "thomas/embedded_rules.h"

#include <fmt/format.h>

#include <filesystem>
#include <vector>

#include "rule_codec.h"
#include "thomas/rule_loader.h"
#include "thomas/suggest.h"

namespace thomas {

const RuleSet& default_rules() {
    static const RuleSet rules = decode_rules(embedded_rule_sets().front().compiled);
    return rules;
}

RuleSet load_rules(const std::string& name_or_path) {
    std::error_code ec;
    if (!std::filesystem::exists(name_or_path, ec)) {
        for (const auto& set : embedded_rule_sets()) {
            if (set.name == name_or_path) {
                return set.name == "default" ? default_rules() : decode_rules(set.compiled);
            }
        }
    }
    // Neither a file nor a shipped name: say both, so a typo in either is easy to spot.
    if (!std::filesystem::exists(name_or_path, ec) && name_or_path.find('/') == std::string::npos &&
        name_or_path.find(".y") == std::string::npos) {
        std::vector<std::string_view> names;
        for (const auto& set : embedded_rule_sets()) {
            names.push_back(set.name);
        }
        const auto hint = closest(name_or_path, names);
        throw FileError(fmt::format(
            "no rule set named \"{}\"{} and no such file (shipped: {})", name_or_path,
            hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : "", fmt::join(names, ", ")));
    }
    return load_rules_file(name_or_path);
}

}  // namespace thomas
