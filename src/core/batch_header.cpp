// Header mapping for `thomas batch`: which CSV column feeds which contract field. Runs once
// per file, so clarity beats speed here; the per-row path only reads the resulting indices.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "text_util.h"
#include "thomas/batch.h"
#include "thomas/csv.h"
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

using FieldBits = std::uint16_t;
static_assert(k_field_count <= 16, "FieldBits holds one bit per field");

constexpr FieldBits bit(Field f) {
    return static_cast<FieldBits>(1u << static_cast<unsigned>(f));
}

// A word that marks a header as a field's, and the fields it points to. English words (field
// names and the `en` vocabulary) match whole or as a plural ("knees", not "background");
// other languages' words may also start or end a compound ("Kniewinkel", "Hüftrotation").
struct Stem {
    std::string word;
    bool compounds = false;
    FieldBits fields = 0;
};

std::vector<Stem> measurement_stems(const RuleSet& rules) {
    std::vector<Stem> stems;
    const auto add = [&](std::string word, bool compounds, Field f) {
        auto it = std::find_if(stems.begin(), stems.end(), [&](const Stem& s) {
            return s.word == word && s.compounds == compounds;
        });
        if (it == stems.end()) {
            stems.push_back({std::move(word), compounds, bit(f)});
        } else {
            it->fields = static_cast<FieldBits>(it->fields | bit(f));
        }
    };
    for (const FieldSpec& f : fields()) {
        if (is_visit_field(f)) {
            continue;  // "Visit date", "Patient name": free text, never a measurement
        }
        for (auto& word : header_words(f.name)) {
            add(std::move(word), false, f.id);
        }
    }
    for (const ColumnWord& c : rules.vocabulary.columns) {
        add(c.word, c.language != "en", *field_named(c.field));
    }
    return stems;
}

// Letters, not bytes, of UTF-8 text (continuation bytes do not count).
std::size_t letters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool matches(std::string_view word, const Stem& stem) {
    const std::string_view s = stem.word;
    if (word == s) {
        return true;
    }
    if (!stem.compounds) {
        return letters(s) > 3 && word.starts_with(s) &&
               (word.substr(s.size()) == "s" || word.substr(s.size()) == "es");
    }
    const std::size_t n = letters(s);
    return (n > 3 && word.starts_with(s)) || (n >= 6 && word.ends_with(s));
}

// Edits (insert, delete, replace, swap two neighbours) from a to b, giving up above `limit`.
std::size_t typo_distance(std::string_view a, std::string_view b, std::size_t limit) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) {
        return limit + 1;
    }
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

