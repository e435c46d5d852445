// thomas score: one test from flags or a file, scored and printed as text or JSON.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <memory>

#include "app.h"
#include "output.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/rule_loader.h"
#include "thomas/test_file.h"

namespace thomas::cli {
namespace {

struct ScoreOptions {
    // Measurement flags are kept as text so that "12°", "12 deg" and our own error messages
    // ("5,5" has a comma...) work the same as in files and CSV.
    std::string side, thigh, knee, knee_interior, rotation, abduction, lumbar_flat, pain,
        red_flags, done;
    bool persists = false;
    std::string file;
    OutputChoice output;  // --rules, --format, --explain, --no-diagram
};

// Every bad flag is reported, not only the first: "--thigh: ...; --knee: ...".
Measurements measurements_from_flags(const CLI::App& cmd, const RuleSet& rules,
                                     const ScoreOptions& o) {
    if (cmd.count("--knee") > 0 && cmd.count("--knee-interior") > 0) {
        throw UsageError(
            "give --knee (flexion, 0 = straight) or --knee-interior (angle "
            "between thigh and shank, 180 = straight), not both");
    }
    Measurements m;
    std::vector<std::string> problems;
    const auto read = [&](const char* flag, auto parse) {
        if (cmd.count(flag) == 0) {
            return;
        }
        try {
            parse();
        } catch (const InputError& e) {
            problems.push_back(fmt::format("{}: {}", flag, e.what()));
        }
    };
    const auto degrees = [&](Measure measure, const char* field, const std::string& text,
                             bool interior = false) {
        double value = parse_degrees(field, text);
        value = interior ? knee_flexion_from_interior(value) : value;
        check_range(rules, measure, value, interior);
        m[measure] = value;
    };
    read("--side", [&] { m.side = parse_side_text(o.side); });
    read("--thigh", [&] { degrees(Measure::thigh_angle, "thigh_angle", o.thigh); });
    read("--knee", [&] { degrees(Measure::knee_flexion, "knee_flexion", o.knee); });
    read("--knee-interior", [&] {
        m.knee_as_interior = true;
        degrees(Measure::knee_flexion, "knee_angle_interior", o.knee_interior, true);
    });
    read("--rotation", [&] { degrees(Measure::rotation, "rotation", o.rotation); });
    read("--abduction", [&] { degrees(Measure::abduction, "abduction", o.abduction); });
    read("--lumbar-flat", [&] {
        const double flat = parse_yes_no("lumbar_flat", o.lumbar_flat) ? 1.0 : 0.0;
        check_range(rules, Measure::lumbar_flat, flat);
        m[Measure::lumbar_flat] = flat;
    });
    read("--pain", [&] { m.pain = parse_pain_list(o.pain); });
    read("--red-flags", [&] { m.red_flags = parse_red_flag_list(o.red_flags); });
    if (!problems.empty()) {
        throw DataError(fmt::format("{}", fmt::join(problems, "; ")));
    }
    return m;
}

// --done and --persists apply on top of a file's answers as well.
void apply_programme_flags(const CLI::App& cmd, const ScoreOptions& o, Measurements& m) {
    if (cmd.count("--done") > 0) {
        try {
            m.done = parse_step_list(o.done);
        } catch (const InputError& e) {
            throw DataError(fmt::format("--done: {}", e.what()));
        }
    }
    if (o.persists) {
        m.persists = true;
    }
}

// A test file over the cap is bad content (65, like parse_test_file says), not a missing file;
// stdin is read only up to the cap plus one byte, so a hostile pipe cannot exhaust memory.
std::string read_input(const std::string& path) {
    const std::string too_large =
        fmt::format("{}: file is larger than the {} byte limit for a test file",
                    path == "-" ? "<stdin>" : path, k_max_test_file_bytes);
    if (path == "-") {
        std::string text(k_max_test_file_bytes + 1, '\0');
        std::cin.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(std::cin.gcount()));
        if (text.size() > k_max_test_file_bytes) {
            throw TestFileError(too_large);
        }
        return text;
    }
    try {
        return read_file(path, k_max_test_file_bytes);
    } catch (const FileTooLargeError&) {
        throw TestFileError(too_large);
    }
}

int run_score(const CLI::App& cmd, const ScoreOptions& o) {
    const RuleSet rules = chosen_rules(o.output);
    const bool measurement_flags = cmd.count("--side") + cmd.count("--thigh") +
                                       cmd.count("--knee") + cmd.count("--knee-interior") +
                                       cmd.count("--rotation") + cmd.count("--abduction") +
                                       cmd.count("--lumbar-flat") + cmd.count("--pain") +
                                       cmd.count("--red-flags") >
                                   0;
    if (!o.file.empty() && measurement_flags) {
        throw UsageError("give the measurements as flags or in --file, not both");
    }

    TestFile test;
    if (o.file.empty()) {
        test.single = measurements_from_flags(cmd, rules, o);
    } else {
        test = parse_test_file(read_input(o.file), o.file == "-" ? "<stdin>" : o.file, &rules);
    }
    // Values are range-checked where they were read (each flag above, each field of a test
    // file by parse_test_file), so every bad one is named with its flag or file position.
    for (auto* leg : {&test.single, &test.left, &test.right}) {
        if (*leg) {
            apply_programme_flags(cmd, o, **leg);
        }
    }
    const bool any = (test.single && test.single->has_any_measurement()) ||
                     (test.left && test.left->has_any_measurement()) ||
                     (test.right && test.right->has_any_measurement());
    if (!any) {
        throw UsageError(
            "nothing to score: give at least one measurement (e.g. --thigh 8 --knee "
            "70) or --file PATH");
    }

    print_result(rules, test, o.output);
    return k_exit_ok;
}

}  // namespace

