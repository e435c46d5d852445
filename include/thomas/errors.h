// Every error thomas reports, by type, and the exit code the command line gives each one
// (sysexits, README "Exit codes"). The core throws these; src/cli/app.cpp is the one place
// that catches them and turns them into a message and an exit code.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace thomas {

enum ExitCode : int {
    k_exit_ok = 0,
    k_exit_usage = 64,        // UsageError, MapError, CLI11's parse errors
    k_exit_data = 65,         // InputError (through DataError), TestFileError, HeaderError
    k_exit_no_input = 66,     // FileError
    k_exit_software = 70,     // anything else: a bug
    k_exit_cant_create = 73,  // OutputError
    k_exit_config = 78,       // RuleError
};

// A value that cannot be accepted (exit 65). `field` is the contract field name it was meant
// for; what() is a complete sentence saying what was found and what is accepted. The caller
// adds where the value came from (flag, file position, CSV row and column).
class InputError : public std::runtime_error {
public:
    InputError(std::string field, const std::string& message)
        : std::runtime_error(message), field_(std::move(field)) {}
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

// A test file whose content is wrong (exit 65). what() is "file:line:column: message".
class TestFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A CSV header that cannot be scored (missing or malformed, no measurement column, two columns
// for one field), exit 65. Nothing has been written when it is thrown.
class HeaderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A CSV header that needs the user's choice before anything is scored (exit 64): a --map or
// --ignore entry that cannot be used, a column that looks like a measurement but is not read,
// or a header that splits on another delimiter. Nothing has been written when it is thrown.
class MapError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file could not be opened or read (exit 66). what() is "PATH: cannot open: REASON" or
// "PATH: is a directory, not a file" (see files.h).
class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The file was readable but is larger than the cap the caller gave: its content is at fault, so
// callers report it as invalid content (rule file 78, test file 65), not as unreadable.
class FileTooLargeError : public FileError {
public:
    using FileError::FileError;
};

// One problem in a rule file, at its place.
struct Diagnostic {
    enum class Severity { error, warning };
    Severity severity = Severity::error;
    std::string file;  // as given to the loader
    int line = 0;      // 1-based; 0 if not tied to a place
    int column = 0;    // 1-based
    std::string message;
    // "file:line:column: error: message" (place parts omitted when unknown).
    std::string to_string() const;
};

// A rule file that cannot be used (exit 78); carries every error found, not just the first.
class RuleError : public std::runtime_error {
public:
    explicit RuleError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
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

}  // namespace thomas
