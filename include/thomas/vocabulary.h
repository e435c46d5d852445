// Words a clinic's export may write instead of the contract's own (rule file `vocabulary:`):
// "L" or "links" for left, "ja" for yes, "Leiste" for groin, and the header words that mark a
// column as a measurement ("Oberschenkel", "hip"). They belong to the rule set, not the code,
// so a clinic can add its language without a new build. Matching ignores case (ASCII and the
// Latin-1 letters, so "HÜFTE" is "hüfte").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace thomas {

// The closed word lists a synonym can stand in for.
enum class WordKind : std::uint8_t { side, yes_no, pain, red_flags };
inline constexpr std::size_t k_word_kind_count = 4;

struct Synonym {
    std::string word;      // case-folded
    std::string means;     // the contract word, e.g. "left", "yes", "groin"
    std::string language;  // the vocabulary it came from, e.g. "de"
};

// A word that marks a CSV header as holding `field` (e.g. "knie" -> knee_flexion).
struct ColumnWord {
    std::string word;   // case-folded
    std::string field;  // a contract field name
    std::string language;
};

struct Vocabulary {
    std::array<std::vector<Synonym>, k_word_kind_count> synonyms;
    std::vector<ColumnWord> columns;

    // The contract word `text` stands for (surrounding spaces and case ignored), or nullopt.
    std::optional<std::string_view> means(WordKind kind, std::string_view text) const;
    // The synonyms of one kind as written in messages: "l, r, links, rechts" ("" if none).
    std::string listed(WordKind kind) const;
};

// Lower case for ASCII and the Latin-1 letters of UTF-8 (À to Þ), with a vowel followed by a
// combining diaeresis (as macOS writes "ü") made one letter; the rest unchanged.
std::string fold_case(std::string_view text);

// The words of a CSV header, case-folded: split at anything that is not a letter or digit
// (spaces, punctuation, "°", a no-break space, a dash), where letters meet digits ("Hip1"), and
// where a lower-case letter meets an upper-case one ("ThighAngle" is "thigh", "angle").
std::vector<std::string> header_words(std::string_view text);

// True if `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text);

}  // namespace thomas