void setup_score(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<ScoreOptions>();
    CLI::App* cmd = app.add_subcommand("score", "Score one Thomas test from flags or a file");
    cmd->add_option("--side", opts->side, "Tested (hanging) leg: left or right");
    cmd->add_option("--thigh", opts->thigh,
                    "Thigh angle in degrees above horizontal; negative = below (e.g. -10)");
    cmd->add_option("--knee", opts->knee,
                    "Knee flexion in degrees: 0 = straight, 90 = right angle");
    cmd->add_option("--knee-interior", opts->knee_interior,
                    "Knee as the angle between thigh and shank (180 = straight); converted to "
                    "flexion = 180 - angle");
    cmd->add_option("--rotation", opts->rotation,
                    "Thigh rotation in degrees: positive = external, negative = internal");
    cmd->add_option("--abduction", opts->abduction,
                    "Thigh abduction in degrees (0 = in line with the body)");
    cmd->add_option("--lumbar-flat", opts->lumbar_flat,
                    "Low back stayed flat on the table: yes or no (no = retest)");
    cmd->add_option("--pain", opts->pain,
                    "Comma list: none, stretch, hip, groin, knee, back, nerve");
    cmd->add_option("--red-flags", opts->red_flags,
                    "Red-flag history, comma list: none, trauma, night_pain, fever, "
                    "neuro_deficit, bladder_bowel, weight_loss");
    cmd->add_option("--done", opts->done, "Comma list of programme steps already done (1-7)");
    cmd->add_flag("--persists", opts->persists,
                  "Tightness persists after working through the programme");
    cmd->add_option("--file", opts->file,
                    "Read the test from a YAML or JSON file ('-' = stdin); may hold left: and "
                    "right:");
    add_output_options(*cmd, opts->output);
    cmd->footer(
        "Examples:\n"
        "  thomas score --thigh 12 --knee 50\n"
        "  thomas score --thigh=-8 --knee-interior 100 --pain stretch --lumbar-flat yes\n"
        "  thomas score --thigh 12 --knee 50 --done 3 --format json\n"
        "  thomas score --file examples/both-sides.yaml --explain\n"
        "Negative values: write --thigh=-10 or --thigh -10.");
    cmd->callback([cmd, opts, &exit_code] { exit_code = run_score(*cmd, *opts); });
}

}  // namespace thomas::cli
