// Pieces of the text output shared by the one-leg and both-legs views.
#include "render_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "diagram.h"
#include "thomas/explain.h"
#include "thomas/number_text.h"
#include "thomas/wording.h"

namespace thomas::cli::text {

std::string with_unit(double v, const std::string& unit) {
    return unit == "deg"  ? number_string(v) + "°"
           : unit.empty() ? number_string(v)
                          : number_string(v) + " " + unit;
}

std::string side_title(const Assessment& a) {
    if (!a.side) {
        return "Result";
    }
    return *a.side == Side::left ? "Left leg" : "Right leg";
}

std::string headline(const RuleSet& rules, Result result, TissueSet implicated, FlagSet flags,
                     const std::vector<int>& plan, const Style& s) {
    std::string text = headline_text(rules, result, implicated, flags, plan);
    // The label before the first ':' in the result's colour (never the only sign: it is words).
    const auto colon = text.find(':');
    const std::string label = text.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : text.substr(colon);
    switch (result) {
        case Result::negative:
            return s.green(label) + rest;
        case Result::borderline:
        case Result::retest:
            return s.yellow(label) + rest;
        case Result::positive:
        case Result::refer:
            return s.red(label) + rest;
    }
    return text;
}

std::string headline(const RuleSet& rules, const Assessment& a, const Style& s) {
    return headline(rules, a.result, a.implicated, a.flags, a.plan, s);
}

std::string status_text(Status status, const Style& s) {
    switch (status) {
        case Status::pass:
            return s.green("pass");
        case Status::borderline:
            return s.yellow("borderline");
        case Status::fail:
            return s.red("FAIL");
        case Status::not_measured:
            return s.dim("not measured");
    }
    return {};
}

std::string measured_text(const RuleSet& rules, const Criterion& c, const CriterionOutcome& o) {
    if (!o.measured) {
        return "-";
    }
    if (c.boolean) {
        return *o.measured != 0.0 ? "yes" : "no";
    }
    return with_unit(*o.measured, rules.measure(c.measure).unit);
}

std::string cutoff_text(const RuleSet& rules, const Criterion& c) {
    if (c.boolean) {
        return c.pass_when ? "yes" : "no";
    }
    return c.cutoff ? with_unit(*c.cutoff, rules.measure(c.measure).unit) : "-";
}

namespace {

// "2° or more", "below -2°", "from -2° to below 2°".
std::string band_words(const RuleSet& rules, const Criterion& c, const Band& b) {
    const MeasureDef& def = rules.measure(c.measure);
    if (b.min <= c.range_min) {
        return "below " + with_unit(b.max, def.unit);
    }
    if (b.max >= c.range_max) {
        return with_unit(b.min, def.unit) + " or more";
    }
    return "from " + with_unit(b.min, def.unit) + " to below " + with_unit(b.max, def.unit);
}

}  // namespace

// "Thigh angle", or "Knee flexion minus thigh angle" for a derived criterion.
std::string measure_words(const RuleSet& rules, const Criterion& c) {
    std::string words = rules.measure(c.measure).label;
    if (c.minus) {
        std::string sub = rules.measure(*c.minus).label;
        if (!sub.empty()) {
            sub[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(sub[0])));
        }
        words += " minus " + sub;
    }
    return words;
}

// Width of text as shown (UTF-8 code points, ignoring ANSI escapes).
std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\x1b') {
            while (i < s.size() && s[i] != 'm') {
                ++i;
            }
            continue;
        }
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            ++width;
        }
    }
    return width;
}

// Word-wrap `text` to `width` columns; continuation lines start with `indent`.
std::string wrap(std::string_view text, std::size_t width, const std::string& indent) {
    std::string out;
    std::size_t column = indent.size();  // the caller's prefix is as wide as the indent
    while (!text.empty()) {
        const auto space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        const std::size_t w = display_width(word);
        if (!out.empty() && column + 1 + w > width) {
            out += "\n" + indent;
            column = indent.size();
        } else if (!out.empty()) {
            out += ' ';
            ++column;
        }
        out += word;
        column += w;
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    }
    return out;
}

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

void render_criteria(std::string& out, const RuleSet& rules, const Assessment& a, const Style& s) {
    std::size_t title_width = 9;
    for (const auto& c : rules.criteria) {
        title_width = std::max(title_width, display_width(c.title));
    }
    out += s.bold("Criteria") + "\n";
    out += "  " + pad("criterion", title_width) + "  " + pad("measured", 9) + "  " +
           pad("cut-off", 8) + "  status\n";
    for (const auto& o : a.criteria) {
        const Criterion& c = rules.criteria[o.criterion];
        out += "  " + pad(c.title, title_width) + "  " + pad(measured_text(rules, c, o), 9) + "  " +
               pad(cutoff_text(rules, c), 8) + "  " + status_text(o.status, s) + "\n";
    }
}

namespace {

// Collects source ids in first-use order, so each citation is printed once at the end.
struct Citations {
    std::vector<std::string> ids;
    std::string cite(const std::vector<std::string>& refs) {
        for (const auto& r : refs) {
            if (std::find(ids.begin(), ids.end(), r) == ids.end()) {
                ids.push_back(r);
            }
        }
        return fmt::format("[{}]", fmt::join(refs, ", "));
    }
};

}  // namespace

