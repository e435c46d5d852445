#include "render_text.h"

#include <fmt/format.h>

#include "render_parts.h"

namespace thomas::cli {

using namespace text;

std::string render_text(const RuleSet& rules, const Measurements& m, const Assessment& a,
                        const TextOptions& options) {
    const Style& s = options.style;
    std::string out;
    out += s.bold(side_title(a)) + ": " + headline(rules, a, s) + "\n";
    const Step& step = rules.step(a.next_step);
    out += s.bold(fmt::format("Next step {}: {}", a.next_step, step.title)) + "\n";
    out += "  Why: " + wrap(next_step_why(rules, a.next_step_row), k_width, "       ") + "\n";
    out += "  How: " + wrap(step.advice, k_width, "       ") + "\n\n";

    render_criteria(out, rules, a, s);
    out += "\n";
    if (options.diagram) {
        const auto lines = diagram_lines(rules, m, s.bold("Hanging leg (side view)"));
        for (const auto& line : lines) {
            out += line + "\n";
        }
        if (!lines.empty()) {
            out += "\n";
        }
    }
    out += summary_lines(rules, a, "");
    bool notes_header = false;
    for (std::size_t fi : a.findings) {
        const std::string& note = rules.findings[fi].note;
        if (note.empty()) {
            continue;
        }
        if (!notes_header) {
            out += "Notes:\n";
            notes_header = true;
        }
        out += "  - " + wrap(note, k_width, "    ") + "\n";
    }
    if (options.explain) {
        render_explanation(out, rules, m, a, s);
    }
    out += '\n';
    out += s.dim(fmt::format("Rule set {} {} ({}), sha256 {}", rules.name, rules.version,
                             rules.procedure, rules.sha256.substr(0, 12)));
    out += '\n';
    out += s.dim("thomas supports a clinician's judgement; it does not diagnose.") + "\n";
    return out;
}

}  // namespace thomas::cli
