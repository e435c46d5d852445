// Header mapping for `thomas batch`: which CSV column feeds which contract field. Runs once
// per file, so clarity beats speed here; the per-row path only reads the resulting indices.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "text_util.h"
#include "thomas/batch.h"
#include "thomas/suggest.h"

namespace thomas::batch {
namespace {

// Header names match case-insensitively, ignoring surrounding spaces.
bool iequals(std::string_view a, std::string_view b) {
    return detail::iequals(detail::trim(a), detail::trim(b));
}

// The field a header cell names by its contract name, case-insensitively.
std::optional<Field> field_by_header(std::string_view name) {
    for (const FieldSpec& f : fields()) {
        if (iequals(name, f.name)) {
            return f.id;
        }
    }
    return std::nullopt;
}

// The field a measure's aliases map to (Measure and Field spell the same names).
Field field_of(Measure m) {
    return *field_by_header(thomas::to_string(m));
}

// The field a header cell names by contract name or rule-set alias.
std::optional<Field> auto_field(const RuleSet& rules, std::string_view cell) {
    if (auto f = field_by_header(cell)) {
        return f;
    }
    for (const MeasureDef& def : rules.measures) {
        if (!def.declared) {
            continue;
        }
        for (const auto& alias : def.aliases) {
            if (iequals(cell, alias)) {
                return field_of(def.id);
            }
        }
    }
    return std::nullopt;
}

std::string column_label(std::span<const std::string_view> header, std::size_t i) {
    return fmt::format("column {} (\"{}\")", i + 1, header[i]);
}

// The names (and the rule set's aliases) a header may use for a measurement column.
std::string measurement_names(const RuleSet& rules) {
    std::string text;
    for (std::size_t i = 0; i < k_field_count; ++i) {
        const auto f = static_cast<Field>(i);
        if (!spec(f).measurement) {
            continue;
        }
        text += text.empty() ? "" : ", ";
        text += spec(f).name;
        for (const MeasureDef& def : rules.measures) {
            if (def.declared && !def.aliases.empty() && field_of(def.id) == f) {
                text += fmt::format(" (or \"{}\")", fmt::join(def.aliases, "\", \""));
            }
        }
    }
    return text;
}

// --- Which unread columns look like measurements -------------------------------------------

// The words of a header cell, case-folded: split at anything but a letter or digit (bytes of
// UTF-8 letters count as letters) and where a lower-case letter meets an upper-case one
// ("ThighAngle" is "thigh", "angle").
std::vector<std::string> header_words(std::string_view cell) {
    std::vector<std::string> words;
    std::string word;
    const auto flush = [&] {
        if (!word.empty()) {
            words.push_back(fold_case(word));
            word.clear();
        }
    };
    for (std::size_t i = 0; i < cell.size(); ++i) {
        const auto c = static_cast<unsigned char>(cell[i]);
        if (!(std::isalnum(c) || c >= 0x80)) {
            flush();
            continue;
        }
        if (std::isupper(c) && !word.empty() &&
            std::islower(static_cast<unsigned char>(word.back()))) {
            flush();
        }
        word += static_cast<char>(c);
    }
    flush();
    return words;
}

using FieldBits = std::uint16_t;
static_assert(k_field_count <= 16, "FieldBits holds one bit per field");

constexpr FieldBits bit(Field f) {
    return static_cast<FieldBits>(1u << static_cast<unsigned>(f));
}

// A word that marks a header as a measurement, and the fields it points to.
struct Stem {
    std::string word;
    FieldBits fields = 0;
};

// The words of the field names ("thigh", "angle", "knee", ...) and the rule set's column words
// for every language ("hip", "oberschenkel", ...).
std::vector<Stem> measurement_stems(const RuleSet& rules) {
    std::vector<Stem> stems;
    const auto add = [&](std::string word, Field f) {
        auto it =
            std::find_if(stems.begin(), stems.end(), [&](const Stem& s) { return s.word == word; });
        if (it == stems.end()) {
            stems.push_back({std::move(word), bit(f)});
        } else {
            it->fields = static_cast<FieldBits>(it->fields | bit(f));
        }
    };
    for (const FieldSpec& f : fields()) {
        for (auto& word : header_words(f.name)) {
            add(std::move(word), f.id);
        }
    }
    for (const ColumnWord& c : rules.vocabulary.columns) {
        add(c.word, *field_named(c.field));
    }
    return stems;
}

// Letters, not bytes, of UTF-8 text (continuation bytes do not count).
std::size_t letters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// A short stem ("hip", "red") must be a whole word; a longer one may start a word, so plurals
// and compounds count ("knees", "kniewinkel"), and one of six letters or more may end it
// ("hüftrotation"). Shorter stems do not match at the end: "feedback" is not about the back.
bool matches(std::string_view word, std::string_view stem) {
    const std::size_t n = letters(stem);
    return word == stem || (n > 3 && word.starts_with(stem)) || (n >= 6 && word.ends_with(stem));
}

// Fields that are one thing to a reader: both knee fields set knee flexion.
int group_of(Field f) {
    const auto& m = spec(f).measure;
    return m ? static_cast<int>(*m) : 100 + static_cast<int>(f);
}

bool one_group(FieldBits bits) {
    int group = -1;
    for (std::size_t i = 0; i < k_field_count; ++i) {
        if ((bits >> i) & 1u) {
            const int g = group_of(static_cast<Field>(i));
            if (group != -1 && g != group) {
                return false;
            }
            group = g;
        }
    }
    return true;
}

// The fields an unread header seems to hold: of the fields its specific words point to
// ("knee", "flexion"), those most of them point to ("Knee flexion" is knee_flexion; "Knee" is
// either knee field); with only words shared between measures ("angle"), all of theirs.
// 0 = a pass-through column.
FieldBits looks_like(const std::vector<Stem>& stems, std::string_view cell) {
    std::array<int, k_field_count> votes{};
    FieldBits shared = 0;
    for (const auto& word : header_words(cell)) {
        for (const Stem& s : stems) {
            if (!matches(word, s.word)) {
                continue;
            }
            if (!one_group(s.fields)) {
                shared = static_cast<FieldBits>(shared | s.fields);
                continue;
            }
            for (std::size_t f = 0; f < k_field_count; ++f) {
                votes[f] += static_cast<int>((s.fields >> f) & 1u);
            }
        }
    }
    const int best = *std::max_element(votes.begin(), votes.end());
    if (best == 0) {
        return shared;
    }
    FieldBits bits = 0;
    for (std::size_t f = 0; f < k_field_count; ++f) {
        if (votes[f] == best) {
            bits = static_cast<FieldBits>(bits | (1u << f));
        }
    }
    return bits;
}

// A header as the shell needs it on a command line.
std::string shell_quoted(std::string_view text) {
    const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
    if (plain) {
        return std::string(text);
    }
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// One line per unread column that looks like a measurement, saying how to read it or to
// confirm that it is not read.
std::string unread_line(std::span<const std::string_view> header, std::size_t i, FieldBits bits,
                        const ColumnMap& out) {
    std::vector<std::string> maps;
    std::vector<std::string> read_elsewhere;
    for (std::size_t f = 0; f < k_field_count; ++f) {
        if (!((bits >> f) & 1u)) {
            continue;
        }
        const auto name = spec(static_cast<Field>(f)).name;
        if (const auto& at = out.column[f]) {
            read_elsewhere.push_back(
                fmt::format("{} is read from {}", name, column_label(header, *at)));
        } else {
            maps.push_back(fmt::format("--map {}={}", name, shell_quoted(header[i])));
        }
    }
    std::string line = column_label(header, i);
    if (!read_elsewhere.empty()) {
        line += fmt::format(" ({})", fmt::join(read_elsewhere, "; "));
    }
    if (!maps.empty()) {
        line += fmt::format(": read it with {}, or", fmt::join(maps, " or "));
    } else {
        line += ":";
    }
    return line + fmt::format(" leave it unread with --ignore {}", shell_quoted(header[i]));
}

// A header written with another separator arrives as one or two long cells.
std::optional<char> other_delimiter(std::span<const std::string_view> header, char delimiter) {
    for (const char d : {';', '\t', ',', '|'}) {
        if (d == delimiter) {
            continue;
        }
        for (auto cell : header) {
            if (std::count(cell.begin(), cell.end(), d) >= 2) {
                return d;
            }
        }
    }
    return std::nullopt;
}

std::string delimiter_flag(char d) {
    return d == '\t' ? "--delimiter tab" : fmt::format("--delimiter '{}'", d);
}

// The column `wanted` names: an exact match wins over a case-insensitive one, so "A" and "a"
// stay distinguishable.
std::optional<std::size_t> find_column(std::span<const std::string_view> header,
                                       std::string_view wanted) {
    auto it = std::find(header.begin(), header.end(), wanted);
    if (it == header.end()) {
        it = std::find_if(header.begin(), header.end(),
                          [wanted](std::string_view h) { return iequals(h, wanted); });
    }
    if (it == header.end()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(it - header.begin());
}

// "did you mean" for a --map field: a header alias names its field, a typo its nearest name.
std::string field_hint(const RuleSet& rules, std::string_view name) {
    if (auto f = auto_field(rules, name)) {
        return fmt::format("; \"{}\" is a header name for {}: write --map {}=HEADER", name,
                           spec(*f).name, spec(*f).name);
    }
    std::vector<std::string_view> names;
    for (const FieldSpec& f : fields()) {
        names.push_back(f.name);
    }
    if (auto near = closest(name, names)) {
        return fmt::format("; did you mean {}?", *near);
    }
    return {};
}

}  // namespace

ColumnMap map_header(const RuleSet& rules, std::span<const std::string_view> header,
                     const BatchOptions& options) {
    ColumnMap out;
    out.width = header.size();
    std::vector<bool> claimed(header.size(), false);  // by --map or --ignore

    // Explicit --map pairs first: they decide, and they must all be usable.
    for (const auto& [name, wanted] : options.map) {
        const auto field = field_by_header(name);
        if (!field) {
            throw MapError(fmt::format("--map {}={}: unknown field \"{}\" (accepted: {}){}", name,
                                       wanted, name, accepted_fields(), field_hint(rules, name)));
        }
        auto& slot = out.column[static_cast<std::size_t>(*field)];
        if (slot) {
            throw MapError(fmt::format("--map {}={}: {} is already mapped to {}", name, wanted,
                                       spec(*field).name, column_label(header, *slot)));
        }
        const auto index = find_column(header, wanted);
        if (!index) {
            throw MapError(fmt::format("--map {}={}: the header has no column \"{}\" (columns: {})",
                                       name, wanted, wanted, fmt::join(header, ", ")));
        }
        if (claimed[*index]) {
            throw MapError(fmt::format("--map {}={}: {} is already mapped to another field", name,
                                       wanted, column_label(header, *index)));
        }
        claimed[*index] = true;
        slot = *index;
    }
    std::array<bool, k_field_count> by_map{};
    for (std::size_t i = 0; i < k_field_count; ++i) {
        by_map[i] = out.column[i].has_value();
    }
    for (const auto& wanted : options.ignore) {
        const auto index = find_column(header, wanted);
        if (!index) {
            throw MapError(fmt::format("--ignore {}: the header has no column \"{}\" (columns: {})",
                                       wanted, wanted, fmt::join(header, ", ")));
        }
        if (claimed[*index]) {
            throw MapError(fmt::format("--ignore {}: {} is also given to --map", wanted,
                                       column_label(header, *index)));
        }
        claimed[*index] = true;
    }

    // Then names and aliases; a field already given by --map leaves such columns untouched.
    std::vector<bool> read(header.size(), false);
    for (std::size_t i = 0; i < header.size(); ++i) {
        read[i] = claimed[i];
        if (claimed[i]) {
            continue;
        }
        const auto field = auto_field(rules, header[i]);
        if (!field) {
            continue;
        }
        if (by_map[static_cast<std::size_t>(*field)]) {
            read[i] = true;  // displaced by the user's --map for its field: a known choice
            continue;
        }
        auto& slot = out.column[static_cast<std::size_t>(*field)];
        if (slot) {
            throw HeaderError(fmt::format(
                "row 1 (header): {} and {} both map to {}; rename one or choose with --map "
                "{}=HEADER",
                column_label(header, *slot), column_label(header, i), spec(*field).name,
                spec(*field).name));
        }
        slot = i;
        read[i] = true;
    }

    bool any_measurement = false;
    for (std::size_t i = 0; i < k_field_count; ++i) {
        any_measurement = any_measurement || (out.column[i] && fields()[i].measurement);
    }
    // A header cut with the wrong separator would otherwise read as one odd column.
    if (!any_measurement) {
        if (auto d = other_delimiter(header, options.delimiter)) {
            throw MapError(fmt::format(
                "row 1 (header): the header splits on '{}', not on '{}' (found {} column{}: "
                "\"{}\"); read it with {}",
                *d == '\t' ? std::string("\\t") : std::string(1, *d),
                options.delimiter == '\t' ? std::string("\\t") : std::string(1, options.delimiter),
                header.size(), header.size() == 1 ? "" : "s", fmt::join(header, "\", \""),
                delimiter_flag(*d)));
        }
    }

    // Every column left must be plainly not a measurement: a misspelt or unknown measurement
    // header would otherwise be dropped and its rows scored as if it had not been measured.
    const std::vector<Stem> stems = measurement_stems(rules);
    std::vector<std::string> unread;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (read[i]) {
            continue;
        }
        if (const FieldBits bits = looks_like(stems, header[i])) {
            unread.push_back(unread_line(header, i, bits, out));
        }
    }
    if (!unread.empty()) {
        throw MapError(fmt::format(
            "row 1 (header): {} look{} like {} but {} not read, so {} would be scored as not "
            "measured:\n  {}",
            unread.size() == 1 ? "a column" : fmt::format("{} columns", unread.size()),
            unread.size() == 1 ? "s" : "", unread.size() == 1 ? "a measurement" : "measurements",
            unread.size() == 1 ? "is" : "are", unread.size() == 1 ? "it" : "they",
            fmt::join(unread, "\n  ")));
    }

    if (!any_measurement) {
        std::vector<std::string> shown;
        for (auto h : header) {
            shown.push_back(fmt::format("\"{}\"", h));
        }
        throw HeaderError(fmt::format(
            "row 1 (header): no column names a measurement (found {}); measurement names, "
            "case-insensitive: {}; or map a column with --map FIELD=HEADER",
            fmt::join(shown, ", "), measurement_names(rules)));
    }
    return out;
}

}  // namespace thomas::batch