void render_explanation(std::string& out, const RuleSet& rules, const Measurements& m,
                        const Assessment& a, const Style& s) {
    const Explanation e = explain(rules, m, a);
    Citations citations;
    out += "\n" + s.bold("Why") + "\n";
    for (const auto& r : e.findings) {
        const Finding& f = rules.findings[r.finding];
        std::vector<std::string> raised;
        for (const auto& t : tissue_words(f.implicates)) {
            raised.push_back(t + (a.valid ? "" : " (not interpreted: test invalid)"));
        }
        for (const auto& fl : flag_words(f.flags)) {
            raised.push_back("rule out " + fl);
        }
        if (f.result) {
            raised.push_back(fmt::format("result {}", to_string(*f.result)));
        }
        out += "- " + f.title;
        if (!raised.empty()) {
            out += " -> " + join_words(raised);
        }
        // Appended piecewise: `" " + string` trips a GCC 12 -Wrestrict false positive.
        out += ' ';
        out += citations.cite(f.sources);
        out += '\n';
        for (std::size_t ci : r.criteria) {
            const CriterionOutcome& o = a.criteria[ci];
            const Criterion& c = rules.criteria[ci];
            if (o.band != nullptr) {
                out += fmt::format("    {} {} falls in the {} band ({}); cut-off {} {}\n",
                                   measure_words(rules, c), measured_text(rules, c, o),
                                   to_string(o.status), band_words(rules, c, *o.band),
                                   cutoff_text(rules, c), citations.cite(c.sources));
            } else {
                out += fmt::format("    {}: {}\n", c.title,
                                   o.measured ? measured_text(rules, c, o) : "not measured");
            }
        }
        if (!r.pains.empty()) {
            out += fmt::format("    pain reported: {}\n",
                               join_words(ids_in<Pain, k_pain_count>(r.pains)));
        }
        if (!r.red_flags.empty()) {
            out += fmt::format("    red flag in the history: {}\n",
                               join_words(ids_in<RedFlag, k_red_flag_count>(r.red_flags)));
        }
    }
    if (e.findings.empty()) {
        out += "- No finding matched.\n";
    }
    if (e.step_row) {
        const DecisionRow& row = rules.decision[*e.step_row];
        out += fmt::format("- Next step {} from decision row \"{}\" {}\n", a.next_step, row.id,
                           citations.cite(row.sources));
    } else {
        out += fmt::format("- Next step {}: every planned step is done\n", a.next_step);
    }
    out += "\n" + s.bold("Sources") + "\n";
    for (const auto& id : citations.ids) {
        out += "  [" + id + "] " + wrap(rules.citation(id), k_width, "    ") + "\n";
    }
}

std::optional<double> thigh_cutoff(const RuleSet& rules) {
    for (const auto& c : rules.criteria) {
        if (c.measure == Measure::thigh_angle && c.cutoff) {
            return c.cutoff;
        }
    }
    return std::nullopt;
}

std::vector<std::string> diagram_lines(const RuleSet& rules, const Measurements& m,
                                       const std::string& title) {
    const auto& thigh = m[Measure::thigh_angle];
    if (!thigh) {
        return {};
    }
    const auto& knee = m[Measure::knee_flexion];
    const auto cutoff = thigh_cutoff(rules);
    std::vector<std::string> lines{title};
    const std::string drawing = draw_leg(*thigh, knee, cutoff);
    std::size_t start = 0;
    while (start < drawing.size()) {
        const auto end = drawing.find('\n', start);
        lines.push_back(drawing.substr(start, end - start));
        start = end + 1;
    }
    lines.push_back(
        fmt::format("  thigh {}°{}{}", number_string(*thigh),
                    knee ? fmt::format(", knee {}°", number_string(*knee)) : "",
                    cutoff ? fmt::format(", ··· cut-off {}°", number_string(*cutoff)) : ""));
    return lines;
}

std::string plan_text(const RuleSet& rules, const std::vector<int>& plan, std::size_t column) {
    if (plan.empty()) {
        return "none left";
    }
    std::string out;
    for (int number : plan) {
        const std::string label = fmt::format("{}. ", number);
        if (!out.empty()) {
            out += '\n';
            out.append(column, ' ');
        }
        out += label + wrap(rules.step(number).title, k_plan_width,
                            std::string(column + label.size(), ' '));
    }
    return out;
}

std::string summary_lines(const RuleSet& rules, const Assessment& a, const std::string& indent) {
    const auto tissues = tissue_words(a.implicated);
    const auto flags = flag_words(a.flags);
    std::string out = indent + "Tissues implicated:    " +
                      (tissues.empty() ? std::string("none") : join_words(tissues)) +
                      (a.valid ? "" : " (test not valid, tissues not interpreted)") + "\n";
    out += indent +
           "Pathology to rule out: " + (flags.empty() ? std::string("none") : join_words(flags)) +
           "\n";
    const std::string plan_label = "Plan (steps to do):    ";
    out += indent + plan_label + plan_text(rules, a.plan, indent.size() + plan_label.size()) + "\n";
    return out;
}

}  // namespace thomas::cli::text
