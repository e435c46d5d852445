// Header mapping for `thomas batch`: which CSV column feeds which contract field. Runs once
// per file, so clarity beats speed here; the per-row path only reads the resulting indices.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "text_util.h"
#include "thomas/batch.h"

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

}  // namespace

ColumnMap map_header(const RuleSet& rules, std::span<const std::string_view> header,
                     const std::vector<std::pair<std::string, std::string>>& map) {
    ColumnMap out;
    out.width = header.size();
    std::vector<bool> claimed(header.size(), false);

    // Explicit --map pairs first: they decide, and they must all be usable.
    for (const auto& [name, wanted] : map) {
        const auto field = field_by_header(name);
        if (!field) {
            throw MapError(fmt::format("--map {}={}: unknown field \"{}\" (accepted: {})", name,
                                       wanted, name, accepted_fields()));
        }
        auto& slot = out.column[static_cast<std::size_t>(*field)];
        if (slot) {
            throw MapError(fmt::format("--map {}={}: {} is already mapped to {}", name, wanted,
                                       spec(*field).name, column_label(header, *slot)));
        }
        // An exact match wins over a case-insensitive one, so "A" and "a" stay distinguishable.
        auto it = std::find(header.begin(), header.end(), std::string_view(wanted));
        if (it == header.end()) {
            // A copy: clang 14 cannot capture a structured binding in a lambda.
            const std::string_view target = wanted;
            it = std::find_if(header.begin(), header.end(),
                              [target](std::string_view h) { return iequals(h, target); });
        }
        if (it == header.end()) {
            throw MapError(fmt::format("--map {}={}: the header has no column \"{}\" (columns: {})",
                                       name, wanted, wanted, fmt::join(header, ", ")));
        }
        const auto index = static_cast<std::size_t>(it - header.begin());
        if (claimed[index]) {
            throw MapError(fmt::format("--map {}={}: {} is already mapped to another field", name,
                                       wanted, column_label(header, index)));
        }
        claimed[index] = true;
        slot = index;
    }
    std::array<bool, k_field_count> by_map{};
    for (std::size_t i = 0; i < k_field_count; ++i) {
        by_map[i] = out.column[i].has_value();
    }

    // Then names and aliases; a field already given by --map leaves such columns untouched.
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (claimed[i]) {
            continue;
        }
        const auto field = auto_field(rules, header[i]);
        if (!field || by_map[static_cast<std::size_t>(*field)]) {
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
    }

    bool any_measurement = false;
    for (std::size_t i = 0; i < k_field_count; ++i) {
        any_measurement = any_measurement || (out.column[i] && fields()[i].measurement);
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
