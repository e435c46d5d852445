#include "ask_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <istream>
#include <ostream>

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

class Session {
public:
    Session(const RuleSet& rules, LineSource& in, std::ostream& out)
        : rules_(rules), in_(in), out_(out) {}

    // Asks until `accept` takes the answer (returns normally) or, when `optional`, the answer
    // is blank (returns false). `accept` throws InputError with the reason to re-ask.
    bool ask(const std::string& question, const std::string& skip_hint,
             const std::function<void(const std::string&)>& accept) {
        const std::string prompt =
            question + (skip_hint.empty() ? "" : " [Enter = " + skip_hint + "]") + ": ";
        while (true) {
            const auto line = in_.read_line(prompt);
            if (!line) {
                throw AskEndOfInput(fmt::format(
                    "the input ended before an answer to \"{}\"; give one answer per line",
                    question));
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
                const std::string question =
                    fmt::format("{}, {}", short_label(def.label), convention(measure));
                // Angles and yes/no fields share their contract names with the measures.
                const Field field = *field_named(to_string(measure));
                ask(question, "skip",
                    [&](const std::string& answer) { read_field(field, answer, m, &rules_); });
            }
            ask(fmt::format("Pain during the test ({}; several with commas)", accepted_pains()),
                "not asked",
                [&](const std::string& answer) { read_field(Field::pain, answer, m, nullptr); });
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
            return [&patient, f](const std::string& answer) {
                read_field(f, answer, patient, nullptr);
            };
        };
        ask(fmt::format("Red flags in the history ({}; several with commas)", accepted_red_flags()),
            "not asked", read(Field::red_flags));
        TestFile test;
        if (patient.red_flags && !patient.red_flags->contains(RedFlag::none)) {
            out_ << "  Red flag: refer for urgent medical assessment; the Thomas test is not "
                    "done.\n";
            test.single = patient;
            return test;
        }
        std::optional<std::string> side_answer;
        ask("Tested leg: left, right or both", "not recorded", [&](const std::string& answer) {
            std::string word;
            for (char c : answer) {
                if (!std::isspace(static_cast<unsigned char>(c))) {
                    word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
            }
            if (word != "both" && !parse_side(word)) {
                throw InputError("side", fmt::format("\"{}\" is not a side (accepted: left, "
                                                     "right, both)",
                                                     answer));
            }
            side_answer = word;
        });
        if (side_answer == "both") {
            out_ << "Left leg\n";
            test.left = ask_leg(Side::left);
            out_ << "Right leg\n";
            test.right = ask_leg(Side::right);
        } else {
            test.single =
                ask_leg(side_answer ? std::optional(parse_side_text(*side_answer)) : std::nullopt);
        }
        // Patient-level answers, asked once for both legs.
        if (ask("Programme steps already done (numbers 1-7, with commas)", "none",
                read(Field::done))) {
            ask("Does the tightness persist after the programme? yes or no", "no",
                read(Field::persists));
        }
        for (auto* leg : {&test.single, &test.left, &test.right}) {
            if (*leg) {
                (*leg)->red_flags = patient.red_flags;
                (*leg)->done = patient.done;
                (*leg)->persists = patient.persists;
            }
        }
        return test;
    }

private:
    const RuleSet& rules_;
    LineSource& in_;
    std::ostream& out_;
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

TestFile ask_test(const RuleSet& rules, LineSource& in, std::ostream& out) {
    return Session(rules, in, out).run();
}

}  // namespace thomas::cli
