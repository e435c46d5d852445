// The follow-up report of `thomas report --visits`: progress's courses (one patient's
// leg across visits) as charts of each judged measure over the visits, a table of the visits and
// the next step with its reason. Every number clinical (cut-offs, bands, MDC) is the rule set's.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "html_page.h"
#include "markup.h"
#include "thomas/html_report.h"
#include "thomas/svg_charts.h"
#include "thomas/wording.h"

namespace thomas {
namespace {

using markup::escape;
using progress::Course;
using progress::MeasureChange;
using progress::Since;

std::string_view change_words(Change c) {
    switch (c) {
        case Change::improved:
            return "improved";
        case Change::worse:
            return "worse";
        case Change::no_reliable_change:
            break;
    }
    return "no reliable change";
}

svg::Change svg_change(Change c) {
    switch (c) {
        case Change::improved:
            return svg::Change::improved;
        case Change::worse:
            return svg::Change::worse;
        case Change::no_reliable_change:
            break;
    }
    return svg::Change::no_reliable_change;
}

// "Knee flexion minus thigh angle" for a measure judged against another, else its label.
std::string judged_label(const RuleSet& rules, const MeasureDef& def) {
    std::string words = def.label;
    if (def.mdc_minus) {
        std::string minus = rules.measure(*def.mdc_minus).label;
        if (!minus.empty()) {
            minus[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(minus[0])));
        }
        words += " minus " + minus;
    }
    return words;
}

std::string unit_suffix(const MeasureDef& def) {
    return def.unit == "deg" ? " (°)" : def.unit.empty() ? "" : " (" + def.unit + ")";
}

std::string with_unit(double v, const MeasureDef& def) {
    return fmt::format("{:g}{}", v,
                       def.unit == "deg"  ? "°"
                       : def.unit.empty() ? ""
                                          : " " + def.unit);
}

const MeasureChange* change_at(const Course& c, Measure m, std::size_t visit, Since since) {
    const auto it = std::find_if(c.changes.begin(), c.changes.end(), [&](const MeasureChange& ch) {
        return ch.measure == m && ch.to_visit == visit && ch.since == since;
    });
    return it == c.changes.end() ? nullptr : &*it;
}

// The measures a change is judged on (an mdc) that some visit of the course measured.
std::vector<const MeasureDef*> judged_measures(const RuleSet& rules, const Course& c) {
    std::vector<const MeasureDef*> out;
    for (const MeasureDef& def : rules.measures) {
        if (!def.declared || !def.mdc) {
            continue;
        }
        const bool measured = std::any_of(c.visits.begin(), c.visits.end(), [&](const auto& v) {
            return progress::change_value(rules, v.m, def.id).has_value();
        });
        if (measured) {
            out.push_back(&def);
        }
    }
    return out;
}

// The chart of one measure: the valid visits that measured it (progress compares no other),
// the first of them the baseline; the cut-off and borderline bands of the criteria that read
// the same value (the measure, or the measure minus mdc_minus).
svg::Series series_of(const RuleSet& rules, const Course& c, const MeasureDef& def,
                      std::size_t index) {
    svg::Series s;
    s.id = fmt::format("series-{}-{}", index, to_string(def.id));
    const std::string label = judged_label(rules, def);
    s.axis_label = label + unit_suffix(def);
    for (std::size_t k = 0; k < c.visits.size(); ++k) {
        const auto& v = c.visits[k];
        const auto value = progress::change_value(rules, v.m, def.id);
        if (!v.assessment.valid || !value) {
            continue;
        }
        svg::SeriesPoint p{v.date, *value, svg::Change::none};
        if (!s.points.empty()) {
            const MeasureChange* ch = change_at(c, def.id, k, Since::previous);
            p.change = ch != nullptr && ch->change ? svg_change(*ch->change)
                                                   : svg::Change::no_reliable_change;
        }
        s.points.push_back(std::move(p));
    }
    for (const Criterion& cr : rules.criteria) {
        if (cr.boolean || cr.measure != def.id || cr.minus != def.mdc_minus) {
            continue;
        }
        if (cr.cutoff && !s.cutoff) {
            s.cutoff = cr.cutoff;
        }
        for (const Band& b : cr.bands) {
            if (b.status == Status::borderline) {
                s.borderline.emplace_back(b.min, b.max);
            }
        }
    }
    s.mdc = def.mdc;
    s.title =
        fmt::format("{} over {} visit{}", label, s.points.size(), s.points.size() == 1 ? "" : "s");
    std::string bands;
    for (const auto& [a, b] : s.borderline) {
        bands += fmt::format("{}{:g} to {:g}", bands.empty() ? "" : ", ", a, b);
    }
    s.description = fmt::format(
        "{} at each valid visit, joined in date order{}{}{}. Each visit after the first is marked "
        "against the visit before: improved (triangle), worse (square) or no reliable change "
        "(open circle); the first is the baseline (diamond).",
        label, s.cutoff ? fmt::format("; dashed line: cut-off {:g}", *s.cutoff) : "",
        bands.empty() ? "" : "; hatched: borderline " + bands,
        s.points.empty() ? ""
                         : fmt::format("; shaded band: the baseline {:g} ± the smallest real "
                                       "change (MDC) {:g}",
                                       s.points.front().value, *def.mdc));
    return s;
}

std::string chart_caption(const RuleSet& rules, const Course& c, const MeasureDef& def) {
    std::string out = escape(judged_label(rules, def));
    if (def.mdc_minus) {
        out += " (changes are judged on this difference, as the criteria read it)";
    }
    out += fmt::format(": a real change is {} or more.", escape(with_unit(*def.mdc, def)));
    const MeasureChange* ch = change_at(c, def.id, c.visits.size() - 1, Since::first);
    if (ch != nullptr && ch->change) {
        out += fmt::format(" Since {}: {} to {} ({}{}), {}{}.",
                           escape(c.visits[ch->from_visit].date), escape(with_unit(ch->from, def)),
                           escape(with_unit(ch->to, def)), ch->difference > 0 ? "+" : "",
                           escape(with_unit(ch->difference, def)), change_words(*ch->change),
                           ch->clinically_significant ? ", clinically significant" : "");
    }
    return out;
}

std::string visits_table(const RuleSet& rules, const Course& c,
                         const std::vector<const MeasureDef*>& measures) {
    std::string out = "<div class=\"wide\"><table class=\"visits\">\n<thead><tr><th>Date</th>";
    for (const MeasureDef* def : measures) {
        out += "<th>" + escape(judged_label(rules, *def) + unit_suffix(*def)) + "</th>";
    }
    out += "<th>Result</th><th>Step</th><th>Examiner, device</th></tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < c.visits.size(); ++k) {
        const auto& v = c.visits[k];
        out += "<tr><td>" + escape(v.date) + "</td>";
        for (const MeasureDef* def : measures) {
            const auto value = progress::change_value(rules, v.m, def->id);
            std::string cell = value ? fmt::format("{:g}", *value) : "–";
            const MeasureChange* ch = change_at(c, def->id, k, Since::previous);
            if (ch != nullptr && ch->change) {
                cell += fmt::format(" <span class=\"note\">{}</span>", change_words(*ch->change));
            }
            out += "<td class=\"num\">" + cell + "</td>";
        }
        std::string who = v.examiner;
        if (!v.device.empty()) {
            who += (who.empty() ? "" : ", ") + v.device;
        }
        out += fmt::format("<td>{}{}</td><td>{}</td><td>{}</td></tr>\n",
                           html::result_badge(v.assessment.result),
                           v.assessment.valid ? "" : " <span class=\"note\">not compared</span>",
                           v.assessment.next_step, escape(who));
    }
    return out + "</tbody>\n</table></div>\n";
}

