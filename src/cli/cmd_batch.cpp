// thomas batch: score every row of a clinic CSV, streaming from a file or stdin to a file or
// stdout. The scoring lives in the core (thomas/batch.h); this file owns the file descriptors,
// the atomic -o, the closed-pipe handling, the progress bar and the summary.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>
#include <memory>
#include <ostream>
#include <system_error>
#include <utility>

#include "app.h"
#include "atomic_output.h"
#include "batch_input.h"
#include "choices.h"
#include "csv_flags.h"
#include "fd_stream.h"
#include "terminal.h"
#include "thomas/batch.h"
#include "thomas/embedded_rules.h"
#include "thomas/rule_loader.h"

namespace thomas::cli {
namespace {

struct BatchCliOptions {
    std::string input;
    std::string output;
    std::string format = "csv";
    std::string rules;
    CsvReadFlags csv;  // --delimiter, --map, --ignore, --decimal-comma, --patient
    bool safe_spreadsheet = false;
    bool ruleset_columns = false;
    bool explain_columns = false;
    unsigned jobs = 1;
    bool no_output_header = false;
    std::uint64_t first_row = 0;
    std::uint64_t first_line = 0;
};

void print_summary(const batch::BatchSummary& s) {
    std::string per;
    for (std::size_t i = 0; i < s.per_result.size(); ++i) {
        if (s.per_result[i] > 0) {
            per += fmt::format("{}{} {}", per.empty() ? "" : ", ",
                               to_string(static_cast<Result>(i)), s.per_result[i]);
        }
    }
    fmt::print(stderr, "thomas batch: {} row{} read, {} scored{}, {} error{}\n", s.rows_read,
               s.rows_read == 1 ? "" : "s", s.rows_scored, per.empty() ? "" : " (" + per + ")",
               s.errors, s.errors == 1 ? "" : "s");
}

// -o naming the input file would replace the clinic's export with the scored copy once the
// run succeeds: almost surely a slip, and not one to make silently.
void refuse_output_over_input(const std::string& output, int in_fd) {
    struct stat in_stat {};
    struct stat out_stat {};
    if (::fstat(in_fd, &in_stat) == 0 && S_ISREG(in_stat.st_mode) &&
        ::stat(output.c_str(), &out_stat) == 0 && in_stat.st_dev == out_stat.st_dev &&
        in_stat.st_ino == out_stat.st_ino) {
        throw UsageError(fmt::format(
            "-o {}: that is the input file, which the scored output would replace; write to "
            "another file (e.g. scored.csv)",
            output));
    }
}

// THOMAS_BATCH_CHUNK_BYTES: the bytes per chunk of --jobs, for tests that cut records
// everywhere (not a user setting: the output is the same whatever it is).
std::size_t chunk_bytes_from_environment(std::size_t fallback) {
    const char* text = std::getenv("THOMAS_BATCH_CHUNK_BYTES");
    std::size_t bytes = 0;
    if (text == nullptr ||
        std::from_chars(text, text + std::strlen(text), bytes).ec != std::errc() || bytes == 0) {
        return fallback;
    }
    return bytes;
}

int run_batch_command(const BatchCliOptions& o) {
    // A closed stdout pipe must show up as EPIPE from write(), not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    const RuleSet rules = o.rules.empty() ? default_rules() : load_rules(o.rules);
    batch::BatchOptions options;
    apply_csv_read_flags(o.csv, options);
    options.format = o.format == "jsonl" ? batch::Format::jsonl : batch::Format::csv;
    options.safe_spreadsheet = o.safe_spreadsheet;
    options.ruleset_columns = o.ruleset_columns;
    options.explain_columns = o.explain_columns;
    options.jobs = o.jobs;
    options.output_header = !o.no_output_header;
    options.first_row = o.first_row;
    options.first_line = o.first_line;
    options.chunk_bytes = chunk_bytes_from_environment(options.chunk_bytes);

    const InputFile input(o.input);
    const int in_fd = input.fd();
    const std::string& in_name = input.name();

    std::unique_ptr<AtomicOutput> file;
    if (!o.output.empty() && o.output != "-") {
        refuse_output_over_input(o.output, in_fd);
        file = std::make_unique<AtomicOutput>(o.output);
    }
    FdInBuf in_buf(in_fd);
    FdOutBuf out_buf(file ? file->fd() : STDOUT_FILENO);
    std::istream in(&in_buf);
    std::ostream out(&out_buf);

    ProgressBar bar(in_buf, input.size());
    batch::ProgressFn progress;
    if (is_terminal(stderr)) {
        progress = [&bar](std::uint64_t rows) { bar.update(rows); };
    }
    batch::BatchSummary summary;
    try {
        summary = with_header_errors(
            in_name, [&] { return batch::run_batch(rules, in, out, options, progress); });
        bar.clear();
    } catch (const std::system_error& e) {
        bar.clear();
        if (out_buf.error() == EPIPE && !file) {
            return k_exit_ok;  // the reader went away (e.g. `| head`): stop quietly
        }
        if (out_buf.error() != 0) {
            throw OutputError(fmt::format("cannot write {}: {}", file ? o.output : "<stdout>",
                                          std::strerror(out_buf.error())));
        }
        if (in_buf.error() != 0) {
            throw FileError(
                fmt::format("cannot read {}: {}", in_name, std::strerror(in_buf.error())));
        }
        throw;
    }
    if (file) {
        file->commit();
    }
    print_summary(summary);
    return summary.errors > 0 ? k_exit_data : k_exit_ok;
}

}  // namespace

void setup_batch(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<BatchCliOptions>();
    CLI::App* cmd = app.add_subcommand("batch", "Score every row of a CSV file (or stdin)");
    cmd->add_option("input", opts->input, "CSV file with a header row, or - for stdin")->required();
    cmd->add_option("-o,--output", opts->output,
                    "Write here (atomically: a temporary file renamed on success); default "
                    "stdout");
    cmd->add_option("--format", opts->format, "Output format: csv (default) or jsonl")
        ->check(CLI::IsMember(k_batch_formats));
    cmd->add_option("--rules", opts->rules,
                    "Rule set: a shipped name (see 'thomas rules list') or a YAML file");
    add_csv_read_options(*cmd, opts->csv);
    cmd->add_flag(
        "--safe-spreadsheet", opts->safe_spreadsheet,
        "Prefix text cells starting with = + - @, tab or CR with ' so spreadsheets do not "
        "run them (CSV output)");
    cmd->add_flag("--ruleset-columns", opts->ruleset_columns,
                  "Add ruleset, ruleset_version and ruleset_sha256 columns to CSV output");
    cmd->add_flag("--explain-columns", opts->explain_columns,
                  "Add next_step_title, why and notes columns (the rule set's words) to CSV "
                  "output; JSONL rows already hold them");
    add_patient_option(*cmd, opts->csv);
    cmd->add_option("-j,--jobs", opts->jobs,
                    "Score on N threads, output byte for byte as with 1 (default 1; 0 = one "
                    "per CPU; --patient runs on one)")
        ->type_name("N")
        ->check(CLI::Range(0u, 1024u));
    cmd->add_flag("--no-output-header", opts->no_output_header,
                  "Leave out the CSV header row, so the outputs of partitions of one file "
                  "concatenate into one CSV");
    auto* first_row =
        cmd->add_option("--first-row", opts->first_row,
                        "Number the first data row N, as in the whole file this partition "
                        "is cut from (messages then name rows only, unless --first-line)")
            ->type_name("N")
            ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 62));
    cmd->add_option("--first-line", opts->first_line,
                    "With --first-row: the line of the whole file where that row starts")
        ->type_name("N")
        ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 62))
        ->needs(first_row);
    cmd->footer(
        "Examples:\n"
        "  thomas batch clinic.csv -o scored.csv\n"
        "  thomas batch export.csv --delimiter ';' --map \"thigh_angle=Hip (deg)\"\n"
        "  cat clinic.csv | thomas batch - --format jsonl | head -n 3\n"
        "  thomas batch visits.csv --patient \"Patient ID\" --explain-columns -o triage.csv\n"
        "  thomas batch big.csv --jobs 0 -o scored.csv\n"
        "Exit codes: 0 every row scored, 64 bad option, --map or --patient, 65 some rows are "
        "result=error (all rows are still written) or the header is unusable, 66 input cannot "
        "be read, 73 output cannot be written, 78 invalid rules.");
    cmd->callback([opts, &exit_code] { exit_code = run_batch_command(*opts); });
}

}  // namespace thomas::cli
