// Reading one test from flags or --file: shared by `score` and `report`.
#include "test_input.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app.h"
#include "thomas/engine.h"
#include "thomas/fields.h"
#include "thomas/files.h"

namespace thomas::cli {
namespace {

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
                                     const TestInput& o) {
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
void apply_programme_flags(const CLI::App& cmd, const TestInput& o, Measurements& m) {
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

}  // namespace

void add_test_input_options(CLI::App& cmd, TestInput& input) {
    for (const FieldSpec& f : fields()) {
        if (f.flag.empty()) {
            continue;  // a visit field: test files only
        }
        if (f.kind == FieldKind::switch_flag) {
            cmd.add_flag(std::string(f.flag), input.persists, std::string(f.help));
        } else {
            cmd.add_option(std::string(f.flag), input.values[static_cast<std::size_t>(f.id)],
                           std::string(f.help));
        }
    }
    cmd.add_option("--file", input.file,
                   "Read the test from a YAML or JSON file ('-' = stdin); may hold left: and "
                   "right:");
}

bool measurement_flags_given(const CLI::App& cmd) {
    bool any = false;
    for (const FieldSpec& f : fields()) {
        any = any || (per_test(f) && given(cmd, f.id));
    }
    return any;
}

TestFile read_test_input(const CLI::App& cmd, const RuleSet& rules, const TestInput& o) {
    if (!o.file.empty() && measurement_flags_given(cmd)) {
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
    return test;
}

}  // namespace thomas::cli