// A misspelt field word ("Pian", "Sdie", "Thgh"): one edit from a stem of four to six letters,
// two from a longer one. Shorter words are too alike to tell a typo from another word.
bool misspelt(std::string_view word, const Stem& stem) {
    const std::size_t n = letters(stem.word);
    if (n < 4 || letters(word) < 4) {
        return false;
    }
    const std::size_t limit = n >= 7 ? 2 : 1;
    return typo_distance(word, stem.word, limit) <= limit;
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

// The fields an unread header seems to hold. Each header word points to the fields of every
// stem it matches; a word that points to one measure ("knee", "flexion") votes for its fields
// once, and the fields with most votes win ("Knee flexion" is knee_flexion, "Knee" either knee
// field). With only words shared between measures ("angle", "hip"), all of their fields.
// 0 = a pass-through column.
FieldBits looks_like(const std::vector<Stem>& stems, std::string_view cell) {
    std::array<int, k_field_count> votes{};
    FieldBits shared = 0;
    for (const auto& word : header_words(cell)) {
        FieldBits of_word = 0;
        for (const Stem& s : stems) {
            if (matches(word, s)) {
                of_word = static_cast<FieldBits>(of_word | s.fields);
            }
        }
        if (of_word == 0) {
            for (const Stem& s : stems) {
                if (misspelt(word, s)) {
                    of_word = static_cast<FieldBits>(of_word | s.fields);
                }
            }
        }
        if (!one_group(of_word)) {
            shared = static_cast<FieldBits>(shared | of_word);
            continue;
        }
        for (std::size_t f = 0; f < k_field_count; ++f) {
            votes[f] += static_cast<int>((of_word >> f) & 1u);
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

// Another column of a field the file already gives, when that field is not a measurement
// ("Dominant leg" beside "side", "Done by" beside "done"): not worth stopping for.
bool only_read_non_measurements(FieldBits bits, const ColumnMap& out) {
    for (std::size_t f = 0; f < k_field_count; ++f) {
        if (((bits >> f) & 1u) && (fields()[f].measurement || !out.column[f])) {
            return false;
        }
    }
    return true;
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

// One line per unread column that looks like a field's, saying how to read it or to confirm
// that it is not read. A field whose measure another column already gives is not offered
// ("Knee R" beside a mapped "Knee L" is not the interior angle).
std::string unread_line(std::span<const std::string_view> header, std::size_t i, FieldBits bits,
                        const ColumnMap& out) {
    std::vector<std::string> maps;
    std::vector<std::string> read_elsewhere;
    for (std::size_t f = 0; f < k_field_count; ++f) {
        if (!((bits >> f) & 1u)) {
            continue;
        }
        const auto field = static_cast<Field>(f);
        std::optional<std::size_t> read_as;
        for (std::size_t g = 0; g < k_field_count && !read_as; ++g) {
            if (out.column[g] && group_of(static_cast<Field>(g)) == group_of(field)) {
                read_as = g;
            }
        }
        if (read_as) {
            const std::string text =
                fmt::format("{} is read from {}", spec(static_cast<Field>(*read_as)).name,
                            column_label(header, *out.column[*read_as]));
            if (std::find(read_elsewhere.begin(), read_elsewhere.end(), text) ==
                read_elsewhere.end()) {
                read_elsewhere.push_back(text);
            }
        } else {
            maps.push_back(fmt::format("--map {}={}", spec(field).name, shell_quoted(header[i])));
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

// A header written with another separator arrives as fewer, longer cells: split again on each
// other separator, it gives more columns, and one of them names a field or looks like one.
std::optional<char> other_delimiter(const RuleSet& rules, std::span<const std::string_view> header,
                                    char delimiter, const std::vector<Stem>& stems) {
    std::string line;
    for (std::size_t i = 0; i < header.size(); ++i) {
        line += i == 0 ? "" : std::string(1, delimiter);
        line += header[i];
    }
    for (const char d : {';', '\t', ',', '|'}) {
        if (d == delimiter) {
            continue;
        }
        std::vector<std::string_view> cells;
        std::string_view rest = line;
        for (auto at = rest.find(d); at != std::string_view::npos; at = rest.find(d)) {
            cells.push_back(rest.substr(0, at));
            rest.remove_prefix(at + 1);
        }
        cells.push_back(rest);
        if (cells.size() <= header.size()) {
            continue;
        }
        for (const auto cell : cells) {
            if (auto_field(rules, cell) || looks_like(stems, cell) != 0) {
                return d;
            }
        }
    }
    return std::nullopt;
}

std::string delimiter_flag(char d) {
    return d == '\t' ? "--delimiter tab" : fmt::format("--delimiter '{}'", d);
}

// A header cell that is not UTF-8 (a Windows-1252 export) cannot be matched reliably.
std::optional<std::size_t> not_utf8(std::span<const std::string_view> header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (!valid_utf8(header[i])) {
            return i;
        }
    }
    return std::nullopt;
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

void read_header(csv::Reader& reader, csv::Record& record, std::string_view example) {
    if (!reader.next(record)) {
        throw HeaderError(fmt::format(
            "the input is empty: expected a header row naming the columns (e.g. {})", example));
    }
    if (!record.error.empty()) {
        throw HeaderError(fmt::format("row 1 (header): {}", record.error));
    }
}

std::vector<std::size_t> columns_named(std::span<const std::string_view> header,
                                       std::string_view wanted) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == wanted) {
            found.push_back(i);
        }
    }
    for (std::size_t i = 0; i < header.size() && found.empty(); ++i) {
        if (iequals(header[i], wanted)) {
            found.push_back(i);
        }
    }
    return found;
}

ColumnMap map_header(const RuleSet& rules, std::span<const std::string_view> header,
                     const BatchOptions& options) {
    ColumnMap out;
    out.width = header.size();
    if (auto bad = not_utf8(header)) {
        throw HeaderError(fmt::format(
            "row 1 (header): {} is not UTF-8 text (a Windows-1252 export?); convert the file "
            "first, e.g. iconv -f WINDOWS-1252 -t UTF-8 export.csv > export-utf8.csv",
            column_label(header, *bad)));
    }
    std::vector<bool> mapped(header.size(), false);   // by --map
    std::vector<bool> ignored(header.size(), false);  // by --ignore

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
        const auto found = columns_named(header, wanted);
        if (found.empty()) {
            const auto d =
                other_delimiter(rules, header, options.delimiter, measurement_stems(rules));
            throw MapError(fmt::format(
                "--map {}={}: the header has no column \"{}\" (columns: {}){}", name, wanted,
                wanted, fmt::join(header, ", "),
                d ? fmt::format("; the header splits on another separator: read it with {}",
                                delimiter_flag(*d))
                  : ""));
        }
        if (found.size() > 1) {
            throw MapError(
                fmt::format("--map {}={}: the header has {} columns named \"{}\" ({} and "
                            "{}); rename one",
                            name, wanted, found.size(), wanted, column_label(header, found[0]),
                            column_label(header, found[1])));
        }
        const std::size_t index = found[0];
        if (mapped[index]) {
            throw MapError(fmt::format("--map {}={}: {} is already mapped to another field", name,
                                       wanted, column_label(header, index)));
        }
        mapped[index] = true;
        slot = index;
    }
    std::array<bool, k_field_count> by_map{};
    for (std::size_t i = 0; i < k_field_count; ++i) {
        by_map[i] = out.column[i].has_value();
    }
    // --ignore NAME leaves every column of that name unread.
    for (const auto& wanted : options.ignore) {
        const auto found = columns_named(header, wanted);
        if (found.empty()) {
            throw MapError(fmt::format("--ignore {}: the header has no column \"{}\" (columns: {})",
                                       wanted, wanted, fmt::join(header, ", ")));
        }
        for (const std::size_t index : found) {
            if (mapped[index]) {
                throw MapError(fmt::format("--ignore {}: {} is also given to --map", wanted,
                                           column_label(header, index)));
            }
            ignored[index] = true;
        }
    }

    // Then names and aliases; a field already given by --map leaves such columns untouched.
    std::vector<bool> read(header.size(), false);
    for (std::size_t i = 0; i < header.size(); ++i) {
        read[i] = mapped[i] || ignored[i];
        if (read[i]) {
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
    const std::vector<Stem> stems = measurement_stems(rules);
    // A header cut with the wrong separator would otherwise read as a few odd columns.
    if (!any_measurement) {
        if (auto d = other_delimiter(rules, header, options.delimiter, stems)) {
            throw MapError(fmt::format(
                "row 1 (header): the header splits on '{}', not on '{}' (found {} column{}: "
                "\"{}\"); read it with {}",
                *d == '\t' ? std::string("\\t") : std::string(1, *d),
                options.delimiter == '\t' ? std::string("\\t") : std::string(1, options.delimiter),
                header.size(), header.size() == 1 ? "" : "s", fmt::join(header, "\", \""),
                delimiter_flag(*d)));
        }
    }

    // Every column left must plainly not be a field's: a misspelt or unknown measurement
    // header would otherwise be dropped and its rows scored as if it had not been measured.
    std::vector<std::string> unread;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (read[i]) {
            continue;
        }
        const FieldBits bits = looks_like(stems, header[i]);
        if (bits != 0 && !only_read_non_measurements(bits, out)) {
            unread.push_back(unread_line(header, i, bits, out));
        }
    }
    if (!unread.empty()) {
        throw MapError(fmt::format(
            "row 1 (header): {}, but {} not read, so {} values would be ignored:\n  {}",
            unread.size() == 1
                ? std::string("a column looks like a field thomas reads")
                : fmt::format("{} columns look like fields thomas reads", unread.size()),
            unread.size() == 1 ? "it is" : "they are", unread.size() == 1 ? "its" : "their",
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
