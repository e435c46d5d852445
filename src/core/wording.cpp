#include "thomas/wording.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

namespace thomas {

std::string join_words(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) {
            out += i + 1 == words.size() ? " and " : ", ";
        }
        out += words[i];
    }
    return out;
}

std::vector<std::string> tissue_words(TissueSet set) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < k_tissue_count; ++i) {
        if (set.contains(static_cast<Tissue>(i))) {
            out.emplace_back(label(static_cast<Tissue>(i)));
        }
    }
    return out;
}

std::vector<std::string> flag_words(FlagSet set) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < k_flag_count; ++i) {
        if (set.contains(static_cast<Flag>(i))) {
            out.emplace_back(label(static_cast<Flag>(i)));
        }
    }
    return out;
}

std::string headline_text(const RuleSet& rules, Result result, TissueSet implicated, FlagSet flags,
                          const std::vector<int>& plan) {
    const auto applies = [&](const Headline& h) {
        return h.result == result && (!h.flag || flags.contains(*h.flag)) &&
               (!h.planned || std::find(plan.begin(), plan.end(), *h.planned) != plan.end()) &&
               (!h.tissues || *h.tissues == !implicated.empty());
    };
    const auto it = std::find_if(rules.headlines.begin(), rules.headlines.end(), applies);
    if (it != rules.headlines.end()) {
        std::string text = it->text;
        for (const auto& [slot, words] :
             {std::pair<std::string_view, std::string>{"{tissues}",
                                                       join_words(tissue_words(implicated))},
              std::pair<std::string_view, std::string>{"{flags}", join_words(flag_words(flags))}}) {
            for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at)) {
                text.replace(at, slot.size(), words);
                at += words.size();
            }
        }
        return text;
    }
    // A rule set without headlines: the result and what was found, in the contract's ids.
    std::vector<std::string> found = tissue_words(implicated);
    const auto flagged = flag_words(flags);
    found.insert(found.end(), flagged.begin(), flagged.end());
    std::string id(to_string(result));
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return found.empty() ? id : id + ": " + join_words(found);
}

}  // namespace thomas
