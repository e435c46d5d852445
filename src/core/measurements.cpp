#include "thomas/measurements.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include "text_util.h"
#include "thomas/fields.h"

namespace thomas {
namespace {

using detail::iequals;
using detail::trim;

// Strip one trailing unit spelling: "°", "deg", "degree(s)", "º" (ordinal sign, a common typo).
std::string_view strip_degree_unit(std::string_view s) {
    for (std::string_view unit : {"degrees", "degree", "deg", "\xC2\xB0", "\xC2\xBA"}) {
        if (s.size() >= unit.size() && iequals(s.substr(s.size() - unit.size()), unit)) {
            return trim(s.substr(0, s.size() - unit.size()));
        }
    }
    return s;
}

// Calls fn(item) for each comma- or semicolon-separated, trimmed item.
template <typename Fn>
void for_each_item(std::string_view text, Fn fn) {
    while (true) {
        auto cut = text.find_first_of(",;");
        fn(trim(text.substr(0, cut)));
        if (cut == std::string_view::npos) {
            return;
        }
        text.remove_prefix(cut + 1);
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "-12.5"-style text with at most 15 digits, exactly: the digits form an integer below 2^53
// and 10^k (k <= 15) is exact too, so one IEEE division gives the correctly rounded value, the
// same double from_chars returns (Clinger's fast path). nullopt for anything else.
std::optional<double> parse_short_decimal(std::string_view s) {
    static constexpr double k_pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    std::size_t i = 0;
    const bool negative = !s.empty() && s[0] == '-';
    i += negative ? 1 : 0;
    std::uint64_t mantissa = 0;
    int digits = 0;
    int fraction = -1;  // digits after the point; -1 = no point yet
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
            ++digits;
            fraction += fraction >= 0 ? 1 : 0;
        } else if (c == '.' && fraction < 0) {
            fraction = 0;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0 || digits > 15) {
        return std::nullopt;
    }
    double value = static_cast<double>(mantissa);
    if (fraction > 0) {
        value /= k_pow10[fraction];
    }
    return negative ? -value : value;
}

}  // namespace

void Measurements::clear_readings() {
    side.reset();
    values.fill(std::nullopt);
    pain.reset();
    red_flags.reset();
    done = {};
    persists = false;
    knee_as_interior = false;
    change.fill(std::nullopt);
}

bool Measurements::has_any_measurement() const {
    return pain.has_value() || red_flags.has_value() ||
           std::any_of(values.begin(), values.end(), [](const auto& v) { return v.has_value(); });
}

namespace {

// "72,5" read with a decimal comma: one comma becomes the point, and a point is refused, as in
// "1.072,5" it would be a thousands separator.
double parse_degrees_comma(std::string_view field, std::string_view text) {
    const auto comma = text.find(',');
    if (text.find('.') != std::string_view::npos) {
        throw InputError(std::string(field),
                         fmt::format("\"{}\" has a decimal point, but this file is read with "
                                     "decimal commas (e.g. 72,5)",
                                     text));
    }
    if (comma != std::string_view::npos && text.find(',', comma + 1) != std::string_view::npos) {
        throw InputError(std::string(field),
                         fmt::format("\"{}\" has more than one comma (expected e.g. 72,5)", text));
    }
    if (comma == std::string_view::npos) {
        return parse_degrees(field, text);
    }
    std::string dotted(text);
    dotted[comma] = '.';
    try {
        return parse_degrees(field, dotted);
    } catch (const InputError&) {
        throw InputError(std::string(field),
                         fmt::format("\"{}\" is not a number of degrees (expected e.g. 12, "
                                     "-7,5, 12° or 12 deg)",
                                     text));
    }
}

}  // namespace

double parse_degrees(std::string_view field, std::string_view text, bool decimal_comma) {
    if (decimal_comma) {
        return parse_degrees_comma(field, text);
    }
    // Fast paths for the common cell ("12", "-7.5"); `batch` calls this a few million times per
    // million rows. They accept nothing the full path below would reject.
    if (auto value = parse_short_decimal(text)) {
        return *value + 0.0;  // -0 becomes 0, so it never prints as "-0"
    }
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '.' || c == '-';
        })) {
        double value = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (ec == std::errc() && ptr == end && std::isfinite(value)) {
            return value + 0.0;
        }
    }
    const std::string_view raw = text;
    text = trim(text);
    if (text.empty()) {
        throw InputError(std::string(field), "expected a number of degrees, found an empty value");
    }
    std::string_view number = strip_degree_unit(text);
    if (number.size() > 1 && number.front() == '+' && number[1] != '-') {
        number.remove_prefix(1);  // from_chars rejects an explicit plus sign ("+-5" stays bad)
    }
    double value = 0;
    const char* end = number.data() + number.size();
    auto [ptr, ec] = std::from_chars(number.data(), end, value);
    const bool plain = std::all_of(number.begin(), number.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == 'e' ||
               c == 'E';
    });
    if (ec == std::errc() && ptr == end && plain && std::isfinite(value)) {
        return value + 0.0;  // -0 becomes 0, so it never prints as "-0"
    }
    if (number.find(',') != std::string_view::npos) {
        throw InputError(std::string(field),
                         fmt::format("\"{}\" has a comma; write numbers with a decimal point and "
                                     "no thousands separator (e.g. 5.5)",
                                     raw));
    }
    if (ec == std::errc::result_out_of_range && ptr == end && plain) {
        // Underflow ("1e-400") is out of range too, but it is not "too large".
        const bool tiny = number.find("e-") != std::string_view::npos ||
                          number.find("E-") != std::string_view::npos;
        throw InputError(std::string(field), fmt::format("\"{}\" is too {} a number", raw,
                                                         tiny ? "small (close to zero)" : "large"));
    }
    throw InputError(std::string(field),
                     fmt::format("\"{}\" is not a number of degrees (expected e.g. 12, -7.5, 12° "
                                 "or 12 deg)",
                                 raw));
}

