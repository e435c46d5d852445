// The both-legs view: one table with a column per leg, so the clinician compares sides at a
// glance, and the left-right difference of each angle against the rule set's threshold.
#include <fmt/format.h>

#include <algorithm>

#include "render_parts.h"
#include "render_text.h"

namespace thomas::cli {

using namespace text;

namespace {

struct Leg {
    const char* name;
    const Measurements& m;
    const Assessment& a;
};

// The patient first: pain on one leg decides the next step for both.
void render_patient(std::string& out, const RuleSet& rules, const PatientAssessment& p,
                    const Style& s) {
    out += s.bold(pad("Patient:", 11)) +
           headline(rules, p.result, p.implicated, p.flags, p.plan, s) + "\n";
    out += std::string(11, ' ') +
           s.bold(fmt::format("Next step {}: {}", p.next_step, rules.step(p.next_step).title)) +
           "\n";
    out += std::string(11, ' ') +
           "Why: " + wrap(next_step_why(rules, p.next_step_row), k_width, std::string(16, ' ')) +
           "\n";
    const std::string plan_label = "Plan (steps to do): ";
    out +=
        std::string(11, ' ') + plan_label + plan_text(rules, p.plan, 11 + plan_label.size()) + "\n";
}

void render_verdicts(std::string& out, const RuleSet& rules, const Leg (&legs)[2], const Style& s) {
    for (const Leg& leg : legs) {
        out += s.bold(pad(std::string(leg.name) + ":", 11)) + headline(rules, leg.a, s) + "\n";
        out += std::string(11, ' ') +
               s.bold(fmt::format("Next step {}: {}", leg.a.next_step,
                                  rules.step(leg.a.next_step).title)) +
               "\n";
    }
}

void render_criteria_both(std::string& out, const RuleSet& rules, const Leg (&legs)[2],
                          const Style& s) {
    std::size_t title_width = 9;
    for (const auto& c : rules.criteria) {
        title_width = std::max(title_width, display_width(c.title));
    }
    const std::size_t indent = 2 + title_width + 2 + 9;  // where the per-leg columns start
    out += pad(s.bold("Criteria"), indent) + pad("left", 24) + "right\n";
    out += "  " + pad("criterion", title_width) + "  " + pad("cut-off", 9) + pad("measured", 10) +
           pad("status", 14) + pad("measured", 10) + "status\n";
    for (std::size_t i = 0; i < rules.criteria.size(); ++i) {
        const Criterion& c = rules.criteria[i];
        std::string line = "  " + pad(c.title, title_width) + "  " + pad(cutoff_text(rules, c), 9);
        for (const Leg& leg : legs) {
            const CriterionOutcome& o = leg.a.criteria[i];
            line += pad(measured_text(rules, c, o), 10) + pad(status_text(o.status, s), 14);
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out += line + "\n";
    }
}

void render_asymmetry(std::string& out, const RuleSet& rules, const Leg (&legs)[2],
                      const Style& s) {
    const auto items = compare_sides(rules, legs[0].m, legs[1].m);
    out += s.bold("Left - right") + "\n";
    if (items.empty()) {
        out += "  no angle was measured on both legs\n";
        return;
    }
    // A derived value is named as its criterion reads it: "Knee flexion minus thigh angle".
    const auto label_of = [&](const AsymmetryItem& item) {
        return item.criterion ? measure_words(rules, rules.criteria[*item.criterion])
                              : rules.measure(item.measure).label;
    };
    std::size_t label_width = 5;
    for (const auto& item : items) {
        label_width = std::max(label_width, display_width(label_of(item)));
    }
    out += "  " + pad("angle", label_width) + "  " + pad("left", 7) + pad("right", 7) +
           pad("difference", 12) + "note at\n";
    for (const auto& item : items) {
        const std::string& unit = rules.measure(item.measure).unit;
        std::string line =
            "  " + pad(label_of(item), label_width) + "  " + pad(with_unit(item.left, unit), 7) +
            pad(with_unit(item.right, unit), 7) + pad(with_unit(item.difference, unit), 12) +
            pad(item.threshold ? with_unit(*item.threshold, unit) : "-", 10);
        line += item.notable ? s.yellow("notable") : std::string("-");
        out += line + "\n";
    }
}

void render_leg_details(std::string& out, const RuleSet& rules, const Leg& leg, const Style& s) {
    const Assessment& a = leg.a;
    out += s.bold(leg.name) + "\n";
    out += summary_lines(rules, a, "  ");
    const Step& step = rules.step(a.next_step);
    out += "  " + fmt::format("Next step {}: {}", a.next_step, step.title) + "\n";
    out += "    Why: " + wrap(next_step_why(rules, a.next_step_row), k_width, "         ") + "\n";
    out += "    How: " + wrap(step.advice, k_width, "         ") + "\n";
    for (std::size_t fi : a.findings) {
        const std::string& note = rules.findings[fi].note;
        if (!note.empty()) {
            out += "  Note: " + wrap(note, k_width, "        ") + "\n";
        }
    }
}

// The two drawings next to each other, left leg first.
void render_diagrams(std::string& out, const RuleSet& rules, const Leg (&legs)[2], const Style& s) {
    auto left = diagram_lines(rules, legs[0].m, s.bold("Left leg (side view)"));
    auto right = diagram_lines(rules, legs[1].m, s.bold("Right leg (side view)"));
    if (left.empty() && right.empty()) {
        return;
    }
    // Line up the two table tops: blank lines under the title of the drawing whose table is
    // higher up.
    auto table_row = [](const std::vector<std::string>& lines) {
        const auto it = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
            return l.find("━") != std::string::npos;
        });
        return static_cast<std::size_t>(it - lines.begin());
    };
    if (!left.empty() && !right.empty()) {
        const std::size_t l = table_row(left);
        const std::size_t r = table_row(right);
        auto& shorter = l < r ? left : right;
        shorter.insert(shorter.begin() + 1, l < r ? r - l : l - r, std::string());
    }
    std::size_t width = 0;
    for (const auto& line : left) {
        width = std::max(width, display_width(line));
    }
    for (std::size_t i = 0; i < std::max(left.size(), right.size()); ++i) {
        std::string line = i < left.size() ? left[i] : "";
        if (i < right.size()) {
            line = pad(line, width + 4) + right[i];
        }
        out += line + "\n";
    }
    out += "\n";
}

}  // namespace

