// The rule file's `vocabulary:` section: per language, synonyms for the contract's words and
// the header words that mark a measurement column. Every word must mean one thing: a synonym
// that is already a contract word, or that two entries claim, is an error, so reading a cell
// never depends on the order of the file.
#include <fmt/format.h>

#include <map>

#include "rule_reader.h"
#include "text_util.h"
#include "thomas/fields.h"
#include "thomas/ids.h"

namespace thomas::detail {
namespace {

constexpr std::array<std::string_view, k_word_kind_count> k_kind_keys = {"side", "yes_no", "pain",
                                                                         "red_flags"};

// Languages are tags like "en", "de", "pt-BR": a typo in one would otherwise pass unseen.
bool language_tag(std::string_view tag) {
    const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    if (tag.size() < 2 || tag.size() > 3 || !lower(tag[0]) || !lower(tag[1]) ||
        (tag.size() == 3 && !lower(tag[2]))) {
        return tag.size() == 5 && lower(tag[0]) && lower(tag[1]) && tag[2] == '-' &&
               upper(tag[3]) && upper(tag[4]);
    }
    return true;
}

// The contract word a synonym may stand for, checked against its kind's closed list.
bool contract_word(WordKind kind, std::string_view word) {
    switch (kind) {
        case WordKind::side:
            return parse_side(word).has_value();
        case WordKind::yes_no:
            return word == "yes" || word == "no";
        case WordKind::pain:
            return parse_pain(word).has_value();
        case WordKind::red_flags:
            return parse_red_flag(word).has_value();
    }
    return false;
}

std::string_view contract_words(WordKind kind) {
    switch (kind) {
        case WordKind::side:
            return "left, right";
        case WordKind::yes_no:
            return "yes, no";
        case WordKind::pain:
            return accepted_pains();
        case WordKind::red_flags:
            return accepted_red_flags();
    }
    return {};
}

// True if `text` already reads as a word of this kind without any vocabulary.
bool already_accepted(WordKind kind, std::string_view text) {
    try {
        switch (kind) {
            case WordKind::side:
                parse_side_text(text);
                break;
            case WordKind::yes_no:
                parse_yes_no("", text);
                break;
            case WordKind::pain:
                parse_pain_list(text);
                break;
            case WordKind::red_flags:
                parse_red_flag_list(text);
                break;
        }
        return true;
    } catch (const InputError&) {
        return false;
    }
}

}  // namespace

void RuleReader::read_vocabulary(const YAML::Node& node) {
    if (!node) {
        return;
    }
    if (!node.IsMap()) {
        error(node, fmt::format("vocabulary: expected a mapping of languages (en:, de:, ...), "
                                "found {}",
                                kind_of(node)));
        return;
    }
    for (const auto& entry : node) {
        const std::string language = entry.first.Scalar();
        if (!language_tag(language)) {
            error(entry.first, fmt::format("vocabulary: \"{}\" is not a language tag (expected "
                                           "e.g. en, de, pt-BR)",
                                           language));
            continue;
        }
        const YAML::Node& lang = entry.second;
        if (!check_section(lang, "vocabulary language", "vocabulary " + language)) {
            continue;
        }
        for (std::size_t k = 0; k < k_word_kind_count; ++k) {
            const std::string key(k_kind_keys[k]);
            if (lang[key]) {
                read_synonyms(lang[key], static_cast<WordKind>(k), language);
            }
        }
        if (lang["columns"]) {
            read_column_words(lang["columns"], language);
        }
    }
}

void RuleReader::read_synonyms(const YAML::Node& n, WordKind kind, const std::string& language) {
    const std::string what =
        fmt::format("vocabulary {} {}", language, k_kind_keys[static_cast<std::size_t>(kind)]);
    if (!n.IsMap()) {
        error(n, fmt::format("{}: expected a mapping of words to their synonyms (e.g. left: [L, "
                             "links]), found {}",
                             what, kind_of(n)));
        return;
    }
    auto& list = rules_.vocabulary.synonyms[static_cast<std::size_t>(kind)];
    for (const auto& entry : n) {
        const std::string means = entry.first.Scalar();
        if (!contract_word(kind, means)) {
            error(entry.first, fmt::format("{}: \"{}\" is not one of its words (expected one of: "
                                           "{})",
                                           what, means, contract_words(kind)));
            continue;
        }
        for (const auto& w : items(entry.second, fmt::format("{} {}", what, means))) {
            const std::string word = fold_case(trim(w.Scalar()));
            if (word.empty() || word.find_first_of(",;") != std::string::npos) {
                error(w, fmt::format("{} {}: \"{}\" is not a word (expected text without commas "
                                     "or semicolons)",
                                     what, means, w.Scalar()));
                continue;
            }
            if (already_accepted(kind, word)) {
                error(w,
                      fmt::format("{} {}: \"{}\" is already read without a vocabulary; remove it",
                                  what, means, w.Scalar()));
                continue;
            }
            const auto clash = std::find_if(list.begin(), list.end(),
                                            [&](const Synonym& s) { return s.word == word; });
            if (clash != list.end()) {
                error(w, fmt::format("{} {}: \"{}\" is already a synonym of {} (vocabulary {}); "
                                     "a word can mean one thing only",
                                     what, means, w.Scalar(), clash->means, clash->language));
                continue;
            }
            list.push_back({word, means, language});
        }
    }
}

void RuleReader::read_column_words(const YAML::Node& n, const std::string& language) {
    const std::string what = fmt::format("vocabulary {} columns", language);
    if (!n.IsMap()) {
        error(n, fmt::format("{}: expected a mapping of field names to header words (e.g. "
                             "thigh_angle: [thigh, hip]), found {}",
                             what, kind_of(n)));
        return;
    }
    auto& list = rules_.vocabulary.columns;
    for (const auto& entry : n) {
        const std::string field = entry.first.Scalar();
        if (!field_named(field)) {
            error(entry.first, fmt::format("{}: unknown field \"{}\" (expected one of: {})", what,
                                           field, accepted_fields()));
            continue;
        }
        for (const auto& w : items(entry.second, fmt::format("{} {}", what, field))) {
            const std::string word = fold_case(trim(w.Scalar()));
            // Headers are matched word by word, so a phrase could never match.
            const auto split = header_words(w.Scalar());
            if (split.size() != 1 || split[0] != word) {
                error(w, fmt::format("{} {}: \"{}\" is not one word as headers are split (at "
                                     "spaces, punctuation, digits and camelCase); list its words "
                                     "separately",
                                     what, field, w.Scalar()));
                continue;
            }
            const bool twice = std::any_of(list.begin(), list.end(), [&](const ColumnWord& c) {
                return c.word == word && c.field == field;
            });
            if (twice) {
                error(w, fmt::format("{} {}: \"{}\" is listed twice", what, field, w.Scalar()));
                continue;
            }
            list.push_back({word, field, language});
        }
    }
}

}  // namespace thomas::detail
