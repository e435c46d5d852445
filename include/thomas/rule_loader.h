// Loading rule files: strict YAML -> RuleSet, with every problem reported at its place.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "thomas/ruleset.h"

namespace thomas {

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

// Thrown when a rule file cannot be used; carries every error found, not just the first.
class RuleError : public std::runtime_error {
public:
    explicit RuleError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

// Upper bounds that keep hostile rule files from exhausting memory or stack.
inline constexpr std::size_t k_max_rule_file_bytes = 1 << 20;  // 1 MiB
inline constexpr int k_max_rule_nesting = 64;                  // YAML nesting depth

struct LoadResult {
    std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order
    bool ok() const;                      // no errors (warnings allowed)
};

// Parse and validate rule text. `file` names it in diagnostics. Never throws for bad
// content: problems go to `out` (as many as can be found) and the returned set is only
// meaningful when out.ok().
RuleSet parse_rules(std::string_view text, const std::string& file, LoadResult& out);

// As parse_rules, but throws RuleError if there is any error.
RuleSet load_rules_text(std::string_view text, const std::string& file);

// Read a file and load it. Throws RuleError (content, including a file over
// k_max_rule_file_bytes) or FileError (missing, unreadable, or a directory).
RuleSet load_rules_file(const std::string& path);

// Only the reading step of load_rules_file: the file's text, or the same exceptions.
std::string read_rule_file(const std::string& path);

// The file could not be opened or read (exit code 66 in the CLI).
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

// Read a whole file with a size cap, never holding more than the cap plus one chunk. Throws
// FileError "PATH: cannot open: REASON" or "PATH: is a directory, not a file", and
// FileTooLargeError "PATH: file is larger than the N byte limit" over the cap.
std::string read_file(const std::string& path, std::size_t max_bytes);

}  // namespace thomas
