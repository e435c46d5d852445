// The thomas command line: subcommand registration, and the one place where errors become
// messages and exit codes (sysexits, design.md "Exit codes").
#pragma once

#include <stdexcept>
#include <string>

namespace CLI {
class App;  // <CLI/CLI.hpp> is heavy: only the files that build the command line include it
}  // namespace CLI

namespace thomas::cli {

enum ExitCode : int {
    k_exit_ok = 0,
    k_exit_usage = 64,
    k_exit_data = 65,
    k_exit_no_input = 66,
    k_exit_software = 70,
    k_exit_cant_create = 73,
    k_exit_config = 78,
};

// Wrong use of the command line (exit 64). what() is the whole message.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Measurement data that cannot be scored (exit 65). what() is the whole message.
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The output cannot be created or written (exit 73).
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Run thomas with the given arguments; returns the process exit code. Never throws.
int run(int argc, char** argv);

// Subcommands register themselves on the app; each sets `exit_code` when it runs.
void setup_score(CLI::App& app, int& exit_code);
void setup_batch(CLI::App& app, int& exit_code);
void setup_ask(CLI::App& app, int& exit_code);
void setup_completion(CLI::App& app, int& exit_code);
void setup_rules(CLI::App& app, int& exit_code);

}  // namespace thomas::cli
