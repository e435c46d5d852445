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

namespace {

// The shipped set `name_or_path` names when no file of that path exists, else nullptr.
const EmbeddedRuleSet* shipped(const std::string& name_or_path) {
    std::error_code ec;
    if (std::filesystem::exists(name_or_path, ec)) {
        return nullptr;
    }
    for (const auto& set : embedded_rule_sets()) {
        if (set.name == name_or_path) {
            return &set;
        }
    }
    return nullptr;
}

// Neither a file nor a shipped name: say both, so a typo in either is easy to spot. A word that
// looks like a path is left to the file reader's own "cannot open".
void refuse_unknown_name(const std::string& name_or_path) {
    std::error_code ec;
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
}

}  // namespace

RuleSet load_rules(const std::string& name_or_path) {
    if (const auto* set = shipped(name_or_path)) {
        return set->name == "default" ? default_rules() : decode_rules(set->compiled);
    }
    refuse_unknown_name(name_or_path);
    return load_rules_file(name_or_path);
}

std::string rule_text(const std::string& name_or_path, std::string& origin) {
    if (const auto* set = shipped(name_or_path)) {
        origin = "embedded:" + std::string(set->name);
        return std::string(set->text);
    }
    refuse_unknown_name(name_or_path);
    origin = name_or_path;
    return read_rule_file(name_or_path);
}

}  // namespace thomas
