#include "render_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "render_parts.h"

namespace thomas::cli {
namespace {

// Widths, padding and units as in the score output (render_parts.h).
using text::display_width;
using text::ids_in;
using text::k_width;
using text::pad;
using text::with_unit;

// Word-wrap to k_width; the first line starts with `indent`, the others with `rest`.
std::string wrap(std::string_view text, const std::string& indent, std::string rest = "") {
    if (rest.empty()) {
        rest = indent;
    }
    std::string out = indent;
    std::size_t column = indent.size();
    bool first = true;
    while (!text.empty()) {
        const auto space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        if (!first && column + 1 + display_width(word) > k_width) {
            out += "\n" + rest;
            column = rest.size();
        } else if (!first) {
            out += ' ';
            ++column;
        }
        out += word;
        column += display_width(word);
        first = false;
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    }
    return out + "\n";
}

std::string refs(const std::vector<std::string>& sources) {
    return sources.empty() ? "" : fmt::format(" [{}]", fmt::join(sources, ", "));
}

std::string lower(std::string text) {
    for (char& ch : text) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return text;
}

std::string measure_name(const Criterion& c) {
    return c.minus ? fmt::format("{} - {}", to_string(c.measure), to_string(*c.minus))
                   : std::string(to_string(c.measure));
}

std::string band_range(const Criterion& c, const Band& b, const std::string& unit) {
    if (b.min <= c.range_min) {
        return "below " + with_unit(b.max, unit);
    }
    if (b.max >= c.range_max) {
        return with_unit(b.min, unit) + " or more";
    }
    return with_unit(b.min, unit) + " to below " + with_unit(b.max, unit);
}

void render_measures(std::string& out, const RuleSet& rules, const Style& s) {
    out += "\n" + s.bold("Measures") + "\n";
    out += "  " + pad("measure", 14) + pad("label", 40) + pad("range", 16) + "left-right note\n";
    for (const MeasureDef& def : rules.measures) {
        if (!def.declared) {
            continue;
        }
        const bool boolean = def.unit.empty();
        const std::string range =
            boolean ? "yes/no"
                    : with_unit(def.min, def.unit) + " to " + with_unit(def.max, def.unit);
        const std::string note =
            def.asymmetry ? with_unit(*def.asymmetry, def.unit) + " or more" : "-";
        out += "  " + pad(std::string(to_string(def.id)), 14) + pad(def.label, 40) +
               pad(range, 16) + note + refs(def.sources) + "\n";
        if (def.mdc_none) {
            out += fmt::format("  {}between visits: the change is shown, not judged{}\n",
                               pad("", 14), refs(def.mdc_sources));
        } else if (def.mdc) {
            out += fmt::format(
                "  {}between visits{}: a real change is {} or more, {} is better{}\n", pad("", 14),
                def.mdc_minus ? fmt::format(" (judged on {} minus {})", to_string(def.id),
                                            to_string(*def.mdc_minus))
                              : std::string(),
                with_unit(*def.mdc, def.unit),
                def.better == Better::nearer_zero ? "nearer zero" : to_string(*def.better),
                refs(def.mdc_sources));
        }
    }
}

void render_criteria(std::string& out, const RuleSet& rules, const Style& s) {
    out += "\n" + s.bold("Criteria") + "\n";
    for (const Criterion& c : rules.criteria) {
        out += "  " + s.bold(c.id) + ": " + c.title + refs(c.sources) + "\n";
        if (c.boolean) {
            out += fmt::format("    {} (yes/no): pass when {}\n", measure_name(c),
                               c.pass_when ? "yes" : "no");
            continue;
        }
        const std::string& unit = rules.measure(c.measure).unit;
        out += "    " + measure_name(c);
        if (c.minus) {
            out += fmt::format(" (derived: {} minus {})", lower(rules.measure(c.measure).label),
                               lower(rules.measure(*c.minus).label));
        }
        out += c.cutoff ? ", cut-off " + with_unit(*c.cutoff, unit) : "";
        out += c.asymmetry ? ", left-right note from " + with_unit(*c.asymmetry, unit) : "";
        out += "\n";
        std::size_t width = 22;  // the band column, at least two spaces wider than its text
        for (const Band& b : c.bands) {
            width = std::max(width, display_width(band_range(c, b, unit)) + 2);
        }
        for (const Band& b : c.bands) {
            out += "      " + pad(band_range(c, b, unit), width) +
                   pad(std::string(to_string(b.status)), 12) + b.message + "\n";
        }
    }
}

void render_findings(std::string& out, const RuleSet& rules, const Style& s) {
    out += "\n" + s.bold("Findings") + " (all that match apply, in order)\n";
    for (const Finding& f : rules.findings) {
        out += "  " + s.bold(f.id) + ": " + f.title + refs(f.sources) + "\n";
        out += "    when " + condition_text(rules, f.when) + "\n";
        std::vector<std::string> gives;
        if (f.result) {
            gives.push_back(fmt::format("result {}", to_string(*f.result)));
        }
        if (!f.implicates.empty()) {
            gives.push_back(fmt::format(
                "implicates {}", fmt::join(ids_in<Tissue, k_tissue_count>(f.implicates), ", ")));
        }
        if (!f.flags.empty()) {
            gives.push_back(
                fmt::format("flags {}", fmt::join(ids_in<Flag, k_flag_count>(f.flags), ", ")));
        }
        if (!gives.empty()) {
            out += fmt::format("    gives {}\n", fmt::join(gives, "; "));
        }
    }
}

void render_programme(std::string& out, const RuleSet& rules, const Style& s) {
    out += "\n" + s.bold("Programme") + "\n";
    for (const Step& step : rules.steps) {
        out += fmt::format("  {}  {}{}\n", step.number, step.title, refs(step.sources));
    }
    out += "\n" + s.bold("Decision") +
           " (rows in order; each match adds its steps not yet done; a final "
           "row stops)\n";
    std::vector<std::string> steps;
    std::size_t id_width = 4;
    std::size_t steps_width = 6;
    for (const DecisionRow& row : rules.decision) {
        steps.push_back(fmt::format("{}{}{}", fmt::join(row.steps, ", "),
                                    row.even_if_done ? " even if done" : "",
                                    row.final ? " final" : ""));
        id_width = std::max(id_width, row.id.size() + 2);
        steps_width = std::max(steps_width, steps.back().size() + 2);
    }
    out += "  " + pad("row", id_width) + pad("steps", steps_width) + "when\n";
    for (std::size_t i = 0; i < rules.decision.size(); ++i) {
        const DecisionRow& row = rules.decision[i];
        out += "  " + pad(row.id, id_width) + pad(steps[i], steps_width) +
               condition_text(rules, row.when) + "\n";
        out += wrap(row.why + refs(row.sources), "      ");
    }
    out += fmt::format("  when every planned step is done: step {}\n", rules.complete_step);
}

}  // namespace

std::string condition_text(const RuleSet& rules, const Condition& c) {
    auto joined = [&](std::string_view word) {
        std::vector<std::string> parts;
        for (const auto& child : c.children) {
            const bool nested =
                child.kind == Condition::Kind::all || child.kind == Condition::Kind::any;
            const std::string text = condition_text(rules, child);
            parts.push_back(nested && child.children.size() > 1 ? "(" + text + ")" : text);
        }
        return fmt::format("{}", fmt::join(parts, word));
    };
    switch (c.kind) {
        case Condition::Kind::all:
            return c.children.empty() ? "always" : joined(" and ");
        case Condition::Kind::any:
            return joined(" or ");
        case Condition::Kind::negate:
            return "not (" + condition_text(rules, c.children.front()) + ")";
        case Condition::Kind::criterion:
            return fmt::format("{} is {}", rules.criteria[c.index].id,
                               fmt::join(ids_in<Status, k_status_count>(c.statuses), " or "));
        case Condition::Kind::pain:
            return fmt::format("pain is {}",
                               fmt::join(ids_in<Pain, k_pain_count>(c.pains), " or "));
        case Condition::Kind::red_flag:
            return fmt::format("red flag is {}",
                               fmt::join(ids_in<RedFlag, k_red_flag_count>(c.red_flags), " or "));
        case Condition::Kind::finding:
            return "finding " + rules.findings[c.index].id;
        case Condition::Kind::result:
            return fmt::format("result is {}",
                               fmt::join(ids_in<Result, k_result_count>(c.results), " or "));
        case Condition::Kind::persists:
            return "tightness persists";
        case Condition::Kind::value: {
            const std::string value =
                c.minus ? fmt::format("{} - {}", to_string(c.measure), to_string(*c.minus))
                        : std::string(to_string(c.measure));
            std::vector<std::string> bounds;
            if (c.above) {
                bounds.push_back(fmt::format("{} > {:g}", value, *c.above));
            }
            if (c.below) {
                bounds.push_back(fmt::format("{} < {:g}", value, *c.below));
            }
            return fmt::format("{}", fmt::join(bounds, " or "));
        }
        case Condition::Kind::patient:
            return "on either leg (" + condition_text(rules, c.children.front()) + ")";
        case Condition::Kind::plan_done:
            return "every step planned so far is done";
        case Condition::Kind::change:
            return fmt::format("{} since the first visit: {}", to_string(c.measure),
                               fmt::join(ids_in<Change, k_change_count>(c.changes), " or "));
    }
    return {};
}

// Pairs grouped by their key in first-seen order: {(k, a), (j, b), (k, c)} -> k: a, c; j: b.
std::vector<std::pair<std::string, std::vector<std::string>>> grouped(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    for (const auto& [key, value] : pairs) {
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&key = key](const auto& g) { return g.first == key; });
        if (it == groups.end()) {
            it = groups.insert(groups.end(), {key, {}});
        }
        it->second.push_back(value);
    }
    return groups;
}

