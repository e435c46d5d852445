// thomas progress: follow patients across visits, from test files or a clinic CSV. The
// comparing lives in the core (thomas/progress.h); this file reads the inputs and writes text,
// JSON or CSV to stdout or an atomic -o file.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstring>
#include <istream>
#include <memory>
#include <ostream>
#include <system_error>

#include "app.h"
#include "atomic_output.h"
#include "batch_input.h"
#include "choices.h"
#include "csv_flags.h"
#include "fd_stream.h"
#include "render_progress.h"
#include "thomas/batch.h"
#include "thomas/embedded_rules.h"
#include "thomas/files.h"
#include "thomas/progress.h"
#include "thomas/rule_loader.h"
#include "thomas/test_file.h"
#include "visits_input.h"

namespace thomas::cli {
namespace {

constexpr unsigned k_default_jobs = 8;

struct ProgressCliOptions {
    std::vector<std::string> files;
    std::string csv;
    std::string output;
    std::string format = "text";
    std::string rules;
    CsvReadFlags read;  // --delimiter, --map, --ignore, --decimal-comma
    std::string patient;
    std::string date;
    unsigned jobs = 0;
};

void check_options(const CLI::App& cmd, const ProgressCliOptions& o) {
    if (o.csv.empty() == o.files.empty()) {
        throw UsageError(o.csv.empty()
                             ? "give the visits as test files (thomas progress a.yaml b.yaml) or "
                               "as a CSV (--csv PATH or --csv - for stdin)"
                             : "give test files or --csv, not both");
    }
    if (o.csv.empty()) {
        for (const char* flag :
             {"--patient", "--date", "--map", "--ignore", "--delimiter", "--decimal-comma"}) {
            if (cmd.count(flag) > 0) {
                throw UsageError(fmt::format(
                    "{} reads a CSV: use it with --csv (test files name their fields)", flag));
            }
        }
    }
}

int run_progress(const CLI::App& cmd, const ProgressCliOptions& o) {
    std::signal(SIGPIPE, SIG_IGN);
    check_options(cmd, o);
    const RuleSet rules = o.rules.empty() ? default_rules() : load_rules(o.rules);
    progress::Tracker tracker(rules);  // RuleError (78) without mdc, before any input is read

    const progress::CsvOptions csv = visits_csv_options(o.read, o.patient, o.date);
    // One thread per CPU, at most k_default_jobs: each holds chunks of rows and blocks of
    // output in flight, and past a few threads the reading on this one bounds the run.
    const unsigned jobs = o.jobs != 0 ? o.jobs : std::min(k_default_jobs, batch::resolve_jobs(0));
    if (o.csv.empty()) {
        read_visit_files(rules, o.files, tracker);
    } else {
        read_visits_csv(rules, o.csv, csv, tracker, jobs);
    }

    std::unique_ptr<AtomicOutput> file;
    if (!o.output.empty() && o.output != "-") {
        file = std::make_unique<AtomicOutput>(o.output);
    }
    FdOutBuf out_buf(file ? file->fd() : STDOUT_FILENO);
    std::ostream out(&out_buf);
    try {
        // Courses are followed and formatted on the worker threads, written here in order.
        if (o.format == "json") {
            progress::JsonOutput json(rules, out);
            tracker.finish(
                jobs, [&] { return json.render(); },
                [&](const std::string& text) { json.courses(text); });
            json.finish(tracker.errors());
        } else if (o.format == "csv") {
            progress::CsvOutput table(rules, out, csv.delimiter);
            tracker.finish(
                jobs, [&] { return table.render(); },
                [&](const std::string& text) { table.courses(text); });
            table.finish(tracker.errors());
        } else {
            Style style;
            style.on = !file && color_wanted(stdout);
            out << progress_preamble(rules, style);
            tracker.finish(
                jobs,
                [&]() -> progress::Tracker::Render {
                    return [&](const progress::Course& c, std::string& text) {
                        text += progress_text(rules, c, style);
                    };
                },
                [&](const std::string& text) { out << text; });
            out << progress_errors_text(tracker.errors(), style);
        }
        out.flush();
        if (!out) {
            throw std::system_error(out_buf.error(), std::generic_category());
        }
    } catch (const std::system_error&) {
        if (out_buf.error() == EPIPE && !file) {
            return k_exit_ok;
        }
        throw OutputError(fmt::format("cannot write {}: {}", file ? o.output : "<stdout>",
                                      std::strerror(out_buf.error())));
    }
    if (file) {
        file->commit();
    }
    const auto errors = tracker.errors().size();
    fmt::print(stderr, "thomas progress: {} visit{} followed, {} input{} not followed\n",
               tracker.visits(), tracker.visits() == 1 ? "" : "s", errors, errors == 1 ? "" : "s");
    return errors > 0 ? k_exit_data : k_exit_ok;
}

}  // namespace

void setup_progress(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<ProgressCliOptions>();
    CLI::App* cmd = app.add_subcommand(
        "progress", "Follow patients across visits: change against measurement error, next step");
    cmd->add_option("files", opts->files,
                    "Test files (YAML or JSON) of one or more patients, in any order; each "
                    "gives patient, date and side");
    cmd->add_option("--csv", opts->csv,
                    "Read the visits from a CSV (one row per visit and leg; - = stdin)")
        ->type_name("PATH");
    cmd->add_option("--patient", opts->patient,
                    "CSV column of the patient id (default: patient or patient_id)")
        ->type_name("COLUMN");
    cmd->add_option("--date", opts->date,
                    "CSV column of the visit date, YYYY-MM-DD (default: date or visit_date)")
        ->type_name("COLUMN");
    cmd->add_option("-o,--output", opts->output,
                    "Write here (atomically: a temporary file renamed on success); default "
                    "stdout");
    cmd->add_option("--format", opts->format, "Output format: text (default), json or csv")
        ->check(CLI::IsMember(k_progress_formats));
    cmd->add_option("--rules", opts->rules,
                    "Rule set: a shipped name (see 'thomas rules list') or a YAML file");
    add_csv_read_options(*cmd, opts->read);
    cmd->add_option("-j,--jobs", opts->jobs,
                    "Follow patients on N threads, output byte for byte the same for every N "
                    "(default 0: one per CPU, at most 8)")
        ->type_name("N")
        ->check(CLI::Range(0u, 1024u));
    cmd->footer(
        "Examples:\n"
        "  thomas progress examples/visits/*.yaml\n"
        "  thomas progress --csv examples/visits.csv --format csv -o course.csv\n"
        "  thomas progress --csv export.csv --patient \"Patient ID\" --date Datum --format json\n"
        "Exit codes: 0 every input followed, 64 bad option or header, 65 some inputs could not "
        "be followed (all others are still written), 66 input cannot be read, 73 output cannot "
        "be written, 78 invalid rules or a rule set without mdc.");
    cmd->callback([cmd, opts, &exit_code] { exit_code = run_progress(*cmd, *opts); });
}

}  // namespace thomas::cli