std::string render_text_both(const RuleSet& rules, const Measurements& left,
                             const Measurements& right, const PairAssessment& result,
                             const TextOptions& options) {
    const Style& s = options.style;
    const Leg legs[2] = {{"Left leg", left, result.left}, {"Right leg", right, result.right}};
    std::string out;
    render_patient(out, rules, result.patient, s);
    render_verdicts(out, rules, legs, s);
    out += "\n";
    render_criteria_both(out, rules, legs, s);
    out += "\n";
    render_asymmetry(out, rules, legs, s);
    out += "\n";
    if (options.diagram) {
        render_diagrams(out, rules, legs, s);
    }
    for (const Leg& leg : legs) {
        render_leg_details(out, rules, leg, s);
        out += "\n";
    }
    if (options.explain) {
        for (const Leg& leg : legs) {
            std::string block;
            render_explanation(block, rules, leg.m, leg.a, s);
            out += s.bold(leg.name) + ":" + block + "\n";
        }
    }
    out += s.dim(fmt::format("Rule set {} {} ({}), sha256 {}", rules.name, rules.version,
                             rules.procedure, rules.sha256.substr(0, 12))) +
           "\n";
    out += s.dim("thomas supports a clinician's judgement; it does not diagnose.") + "\n";
    return out;
}

}  // namespace thomas::cli
