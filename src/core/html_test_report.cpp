// The HTML report of one test: the page a clinician files and shows the patient.
#include <fmt/format.h>

#include <cmath>

#include "html_page.h"
#include "markup.h"
#include "thomas/html_report.h"
#include "thomas/svg_charts.h"
#include "thomas/wording.h"

namespace thomas {
namespace {

using markup::escape;

struct Leg {
    std::string name;  // "Left leg"
    std::string id;    // "left", unique in the page
    const Measurements& m;
    const Assessment& a;
};

std::string value_text(double v, const std::string& unit) {
    return unit == "deg"  ? fmt::format("{:g}°", v)
           : unit.empty() ? fmt::format("{:g}", v)
                          : fmt::format("{:g} {}", v, unit);
}

// "Knee flexion minus thigh angle" for a derived criterion.
std::string measure_words(const RuleSet& rules, const Criterion& c) {
    std::string words = rules.measure(c.measure).label;
    if (c.minus) {
        std::string minus = rules.measure(*c.minus).label;
        if (!minus.empty()) {
            minus[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(minus[0])));
        }
        words += " minus " + minus;
    }
    return words;
}

std::string measured_text(const RuleSet& rules, const Criterion& c, const CriterionOutcome& o) {
    if (!o.measured) {
        return "–";
    }
    if (c.boolean) {
        return *o.measured != 0.0 ? "yes" : "no";
    }
    return value_text(*o.measured, rules.measure(c.measure).unit);
}

std::string cutoff_text(const RuleSet& rules, const Criterion& c) {
    if (c.boolean) {
        return c.pass_when ? "yes" : "no";
    }
    return c.cutoff ? value_text(*c.cutoff, rules.measure(c.measure).unit) : "–";
}

// The rule set's first numeric criterion on `measure` read as `minus` says (nullopt = plain).
const Criterion* numeric_criterion(const RuleSet& rules, Measure measure,
                                   std::optional<Measure> minus, bool any_minus) {
    for (const Criterion& c : rules.criteria) {
        if (!c.boolean && !c.bands.empty() && c.measure == measure &&
            (any_minus || c.minus == minus)) {
            return &c;
        }
    }
    return nullptr;
}

std::vector<std::pair<double, double>> borderline_of(const Criterion& c) {
    std::vector<std::pair<double, double>> out;
    for (const Band& b : c.bands) {
        if (b.status == Status::borderline) {
            out.emplace_back(b.min, b.max);
        }
    }
    return out;
}

// The thigh's cut-off and borderline band as directions from the hip.
std::optional<svg::AngleGuide> thigh_guide(const RuleSet& rules) {
    const Criterion* c = numeric_criterion(rules, Measure::thigh_angle, std::nullopt, false);
    if (c == nullptr) {
        return std::nullopt;
    }
    svg::AngleGuide g;
    g.cutoff = c->cutoff;
    g.borderline = borderline_of(*c);
    if (c->cutoff) {
        g.label = fmt::format("thigh cut-off {:g}°", *c->cutoff);
    }
    return g;
}

// The knee criterion as directions of the shank from the knee: flexion f turns the shank to
// thigh - f, so a criterion on flexion minus the thigh angle (v = f - thigh) points at -v
// whatever the thigh does, and one on flexion alone at thigh - v.
std::optional<svg::AngleGuide> shank_guide(const RuleSet& rules, double thigh) {
    const Criterion* c = numeric_criterion(rules, Measure::knee_flexion, std::nullopt, true);
    if (c == nullptr || (c->minus && *c->minus != Measure::thigh_angle)) {
        return std::nullopt;
    }
    const bool derived = c->minus.has_value();
    const auto direction = [&](double v) { return derived ? -v : thigh - v; };
    svg::AngleGuide g;
    if (c->cutoff) {
        g.cutoff = direction(*c->cutoff);
        g.label = "knee cut-off";
    }
    for (const auto& [lo, hi] : borderline_of(*c)) {
        g.borderline.emplace_back(direction(hi), direction(lo));
    }
    return g;
}

std::string band_words(const std::vector<std::pair<double, double>>& bands) {
    std::string out;
    for (const auto& [lo, hi] : bands) {
        out += fmt::format("{}{:g}° to {:g}°", out.empty() ? "" : " and ", lo, hi);
    }
    return out;
}

std::string leg_figure(const RuleSet& rules, const Leg& leg) {
    const auto& thigh = leg.m[Measure::thigh_angle];
    const auto& knee = leg.m[Measure::knee_flexion];
    std::string out = "<figure>\n";
    if (thigh && std::isfinite(*thigh)) {
        svg::LegFigure f;
        f.id = "leg-" + leg.id;
        f.thigh_angle = *thigh;
        f.knee_flexion = knee;
        f.thigh_guide = thigh_guide(rules);
        f.shank_guide = knee ? shank_guide(rules, *thigh) : std::nullopt;
        f.title = fmt::format("{}, side view", leg.name);
        std::string desc = fmt::format("The thigh hangs at {:g}° {} horizontal", std::abs(*thigh),
                                       *thigh >= 0 ? "above" : "below");
        desc += knee ? fmt::format(", the knee is bent {:g}°.", *knee) : "; knee not measured.";
        if (const Criterion* c =
                numeric_criterion(rules, Measure::thigh_angle, std::nullopt, false)) {
            if (c->cutoff) {
                desc +=
                    fmt::format(" Dashed line from the hip: the thigh cut-off, {:g}°.", *c->cutoff);
            }
            if (const auto b = borderline_of(*c); !b.empty()) {
                desc += " Shaded: the borderline band, " + band_words(b) + ".";
            }
        }
        if (f.shank_guide) {
            const Criterion* c =
                numeric_criterion(rules, Measure::knee_flexion, std::nullopt, true);
            desc += fmt::format(
                " Dashed line from the knee: where the shank hangs at the cut-off of {} ({}); "
                "shaded: its borderline band ({}).",
                measure_words(rules, *c), cutoff_text(rules, *c), band_words(borderline_of(*c)));
        }
        f.description = desc;
        out += svg::leg_svg(f);
    } else {
        out += "<p class=\"note\">Thigh angle not measured: no drawing.</p>\n";
    }
    out += fmt::format(
        "<figcaption><strong>{}</strong>: {}</figcaption>\n</figure>\n", escape(leg.name),
        html::headline_html(leg.a.result, headline_text(rules, leg.a.result, leg.a.implicated,
                                                        leg.a.flags, leg.a.plan)));
    return out;
}

// How to read the drawings, in the rule set's numbers.
std::string legend_html(const RuleSet& rules) {
    std::string parts;
    if (const Criterion* c = numeric_criterion(rules, Measure::thigh_angle, std::nullopt, false);
        c != nullptr && c->cutoff) {
        parts += fmt::format("thigh {}", escape(cutoff_text(rules, *c)));
    }
    if (const Criterion* c = numeric_criterion(rules, Measure::knee_flexion, std::nullopt, true);
        c != nullptr && c->cutoff && (!c->minus || *c->minus == Measure::thigh_angle)) {
        parts += fmt::format("{}{} {}", parts.empty() ? "" : "; ", escape(measure_words(rules, *c)),
                             escape(cutoff_text(rules, *c)));
    }
    if (parts.empty()) {
        return {};
    }
    return fmt::format(
        "<p class=\"note\">Drawn to scale from the side. Dashed lines: the rule set's cut-offs "
        "({}). Hatched: the borderline band, within measurement error.</p>\n",
        parts);
}

// The next step with its reason and advice, and the plan still to do.
std::string next_step_html(const RuleSet& rules, int next_step, std::optional<std::size_t> row,
                           const std::vector<int>& plan) {
    const Step& step = rules.step(next_step);
    std::string out = fmt::format("<h3>Next step {}: {}</h3>\n", next_step, escape(step.title));
    out += fmt::format("<p><strong>Why:</strong> {}</p>\n", escape(next_step_why(rules, row)));
    if (!step.advice.empty()) {
        out += fmt::format("<p><strong>How:</strong> {}</p>\n", escape(step.advice));
    }
    if (plan.empty()) {
        out += "<p><strong>Plan:</strong> no step left to do.</p>\n";
    } else {
        out += "<p><strong>Plan</strong> (steps to do):</p>\n<ol class=\"steps\">\n";
        for (const int n : plan) {
            out += fmt::format("<li value=\"{}\">{}</li>\n", n, escape(rules.step(n).title));
        }
        out += "</ol>\n";
    }
    return out;
}

std::string criteria_table(const RuleSet& rules, const std::vector<Leg>& legs) {
    std::string out = "<div class=\"wide\"><table>\n<thead><tr><th>Criterion</th><th>Cut-off</th>";
    for (const Leg& leg : legs) {
        out += fmt::format("<th>{} measured</th><th>{} status</th>", escape(leg.name),
                           escape(leg.name));
    }
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < rules.criteria.size(); ++i) {
        const Criterion& c = rules.criteria[i];
        // What the value is, under the title, when it is a number (a yes/no says itself).
        out += fmt::format(
            "<tr><td>{}{}</td><td>{}</td>", escape(c.title),
            c.boolean ? ""
                      : "<br><span class=\"note\">" + escape(measure_words(rules, c)) + "</span>",
            escape(cutoff_text(rules, c)));
        for (const Leg& leg : legs) {
            const CriterionOutcome& o = leg.a.criteria[i];
            out += fmt::format("<td>{}</td><td>{}</td>", escape(measured_text(rules, c, o)),
                               html::status_badge(o.status));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table></div>\n";
    return out;
}

std::string asymmetry_table(const RuleSet& rules, const Measurements& left,
                            const Measurements& right) {
    const auto items = compare_sides(rules, left, right);
    if (items.empty()) {
        return "<p>No angle was measured on both legs.</p>\n";
    }
    std::string out =
        "<div class=\"wide\"><table>\n<thead><tr><th>Angle</th><th class=\"num\">Left</th>"
        "<th class=\"num\">Right</th><th class=\"num\">Left − right</th><th>Notable from</th>"
        "<th>Note</th></tr></thead>\n<tbody>\n";
    for (const auto& item : items) {
        const std::string& unit = rules.measure(item.measure).unit;
        const std::string label = item.criterion
                                      ? measure_words(rules, rules.criteria[*item.criterion])
                                      : rules.measure(item.measure).label;
        out += fmt::format(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
            "<td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(label), escape(value_text(item.left, unit)),
            escape(value_text(item.right, unit)), escape(value_text(item.difference, unit)),
            item.threshold ? escape(value_text(*item.threshold, unit)) : "–",
            item.notable ? "<strong>notable difference</strong>" : "within the usual range");
    }
    out += "</tbody>\n</table></div>\n";
    return out;
}

std::string notes_html(const RuleSet& rules, const Assessment& a) {
    std::string out;
    for (const std::size_t fi : a.findings) {
        const std::string& note = rules.findings[fi].note;
        if (!note.empty()) {
            out += "<li>" + escape(note) + "</li>\n";
        }
    }
    return out.empty() ? out : "<ul>\n" + out + "</ul>\n";
}

}  // namespace

std::string test_report_html(const RuleSet& rules, const TestFile& test, const ReportInfo& info) {
    std::string out = html::page_open("Thomas test report");
    out += "<section class=\"patient\">\n";
    out += "<header><h1>Thomas test: hip flexor length</h1>\n";
    out += fmt::format("<p class=\"meta\">{}</p></header>\n",
                       escape(rules.title.empty() ? rules.name : rules.title));
    if (const auto* both = std::get_if<BothLegs>(&test.legs)) {
        const PairAssessment pair = assess_pair(rules, both->left, both->right);
        const PatientAssessment& p = pair.patient;
        out += "<section class=\"verdict\" aria-label=\"Verdict\">\n";
        out += fmt::format(
            "<p class=\"headline\">Patient: {}</p>\n",
            html::headline_html(p.result,
                                headline_text(rules, p.result, p.implicated, p.flags, p.plan)));
        out += next_step_html(rules, p.next_step, p.next_step_row, p.plan);
        out += "</section>\n";
        const std::vector<Leg> legs{{"Left leg", "left", both->left, pair.left},
                                    {"Right leg", "right", both->right, pair.right}};
        out += "<h2>The legs, side view</h2>\n<div class=\"legs\">\n";
        for (const Leg& leg : legs) {
            out += leg_figure(rules, leg);
        }
        out += "</div>\n" + legend_html(rules);
        out += "<h2>Criteria</h2>\n" + criteria_table(rules, legs);
        out += "<h2>Left against right</h2>\n" + asymmetry_table(rules, both->left, both->right);
        // The notes of the two legs side by side, as the drawings are.
        std::string notes;
        for (const Leg& leg : legs) {
            const std::string items = notes_html(rules, leg.a);
            if (!items.empty()) {
                notes +=
                    fmt::format("<div><h3>Notes, {}</h3>\n{}</div>\n", escape(leg.name), items);
            }
        }
        if (!notes.empty()) {
            out += "<div class=\"notes\">\n" + notes + "</div>\n";
        }
    } else {
        const Measurements& m = std::get<Measurements>(test.legs);
        const Assessment a = assess(rules, m);
        const std::string name = !m.side ? "Leg" : *m.side == Side::left ? "Left leg" : "Right leg";
        out += "<section class=\"verdict\" aria-label=\"Verdict\">\n";
        out += fmt::format(
            "<p class=\"headline\">{}: {}</p>\n", escape(name),
            html::headline_html(a.result,
                                headline_text(rules, a.result, a.implicated, a.flags, a.plan)));
        out += next_step_html(rules, a.next_step, a.next_step_row, a.plan);
        out += "</section>\n";
        const std::vector<Leg> legs{{name, m.side == Side::left ? "left" : "right", m, a}};
        out += "<h2>The leg, side view</h2>\n<div class=\"legs\">\n" + leg_figure(rules, legs[0]) +
               "</div>\n" + legend_html(rules);
        out += "<h2>Criteria</h2>\n" + criteria_table(rules, legs);
        const std::string notes = notes_html(rules, a);
        if (!notes.empty()) {
            out += "<h3>Notes</h3>\n" + notes;
        }
    }
    out += "</section>\n";
    out += html::page_close(rules, info);
    return out;
}

}  // namespace thomas
