// The thomas command line: subcommand registration, and the one place where errors become
// messages and exit codes (sysexits, README "Exit codes").
#pragma once

#include <string>

#include "thomas/errors.h"

namespace CLI {
class App;  // <CLI/CLI.hpp> is heavy: only the files that build the command line include it
}  // namespace CLI

namespace thomas::cli {

// The exit codes and error types live in thomas/errors.h.
using thomas::DataError;
using thomas::OutputError;
using thomas::UsageError;

// Run thomas with the given arguments; returns the process exit code. Never throws.
int run(int argc, char** argv);

// Subcommands register themselves on the app; each sets `exit_code` when it runs.
void setup_score(CLI::App& app, int& exit_code);
void setup_batch(CLI::App& app, int& exit_code);
void setup_progress(CLI::App& app, int& exit_code);
void setup_ask(CLI::App& app, int& exit_code);
void setup_completion(CLI::App& app, int& exit_code);
void setup_rules(CLI::App& app, int& exit_code);
void setup_report(CLI::App& app, int& exit_code);

}  // namespace thomas::cli