std::string course_html(const RuleSet& rules, const Course& c, std::size_t index) {
    std::string out = "<section class=\"patient\">\n";
    out += fmt::format("<h2>Patient {}, {} leg</h2>\n", escape(c.patient), to_string(c.side));
    out += fmt::format("<p class=\"meta\">{} visit{}, {} to {}</p>\n", c.visits.size(),
                       c.visits.size() == 1 ? "" : "s", escape(c.visits.front().date),
                       escape(c.visits.back().date));

    const Step& step = rules.step(c.next_step);
    out += "<div class=\"verdict\">\n";
    out += fmt::format(
        "<p class=\"headline\">Next step {}. {}{}</p>\n", c.next_step, escape(step.title),
        c.decided_by ? fmt::format(" (for the patient, from the {} leg)", to_string(*c.decided_by))
                     : std::string());
    if (!c.why.empty()) {
        out += "<p><strong>Why:</strong> " + escape(c.why) + "</p>\n";
    }
    if (!step.advice.empty()) {
        out += "<p class=\"note\">" + escape(step.advice) + "</p>\n";
    }
    out +=
        fmt::format("<p>Latest visit ({}): {}</p>\n", escape(c.visits.back().date),
                    html::headline_html(c.latest.result,
                                        headline_text(rules, c.latest.result, c.latest.implicated,
                                                      c.latest.flags, c.latest.plan)));
    out += "</div>\n";
    if (!c.warnings.empty()) {
        out += "<div class=\"warnings\"><h3>Warnings</h3>\n<ul>\n";
        for (const std::string& w : c.warnings) {
            out += "<li>" + escape(w) + "</li>\n";
        }
        out += "</ul></div>\n";
    }

    const auto measures = judged_measures(rules, c);
    if (!measures.empty()) {
        out += "<div class=\"series\">\n";
        for (const MeasureDef* def : measures) {
            out += fmt::format(
                "<figure class=\"chart\">\n{}<figcaption>{}</figcaption>\n</figure>\n",
                svg::series_svg(series_of(rules, c, *def, index)), chart_caption(rules, c, *def));
        }
        out += "</div>\n";
    }
    out += visits_table(rules, c, measures);
    return out + "</section>\n";
}

}  // namespace

