#include "thomas/embedded_rules.h"

#include <filesystem>

#include "rule_codec.h"
#include "thomas/rule_loader.h"

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
    return load_rules_file(name_or_path);
}

}  // namespace thomas
