#include "thomas/embedded_rules.h"

#include <filesystem>

#include "thomas/rule_loader.h"

namespace thomas {

const RuleSet& default_rules() {
    static const RuleSet rules = [] {
        const auto& first = embedded_rule_sets().front();
        return load_rules_text(first.text, "embedded:" + std::string(first.name));
    }();
    return rules;
}

RuleSet load_rules(const std::string& name_or_path) {
    std::error_code ec;
    if (!std::filesystem::exists(name_or_path, ec)) {
        for (const auto& set : embedded_rule_sets()) {
            if (set.name == name_or_path) {
                if (set.name == "default") {
                    return default_rules();
                }
                return load_rules_text(set.text, "embedded:" + std::string(set.name));
            }
        }
    }
    return load_rules_file(name_or_path);
}

}  // namespace thomas
