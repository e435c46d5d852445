#include "ask_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <istream>
#include <ostream>
#include <string_view>
#include <vector>

#include "render_parts.h"
#include "thomas/engine.h"
#include "thomas/fields.h"

namespace thomas::cli {
namespace {

// How each measure is read, in the contract's conventions (README "Measurements").
std::string_view convention(Measure m) {
    switch (m) {
        case Measure::thigh_angle:
            return "degrees above horizontal; negative if below";
        case Measure::knee_flexion:
            return "degrees of bend from straight (0 = straight)";
        case Measure::rotation:
            return "degrees; positive = external, negative = internal";
        case Measure::abduction:
            return "degrees away from the body's line (0 = in line)";
        case Measure::lumbar_flat:
            return "yes or no";
    }
    return {};
}

// The label up to its first " (", so "Thigh rotation (+ external, - internal)" does not
// repeat the convention shown after it.
std::string short_label(const std::string& label) {
    return label.substr(0, label.find(" ("));
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// The prompt for `question`, wrapped at spaces so that no line is wider than `width` columns
// (a longer word stands alone); continuation lines are indented by two spaces. The hint
// "[Enter = ...]:", if any, is kept whole on one line when it fits one.
std::string wrap_prompt(const std::string& question, const std::string& hint, std::size_t width) {
    const std::string indent = "  ";
    std::vector<std::string> words;
    const auto split = [&words](std::string_view text) {
        while (!text.empty()) {
            const auto space = text.find(' ');
            words.emplace_back(text.substr(0, space));
            text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
        }
    };
    split(question);
    if (!hint.empty() && text::display_width(hint) + indent.size() <= width) {
        words.push_back(hint);
    } else {
        split(hint);
    }
    std::string out;
    std::size_t column = 0;
    for (const auto& word : words) {
        const std::size_t w = text::display_width(word);
        if (column > 0 && column + 1 + w > width) {
            out += "\n" + indent;
            column = indent.size();
        } else if (column > 0) {
            out += ' ';
            ++column;
        }
        out += word;
        column += w;
    }
    return out;
}

class Session {
public:
    Session(const RuleSet& rules, LineSource& in, std::ostream& out, std::size_t width)
        : rules_(rules), in_(in), out_(out), width_(width) {}

    // Asks until `accept` takes the answer (returns normally) or, when `skip_hint` says what
    // an empty answer records, the answer is blank (returns false). `accept` throws InputError
    // with the reason to re-ask. `topic` names the question shortly ("Knee flexion").
    bool ask(const std::string& question, std::string topic, const std::string& skip_hint,
             const std::function<void(const std::string&)>& accept) {
        ++asked_;
        if (!leg_.empty()) {
            topic += ", " + leg_;
        }
        // The last column is left free: a terminal that wraps there would misplace the cursor.
        const std::string prompt =
            wrap_prompt(skip_hint.empty() ? question + ":" : question,
                        skip_hint.empty() ? "" : "[Enter = " + skip_hint + "]:",
                        std::max<std::size_t>(width_, 20) - 1) +
            " ";
        while (true) {
            const auto line = in_.read_line(prompt);
            if (!line) {
                throw AskEndOfInput(
                    fmt::format(
                        "the input ended before an answer to \"{}\"; give one answer per line",
                        question),
                    asked_, topic);
            }
            if (blank(*line) && !skip_hint.empty()) {
                return false;
            }
            try {
                accept(*line);
                return true;
            } catch (const InputError& e) {
                out_ << "  Not accepted: " << e.what() << ". Please answer again.\n";
            }
        }
    }

    Measurements ask_leg(std::optional<Side> side) {
        while (true) {
            Measurements m;
            m.side = side;
            for (std::size_t i = 0; i < k_measure_count; ++i) {
                const auto measure = static_cast<Measure>(i);
                const MeasureDef& def = rules_.measure(measure);
                if (!def.declared) {
                    continue;
                }
                const std::string label = short_label(def.label);
                const std::string question = fmt::format("{}, {}", label, convention(measure));
                // Angles and yes/no fields share their contract names with the measures.
                const Field field = *field_named(to_string(measure));
                ask(question, label, "not measured",
                    [&](const std::string& answer) { read_field(field, answer, m, &rules_); });
            }
            // Enter is "not asked" (a note says so), which is not "no pain": say both.
            ask(fmt::format("Pain during the test ({}; several with commas)", accepted_pains()),
                "Pain", "not asked; none = no pain",
                [&](const std::string& answer) { read_field(Field::pain, answer, m, &rules_); });
            if (m.has_any_measurement()) {
                return m;
            }
            out_ << "  Nothing was recorded for this leg; answer at least one question.\n";
        }
    }

    TestFile run() {
        // The red-flag history comes first: with a red flag the test is not done at all.
        Measurements patient;
        const auto read = [&](Field f) {
            return [this, &patient, f](const std::string& answer) {
                read_field(f, answer, patient, &rules_);
            };
        };
        ask(fmt::format("Red flags in the history ({}; several with commas)", accepted_red_flags()),
            "Red flags", "not asked; none = no red flags", read(Field::red_flags));
        TestFile test;
        if (patient.red_flags && !patient.red_flags->contains(RedFlag::none)) {
            out_ << "  Red flag: refer for urgent medical assessment; the Thomas test is not "
                    "done.\n";
            test.legs = patient;
            return test;
        }
        std::optional<std::string> side_answer;
        ask("Tested leg: left, right or both", "Tested leg", "not recorded",
            [&](const std::string& answer) {
                std::string word;
                for (char c : answer) {
                    if (!std::isspace(static_cast<unsigned char>(c))) {
                        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    }
                }
                if (word != "both" && !parse_side(word) &&
                    !rules_.vocabulary.means(WordKind::side, word)) {
                    throw InputError(std::string(spec(Field::side).name),
                                     fmt::format("\"{}\" is not a side (accepted: left, "
                                                 "right, both)",
                                                 answer));
                }
                side_answer = word;
            });
        if (side_answer == "both") {
            out_ << "Left leg\n";
            leg_ = "left leg";
            BothLegs both;
            both.left = ask_leg(Side::left);
            out_ << "Right leg\n";
            leg_ = "right leg";
            both.right = ask_leg(Side::right);
            leg_.clear();
            test.legs = both;
        } else {
            test.legs = ask_leg(
                side_answer ? std::optional(parse_side_text(*side_answer, &rules_.vocabulary))
                            : std::nullopt);
        }
        // Patient-level answers, asked once for both legs.
        if (ask("Programme steps already done (numbers 1-7, with commas)", "Steps done", "none",
                read(Field::done))) {
            ask("Does the tightness persist after the programme? yes or no", "Tightness persists",
                "no", read(Field::persists));
        }
        for_each_leg(test, [&patient](Measurements& leg) {
            leg.red_flags = patient.red_flags;
            leg.done = patient.done;
            leg.persists = patient.persists;
        });
        return test;
    }

private:
    const RuleSet& rules_;
    LineSource& in_;
    std::ostream& out_;
    std::size_t width_;
    int asked_ = 0;    // questions asked so far, each counted once
    std::string leg_;  // "left leg" while asking the left leg of both, else empty
};

}  // namespace

std::optional<std::string> StreamLineSource::read_line(const std::string& prompt) {
    echo_ << prompt;
    std::string line;
    if (!std::getline(in_, line)) {
        echo_ << "\n";
        echo_.flush();
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();  // answers typed on Windows
    }
    echo_ << line << "\n";
    echo_.flush();
    return line;
}

TestFile ask_test(const RuleSet& rules, LineSource& in, std::ostream& out, std::size_t width) {
    return Session(rules, in, out, width).run();
}

}  // namespace thomas::cli
