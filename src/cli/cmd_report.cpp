// thomas report: one self-contained HTML page, for one test (flags or --file, as `score` reads
// it), for a clinic CSV (--csv, read as `batch` reads it), or for visits (--visits with test
// files or --csv, read as `progress` reads them). The page is built by the core
// (thomas/html_report.h); this file reads the input and writes the page, atomically with -o.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <istream>
#include <memory>
#include <ostream>
#include <sstream>
#include <system_error>

#include "app.h"
#include "atomic_output.h"
#include "batch_input.h"
#include "csv_flags.h"
#include "fd_stream.h"
#include "output.h"
#include "test_input.h"
#include "thomas/embedded_rules.h"
#include "thomas/html_report.h"
#include "thomas/rule_loader.h"
#include "visits_input.h"

namespace thomas::cli {
namespace {

struct ReportOptions {
    TestInput input;                 // measurement flags or --file
    std::string csv;                 // --csv PATH|-
    bool visits = false;             // --visits: the files or --csv are visits
    std::vector<std::string> files;  // with --visits: test files
    std::string date;                // --date COLUMN (of --visits --csv)
    CsvReadFlags csv_flags;
    std::string rules;
    std::string output;
};

// When the report was made, in UTC. SOURCE_DATE_EPOCH (the reproducible-builds convention)
// fixes it, so a report can be made again byte for byte and tests can compare one.
std::string made_at() {
    std::time_t when = std::time(nullptr);
    if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH"); fixed != nullptr && *fixed != 0) {
        char* end = nullptr;
        const long long seconds = std::strtoll(fixed, &end, 10);
        if (*end != 0 || seconds < 0) {
            throw UsageError(fmt::format(
                "SOURCE_DATE_EPOCH=\"{}\": expected a number of seconds since 1970-01-01", fixed));
        }
        when = static_cast<std::time_t>(seconds);
    }
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
    return text;
}

// The caseload of a clinic CSV: every row mapped, parsed and scored by batch::run_batch, which
// hands each one to the summary instead of writing it.
std::string caseload_page(const RuleSet& rules, const ReportOptions& o, const ReportInfo& info) {
    batch::BatchOptions options;
    apply_csv_read_flags(o.csv_flags, options);
    options.format = batch::Format::none;
    Caseload caseload(rules);
    options.on_row = [&caseload](const batch::RowView& row) { caseload.add(row); };

    const InputFile input(o.csv);
    FdInBuf in_buf(input.fd());
    std::istream in(&in_buf);
    std::ostringstream nothing;  // Format::none writes nothing here
    try {
        with_header_errors(info.input,
                           [&] { return batch::run_batch(rules, in, nothing, options); });
    } catch (const std::system_error&) {
        if (in_buf.error() != 0) {
            throw FileError(
                fmt::format("cannot read {}: {}", info.input, std::strerror(in_buf.error())));
        }
        throw;
    }
    return caseload_report_html(caseload, info);
}

// `html` to stdout, or to the -o file under a temporary name renamed when complete.
void write_report(const std::string& html, const std::string& output) {
    if (output.empty() || output == "-") {
        write_stdout(html, "the report");
        return;
    }
    AtomicOutput file(output);
    FdOutBuf buf(file.fd());
    std::ostream out(&buf);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    out.flush();
    if (!out || buf.error() != 0) {
        const int error = buf.error() != 0 ? buf.error() : EIO;
        throw OutputError(fmt::format("cannot write {}: {}", output, std::strerror(error)));
    }
    file.commit();
}

// The follow-up of visits, read as `thomas progress` reads them. Returns the number of inputs
// that could not be followed (each listed on the page).
std::size_t visits_page(const RuleSet& rules, const ReportOptions& o, const ReportInfo& info,
                        std::string& html) {
    progress::Tracker tracker(rules);  // RuleError (78) without mdc, before any input is read
    if (o.csv.empty()) {
        read_visit_files(rules, o.files, tracker);
    } else {
        read_visits_csv(rules, o.csv, visits_csv_options(o.csv_flags, o.csv_flags.patient, o.date),
                        tracker);
    }
    std::vector<progress::Course> courses;
    tracker.finish([&](const progress::Course& c) { courses.push_back(c); });
    html = visits_report_html(rules, courses, tracker.errors(), info);
    const auto errors = tracker.errors().size();
    fmt::print(stderr, "thomas report: {} visit{} followed, {} input{} not followed\n",
               tracker.visits(), tracker.visits() == 1 ? "" : "s", errors, errors == 1 ? "" : "s");
    return errors;
}

int run_report(const CLI::App& cmd, const ReportOptions& o) {
    std::signal(SIGPIPE, SIG_IGN);  // a closed stdout shows as EPIPE, exit 73
    const bool test_given = !o.input.file.empty() || measurement_flags_given(cmd);
    if (o.visits) {
        if (test_given) {
            throw UsageError(
                "--visits follows visits from test files or --csv: measurement flags and --file "
                "give one test");
        }
        if (o.csv.empty() == o.files.empty()) {
            throw UsageError(o.csv.empty()
                                 ? "give the visits as test files (thomas report --visits a.yaml "
                                   "b.yaml) or as a CSV (--visits --csv PATH, - for stdin)"
                                 : "give test files or --csv, not both");
        }
    } else if (!o.files.empty()) {
        throw UsageError(fmt::format(
            "\"{}\": test files of several visits need --visits (one test is read with --file)",
            o.files.front()));
    }
    if (!o.csv.empty() && test_given) {
        throw UsageError(
            "give one test (measurement flags or --file) or a clinic CSV (--csv), not both");
    }
    if (cmd.count("--date") > 0 && (!o.visits || o.csv.empty())) {
        throw UsageError("--date reads a CSV of visits: give --visits --csv PATH too");
    }
    const RuleSet rules = o.rules.empty() ? default_rules() : load_rules(o.rules);
    ReportInfo info;
    info.made = made_at();
    info.version = THOMAS_VERSION;
    std::string html;
    if (o.visits) {
        if (o.csv.empty()) {
            for (const char* flag :
                 {"--delimiter", "--map", "--ignore", "--decimal-comma", "--patient"}) {
                if (cmd.count(flag) > 0) {
                    throw UsageError(fmt::format(
                        "{} reads a CSV: use it with --csv (test files name their fields)", flag));
                }
            }
            info.input = o.files.size() == 1 ? o.files.front()
                                             : fmt::format("{} test files", o.files.size());
        } else {
            info.input = o.csv == "-" ? "<stdin>" : o.csv;
        }
        const std::size_t errors = visits_page(rules, o, info, html);
        write_report(html, o.output);
        return errors > 0 ? k_exit_data : k_exit_ok;
    }
    if (!o.csv.empty()) {
        info.input = o.csv == "-" ? "<stdin>" : o.csv;
        html = caseload_page(rules, o, info);
    } else {
        for (const char* flag :
             {"--delimiter", "--map", "--ignore", "--decimal-comma", "--patient"}) {
            if (cmd.count(flag) > 0) {
                throw UsageError(fmt::format("{} reads a clinic CSV: give --csv PATH too", flag));
            }
        }
        info.input = o.input.file == "-" ? "<stdin>" : o.input.file;
        html = test_report_html(rules, read_test_input(cmd, rules, o.input), info);
    }
    write_report(html, o.output);
    return k_exit_ok;
}

}  // namespace

