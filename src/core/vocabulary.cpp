#include "thomas/vocabulary.h"

#include "text_util.h"

namespace thomas {

std::string fold_case(std::string_view text) {
    std::string out(text);
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