// Synonyms grouped by the word they stand for, per kind ("side: l, links = left; ..."), then
// the header words by field.
void render_vocabulary(std::string& out, const RuleSet& rules, const Style& s) {
    const Vocabulary& v = rules.vocabulary;
    const bool any = !v.columns.empty() || std::any_of(v.synonyms.begin(), v.synonyms.end(),
                                                       [](const auto& l) { return !l.empty(); });
    if (!any) {
        return;
    }
    out += "\n" + s.bold("Vocabulary") + " (case-insensitive, every language at once)\n";
    constexpr std::array<std::string_view, k_word_kind_count> kinds = {"side", "yes/no", "pain",
                                                                       "red flags"};
    for (std::size_t k = 0; k < k_word_kind_count; ++k) {
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const Synonym& syn : v.synonyms[k]) {
            pairs.emplace_back(syn.means, syn.word);
        }
        std::vector<std::string> parts;
        for (const auto& [means, words] : grouped(pairs)) {
            parts.push_back(fmt::format("{} = {}", fmt::join(words, ", "), means));
        }
        if (!parts.empty()) {
            out += wrap(fmt::format("{}: {}", kinds[k], fmt::join(parts, "; ")), "  ", "    ");
        }
    }
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const ColumnWord& c : v.columns) {
        pairs.emplace_back(c.field, c.word);
    }
    std::vector<std::string> parts;
    for (const auto& [field, words] : grouped(pairs)) {
        parts.push_back(fmt::format("{} ({})", field, fmt::join(words, ", ")));
    }
    if (!parts.empty()) {
        out += wrap(fmt::format("header words that mark a measurement column, besides the field "
                                "names: {}",
                                fmt::join(parts, "; ")),
                    "  ", "    ");
    }
}

std::string render_rule_summary(const RuleSet& rules, const Style& s) {
    std::string out =
        s.bold(rules.name) + fmt::format(" {} ({})\n", rules.version, rules.procedure);
    out += wrap(rules.title, "  ");
    out += wrap(rules.description, "  ");
    return out;
}

std::string render_rule_set(const RuleSet& rules, const Style& s) {
    std::string out = s.bold(fmt::format("Rule set {} {}", rules.name, rules.version)) + ": " +
                      rules.title + "\n";
    out += "  from " + rules.origin + ", sha256 " + rules.sha256 + "\n";
    out += wrap(rules.description, "  ");
    out += "\n" + s.bold("Procedure") + " " + rules.procedure + "\n";
    out += wrap(rules.procedure_description, "  ");
    render_measures(out, rules, s);
    render_criteria(out, rules, s);
    render_findings(out, rules, s);
    render_programme(out, rules, s);
    render_vocabulary(out, rules, s);
    out += "\n" + s.bold("Sources") + "\n";
    for (const Source& src : rules.sources) {
        out += wrap("[" + src.id + "] " + src.citation, "  ", "    ");
    }
    return out;
}

}  // namespace thomas::cli
