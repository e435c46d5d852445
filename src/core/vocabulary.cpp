#include "thomas/vocabulary.h"

#include "text_util.h"

namespace thomas {

namespace {

constexpr char32_t k_malformed = 0x110000;  // beyond Unicode: no code point has this value

// One code point of UTF-8 at `at` (advanced past it), or k_malformed (advancing one byte).
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x6  ? 2
                               : (lead >> 4) == 0xE  ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || at + length > text.size()) {
        ++at;
        return k_malformed;
    }
    char32_t cp = length == 1 ? lead : lead & (0x7Fu >> length);
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            ++at;
            return k_malformed;
        }
        cp = (cp << 6) | (byte(at + i) & 0x3F);
    }
    at += length;
    return cp;
}

// Letters and digits; the Latin-1 symbols, "×", "÷" and general punctuation separate words.
bool word_character(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || cp == k_malformed) {
        return false;
    }
    return !(cp >= 0x2000 && cp <= 0x206F) && cp != 0x3000;
}

bool digit(char32_t cp) {
    return cp >= '0' && cp <= '9';
}

// "u" followed by a combining diaeresis (U+0308, CC 88) as the one letter "ü" (C3 BC).
std::string compose_diaeresis(std::string_view text) {
    constexpr std::string_view vowels = "aouAOU";
    constexpr std::array<std::string_view, 6> composed = {"\xC3\xA4", "\xC3\xB6", "\xC3\xBC",
                                                          "\xC3\x84", "\xC3\x96", "\xC3\x9C"};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto v = vowels.find(text[i]);
        if (v != std::string_view::npos && text.substr(i + 1, 2) == "\xCC\x88") {
            out += composed[v];
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

bool valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        if (next_code_point(text, at) == k_malformed) {
            return false;
        }
    }
    return true;
}

std::vector<std::string> header_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    char32_t previous = 0;
    const auto flush = [&] {
        if (!word.empty()) {
            words.push_back(fold_case(word));
            word.clear();
        }
    };
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t start = at;
        const char32_t cp = next_code_point(text, at);
        if (cp == 0x308 && !word.empty()) {
            word.append(text.substr(start, at - start));  // a combining diaeresis joins its vowel
            continue;
        }
        if (!word_character(cp)) {
            flush();
            previous = 0;
            continue;
        }
        const bool camel = previous >= 'a' && previous <= 'z' && cp >= 'A' && cp <= 'Z';
        const bool digits_meet_letters = previous != 0 && digit(previous) != digit(cp);
        if (camel || digits_meet_letters) {
            flush();
        }
        word.append(text.substr(start, at - start));
        previous = cp;
    }
    flush();
    return words;
}

std::string fold_case(std::string_view text) {
    std::string out = compose_diaeresis(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + ('a' - 'A'));
        } else if (c == 0xC3 && i + 1 < out.size()) {
            // U+00C0..U+00DE (except U+00D7, the multiplication sign) lie 0x20 below their
            // lower-case letters, in the second byte of their UTF-8 form.
            const auto next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) {
                out[i + 1] = static_cast<char>(next + 0x20);
            }
            ++i;
        }
    }
    return out;
}

std::optional<std::string_view> Vocabulary::means(WordKind kind, std::string_view text) const {
    const auto& list = synonyms[static_cast<std::size_t>(kind)];
    if (list.empty()) {
        return std::nullopt;
    }
    const std::string folded = fold_case(detail::trim(text));
    for (const Synonym& s : list) {
        if (s.word == folded) {
            return s.means;
        }
    }
    return std::nullopt;
}

std::string Vocabulary::listed(WordKind kind) const {
    std::string text;
    for (const Synonym& s : synonyms[static_cast<std::size_t>(kind)]) {
        text += text.empty() ? "" : ", ";
        text += s.word;
    }
    return text;
}

}  // namespace thomas