void setup_report(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<ReportOptions>();
    CLI::App* cmd = app.add_subcommand(
        "report", "Write an HTML report (with drawings) of one test, a clinic CSV or visits");
    add_test_input_options(*cmd, opts->input);
    cmd->add_option("--csv", opts->csv,
                    "Summarise a clinic CSV ('-' = stdin) instead of one test: counts, "
                    "distributions, referrals, errors; with --visits, a CSV of visits")
        ->type_name("PATH");
    cmd->add_flag("--visits", opts->visits,
                  "Follow patients across visits instead, as 'thomas progress' does: the test "
                  "files given (each giving patient, date and side), or --csv of one row per "
                  "visit and leg");
    cmd->add_option("files", opts->files,
                    "With --visits: test files (YAML or JSON) of one or more patients, in any "
                    "order")
        ->type_name("FILE");
    add_csv_read_options(*cmd, opts->csv_flags);
    add_patient_option(*cmd, opts->csv_flags);
    cmd->add_option("--date", opts->date,
                    "With --visits --csv: column of the visit date, YYYY-MM-DD (default: date or "
                    "visit_date)")
        ->type_name("COLUMN");
    cmd->add_option("--rules", opts->rules,
                    "Rule set: a shipped name (see 'thomas rules list') or a YAML file");
    cmd->add_option("-o,--output", opts->output,
                    "Write the HTML here (atomically: a temporary file renamed on success); "
                    "default or '-': stdout")
        ->type_name("FILE");
    cmd->footer(
        "Examples:\n"
        "  thomas report --file examples/both-sides.yaml -o report.html\n"
        "  thomas report --thigh 12 --knee 50 --lumbar-flat yes -o leg.html\n"
        "  thomas report --csv clinic.csv --patient \"Patient ID\" -o caseload.html\n"
        "  thomas report --visits examples/visits/*.yaml -o follow-up.html\n"
        "  thomas report --visits --csv examples/visits.csv -o follow-up.html\n"
        "The page needs no network, script or font to open, and prints one patient per page.\n"
        "SOURCE_DATE_EPOCH (seconds) fixes the date the report names.");
    cmd->callback([cmd, opts, &exit_code] { exit_code = run_report(*cmd, *opts); });
}

}  // namespace thomas::cli