std::string visits_report_html(const RuleSet& rules, const std::vector<progress::Course>& courses,
                               const std::vector<progress::VisitError>& errors,
                               const ReportInfo& info) {
    std::set<std::string> patients;
    std::size_t visits = 0;
    for (const Course& c : courses) {
        patients.insert(c.patient);
        visits += c.visits.size();
    }
    std::string out = html::page_open("Thomas test follow-up");
    out += "<header><h1>Follow-up: Thomas test across visits</h1>\n";
    out += fmt::format(
        "<p class=\"meta\">{} patient{}, {} leg{} followed over {} visit{} · {} input{} not "
        "followed · {} · procedure: {}</p>\n",
        patients.size(), patients.size() == 1 ? "" : "s", courses.size(),
        courses.size() == 1 ? "" : "s", visits, visits == 1 ? "" : "s", errors.size(),
        errors.size() == 1 ? "" : "s", escape(rules.title.empty() ? rules.name : rules.title),
        escape(rules.procedure));
    out +=
        "<p class=\"note\">Each change is judged against the visit before by the measure's "
        "smallest real change (MDC): improved (triangle), worse (square) or no reliable change "
        "(open circle); the first valid visit is the baseline (diamond). A visit whose test was "
        "not valid is listed but not compared.</p></header>\n";
    std::size_t index = 0;
    for (const Course& c : courses) {
        if (!c.visits.empty()) {
            out += course_html(rules, c, ++index);
        }
    }
    if (courses.empty()) {
        out += "<p>No visit could be followed.</p>\n";
    }
    out += fmt::format("<div class=\"errors\"><h2>Inputs not followed ({})</h2>\n", errors.size());
    if (errors.empty()) {
        out += "<p>None.</p>\n";
    } else {
        out +=
            "<div class=\"wide\"><table>\n<thead><tr><th>Where</th><th>Patient</th>"
            "<th>Problem</th></tr></thead>\n<tbody>\n";
        for (const auto& e : errors) {
            out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(e.origin),
                               escape(e.patient), escape(e.message));
        }
        out += "</tbody>\n</table></div>\n";
    }
    out += "</div>\n";
    return out + html::page_close(rules, info);
}

}  // namespace thomas
