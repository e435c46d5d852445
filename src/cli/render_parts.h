// Pieces of the text output shared by the one-leg view (render_text.cpp) and the both-legs
// view (render_both.cpp): words for ids, table cells, wrapping, and the explanation block.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "terminal.h"
#include "thomas/engine.h"
#include "thomas/wording.h"

namespace thomas::cli::text {

inline constexpr std::size_t k_width = 88;  // text wraps here, terminal or not (stable goldens)

// A value with its unit: "12°" for degrees, the bare number for unitless measures.
std::string with_unit(double v, const std::string& unit);

// The contract ids in `set`, in enum order ("hip", "groin"...).
template <typename E, std::size_t N>
std::vector<std::string> ids_in(EnumSet<E> set) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < N; ++i) {
        if (set.contains(static_cast<E>(i))) {
            out.emplace_back(to_string(static_cast<E>(i)));
        }
    }
    return out;
}
// join_words, tissue_words, flag_words: thomas/wording.h, shared with the HTML report.
using thomas::flag_words;
using thomas::join_words;
using thomas::tissue_words;
// "Left leg", "Right leg" or "Result" when no side was given.
std::string side_title(const Assessment& a);
// The verdict in one line, worded by the rule set's `headlines:` (e.g. "POSITIVE: iliopsoas
// implicated"); without them, the result and the ids found ("POSITIVE: iliopsoas").
std::string headline(const RuleSet& rules, Result result, TissueSet implicated, FlagSet flags,
                     const std::vector<int>& plan, const Style& s);
std::string headline(const RuleSet& rules, const Assessment& a, const Style& s);
// Where the plan's lines wrap: a list of steps stays readable in an 80-column terminal.
inline constexpr std::size_t k_plan_width = 80;
// Steps still to do, one a line with the rule set's title ("3. Stretch the psoas"), or "none
// left". The text starts at `column`; the second and later lines are indented to it, and a
// long title wraps under itself.
std::string plan_text(const RuleSet& rules, const std::vector<int>& plan, std::size_t column);
// A criterion status as shown in the table ("pass", "FAIL", ...).
std::string status_text(Status status, const Style& s);
// The measured value of a criterion ("-" when not measured; yes/no for boolean ones).
std::string measured_text(const RuleSet& rules, const Criterion& c, const CriterionOutcome& o);
// The criterion's cut-off as declared by the rule set ("-" when it declares none).
std::string cutoff_text(const RuleSet& rules, const Criterion& c);
// "Thigh angle", or "Knee flexion minus thigh angle" for a derived criterion.
std::string measure_words(const RuleSet& rules, const Criterion& c);
// Width of text as shown (UTF-8 code points, ignoring ANSI escapes).
std::size_t display_width(std::string_view s);
// Word-wrap `text` to `width` columns; continuation lines start with `indent`.
std::string wrap(std::string_view text, std::size_t width, const std::string& indent);
// Pad `s` with spaces to `width` display columns (never truncates).
std::string pad(const std::string& s, std::size_t width);

// "Tissues implicated / Pathology to rule out / Plan" lines of one leg, each line prefixed
// with `indent`.
std::string summary_lines(const RuleSet& rules, const Assessment& a, const std::string& indent);
// The one-leg criteria table, with its heading.
void render_criteria(std::string& out, const RuleSet& rules, const Assessment& a, const Style& s);
// The "Why" and "Sources" blocks of --explain for one leg.
void render_explanation(std::string& out, const RuleSet& rules, const Measurements& m,
                        const Assessment& a, const Style& s);
// The rule set's cut-off for the thigh angle (first criterion on thigh_angle with a cut-off).
std::optional<double> thigh_cutoff(const RuleSet& rules);
// The side view of the hanging leg with a one-line legend, or "" when the thigh angle was
// not measured. `title` heads it.
std::vector<std::string> diagram_lines(const RuleSet& rules, const Measurements& m,
                                       const std::string& title);

}  // namespace thomas::cli::text
