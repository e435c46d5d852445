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
#include "thomas/fields.h"
#include "thomas/rule_loader.h"
#include "thomas/test_file.h"

namespace thomas::cli {
namespace {

struct ScoreOptions {
    // Field values are kept as text so that "12°", "12 deg" and our own error messages ("5,5"
    // has a comma...) work the same as in files and CSV; indexed by Field.
    std::array<std::string, k_field_count> values;
    bool persists = false;  // --persists takes no value
    std::string file;
    OutputChoice output;  // --rules, --format, --explain, --no-diagram
};

bool given(const CLI::App& cmd, Field f) {
    return cmd.count(std::string(spec(f).flag)) > 0;
}

// The fields a test file would hold; --done and --persists also apply on top of a file.
bool per_test(const FieldSpec& f) {
    return f.measurement || !f.patient;
}

// Every bad flag is reported, not only the first: "--thigh: ...; --knee: ...". Only the
// measurement fields: --done and --persists apply on top of a file too (apply_programme_flags).
Measurements measurements_from_flags(const CLI::App& cmd, const RuleSet& rules,
                                     const ScoreOptions& o) {
    if (given(cmd, Field::knee_flexion) && given(cmd, Field::knee_angle_interior)) {
        throw UsageError(fmt::format("--knee and --knee-interior: {}", knee_conflict_message()));
    }
    Measurements m;
    std::vector<std::string> problems;
    for (const FieldSpec& f : fields()) {
        if (!per_test(f) || !given(cmd, f.id)) {
            continue;
        }
        try {
            read_field(f.id, o.values[static_cast<std::size_t>(f.id)], m, &rules);
        } catch (const InputError& e) {
            problems.push_back(fmt::format("{}: {}", f.flag, e.what()));
        }
    }
    if (!problems.empty()) {
        throw DataError(fmt::format("{}", fmt::join(problems, "; ")));
    }
    return m;
}

// --done and --persists apply on top of a file's answers as well.
void apply_programme_flags(const CLI::App& cmd, const ScoreOptions& o, Measurements& m) {
    if (given(cmd, Field::done)) {
        try {
            read_field(Field::done, o.values[static_cast<std::size_t>(Field::done)], m, nullptr);
        } catch (const InputError& e) {
            throw DataError(fmt::format("{}: {}", spec(Field::done).flag, e.what()));
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
    bool measurement_flags = false;
    for (const FieldSpec& f : fields()) {
        measurement_flags = measurement_flags || (per_test(f) && given(cmd, f.id));
    }
    if (!o.file.empty() && measurement_flags) {
        throw UsageError("give the measurements as flags or in --file, not both");
    }

    TestFile test;
    if (o.file.empty()) {
        test.legs = measurements_from_flags(cmd, rules, o);
    } else {
        test = parse_test_file(read_input(o.file), o.file == "-" ? "<stdin>" : o.file, &rules);
    }
    // Values are range-checked where they were read (each flag above, each field of a test
    // file by parse_test_file), so every bad one is named with its flag or file position.
    bool any = false;
    for_each_leg(test, [&](Measurements& leg) {
        apply_programme_flags(cmd, o, leg);
        any = any || leg.has_any_measurement();
    });
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
    for (const FieldSpec& f : fields()) {
        if (f.flag.empty()) {
            continue;  // a visit field: test files only
        }
        if (f.kind == FieldKind::switch_flag) {
            cmd->add_flag(std::string(f.flag), opts->persists, std::string(f.help));
        } else {
            cmd->add_option(std::string(f.flag), opts->values[static_cast<std::size_t>(f.id)],
                            std::string(f.help));
        }
    }
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