namespace {

// The message's list of accepted words, with the rule set's synonyms when it has any.
// A long list is only counted, so the contract's words stay easy to find.
std::string accepted_with(std::string_view accepted, const Vocabulary* vocabulary, WordKind kind) {
    constexpr std::size_t k_listed = 10;
    const std::size_t count =
        vocabulary != nullptr ? vocabulary->synonyms[static_cast<std::size_t>(kind)].size() : 0;
    if (count == 0) {
        return std::string(accepted);
    }
    if (count > k_listed) {
        return fmt::format(
            "{}; or one of the rule set's {} synonyms ('thomas rules show' lists "
            "them)",
            accepted, count);
    }
    return fmt::format("{}; or the rule set's synonyms {}", accepted, vocabulary->listed(kind));
}

// The contract word a rule set's synonym stands for, or nullopt.
std::optional<std::string_view> synonym(const Vocabulary* vocabulary, WordKind kind,
                                        std::string_view text) {
    return vocabulary != nullptr ? vocabulary->means(kind, text) : std::nullopt;
}

}  // namespace

bool parse_yes_no(std::string_view field, std::string_view text, const Vocabulary* vocabulary) {
    if (text == "yes") {
        return true;  // the usual spellings first: no case folding on the batch hot path
    }
    if (text == "no") {
        return false;
    }
    const std::string_view t = trim(text);
    for (std::string_view yes : {"yes", "y", "true", "1"}) {
        if (iequals(t, yes)) {
            return true;
        }
    }
    for (std::string_view no : {"no", "n", "false", "0"}) {
        if (iequals(t, no)) {
            return false;
        }
    }
    // The rule set's words last, as for the other word parsers (the loader keeps them apart
    // from the words above, so the order never changes a reading).
    if (auto word = synonym(vocabulary, WordKind::yes_no, text)) {
        return parse_yes_no(field, *word);
    }
    throw InputError(std::string(field), fmt::format("\"{}\" is not yes or no (accepted: {})", text,
                                                     accepted_with("yes, no, true, false, 1, 0",
                                                                   vocabulary, WordKind::yes_no)));
}

namespace {

// A comma (or ';') list of words from one closed vocabulary; "none" stands alone.
template <typename E>
EnumSet<E> parse_word_list(std::string_view text, std::string_view field, std::string_view kind,
                           std::string_view kinds, std::optional<E> (*parse)(std::string_view),
                           std::string_view contract_words, const Vocabulary* vocabulary,
                           WordKind word_kind) {
    const auto accepted = [&] { return accepted_with(contract_words, vocabulary, word_kind); };
    EnumSet<E> set;
    int words = 0;
    for_each_item(text, [&](std::string_view item) {
        if (item.empty()) {
            return;  // tolerate "groin," and doubled separators
        }
        auto word = parse(item);  // usually already lower case: no copy
        if (!word) {
            word = parse(lower(item));
        }
        if (!word) {
            if (auto means = synonym(vocabulary, word_kind, item)) {
                word = parse(*means);
            }
        }
        if (!word) {
            throw InputError(std::string(field), fmt::format("unknown {} \"{}\" (accepted: {})",
                                                             kind, item, accepted()));
        }
        set.insert(*word);
        ++words;
    });
    if (words == 0) {
        throw InputError(
            std::string(field),
            fmt::format("expected a {}, found an empty value (accepted: {})", kind, accepted()));
    }
    if (set.contains(static_cast<E>(0)) && words > 1) {  // word 0 is "none"
        throw InputError(std::string(field),
                         fmt::format("\"none\" cannot be combined with other {} (found "
                                     "\"{}\")",
                                     kinds, trim(text)));
    }
    return set;
}

}  // namespace

PainSet parse_pain_list(std::string_view text, const Vocabulary* vocabulary) {
    return parse_word_list<Pain>(text, spec(Field::pain).name, "pain word", "pain words",
                                 parse_pain, accepted_pains(), vocabulary, WordKind::pain);
}

RedFlagSet parse_red_flag_list(std::string_view text, const Vocabulary* vocabulary) {
    return parse_word_list<RedFlag>(text, spec(Field::red_flags).name, "red flag", "red flags",
                                    parse_red_flag, accepted_red_flags(), vocabulary,
                                    WordKind::red_flags);
}

StepMask parse_step_list(std::string_view text) {
    StepMask mask;
    for_each_item(text, [&](std::string_view item) {
        if (item.empty()) {
            return;
        }
        int step = 0;
        auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), step);
        if (ec != std::errc() || ptr != item.data() + item.size() || step < 1 ||
            step > k_step_count) {
            throw InputError(std::string(spec(Field::done).name),
                             fmt::format("\"{}\" is not a programme step (expected step "
                                         "numbers 1 to {}, e.g. 2,3)",
                                         item, k_step_count));
        }
        mask.insert(step);
    });
    return mask;
}

Side parse_side_text(std::string_view text, const Vocabulary* vocabulary) {
    auto side = parse_side(text);
    if (!side) {
        side = parse_side(lower(trim(text)));
    }
    if (!side) {
        if (auto means = synonym(vocabulary, WordKind::side, text)) {
            side = parse_side(*means);
        }
    }
    if (!side) {
        throw InputError(std::string(spec(Field::side).name),
                         fmt::format("\"{}\" is not a side (accepted: {})", text,
                                     accepted_with("left, right", vocabulary, WordKind::side)));
    }
    return *side;
}

}  // namespace thomas
