#include "render_progress.h"

#include <fmt/format.h>

#include <algorithm>

#include "render_parts.h"
#include "thomas/number_text.h"

namespace thomas::cli {
namespace {

using progress::Course;
using progress::MeasureChange;
using progress::Since;

// The mark after a value: how it changed since the previous visit that measured it.
std::string_view mark(Change c) {
    switch (c) {
        case Change::improved:
            return " better";
        case Change::worse:
            return " worse";
        case Change::no_reliable_change:
            return " =";
    }
    return "";
}

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t shown = text::display_width(s);
    return shown >= width ? s + " " : s + std::string(width - shown, ' ');
}

// pad() appended to `out`: the table rows are the bulk of a long follow-up's text.
void pad_into(std::string& out, std::string_view s, std::size_t width) {
    const std::size_t shown = text::display_width(s);
    out += s;
    out.append(shown >= width ? 1 : width - shown, ' ');
}

const MeasureChange* change_at(const Course& c, Measure m, std::size_t visit, Since since) {
    const auto it = std::find_if(c.changes.begin(), c.changes.end(), [&](const MeasureChange& ch) {
        return ch.measure == m && ch.to_visit == visit && ch.since == since;
    });
    return it == c.changes.end() ? nullptr : &*it;
}

// "knee-thigh" for knee_flexion minus thigh_angle.
std::string short_pair(Measure m, Measure minus) {
    const std::string a(to_string(m));
    const std::string b(to_string(minus));
    return a.substr(0, a.find('_')) + "-" + b.substr(0, b.find('_'));
}

std::string value_text(const RuleSet& rules, Measure m, const std::optional<double>& v) {
    if (!v) {
        return "-";
    }
    return rules.measure(m).unit.empty() ? (*v != 0.0 ? "yes" : "no") : number_string(*v);
}

}  // namespace

std::string progress_preamble(const RuleSet& rules, const Style& s) {
    return fmt::format(
        "{}\n{}\n\n",
        s.bold(fmt::format("thomas progress · rule set {} {} (sha256 {})", rules.name,
                           rules.version, rules.sha256.substr(0, 12))),
        s.dim(text::wrap("A value is marked against the visit before: better or worse by at "
                         "least the measure's smallest real change, = for a smaller one. Result "
                         "and step are each visit's own; the next step weighs the changes.",
                         text::k_width, "")));
}

std::string progress_text(const RuleSet& rules, const Course& c, const Style& s) {
    std::string out;
    out += s.bold(fmt::format("Patient {}, {} leg", c.patient, to_string(c.side))) +
           fmt::format(" · {} visit{}\n", c.visits.size(), c.visits.size() == 1 ? "" : "s");

    // A measure judged against another (knee minus thigh) gets a column of its own for the
    // judged value; the raw reading is shown unmarked.
    struct Column {
        Measure measure;
        bool judged_value;  // the value changes are judged on
        std::string title;
    };
    std::vector<Column> columns;
    for (const MeasureDef& def : rules.measures) {
        const bool measured = std::any_of(c.visits.begin(), c.visits.end(),
                                          [&](const auto& v) { return v.m[def.id].has_value(); });
        if (!def.declared || !measured) {
            continue;
        }
        columns.push_back({def.id, !def.mdc_minus, std::string(to_string(def.id))});
        if (def.mdc_minus) {
            columns.push_back({def.id, true, short_pair(def.id, *def.mdc_minus)});
        }
    }
    constexpr std::size_t k_date = 12;
    constexpr std::size_t k_value = 15;
    std::string head = "  " + pad("date", k_date);
    for (const Column& col : columns) {
        head += pad(col.title, k_value);
    }
    out += s.dim(head + pad("result", 12) + "step") + "\n";
    for (std::size_t k = 0; k < c.visits.size(); ++k) {
        const auto& v = c.visits[k];
        out += "  ";
        pad_into(out, v.date, k_date);
        for (const Column& col : columns) {
            const bool derived = col.judged_value && rules.measure(col.measure).mdc_minus;
            std::string cell = derived ? value_text(rules, col.measure,
                                                    progress::change_value(rules, v.m, col.measure))
                                       : value_text(rules, col.measure, v.m[col.measure]);
            const MeasureChange* ch =
                col.judged_value ? change_at(c, col.measure, k, Since::previous) : nullptr;
            if (ch != nullptr && ch->change) {
                cell += mark(*ch->change);
            }
            pad_into(out, cell, k_value);
        }
        pad_into(out, to_string(v.assessment.result), 12);
        out += std::to_string(v.assessment.next_step);
        out += '\n';
    }

    const std::size_t last = c.visits.size() - 1;
    bool any_since = false;
    for (const MeasureDef& def : rules.measures) {
        const MeasureChange* ch = change_at(c, def.id, last, Since::first);
        if (ch == nullptr) {
            continue;
        }
        if (!any_since) {
            out += fmt::format("  Since {}:\n", c.visits[ch->from_visit].date);
            any_since = true;
        }
        const std::string name =
            ch->minus ? short_pair(def.id, *ch->minus) : std::string(to_string(def.id));
        const std::string& unit = def.unit;
        const std::string verdict =
            ch->change ? fmt::format("{}{}; a real change is {} or more", to_string(*ch->change),
                                     ch->clinically_significant ? ", clinically significant" : "",
                                     text::with_unit(*ch->mdc, unit))
                       : std::string("not judged (the rule set gives no smallest real change)");
        out += fmt::format("    {} {} to {} ({}{}): {}\n", name, text::with_unit(ch->from, unit),
                           text::with_unit(ch->to, unit), ch->difference > 0 ? "+" : "",
                           text::with_unit(ch->difference, unit), verdict);
    }
    for (const progress::Crossing& x : c.crossings) {
        if (x.to_visit == last && x.since == Since::first) {
            out += fmt::format("  {} went from {} to {} since {}\n", rules.criteria[x.criterion].id,
                               to_string(x.from), to_string(x.to), c.visits[x.from_visit].date);
        }
    }
    const Step& step = rules.step(c.next_step);
    out += fmt::format(
        "  {} {}. {}{}\n", s.bold("Next step"), c.next_step, step.title,
        c.decided_by ? fmt::format(" (for the patient, from the {} leg)", to_string(*c.decided_by))
                     : std::string());
    out += "    " + text::wrap(c.why, text::k_width - 4, "    ") + "\n";
    for (const std::string& w : c.warnings) {
        out += "  " + s.yellow("Warning:") + " " + text::wrap(w, text::k_width - 11, "    ") + "\n";
    }
    return out + "\n";
}

std::string progress_errors_text(const std::vector<progress::VisitError>& errors, const Style& s) {
    if (errors.empty()) {
        return {};
    }
    std::string out = s.bold(fmt::format("{} input{} not followed", errors.size(),
                                         errors.size() == 1 ? "" : "s")) +
                      "\n";
    for (const auto& e : errors) {
        const bool placed = e.message.starts_with(e.origin);
        out += "  " +
               text::wrap(placed ? e.message : e.origin + ": " + e.message, text::k_width - 2,
                          "    ") +
               "\n";
    }
    return out;
}

}  // namespace thomas::cli
