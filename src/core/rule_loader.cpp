// Rule loader: the public entry points (text or file -> RuleSet, or every diagnostic). The
// reading itself is RuleReader's (rule_reader.h).
#include "thomas/rule_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "rule_reader.h"

namespace thomas {

std::string Diagnostic::to_string() const {
    const char* kind = severity == Severity::error ? "error" : "warning";
    if (line == 0) {
        return fmt::format("{}: {}: {}", file, kind, message);
    }
    return fmt::format("{}:{}:{}: {}: {}", file, line, column, kind, message);
}

namespace {

std::string join_messages(const std::vector<Diagnostic>& diagnostics) {
    std::string text;
    for (const auto& d : diagnostics) {
        if (!text.empty()) {
            text += '\n';
        }
        text += d.to_string();
    }
    return text;
}

}  // namespace

RuleError::RuleError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

bool LoadResult::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::error;
    });
}

const std::string& RuleSet::citation(const std::string& source_id) const {
    for (const auto& s : sources) {
        if (s.id == source_id) {
            return s.citation;
        }
    }
    return source_id;
}

RuleSet parse_rules(std::string_view text, const std::string& file, LoadResult& out) {
    return detail::RuleReader(file, out).load(text);
}

RuleSet load_rules_text(std::string_view text, const std::string& file) {
    LoadResult result;
    RuleSet rules = parse_rules(text, file, result);
    if (!result.ok()) {
        std::vector<Diagnostic> errors;
        for (auto& d : result.diagnostics) {
            if (d.severity == Diagnostic::Severity::error) {
                errors.push_back(std::move(d));
            }
        }
        throw RuleError(std::move(errors));
    }
    return rules;
}

std::string cannot_open(const std::string& path, int error) {
    return fmt::format("{}: cannot open: {}", path, std::strerror(error));
}

std::string is_directory(const std::string& path) {
    return fmt::format("{}: is a directory, not a file", path);
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
    // An ifstream opens a directory on Linux and only fails on the first read: ask first.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw FileError(is_directory(path));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw FileError(cannot_open(path, errno));
    }
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) {
            throw FileTooLargeError(
                fmt::format("{}: file is larger than the {} byte limit", path, max_bytes));
        }
    }
    if (in.bad()) {
        throw FileError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    }
    return text;
}

std::string read_rule_file(const std::string& path) {
    try {
        return read_file(path, k_max_rule_file_bytes);
    } catch (const FileTooLargeError&) {
        // Too large is bad content (78), not a file that cannot be read (66).
        throw RuleError({{Diagnostic::Severity::error, path, 0, 0, detail::too_large_message()}});
    }
}

RuleSet load_rules_file(const std::string& path) {
    return load_rules_text(read_rule_file(path), path);
}

}  // namespace thomas
